"""Where the tasks keep their files, local or in object storage, and how they write them whole.

A location is a local path, a ``file://`` URL, or any URL Airflow's :class:`~airflow.sdk.ObjectStoragePath`
takes, with the connection as its user: ``s3://aws_conn@bucket/prefix/ratings/2026-01-01.parquet``.
Workers on several hosts cannot share a folder, so they share a bucket.

A partition, a ranking or a recommendations file is either the complete new file or the previous one,
never half: a local file is written beside its target and renamed over it (atomic on POSIX); an
object is written from a complete local file in one upload, and object stores make an object visible
only once its upload is complete.

A writer killed outright (SIGKILL, a lost machine) leaves its temporary file behind. Its name starts
with a dot, so no listing takes it for a partition, and it carries its host and process id, so the
next successful write of the same file removes the ones whose writer is gone (never a live one's).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any
from urllib.parse import unquote, urlsplit

from airflow.sdk import ObjectStoragePath

# mkstemp creates files readable by their owner only; what the tasks write is shared data.
PARTITION_MODE = 0o644
#: A path, a URL, or an ObjectStoragePath (which carries its connection).
Location = str | os.PathLike[str] | ObjectStoragePath


def local_path(location: Location) -> Path | None:
    """The local file ``location`` names (a path or a ``file://`` URL), or None for object storage."""
    if isinstance(location, ObjectStoragePath):
        return Path(location.path) if location.protocol in ("file", "local", "") else None
    text = str(location) if isinstance(location, str) else os.fspath(location)
    parts = urlsplit(text)
    if parts.scheme == "file":
        return Path(unquote(parts.path))
    if len(parts.scheme) > 1:  # a one-letter scheme is a Windows drive
        return None
    return Path(text)


def storage_path(location: Location) -> ObjectStoragePath:
    """``location`` as an ObjectStoragePath (the URL's user is the connection id)."""
    if isinstance(location, ObjectStoragePath):
        return location
    local = local_path(location)
    return ObjectStoragePath(local.resolve().as_uri() if local is not None else str(location))


def join(location: Location, *parts: str) -> str:
    """``location`` with ``parts`` appended, as a path or a URL as ``location`` was."""
    text = str(storage_path(location) if isinstance(location, ObjectStoragePath) else os.fspath(location))
    text = text.rstrip("/")
    return "/".join([text, *parts])


@contextlib.contextmanager
def atomic_path(path: Location) -> Iterator[Path]:
    """Yield a local temporary file name to write; on success, put it at ``path`` whole.

    Local: the temporary file lives beside ``path``, so the final ``os.replace`` is a rename within
    one file system, which POSIX makes atomic; missing folders are created. Object storage: the file
    is uploaded once complete. If the block raises, the temporary file is removed and ``path`` is
    left as it was.
    """
    target = local_path(path)
    if target is None:
        with tempfile.TemporaryDirectory(prefix="airflow-movielens-") as folder:
            tmp = Path(folder) / "upload"
            yield tmp
            with open(tmp, "rb") as source, storage_path(path).open("wb") as destination:  # type: ignore[no-untyped-call]
                shutil.copyfileobj(source, destination)
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    prefix = f".{target.name}.{socket.gethostname()}.{os.getpid()}."
    fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=prefix, suffix=".tmp")
    os.close(fd)
    try:
        yield Path(tmp_name)
        with open(tmp_name, "rb") as written:
            os.fsync(written.fileno())
        os.chmod(tmp_name, PARTITION_MODE)
        os.replace(tmp_name, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise
    _fsync_folder(target.parent)  # the rename itself survives a crash of the machine
    remove_abandoned_temporaries(target)


def remove_abandoned_temporaries(target: Path) -> list[Path]:
    """Remove the temporary files that killed writers of ``target`` left beside it; return them.

    Only files written on this host by a process that no longer runs are removed: another host's, or
    a live writer's, are left alone (a dot-file is never listed as a partition anyway).
    """
    pattern = re.compile(rf"\.{re.escape(target.name)}\.{re.escape(socket.gethostname())}\.(\d+)\.[^.]+\.tmp")
    removed = []
    for path in target.parent.iterdir():
        match = pattern.fullmatch(path.name)
        if match and not _process_runs(int(match.group(1))):
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
                removed.append(path)
    return removed


def _process_runs(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def _fsync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def atomic_writer(path: Location, mode: str = "w", **open_kwargs: Any) -> Iterator[IO[Any]]:
    """:func:`atomic_path` with the temporary file opened in ``mode`` (text or binary)."""
    with atomic_path(path) as tmp, open(tmp, mode, **open_kwargs) as handle:
        yield handle


def open_input(path: Location, mode: str = "r", **open_kwargs: Any) -> IO[Any]:
    """Open the file or object at ``path`` for reading; FileNotFoundError if there is none."""
    local = local_path(path)
    if local is not None:
        return open(local, mode, **open_kwargs)
    return storage_path(path).open(mode, **open_kwargs)  # type: ignore[no-any-return,no-untyped-call]


@contextlib.contextmanager
def local_copies(paths: list[Location]) -> Iterator[list[Path]]:
    """The files at ``paths`` as local paths: local ones as they are, objects downloaded into a
    temporary folder (numbered, keeping their names' suffixes) that is removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="airflow-movielens-") as folder:
        found: list[Path] = []
        for number, path in enumerate(paths):
            local = local_path(path)
            if local is None:
                source = storage_path(path)
                if not source.is_file():
                    raise FileNotFoundError(f"object not found: {path}")
                local = Path(folder) / f"{number}-{source.name}"
                with source.open("rb") as remote, open(local, "wb") as copy:  # type: ignore[no-untyped-call]
                    shutil.copyfileobj(remote, copy)
            found.append(local)
        yield found
