"""What `bench/load_test.py` needs in a database loaded by `bench/load_ratings.py`, added before timing.

`load_ratings.py` (like `loadmovielens`) leaves a bare catalogue: movies titled "Film 123" with a
year, no English title, no genres, no release date, and no published ranking. The pages would then
render less than they do on a real site, and search would match numbers. `prepare_site` fills that
in the way a crawl and the pipeline would, once (a second call changes nothing):

- **Titles and genres.** Each bare movie gets a Korean and an English title, drawn as the sandbox
  draws them (`watchb.sandbox.world.draw.Draw.title`, from the sandbox's bilingual word lists), a
  release date within its year, and one to three genres weighted as the sandbox weights them
  (Drama and Comedy most). Written with COPY into a temporary table and one UPDATE.
- **Rankings.** The 30 days ending with the latest rating's day get a published day ranking each
  (`publish_ranking`, as the pipeline's publish does) of the 1,000 movies with the best weighted
  mean (at least 50 ratings, read from the maintained summaries), shuffled a little from day to day
  so the pages' rank trends have something to draw.
- **People.** The export user (`ratings.export`, as `createexportuser` makes it) and `users` load
  test users `load-user-0001`…, all with one password hashed once by the site's real hasher
  (PBKDF2), so creating 200 costs one hash while logging each in costs the server a real check.
  The load test users' ratings and list entries from an earlier run are deleted, so each run starts
  clean and its write check sees only its own writes.

Last, it runs ANALYZE, so the planner knows the tables as they now are. PostgreSQL only (the scale
this is for).
"""

import random
from dataclasses import dataclass
from datetime import date as Date
from datetime import timedelta
from itertools import accumulate

RANKED_DAYS = 30
RANKED_MOVIES = 1_000
RANKING_MIN_RATINGS = 50
LOAD_USER_PREFIX = "load-user-"
EXPORT_USER = "load-export"


@dataclass
class Site:
    """What the simulated users pick from."""

    movie_ids: list  # movies with ratings, and the running sum of their rating counts (for random.choices)
    movie_cum_weights: list
    heavy_users: list  # usernames of the users with the most ratings
    users: list  # the load test's usernames
    export_day: Date  # the latest day with ratings


def prepare_site(users: int, password: str, export_password: str, seed: int = 13, log=print) -> Site:
    from django.db import connection

    if connection.vendor != "postgresql":
        raise SystemExit("load test: the database must be PostgreSQL (DATABASE_URL=postgres://...)")
    rng = random.Random(seed)
    dress_catalogue(rng, log)
    usernames = load_users(users, password, log)
    export_day = latest_rating_day()
    publish_rankings(export_day, rng, log)
    create_export_user(export_password)
    analyze()
    movie_ids, counts = popular_movies()
    return Site(movie_ids, list(accumulate(counts)), heavy_users(), usernames, export_day)


def dress_catalogue(rng, log):
    """Titles, release dates and genres for movies that have no English title and no genres."""
    from django.db import connection, transaction

    from watchb.catalog.models import Genre, Movie
    from watchb.sandbox import vocabulary as vocab
    from watchb.sandbox.world.draw import Draw

    bare = list(Movie.objects.filter(title_en="", genres__isnull=True).values_list("id", "production_year"))
    if not bare:
        return
    draw = Draw(rng)
    genre_ids = {}
    for tmdb_id, english, _korean, _kmdb in vocab.GENRES:
        genre_ids[tmdb_id] = Genre.objects.get_or_create(tmdb_id=tmdb_id, defaults={"name": english})[0].id
    weighted = [(genre_ids[tmdb_id], weight) for tmdb_id, weight in vocab.GENRE_WEIGHTS.items() if tmdb_id in genre_ids]
    choices, weights = zip(*weighted, strict=True)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE dressed (id bigint, title text, title_en text, released date) ON COMMIT DROP"
        )
        with cursor.copy("COPY dressed FROM STDIN") as copy:
            for movie_id, year in bare:
                korean, english = draw.title()
                released = Date(year or rng.randint(1950, 2019), 1, 1) + timedelta(days=rng.randrange(365))
                copy.write_row((movie_id, korean, english, released))
        cursor.execute(
            "UPDATE catalog_movie m SET title = d.title, title_en = d.title_en, original_title = d.title_en, "
            "release_date = d.released FROM dressed d WHERE m.id = d.id"
        )
        through = Movie.genres.through._meta.db_table
        with cursor.copy(f"COPY {through} (movie_id, genre_id) FROM STDIN") as copy:
            for movie_id, _year in bare:
                for genre_id in set(rng.choices(choices, weights, k=rng.choice((1, 1, 2, 2, 2, 3)))):
                    copy.write_row((movie_id, genre_id))
    log(f"load test: gave {len(bare):,} movies titles, release dates and genres")


