"""The ``s3://`` scheme for ``ObjectStoragePath``, through s3fs, with an ``aws`` connection.

``ObjectStoragePath("s3://my_conn@bucket/prefix")`` asks Airflow for a filesystem of scheme ``s3``
and connection ``my_conn``; this module answers when Amazon's provider is not installed, reading the
connection as that provider does: ``login`` the access key id, ``password`` the secret key, and in
the extras ``region_name`` and ``endpoint_url`` (an S3-compatible server: MinIO, Ceph, moto). Without
a connection id, s3fs finds credentials as boto does (environment, ``~/.aws``, instance role).
Where Amazon's provider is installed, it registers ``s3`` itself and this module registers nothing.
"""

from __future__ import annotations

import importlib.util
from typing import Any

from fsspec import AbstractFileSystem


def _amazon_provider_installed() -> bool:
    try:
        return importlib.util.find_spec("airflow.providers.amazon") is not None
    except ModuleNotFoundError:
        return False


schemes: list[str] = [] if _amazon_provider_installed() else ["s3", "s3a"]


def s3_options(conn_id: str | None) -> dict[str, Any]:
    """s3fs's keyword arguments for the ``aws`` connection ``conn_id`` (none without one)."""
    if conn_id is None:
        return {}
    from airflow.sdk import BaseHook

    connection = BaseHook.get_connection(conn_id)
    extra = connection.extra_dejson
    options: dict[str, Any] = {}
    if connection.login:
        options["key"] = connection.login
        options["secret"] = connection.password
    client = {name: extra[name] for name in ("endpoint_url", "region_name") if extra.get(name)}
    if client:
        options["client_kwargs"] = client
    return options


def get_fs(conn_id: str | None, storage_options: dict[str, Any] | None = None) -> AbstractFileSystem:
    """An s3fs filesystem for ``conn_id``; ``storage_options`` win over the connection's settings."""
    from s3fs import S3FileSystem

    options = {**s3_options(conn_id), **(storage_options or {})}
    return S3FileSystem(**options)
