"""The files the tasks hand each other after the partitions: a day's ranking and its recommendations.

The rank operator writes the ranking as CSV, the recommend operator the recommendations as JSON, both
atomically; the publish operators read them back as the bodies the site's API takes. Their formats
live here, once for the writer and the reader.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from airflow_movielens.ranking import RANKING_COLUMNS, RankedMovie
from airflow_movielens.storage import atomic_writer, open_input

if TYPE_CHECKING:
    from airflow_movielens.recommend import Recommendations

_RANKING_TYPES: dict[str, type] = dict(zip(RANKING_COLUMNS, (int, float, int, float, int), strict=True))


def write_ranking_csv(ranking: Iterable[RankedMovie | tuple[Any, ...]], output_path: str | os.PathLike[str]) -> int:
    """Write ``ranking`` as CSV with a :data:`~airflow_movielens.ranking.RANKING_COLUMNS` header,
    atomically, floats in their shortest round-trip form (``repr``); return the row count."""
    count = 0
    with atomic_writer(output_path, "w", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(RANKING_COLUMNS)
        for row in ranking:
            writer.writerow(repr(value) if isinstance(value, float) else value for value in row)
            count += 1
    return count


def read_ranking_csv(path: str | os.PathLike[str]) -> list[dict[str, Any]]:
    """Read a ranking CSV back as typed dicts (the body the site's ranking API accepts)."""
    with open_input(path, newline="") as src:
        reader = csv.DictReader(src)
        missing = set(_RANKING_TYPES) - set(reader.fieldnames or ())
        if missing:
            raise ValueError(f"{path}: missing ranking columns {sorted(missing)}")
        return [{name: cast(row[name]) for name, cast in _RANKING_TYPES.items()} for row in reader]


def write_recommendations_json(recommendations: Recommendations, output_path: str | os.PathLike[str]) -> int:
    """Write the publish body to ``output_path`` atomically (floats in shortest round-trip form);
    return the number of entries written."""
    body = recommendations.publish_body()
    with atomic_writer(output_path, "w", encoding="utf-8") as out:
        json.dump(body, out, separators=(",", ":"))
        out.write("\n")
    return len(body["similar"]) + len(body["users"]) + len(body["expected"])


def read_recommendations_json(path: str | os.PathLike[str]) -> dict[str, list[dict[str, Any]]]:
    """Read a recommendations JSON back: ``{"similar": [...], "users": [...]}`` and, when it has
    them, ``"expected": [...]``; or a ``ValueError``."""
    with open_input(path, encoding="utf-8") as src:
        body = json.load(src)
    if (
        not isinstance(body, dict)
        or not isinstance(body.get("similar"), list)
        or not isinstance(body.get("users"), list)
        or not isinstance(body.get("expected", []), list)
    ):
        raise ValueError(f"{path}: expected a JSON object with lists 'similar' and 'users'")
    return body
