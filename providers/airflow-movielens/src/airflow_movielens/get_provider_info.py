"""The provider's registration, read by Airflow through the ``apache_airflow_provider`` entry point.

Kept free of Airflow imports: the providers manager calls it while Airflow itself is starting.
"""

from __future__ import annotations

from typing import Any

from airflow_movielens import __version__

INTEGRATION = "MovieLens"
PACKAGE = "airflow_movielens"
HOOKS = ("movielens", "watchb")
OPERATORS = ("fetch", "rank", "recommend", "publish")


def get_provider_info() -> dict[str, Any]:
    """Describe the package, its modules and the ``movielens`` and ``watchb`` connection types."""
    return {
        "package-name": "airflow-movielens",
        "name": "MovieLens",
        "description": "Fetch ratings from a MovieLens-compatible API, rank movies, publish rankings.",
        "versions": [__version__],
        "integrations": [
            {
                "integration-name": INTEGRATION,
                "external-doc-url": "https://grouplens.org/datasets/movielens/",
                "tags": ["service"],
            }
        ],
        "hooks": [{"integration-name": INTEGRATION, "python-modules": [f"{PACKAGE}.hooks.{m}" for m in HOOKS]}],
        "operators": [
            {"integration-name": INTEGRATION, "python-modules": [f"{PACKAGE}.operators.{m}" for m in OPERATORS]}
        ],
        "sensors": [{"integration-name": INTEGRATION, "python-modules": [f"{PACKAGE}.sensors.ratings"]}],
        "triggers": [{"integration-name": INTEGRATION, "python-modules": [f"{PACKAGE}.triggers.ratings"]}],
        # s3:// for ObjectStoragePath where Amazon's provider is not installed (see the module).
        "filesystems": [f"{PACKAGE}.fs.s3"],
        "connection-types": [
            {
                "connection-type": "movielens",
                "hook-class-name": f"{PACKAGE}.hooks.movielens.MovielensHook",
                "hook-name": "MovieLens ratings API",
            },
            {
                "connection-type": "watchb",
                "hook-class-name": f"{PACKAGE}.hooks.watchb.WatchbHook",
                "hook-name": "WatchB publishing API",
            },
        ],
    }
