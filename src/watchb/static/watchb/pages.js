/* WatchB pages: the in-place actions of a movie page, and the home page's date picker.
 *
 * Everything writes through the user REST API (/api/ratings/, /api/wishlist/, /api/blocklist/,
 * /api/reviews/, /api/review-likes/, /api/replies/, /api/follows/) with
 * the session cookie and the CSRF token from <meta name="csrf-token">; the page's <article id="movie">
 * carries the ids of the viewer's own rating, wish-list entry and review (empty when none), so a
 * click knows whether to create (POST), change (PATCH) or remove (DELETE).
 */
"use strict";

function csrfToken() {
  const meta = document.querySelector('meta[name="csrf-token"]');
  return meta ? meta.content : "";
}

/* Calls the API; resolves to the JSON body (null for 204), rejects with a readable message. */
async function api(method, url, body) {
  const response = await fetch(url, {
    method,
    credentials: "same-origin",
    headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": csrfToken() },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) {
    // DRF answers {"field": ["message"]} or {"detail": "message"}: show the first message.
    let message = `The server answered ${response.status}.`;
    if (data && typeof data === "object") {
      const first = Object.values(data)[0];
      message = Array.isArray(first) ? first[0] : String(first);
    }
    throw new Error(message);
  }
  return data;
}

function setupMovie(article) {
  const movieId = Number(article.dataset.movieId);
  const status = document.getElementById("action-status");
  const say = (text) => { if (status) status.textContent = text; };

  /* The average and count beside the stars, re-read after the viewer's rating changed. */
  async function refreshAverage() {
    const movie = await api("GET", `/api/movies/${movieId}/`);
    document.getElementById("average-rating").textContent =
      movie.average_rating === null ? "–" : Number(movie.average_rating).toFixed(2);
    document.getElementById("rating-count").textContent = movie.rating_count;
  }

  // Stars: ten half-star buttons; hovering previews, clicking saves.
  const stars = article.querySelector("[data-stars]");
  if (stars) {
    const buttons = Array.from(stars.querySelectorAll("button[data-value]"));
    const text = document.getElementById("my-rating-text");
    const clear = document.getElementById("clear-rating");
    const paint = (value) => buttons.forEach((b) => b.classList.toggle("on", Number(b.dataset.value) <= value));
    const current = () => Number(article.dataset.rating || 0);
    paint(current());
    stars.addEventListener("mouseover", (event) => {
      const button = event.target.closest("button[data-value]");
      if (button) paint(Number(button.dataset.value));
    });
    stars.addEventListener("mouseleave", () => paint(current()));
    stars.addEventListener("click", async (event) => {
      const button = event.target.closest("button[data-value]");
      if (!button) return;
      const rating = Number(button.dataset.value);
      try {
        const id = article.dataset.ratingId;
        const saved = id
          ? await api("PATCH", `/api/ratings/${id}/`, { rating })
          : await api("POST", "/api/ratings/", { movie: movieId, rating });
        article.dataset.ratingId = saved.id;
        article.dataset.rating = saved.rating;
        paint(saved.rating);
        text.textContent = `Your rating: ${Number(saved.rating).toFixed(1)}`;
        document.getElementById("expected-rating")?.remove();  // their own rating says it now
        clear.hidden = false;
        say("Rating saved.");
        await refreshAverage();
      } catch (error) {
        paint(current());
        say(`Could not save the rating: ${error.message}`);
      }
    });
    clear.addEventListener("click", async () => {
      try {
        await api("DELETE", `/api/ratings/${article.dataset.ratingId}/`);
        article.dataset.ratingId = "";
        article.dataset.rating = "";
        paint(0);
        text.textContent = "Not rated yet";
        clear.hidden = true;
        say("Rating removed.");
        await refreshAverage();
      } catch (error) {
        say(`Could not remove the rating: ${error.message}`);
      }
    });
  }

  // The two lists: "want to watch" and "not interested". A movie is on one at most: the server
  // takes it off the other list when it goes on one, and both buttons follow.
  const lists = {
    wish: { button: document.getElementById("wish-toggle"), url: "/api/wishlist/", key: "wishId",
            on: "✓ On your wish list", off: "+ Want to watch", added: "Added to your wish list.",
            removed: "Removed from your wish list." },
    block: { button: document.getElementById("block-toggle"), url: "/api/blocklist/", key: "blockId",
             on: "✓ Not interested", off: "Not interested", added: "Marked not interested: it leaves your picks.",
             removed: "No longer marked not interested." },
  };
  const paintList = (list) => {
    const on = Boolean(article.dataset[list.key]);
    list.button.setAttribute("aria-pressed", String(on));
    list.button.textContent = on ? list.on : list.off;
  };
  Object.values(lists).forEach((list) => {
    if (!list.button) return;
    list.button.addEventListener("click", async () => {
      try {
        if (article.dataset[list.key]) {
          await api("DELETE", `${list.url}${article.dataset[list.key]}/`);
          article.dataset[list.key] = "";
        } else {
          article.dataset[list.key] = (await api("POST", list.url, { movie: movieId })).id;
          Object.values(lists).filter((other) => other !== list && other.button).forEach((other) => {
            article.dataset[other.key] = "";
            paintList(other);
          });
        }
        paintList(list);
        say(article.dataset[list.key] ? list.added : list.removed);
      } catch (error) {
        say(`Could not change the list: ${error.message}`);
      }
    });
  });

  // Likes and replies of the reviews, wherever the list has them (one listener for all).
  const reviewList = document.getElementById("review-list");
  reviewList?.addEventListener("click", async (event) => {
    const button = event.target.closest("button.like-toggle");
    if (!button) return;
    const item = button.closest("li[data-review-id]");
    const count = button.querySelector(".like-count");
    try {
      if (item.dataset.likeId) {
        await api("DELETE", `/api/review-likes/${item.dataset.likeId}/`);
        item.dataset.likeId = "";
        count.textContent = Number(count.textContent) - 1;
      } else {
        item.dataset.likeId = (await api("POST", "/api/review-likes/", { review: Number(item.dataset.reviewId) })).id;
        count.textContent = Number(count.textContent) + 1;
      }
      button.setAttribute("aria-pressed", String(Boolean(item.dataset.likeId)));
    } catch (error) {
      say(`Could not change the like: ${error.message}`);
    }
  });
  reviewList?.addEventListener("submit", async (event) => {
    const form = event.target.closest("form.reply-form");
    if (!form) return;
    event.preventDefault();
    const item = form.closest("li[data-review-id]");
    try {
      const reply = await api("POST", "/api/replies/", {
        review: Number(item.dataset.reviewId), text: form.elements.text.value,
      });
      const line = document.createElement("li");
      const author = document.createElement("a");
      author.href = `/users/${encodeURIComponent(reply.username)}/`;
      author.textContent = reply.username;
      const text = document.createElement("span");
      text.className = "reply-text";
      text.textContent = reply.text;
      line.append(author, " ", text);
      item.querySelector("ul.replies").append(line);
      form.reset();
    } catch (error) {
      say(`Could not post the reply: ${error.message}`);
    }
  });

  // Review: create, or edit the viewer's one review, and show it at the top of the list.
  const form = document.getElementById("review-form");
  if (form) {
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const body = { text: form.elements.text.value, spoiler: form.elements.spoiler.checked };
      try {
        const id = article.dataset.reviewId;
        const review = id
          ? await api("PATCH", `/api/reviews/${id}/`, body)
          : await api("POST", "/api/reviews/", { ...body, movie: movieId });
        article.dataset.reviewId = review.id;
        showReview(review);
        form.querySelector("button[type=submit]").textContent = "Save review";
        say("Review saved.");
      } catch (error) {
        say(`Could not save the review: ${error.message}`);
      }
    });
  }

  function showReview(review) {
    const list = document.getElementById("review-list");
    document.getElementById("no-reviews")?.remove();
    let item = list.querySelector(`li[data-review-id="${review.id}"]`);
    if (!item) {
      item = document.createElement("li");
      item.dataset.reviewId = review.id;
      list.prepend(item);
    }
    // Built from text nodes only: a review is user input and never becomes markup. An edited
    // review keeps the replies it had.
    const replies = item.querySelector("ul.replies") || document.createElement("ul");
    item.replaceChildren();
    item.className = "review";
    const author = document.createElement("a");
    author.className = "review-author";
    author.href = `/users/${encodeURIComponent(review.username)}/`;
    author.textContent = review.username;
    const text = document.createElement("p");
    text.className = "review-text";
    text.textContent = review.text;
    let body = text;
    if (review.spoiler) {
      body = document.createElement("details");
      body.className = "spoiler";
      const summary = document.createElement("summary");
      summary.textContent = "Contains spoilers: show";
      body.append(summary, text);
    }
    replies.className = "replies";
    item.append(author, body, replies);
  }
}

