"""Recommendations from the ratings of a window of days: per movie its similar movies, per user the
movies to watch next, and the stars each user is expected to give their best candidates.

The default model is the item-based neighbourhood method (Sarwar et al., 2001; Deshpande and
Karypis, 2004): :mod:`airflow_movielens.similarity` finds each movie's most similar movies and
:mod:`airflow_movielens.picks` turns them into picks. ``model="ease"`` ranks the picks with EASE
(:mod:`airflow_movielens.ease`) instead, for catalogues of up to ``ease_max_movies`` movies; above
that it falls back to item-kNN (logged), whose memory grows with the ratings rather than with the
square of the catalogue. Similar movies always come from item-kNN. Expected ratings
(:mod:`airflow_movielens.predict`) are published for each user's ``expected_n`` best candidates.

Both models see only the ``max_movies`` most-rated movies (:meth:`Ratings.head`): the cost of a
day then follows the window's ratings and this cap, not the length of the catalogue, whose long tail
has too few ratings to recommend from anyway. With the cosine similarity, item-kNN and EASE start
from one dense count of co-raters (:mod:`airflow_movielens.gram`).

Everything is deterministic: inputs are sorted before the matrices are built, and every "top" breaks
ties by the smaller movie id. The computation reads and writes no file:
:mod:`airflow_movielens.partitions` reads its input and :mod:`airflow_movielens.results` writes its
output.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import numpy as np

from airflow_movielens.checks import one_of, positive_int
from airflow_movielens.ease import EASE_MAX_MOVIES, EaseModel, check_ease, ease_from_gram, fit_ease
from airflow_movielens.gram import rated_gram
from airflow_movielens.picks import (
    UserPicks,
    UserRecommendation,
    ease_picks,
    knn_picks,
    recommend_for_users,
    user_rows,
    user_weights,
)
from airflow_movielens.predict import fit_baseline, predict_ratings
from airflow_movielens.ratings import Ratings
from airflow_movielens.similarity import (
    ItemNeighbours,
    SimilarMovie,
    check_neighbourhood,
    gram_neighbours,
    item_neighbours,
    similar_movies,
)

__all__ = [
    "MODELS",
    "ExpectedRating",
    "RecommendOptions",
    "Recommendations",
    "UserRecommendation",
    "recommend",
    "recommend_for_users",
    "user_weights",
]

MODELS = ("knn", "ease")
#: The movies the models rank by default: the 10,000 most rated (bench/recommend.py: at MovieLens
#: 25M's size a 90-day window's ratings touch all 62,000 movies, but the 10,000 most rated hold
#: most of them; see the provider's README for what it costs in quality).
MAX_MOVIES = 10_000
log = logging.getLogger(__name__)


class ExpectedRating(NamedTuple):
    """``rating``: the stars ``userId`` is expected to give ``movieId``, which they have not rated."""

    userId: int
    movieId: int
    rating: float


@dataclass(frozen=True)
class Recommendations:
    """A day's output: every movie's similar movies, every user's picks and expected ratings, and
    the model that ranked the picks (``"knn"`` or ``"ease"``)."""

    similar: list[SimilarMovie]
    users: list[UserRecommendation]
    expected: list[ExpectedRating] = field(default_factory=list)
    model: str = "knn"

    def publish_body(self) -> dict[str, list[dict[str, Any]]]:
        """The body of the site's ``PUT /api/recommendations/YYYY-MM-DD/``: per movie and per user
        its entries best first (the site ranks them in the order sent), and expected ratings."""
        return {
            "similar": [{"movieId": s.movieId, "similarId": s.similarId, "score": s.score} for s in self.similar],
            "users": [
                {"userId": u.userId, "movieId": u.movieId, "becauseId": u.becauseId, "score": u.score}
                for u in self.users
            ],
            "expected": [{"userId": e.userId, "movieId": e.movieId, "rating": e.rating} for e in self.expected],
        }


@dataclass(frozen=True)
class RecommendOptions:
    """How :func:`recommend` works; every value is checked when the options are made.

    :ivar top_k: similar movies kept per movie.
    :ivar top_n: recommendations per user.
    :ivar similarity: ``"cosine"`` (who rated) or ``"adjusted_cosine"`` (mean-centred ratings).
    :ivar neighbours: neighbours per movie used to score users' picks (at least ``top_k`` are kept).
    :ivar min_support: co-raters a pair of movies needs to count as similar.
    :ivar shrinkage: damps similarities resting on few co-raters (0 = off).
    :ivar seen_weight: what a rating at the user's own mean counts for.
    :ivar model: ``"knn"`` or ``"ease"``: what ranks the users' picks.
    :ivar ease_l2: EASE's regularisation λ.
    :ivar ease_max_movies: above this many movies ``"ease"`` falls back to ``"knn"``.
    :ivar expected_n: expected ratings per user, for their best candidates (0: none).
    :ivar max_movies: the models rank only this many movies, those with the most ratings (ties to the
        smaller id); every rating of any other movie is left out of their input. Movies outside
        this head get no similar movies and are never picked or given an expected rating.
    """

    top_k: int = 10
    top_n: int = 10
    similarity: str = "cosine"
    # The defaults below are the best of bench/recommend.py's quality mode on the generator's 1M
    # ratings (chronological 20 % hold-out, NDCG@10): EASE where it fits, else item-kNN with 200
    # neighbours and a shrinkage of 50 (0.2415 against 0.1997 for 100 neighbours unshrunk).
    neighbours: int = 200
    min_support: int = 2
    shrinkage: float = 50.0
    seen_weight: float = 1.0
    model: str = "ease"
    ease_l2: float = 2000.0
    ease_max_movies: int = EASE_MAX_MOVIES
    expected_n: int = 20
    max_movies: int = MAX_MOVIES

    def __post_init__(self) -> None:
        positive_int("top_k", self.top_k)
        positive_int("top_n", self.top_n)
        check_neighbourhood(self.similarity, self.neighbours, self.min_support, self.shrinkage)
        one_of("model", self.model, MODELS)
        if not self.ease_l2 > 0:
            raise ValueError(f"ease_l2 must be > 0, got {self.ease_l2!r}")
        positive_int("ease_max_movies", self.ease_max_movies)
        if isinstance(self.expected_n, bool) or not isinstance(self.expected_n, int) or self.expected_n < 0:
            raise ValueError(f"expected_n must be an integer >= 0, got {self.expected_n!r}")
        positive_int("max_movies", self.max_movies)


def fit_neighbours(ratings: Ratings, options: RecommendOptions) -> ItemNeighbours:
    """The item-kNN model the options describe."""
    return item_neighbours(
        ratings,
        similarity=options.similarity,
        neighbours=max(options.neighbours, options.top_k),
        min_support=options.min_support,
        shrinkage=options.shrinkage,
    )


def fit_models(ratings: Ratings, options: RecommendOptions) -> tuple[ItemNeighbours, EaseModel | None]:
    """Item-kNN and, when the options ask for EASE and it fits, EASE (``None`` otherwise, logged).

    With the cosine similarity both come from one count of co-raters (:func:`rated_gram`): the
    neighbours are read from it before EASE inverts it in place."""
    ease_fits = options.model == "ease"
    if ease_fits:
        try:
            check_ease(len(ratings.movie_ids), options.ease_l2, options.ease_max_movies)
        except ValueError as exc:
            log.warning("Recommending with item-kNN instead of EASE: %s", exc)
            ease_fits = False
    if not (ease_fits and options.similarity == "cosine"):
        knn = fit_neighbours(ratings, options)
        return knn, fit_ease(ratings, options.ease_l2, options.ease_max_movies) if ease_fits else None
    gram = rated_gram(ratings.matrix)
    knn = gram_neighbours(
        ratings.movie_ids,
        gram,
        neighbours=max(options.neighbours, options.top_k),
        min_support=options.min_support,
        shrinkage=options.shrinkage,
    )
    return knn, ease_from_gram(ratings.movie_ids, gram, options.ease_l2)


def user_picks(
    ratings: Ratings, knn: ItemNeighbours, ease: EaseModel | None, options: RecommendOptions, rows: np.ndarray, n: int
) -> UserPicks:
    """``n`` picks per user at ``rows``: EASE's when there is an EASE model, else item-kNN's."""
    if ease is not None:
        return ease_picks(ease, ratings, top_n=n, rows=rows)
    return knn_picks(knn, ratings, top_n=n, rows=rows, seen_weight=options.seen_weight)


def recommend(
    ratings: Ratings,
    options: RecommendOptions | None = None,
    *,
    users: Iterable[int] | None = None,
    on_stage: Callable[[str], None] | None = None,
) -> Recommendations:
    """Similar movies (``top_k`` per movie), user picks (``top_n`` per user, for ``users`` or
    everyone) and expected ratings (``expected_n`` per user) from ``ratings``, as ``options`` say
    (the defaults when ``None``). ``on_stage`` is called with each stage's name as it ends
    (``"models"``, ``"picks"``, ``"expected"``, ``"similar"``): the bench times them."""
    options = options or RecommendOptions()
    done = on_stage or (lambda stage: None)
    ratings = ratings.head(options.max_movies)
    knn, ease = fit_models(ratings, options)
    done("models")
    picks = user_picks(ratings, knn, ease, options, user_rows(ratings, users), max(options.top_n, options.expected_n))
    used = "knn" if ease is None else "ease"
    del ease  # EASE's n² weights are not needed past the picks
    done("picks")
    expected = []
    if options.expected_n:
        best = picks.rank <= options.expected_n
        user_ids, movie_ids = ratings.user_ids[picks.rows[best]], ratings.movie_ids[picks.cols[best]]
        stars = predict_ratings(ratings, knn, fit_baseline(ratings), user_ids, movie_ids)
        expected = [
            ExpectedRating(*entry)
            for entry in zip(user_ids.tolist(), movie_ids.tolist(), np.round(stars, 3).tolist(), strict=True)
        ]
    done("expected")
    similar = similar_movies(knn, options.top_k)
    result = Recommendations(similar, picks.recommendations(ratings, options.top_n), expected, used)
    done("similar")
    return result
