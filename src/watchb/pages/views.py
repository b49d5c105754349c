"""The pages people read. Each reads the catalogue, ratings and rankings through the ORM (the
recommendations through their selectors) and renders one template; none of them writes (writing is
the REST API's job, called from the page's script; signing up is `accounts.py`'s).

Bad input is answered plainly: a malformed `?date=` or `?page=` is a 400 naming the parameter; a
movie, person, user or day that does not exist is a 404.
"""

from datetime import date as Date
from decimal import Decimal
from functools import cache as cache_function

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import connection
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.timezone import localtime
from django.views.decorators.http import require_safe

from watchb.catalog.models import Credit, Movie, Person, Poster
from watchb.catalog.search import NAME_FIELDS, TITLE_FIELDS, BadQuery, SearchPaginator, clean_query
from watchb.catalog.search import search as search_catalogue
from watchb.rankings.models import DailyRanking
from watchb.ratings.expressions import with_profile_counts
from watchb.ratings.models import Follow, ListEntry, MovieRatingSummary, Rating, Review
from watchb.ratings.taste import taste_of
from watchb.recommendations.selectors import get_expected_rating, get_recommendations, get_similar_movies

from .charts import rank_trend, rank_trends, rating_histogram
from .comments import REVIEW_ORDERS, movie_reviews
from .rankings import (
    WINDOWS,
    choose_ranking,
    latest_date,
    published_dates,
    published_dates_and_version,
    published_version,
    rankings_of,
)

User = get_user_model()

# The home page shows the head of a day's ranking; /api/rankings/<day>/ serves all of it.
HOME_PAGE_ENTRIES = 100
# How long the home page's ranking list may show a title or poster changed since it was drawn.
RANKING_LIST_SECONDS = 600
# How long a movie page may show genres, credits or posters changed without the movie's own row.
MOVIE_SECTIONS_SECONDS = 600
SEARCH_PAGE_SIZE = 20
# A user's page lists their latest ratings; the API (`/api/ratings/?user=<id>`) pages through all.
USER_PAGE_RATINGS = 100
# The movie page shows the latest reviews; the API (`/api/reviews/?movie=<id>`) has the rest.
MOVIE_PAGE_REVIEWS = 50
# The person page's sections, in this order, each shown when the person has such credits.
PERSON_PAGE_SECTIONS = [(Credit.Job.DIRECTOR, "Directed"), (Credit.Job.WRITER, "Wrote"), (Credit.Job.ACTOR, "Acted in")]
# The half-star buttons' values, as the ratings API takes them.
STAR_VALUES = [f"{step / 2:.1f}" for step in range(1, 11)]


def bad_request(parameter, message):
    """A 400 answer naming the query parameter that was wrong."""
    return HttpResponseBadRequest(f"{parameter}: {message}", content_type="text/plain; charset=utf-8")


def first_posters(movie_ids):
    """`{movie_id: poster url}` with each movie's first poster, in one query."""
    posters = {}
    for movie_id, url in (
        Poster.objects.filter(movie_id__in=movie_ids).order_by("movie_id", "id").values_list("movie_id", "url")
    ):
        posters.setdefault(movie_id, url)
    return posters


def with_posters(movies):
    """Sets `poster` (a URL or "") on each movie of `movies` and returns them as a list."""
    movies = list(movies)
    posters = first_posters([movie.pk for movie in movies])
    for movie in movies:
        movie.poster = posters.get(movie.pk, "")
    return movies


@require_safe
def home(request, day=None):
    """The popular movies of one published day, by default the latest.

    The day comes from the path (`/rankings/2026-01-05/`) or the date picker's `?date=2026-01-05`;
    `?window=7` picks the ranking of the 7 days ending with it, and without one the page shows the
    narrowest window with enough ranked movies (see `rankings.choose_ranking`). Each entry carries
    its movie (with `poster`) and its rank trend over the published days of the window shown.
    """
    raw_day = day or request.GET.get("date") or ""
    raw_window = request.GET.get("window") or ""
    window = None
    if raw_window:
        if raw_window not in {str(value) for value in WINDOWS}:
            return bad_request("window", f"expected one of {', '.join(map(str, WINDOWS))} (days), not {raw_window!r}.")
        window = int(raw_window)
    if raw_day:
        try:
            wanted = Date.fromisoformat(raw_day)
        except ValueError:
            return bad_request("date", f"expected a date like 2026-01-05, not {raw_day!r}.")
    else:
        wanted = latest_date()
    rankings = rankings_of(wanted) if wanted is not None else []
    ranking = choose_ranking(rankings, window)
    if raw_day and ranking is None:
        raise Http404(f"No ranking was published for {wanted.isoformat()}.")

    context = {
        "ranking": ranking,
        "rankings": rankings,
        # Kept on the day-to-day links only when the visitor picked it; else each day chooses its own.
        "chosen_window": window,
        "recommendations": with_posters(get_recommendations(request.user)),
    }
    if ranking is not None:
        context["ranking_section"] = ranking_section(ranking, rankings, window)
    return render(request, "pages/home.html", context)


