"""Publish bodies as the pipeline sends them, for the rankings tests."""


def entry(movie, rank, avg_rating=4.0, num_ratings=10, weighted_rating=3.9):
    """One entry of a publish body, as the pipeline sends it."""
    return {
        "movieId": movie.pk,
        "avg_rating": avg_rating,
        "num_ratings": num_ratings,
        "weighted_rating": weighted_rating,
        "rank": rank,
    }


def ranking_body(movies, **fields):
    """A valid publish body ranking `movies` in the given order, best rating first.

    Rank r has avg_rating 5.0 - r/10, weighted_rating 4.5 - r/10 and 100 - r raters, each held
    within its valid range for long rankings.
    """
    results = [
        entry(
            movie,
            rank,
            avg_rating=max(0.5, 5.0 - rank / 10),
            num_ratings=max(1, 100 - rank),
            weighted_rating=max(0.5, 4.5 - rank / 10),
        )
        for rank, movie in enumerate(movies, start=1)
    ]
    return {"results": results, **fields}
