"""The pages people read. Each reads the catalogue, ratings and rankings through the ORM (the
recommendations through their selectors) and renders one template; none of them writes (writing is
the REST API's job, called from the page's script; signing up is `accounts.py`'s).

Bad input is answered plainly: a malformed `?date=` or `?page=` is a 400 naming the parameter; a
movie, person, user or day that does not exist is a 404.
"""

from datetime import date as Date

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_safe

from watchb.catalog.models import Credit, Movie, Person, Poster
from watchb.catalog.search import NAME_FIELDS, TITLE_FIELDS, BadQuery, SearchPaginator, clean_query
from watchb.catalog.search import search as search_catalogue
from watchb.rankings.models import DailyRanking
from watchb.ratings.models import Follow, ListEntry, MovieRatingSummary, Rating, Review, UserRatingSummary
from watchb.ratings.taste import taste_of
from watchb.recommendations.selectors import get_expected_rating, get_recommendations, get_similar_movies

from .charts import rank_trend, rank_trends, rating_histogram
from .comments import REVIEW_ORDERS, movie_reviews
from .rankings import WINDOWS, choose_ranking, latest_date, published_dates, published_dates_and_version, rankings_of

User = get_user_model()

# The home page shows the head of a day's ranking; /api/rankings/<day>/ serves all of it.
HOME_PAGE_ENTRIES = 100
# How long the home page's ranking list may show a title or poster changed since it was drawn.
RANKING_LIST_SECONDS = 600
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
        dates, version = published_dates_and_version(ranking.window)
        shown, ranking_list = ranking_list_of(ranking, dates, version)
        position = dates.index(ranking.date)
        context.update(
            dates=dates,
            shown=shown,
            ranking_list=ranking_list,
            total=ranking.entry_count,
            json_url=reverse("rankings:day", args=[ranking.date.isoformat()])
            + (f"?window={ranking.window}" if ranking.window != DailyRanking.Window.DAY else ""),
            previous_day=dates[position - 1] if position > 0 else None,
            next_day=dates[position + 1] if position + 1 < len(dates) else None,
        )
    return render(request, "pages/home.html", context)


def ranking_list_of(ranking, dates, version):
    """`(entries shown, HTML)` of the head of `ranking` with each movie's rank trend over `dates`.

    The same for every visitor, and it only changes when a ranking of its window is published
    (`version`) or the catalogue's titles and posters change (within RANKING_LIST_SECONDS): kept in
    the cache, it spares each home page the hundred sparklines and three queries.
    """
    key = f"pages:ranking-list:{ranking.pk}:{ranking.window}:{version.isoformat()}:{len(dates)}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    entries = list(ranking.entries.select_related("movie").order_by("rank")[:HOME_PAGE_ENTRIES])
    with_posters(entry.movie for entry in entries)
    trends = rank_trends([entry.movie_id for entry in entries], dates, window=ranking.window)
    for entry in entries:
        entry.trend = trends[entry.movie_id]
    cached = len(entries), render_to_string("pages/_ranking_list.html", {"entries": entries})
    cache.set(key, cached, RANKING_LIST_SECONDS)
    return cached


@require_safe
def movie_detail(request, movie_id):
    """A movie with its credits, ratings (average and histogram), reviews and rank trend, and the
    viewer's own rating, wish-list entry and review for the page's script to change in place."""
    movie = get_object_or_404(
        Movie.objects.prefetch_related(
            "genres",
            "countries",
            "posters",
            Prefetch("credits", queryset=Credit.objects.select_related("person").order_by("job", "order", "id")),
        ),
        pk=movie_id,
    )
    credits = list(movie.credits.all())
    summary = MovieRatingSummary.of(movie)
    sort = request.GET.get("sort") or "date"
    if sort not in REVIEW_ORDERS:
        return bad_request("sort", f"expected {' or '.join(REVIEW_ORDERS)}, not {sort[:40]!r}.")
    reviews = list(movie_reviews(movie, request.user, sort)[:MOVIE_PAGE_REVIEWS])
    dates = published_dates()
    ranks = dict(
        movie.ranking_entries.filter(ranking__window=DailyRanking.Window.DAY).values_list("ranking__date", "rank")
    )
    mine = {"rating": None, "wish": None, "block": None, "review": None}
    if request.user.is_authenticated:
        mine["rating"] = Rating.objects.filter(movie=movie, user=request.user).first()
        listed = ListEntry.objects.filter(movie=movie, user=request.user).first()
        if listed is not None:
            mine[listed.kind] = listed
        mine["review"] = Review.objects.filter(movie=movie, user=request.user).first()
    context = {
        "movie": movie,
        "poster": next(iter(movie.posters.all()), None),
        "directors": [credit for credit in credits if credit.job == Credit.Job.DIRECTOR],
        "writers": [credit for credit in credits if credit.job == Credit.Job.WRITER],
        "cast": [credit for credit in credits if credit.job == Credit.Job.ACTOR],
        "average_rating": summary.average,
        "rating_count": summary.rating_count,
        "histogram": rating_histogram(movie, summary),
        "reviews": reviews,
        "review_sort": sort,
        "review_sorts": list(REVIEW_ORDERS),
        "trend": rank_trend(dates, ranks, width=320, height=100, padding=16),
        "my_rating": mine["rating"],
        "my_wish": mine["wish"],
        "my_block": mine["block"],
        "my_review": mine["review"],
        "star_values": STAR_VALUES,
        "similar_movies": with_posters(get_similar_movies(movie)),
        # What the pipeline expects the viewer to give a film they have not rated (None: too little to go on).
        "expected_rating": None if mine["rating"] else get_expected_rating(request.user, movie),
    }
    return render(request, "pages/movie.html", context)


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


@require_safe
def user_detail(request, username):
    """A user's ratings (latest first), wish list and reviews."""
    owner = get_object_or_404(User, username=username, is_active=True)
    ratings = owner.ratings.select_related("movie").order_by("-rated_at", "-id")
    my_follow = None
    if request.user.is_authenticated and request.user != owner:
        my_follow = Follow.objects.filter(follower=request.user, followee=owner).first()
    context = {
        "owner": owner,
        "my_follow": my_follow,
        "follower_count": owner.followers.count(),
        "following_count": owner.following.count(),
        "ratings": ratings[:USER_PAGE_RATINGS],
        "rating_count": UserRatingSummary.objects.filter(user=owner).values_list("rating_count", flat=True).first()
        or 0,
        "wishes": owner.list_entries.filter(kind=ListEntry.Kind.WISH).select_related("movie"),
        "reviews": owner.reviews.select_related("movie"),
    }
    return render(request, "pages/user.html", context)


@require_safe
def user_taste(request, username):
    """A user's taste analysis: their ratings' numbers and chart, favourites and hours watched."""
    owner = get_object_or_404(User, username=username, is_active=True)
    return render(request, "pages/taste.html", {"owner": owner, "taste": taste_of(owner)})