def ranking_section(ranking, rankings, chosen_window):
    """The HTML of `ranking` as the home page shows it: its day and window with links to the day
    before and after and to `rankings` (the day's other windows), and the head of its list with each
    movie's rank trend over the published days of its window.

    The same for every visitor, and it only changes when a ranking of its window is published
    (`version`) or the catalogue's titles and posters change (within RANKING_LIST_SECONDS): kept in
    the cache, it spares each home page the hundred sparklines, the day picker and three queries.
    """
    dates, version = published_dates_and_version(ranking.window)
    windows = ",".join(f"{other.pk}.{other.entry_count}" for other in rankings)
    key = f"pages:ranking-section:{ranking.pk}:{version.isoformat()}:{len(dates)}:{windows}:{chosen_window}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    entries = list(ranking.entries.select_related("movie").order_by("rank")[:HOME_PAGE_ENTRIES])
    with_posters(entry.movie for entry in entries)
    trends = rank_trends([entry.movie_id for entry in entries], dates, window=ranking.window)
    for entry in entries:
        entry.trend = trends[entry.movie_id]
    position = dates.index(ranking.date)
    json_url = reverse("rankings:day", args=[ranking.date.isoformat()])
    if ranking.window != DailyRanking.Window.DAY:
        json_url += f"?window={ranking.window}"
    context = {
        "ranking": ranking,
        "rankings": rankings,
        # Kept on the day-to-day links only when the visitor picked it; else each day chooses its own.
        "chosen_window": chosen_window,
        "entries": entries,
        "dates": dates,
        "shown": len(entries),
        "total": ranking.entry_count,
        "json_url": json_url,
        "previous_day": dates[position - 1] if position > 0 else None,
        "next_day": dates[position + 1] if position + 1 < len(dates) else None,
    }
    section = render_to_string("pages/_ranking_section.html", context)
    cache.set(key, section, RANKING_LIST_SECONDS)
    return section


@require_safe
def movie_detail(request, movie_id):
    """A movie with its credits, ratings (average and histogram), reviews and rank trend, and the
    viewer's own rating, wish-list entry and review for the page's script to change in place.

    What every visitor sees alike (poster, titles, genres, credits, rank trend, similar movies) comes
    from `movie_sections`; the ratings (from the maintained summary), the reviews and the viewer's own
    entries are read afresh on every visit."""
    sort = request.GET.get("sort") or "date"
    if sort not in REVIEW_ORDERS:
        return bad_request("sort", f"expected {' or '.join(REVIEW_ORDERS)}, not {sort[:40]!r}.")
    # The summary in the same query (a left join: a movie nobody rated has none yet).
    movie = get_object_or_404(Movie.objects.select_related("rating_summary"), pk=movie_id)
    summary = MovieRatingSummary.of(movie)
    version = published_version()
    reviews = list(movie_reviews(movie, request.user, sort)[:MOVIE_PAGE_REVIEWS])
    mine = viewer_state(movie, request.user)
    expected = None
    if not mine["rating"] and version.recommendations is not None:
        expected = get_expected_rating(request.user, movie, day=version.recommendations)
    context = {
        "movie": movie,
        "shared": movie_sections(movie, version),
        "average_rating": summary.average,
        "rating_count": summary.rating_count,
        "histogram": rating_histogram(movie, summary),
        "reviews": reviews,
        "review_sort": sort,
        "review_sorts": list(REVIEW_ORDERS),
        "my_rating": mine["rating"],
        "my_wish": mine["wish"],
        "my_block": mine["block"],
        "my_review": mine["review"],
        "star_values": STAR_VALUES,
        # What the pipeline expects the viewer to give a film they have not rated (None: too little to go on).
        "expected_rating": expected,
    }
    return render(request, "pages/movie.html", context)