/* A user's page: the viewer follows or unfollows them in place. */
function setupProfile(profile) {
  const button = document.getElementById("follow-toggle");
  const status = document.getElementById("action-status");
  if (!button) return;
  button.addEventListener("click", async () => {
    const count = document.getElementById("follower-count");
    try {
      if (profile.dataset.followId) {
        await api("DELETE", `/api/follows/${profile.dataset.followId}/`);
        profile.dataset.followId = "";
        count.textContent = Number(count.textContent) - 1;
      } else {
        profile.dataset.followId = (await api("POST", "/api/follows/", { followee: Number(profile.dataset.userId) })).id;
        count.textContent = Number(count.textContent) + 1;
      }
      const on = Boolean(profile.dataset.followId);
      button.setAttribute("aria-pressed", String(on));
      button.textContent = on ? "✓ Following" : "+ Follow";
    } catch (error) {
      status.textContent = `Could not change the follow: ${error.message}`;
    }
  });
}

// A poster that fails to load (an offline sandbox, a dead link) becomes the grey placeholder
// rather than the browser's broken-image icon. Error events don't bubble, hence the capture.
function hideBrokenPoster(image) {
  const placeholder = document.createElement("span");
  placeholder.className = `${image.className} poster-none`;
  placeholder.setAttribute("aria-hidden", "true");
  image.replaceWith(placeholder);
}
document.addEventListener("error", (event) => {
  if (event.target instanceof HTMLImageElement && event.target.matches(".poster-thumb, .poster")) {
    hideBrokenPoster(event.target);
  }
}, true);

document.addEventListener("DOMContentLoaded", () => {
  // Those that failed before this (deferred) script ran.
  document.querySelectorAll("img.poster-thumb, img.poster").forEach((image) => {
    if (image.complete && image.naturalWidth === 0) hideBrokenPoster(image);
  });
  const article = document.getElementById("movie");
  if (article) setupMovie(article);
  const profile = document.getElementById("profile");
  if (profile) setupProfile(profile);
  // The date picker shows the chosen day at once (the form still works without script).
  document.querySelectorAll("select[data-autosubmit]").forEach((select) => {
    select.addEventListener("change", () => select.form.submit());
  });
});