def analyze():
    """The planner's statistics, fresh: this server may run without autovacuum, and the steps above
    (or the load before them) changed whole tables."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def latest_rating_day() -> Date:
    from django.db.models import Max

    from watchb.ratings.models import Rating

    latest = Rating.objects.aggregate(Max("rated_at"))  # the load test's own ratings are gone by now
    if latest["rated_at__max"] is None:
        raise SystemExit("load test: the database has no ratings; load some with bench/load_ratings.py --keep")
    return latest["rated_at__max"].date()


def publish_rankings(last_day, rng, log):
    """A day ranking for each of the RANKED_DAYS days ending with `last_day`, unless one exists."""
    from watchb.rankings.models import DailyRanking
    from watchb.rankings.publishing import publish_ranking
    from watchb.ratings.models import MovieRatingSummary

    if DailyRanking.objects.exists():
        return
    rows = list(
        MovieRatingSummary.objects.filter(rating_count__gte=RANKING_MIN_RATINGS).values_list(
            "movie_id", "rating_count", "rating_total"
        )
    )
    if not rows:
        return
    mean = sum(float(total) for _, _, total in rows) / sum(count for _, count, _ in rows)

    def weighted(count, total):  # the Bayesian average the pipeline publishes beside the mean
        return (float(total) + RANKING_MIN_RATINGS * mean) / (count + RANKING_MIN_RATINGS)

    for offset in range(RANKED_DAYS - 1, -1, -1):
        day = last_day - timedelta(days=offset)
        scored = sorted(
            ((weighted(count, total) + rng.gauss(0, 0.02), movie, count, total) for movie, count, total in rows),
            reverse=True,
        )[:RANKED_MOVIES]
        entries = [
            {
                "movie_id": movie,
                "rank": rank,
                "avg_rating": round(float(total) / count, 4),
                "num_ratings": count,
                "weighted_rating": round(score, 4),
            }
            for rank, (score, movie, count, total) in enumerate(scored, start=1)
        ]
        publish_ranking(day, entries, source="bench/load_test_site.py")
    log(f"load test: published day rankings of {RANKED_MOVIES:,} movies for {RANKED_DAYS} days up to {last_day}")


def load_users(count, password, log) -> list[str]:
    """`count` load test users with `password`, with none of their ratings and list entries left."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from watchb.ratings.models import ListEntry, Rating

    User = get_user_model()
    names = [f"{LOAD_USER_PREFIX}{n:04d}" for n in range(1, count + 1)]
    hashed = make_password(password)
    existing = set(User.objects.filter(username__in=names).values_list("username", flat=True))
    User.objects.bulk_create([User(username=name, password=hashed) for name in names if name not in existing])
    User.objects.filter(username__in=existing).update(password=hashed)
    Rating.objects.filter(user__username__startswith=LOAD_USER_PREFIX).delete()
    ListEntry.objects.filter(user__username__startswith=LOAD_USER_PREFIX).delete()
    if len(existing) < count:
        log(f"load test: created {count - len(existing):,} users")
    return names


def create_export_user(password):
    from django.core.management import call_command

    call_command("createexportuser", EXPORT_USER, password=password, verbosity=0)


def popular_movies():
    """Every rated movie's id with its rating count: opening a movie is weighted by its popularity."""
    from watchb.ratings.models import MovieRatingSummary

    rows = MovieRatingSummary.objects.filter(rating_count__gt=0).values_list("movie_id", "rating_count")
    ids, counts = zip(*rows, strict=True)
    return list(ids), list(counts)


def heavy_users(how_many=20) -> list[str]:
    from watchb.ratings.models import UserRatingSummary

    rows = UserRatingSummary.objects.order_by("-rating_count").values_list("user__username", flat=True)
    return list(rows[:how_many])