def viewer_state(movie, user):
    """`{"rating", "wish", "block", "review"}`: `user`'s Rating, ListEntry of each kind and Review of
    `movie` (None where they have none), read in one query of three parts rather than three queries.
    Unsaved instances holding what the page shows of them (id, stars, kind, text, spoiler)."""
    mine = {"rating": None, "wish": None, "block": None, "review": None}
    if not user.is_authenticated:
        return mine
    quote = connection.ops.quote_name
    tables = {model: quote(model._meta.db_table) for model in (Rating, ListEntry, Review)}
    where = "WHERE movie_id = %s AND user_id = %s"
    with connection.cursor() as cursor:
        cursor.execute(
            # The review first: its typed columns give PostgreSQL the types of the NULLs after it.
            f"SELECT 'review', id, NULL, text, spoiler FROM {tables[Review]} {where}"
            f" UNION ALL SELECT 'rating', id, rating, NULL, NULL FROM {tables[Rating]} {where}"
            f" UNION ALL SELECT kind, id, NULL, NULL, NULL FROM {tables[ListEntry]} {where}",
            [movie.pk, user.pk] * 3,
        )
        rows = cursor.fetchall()
    for kind, pk, stars, text, spoiler in rows:
        if kind == "rating":
            mine[kind] = Rating(pk=pk, movie=movie, user=user, rating=Decimal(str(stars)).quantize(Decimal("0.1")))
        elif kind == "review":
            mine[kind] = Review(pk=pk, movie=movie, user=user, text=text, spoiler=bool(spoiler))
        else:
            mine[kind] = ListEntry(pk=pk, movie=movie, user=user, kind=kind)
    return mine


def movie_sections(movie, version):
    """`{name: HTML}` of the parts of `movie`'s page that are the same for every visitor: `poster`,
    `meta` (titles, year, runtime, genres, countries), `story` (synopsis and credits), `trend` (its
    rank in the published day rankings) and `similar` (from the latest published recommendations).

    Drawing them takes six queries and most of the page's rendering, and they change only when the
    movie's row does (`updated`), when a ranking or recommendations are published (`version`), or
    when its genres, credits or posters change without its row (a crawl merging into it): kept in the
    cache under the first two, and for at most MOVIE_SECTIONS_SECONDS for the third.
    """
    key = f"pages:movie-sections:{movie.pk}:{movie.updated.timestamp()}:{version.key}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    prefetch_related_objects(
        [movie],
        "genres",
        "countries",
        "posters",
        Prefetch("credits", queryset=Credit.objects.select_related("person").order_by("job", "order", "id")),
    )
    credits = list(movie.credits.all())
    dates = published_dates()
    ranks = dict(
        movie.ranking_entries.filter(ranking__window=DailyRanking.Window.DAY).values_list("ranking__date", "rank")
    )
    similar = []
    if version.recommendations is not None:
        similar = with_posters(get_similar_movies(movie, day=version.recommendations))
    context = {
        "movie": movie,
        "poster": next(iter(movie.posters.all()), None),
        "directors": [credit for credit in credits if credit.job == Credit.Job.DIRECTOR],
        "writers": [credit for credit in credits if credit.job == Credit.Job.WRITER],
        "cast": [credit for credit in credits if credit.job == Credit.Job.ACTOR],
        "trend": rank_trend(dates, ranks, width=320, height=100, padding=16),
        "similar_movies": similar,
    }
    sections = {
        name: render_to_string(f"pages/{template}.html", context)
        for name, template in [
            ("poster", "_movie_poster"),
            ("meta", "_movie_meta"),
            ("story", "_movie_story"),
            ("trend", "_movie_trend"),
            ("similar", "_similar_movies"),
        ]
    }
    cache.set(key, sections, MOVIE_SECTIONS_SECONDS)
    return sections


@require_safe
def person_detail(request, person_id):
    """A person and their films, grouped by job (directed, wrote, acted in), newest first."""
    person = get_object_or_404(Person, pk=person_id)
    credits = person.credits.select_related("movie").order_by("-movie__release_date", "movie_id")
    by_job = {job: [] for job in Credit.Job}
    for credit in credits:
        by_job[credit.job].append(credit)
    jobs = [(heading, by_job[job]) for job, heading in PERSON_PAGE_SECTIONS if by_job[job]]
    return render(request, "pages/person.html", {"person": person, "jobs": jobs})


def page_of(request, items, size, paginator_class=Paginator):
    """The requested `?page=` of `items`, or a ValueError naming what is wrong with it."""
    paginator = paginator_class(items, size)
    try:
        return paginator.page(request.GET.get("page") or 1)
    except PageNotAnInteger:
        raise ValueError("expected a page number like 2.") from None
    except EmptyPage:
        raise ValueError(f"there are {paginator.num_pages} pages.") from None


