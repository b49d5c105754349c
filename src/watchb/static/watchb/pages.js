/* WatchB pages: the in-place actions of a movie page, and the home page's date picker.
 *
 * Everything writes through the user REST API (/api/ratings/, /api/wishlist/, /api/reviews/) with
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

  // Wish list: one button that adds or removes the movie.
  const wish = document.getElementById("wish-toggle");
  if (wish) {
    wish.addEventListener("click", async () => {
      try {
        if (article.dataset.wishId) {
          await api("DELETE", `/api/wishlist/${article.dataset.wishId}/`);
          article.dataset.wishId = "";
        } else {
          article.dataset.wishId = (await api("POST", "/api/wishlist/", { movie: movieId })).id;
        }
        const on = Boolean(article.dataset.wishId);
        wish.setAttribute("aria-pressed", String(on));
        wish.textContent = on ? "✓ On your wish list" : "+ Want to watch";
        say(on ? "Added to your wish list." : "Removed from your wish list.");
      } catch (error) {
        say(`Could not change the wish list: ${error.message}`);
      }
    });
  }

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
    // Built from text nodes only: a review is user input and never becomes markup.
    item.replaceChildren();
    const author = document.createElement("a");
    author.href = `/users/${encodeURIComponent(review.username)}/`;
    author.textContent = review.username;
    item.append(author);
    if (review.spoiler) {
      const tag = document.createElement("span");
      tag.className = "tag";
      tag.textContent = "spoiler";
      item.append(" ", tag);
    }
    const text = document.createElement("p");
    text.textContent = review.text;
    item.append(text);
  }
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
  // The date picker shows the chosen day at once (the form still works without script).
  document.querySelectorAll("select[data-autosubmit]").forEach((select) => {
    select.addEventListener("change", () => select.form.submit());
  });
});
