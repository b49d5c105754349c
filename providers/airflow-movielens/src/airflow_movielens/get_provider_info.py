"""The provider's registration, read by Airflow through the ``apache_airflow_provider`` entry point.

Kept free of Airflow imports: the providers manager calls it while Airflow itself is starting.
"""

from __future__ import annotations

from airflow_movielens import __version__

INTEGRATION = "MovieLens"


def get_provider_info() -> dict:
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
        "hooks": [{"integration-name": INTEGRATION, "python-modules": ["airflow_movielens.hooks"]}],
        "operators": [{"integration-name": INTEGRATION, "python-modules": ["airflow_movielens.operators"]}],
        "sensors": [{"integration-name": INTEGRATION, "python-modules": ["airflow_movielens.sensors"]}],
        "triggers": [{"integration-name": INTEGRATION, "python-modules": ["airflow_movielens.triggers"]}],
        "connection-types": [
            {
                "connection-type": "movielens",
                "hook-class-name": "airflow_movielens.hooks.MovielensHook",
                "hook-name": "MovieLens ratings API",
            },
            {
                "connection-type": "watchb",
                "hook-class-name": "airflow_movielens.hooks.WatchbHook",
                "hook-name": "WatchB publishing API",
            },
        ],
    }