@require_safe
def search(request):
    """Movies whose Korean, English or original title matches `?q=` (paged), and people whose name
    does (the first few), best match first on PostgreSQL (`watchb.catalog.search`). The movies are
    paged over the first `MOST_RANKED` matches, and the page says when more matched. A query too
    long is answered with a 400 and the form saying so."""
    context = {"query": "", "page": None, "people": [], "error": ""}
    try:
        query = clean_query(request.GET.get("q", ""))
    except BadQuery as error:
        context["error"] = f"Search for {error}"
        return render(request, "pages/search.html", context, status=400)
    context["query"] = query
    if query:
        movies = search_catalogue(
            Movie.objects.order_by("-release_date", "id"),
            query,
            TITLE_FIELDS,
            popularity="rating_summary__rating_count",
        )
        try:
            page = page_of(request, movies, SEARCH_PAGE_SIZE, SearchPaginator)
        except ValueError as error:
            return bad_request("page", str(error))
        page.object_list = with_posters(page.object_list)
        context["page"] = page
        context["people"] = search_catalogue(Person.objects.all(), query, NAME_FIELDS)[:10]
    return render(request, "pages/search.html", context)


def latest_ratings(owner, limit=USER_PAGE_RATINGS):
    """`owner`'s latest `limit` ratings as `(rating, movie id, movie title, rated_at)` rows, read in
    order from the index on `(user, -rated_at, -id)` (no sort, however many they have)."""
    return owner.ratings.order_by("-rated_at", "-id").values_list("rating", "movie_id", "movie__title", "rated_at")[
        :limit
    ]


@cache_function
def movie_path():
    """`movie_path()(movie_id)` → the movie page's path: one `reverse` for a whole list of links (a
    `{% url %}` per row cost a hundred ratings 2 ms)."""
    slot = 987_654_321_987
    return reverse("pages:movie", args=[slot]).replace(str(slot), "{}").format


def rating_items(rows):
    """The `<li>` of each of `latest_ratings` rows, as the user page lists them: written here rather
    than by a template loop, which took 3–5 ms for a hundred rows (a heavy user's page)."""
    path = movie_path()
    return format_html_join(
        "",
        '<li><span class="stars-text" aria-label="{} stars">★ {}</span> <a href="{}">{}</a>'
        ' <span class="muted">{}</span></li>',
        (
            (rating, rating, path(movie_id), title, localtime(rated_at).date().isoformat())
            for rating, movie_id, title, rated_at in rows
        ),
    )


def head_and_count(rows, limit):
    """`(the first `limit` of `rows`, how many there are)`: one query when there are at most `limit`."""
    head = list(rows[: limit + 1])
    if len(head) <= limit:
        return head, len(head)
    return head[:limit], rows.count()


@require_safe
def user_detail(request, username):
    """A user's latest ratings, wish list and reviews (each the latest USER_PAGE_RATINGS, with how
    many there are in all)."""
    # The counts in the owner's query rather than three queries of their own.
    owner = get_object_or_404(with_profile_counts(User.objects), username=username, is_active=True)
    my_follow = None
    if request.user.is_authenticated and request.user != owner:
        my_follow = Follow.objects.filter(follower=request.user, followee=owner).first()
    ratings = list(latest_ratings(owner))
    wishes, wish_count = head_and_count(
        owner.list_entries.filter(kind=ListEntry.Kind.WISH).select_related("movie").order_by("-added_at", "-id"),
        USER_PAGE_RATINGS,
    )
    reviews, review_count = head_and_count(
        owner.reviews.select_related("movie").order_by("-created", "-id"), USER_PAGE_RATINGS
    )
    context = {
        "owner": owner,
        "my_follow": my_follow,
        "follower_count": owner.follower_count,
        "following_count": owner.following_count,
        "ratings": ratings,
        "rating_items": rating_items(ratings),
        "rating_count": owner.rating_count,
        "wishes": wishes,
        "wish_count": wish_count,
        "reviews": reviews,
        "review_count": review_count,
    }
    return render(request, "pages/user.html", context)


@require_safe
def user_taste(request, username):
    """A user's taste analysis: their ratings' numbers and chart, favourites and hours watched."""
    owner = get_object_or_404(User, username=username, is_active=True)
    return render(request, "pages/taste.html", {"owner": owner, "taste": taste_of(owner)})
