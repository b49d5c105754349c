"""A dataset small enough to check recommendations by hand, shared by the recommender's tests."""

from airflow_movielens.ratings import Ratings

# Three fans of the two dramas 10 and 20 who dislike the horror film 30 (and one who is the other way
# round), and two users who have each seen only part of it.
TASTES = [
    (1, 10, 5.0),
    (1, 20, 5.0),
    (1, 30, 1.0),
    (2, 10, 4.0),
    (2, 20, 5.0),
    (2, 30, 2.0),
    (2, 40, 3.0),
    (3, 10, 1.0),
    (3, 20, 2.0),
    (3, 30, 5.0),
    (4, 10, 5.0),
    (4, 40, 4.0),
    (5, 20, 4.5),
    (5, 30, 2.5),
]


def ratings_of(rows):
    return Ratings.from_arrays(*zip(*rows, strict=False))
