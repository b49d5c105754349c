"""Start long-running services as process groups, log each to a file, and stop every process they started.

Each service starts in a session of its own, so its own process group: Ctrl-C at the terminal reaches
the supervisor alone, which then stops the services itself. Stopping sends SIGTERM to each service's
group and to every descendant that left it (Airflow runs each task in a process group of its own),
waits up to ``grace`` seconds, then SIGKILLs whatever is left and looks again until nothing is. On
Linux the supervisor is also a child subreaper: a descendant whose parent died is re-parented to it
rather than to init, so it is still found and still stopped.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import signal
import subprocess
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import psutil

PR_SET_CHILD_SUBREAPER = 36


class ServiceFailed(RuntimeError):
    """A service exited while it should be running, or a one-shot command failed; says which and where its log is."""


@dataclass
class Service:
    name: str
    process: subprocess.Popen
    log_path: Path

    @property
    def pid(self) -> int:
        return self.process.pid

    def log_tail(self, lines: int = 15) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


def become_subreaper() -> bool:
    """Make orphaned descendants this process's children (Linux); False where the OS has no such thing."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


class Supervisor:
    """The services one ``make run`` started: ``start`` them, ``check`` they still run, ``stop`` them all.

    :param log_dir: where each service's stdout and stderr go, as ``<name>.log`` (appended to).
    :param grace: seconds between SIGTERM and SIGKILL.
    """

    def __init__(self, log_dir: Path, grace: float = 10.0):
        self.log_dir = Path(log_dir)
        self.grace = grace
        self.services: dict[str, Service] = {}
        become_subreaper()

    def start(self, name: str, argv: Sequence[str], *, env: Mapping[str, str] | None = None, cwd=None) -> Service:
        """Start ``argv`` as the service ``name`` in a new session, its output appended to its log."""
        if name in self.services and self.services[name].process.poll() is None:
            raise ValueError(f"{name} is already running")
        self.log_dir.mkdir(parents=True, exist_ok=True)
        log_path = self.log_dir / f"{name}.log"
        with open(log_path, "ab") as log:
            process = subprocess.Popen(
                list(argv),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=dict(env) if env is not None else None,
                cwd=cwd,
                start_new_session=True,
            )
        self.services[name] = service = Service(name, process, log_path)
        return service

    def run(self, name: str, argv: Sequence[str], *, env=None, cwd=None, timeout: float = 600.0) -> None:
        """Run a one-shot command like a service (stoppable, logged) and wait for it; ServiceFailed if it fails."""
        self.start(name, argv, env=env, cwd=cwd)
        self.finish(name, timeout)

    def finish(self, name: str, timeout: float = 600.0) -> None:
        """Wait for the one-shot command ``name`` started earlier; ServiceFailed if it fails or takes too long."""
        service = self.services[name]
        try:
            code = service.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.stop_service(name)
            raise ServiceFailed(f"{name} did not finish within {timeout:g}s; see {service.log_path}") from None
        del self.services[name]
        if code:
            raise ServiceFailed(f"{name} failed (exit {code}); see {service.log_path}:\n{service.log_tail()}")

    def check(self) -> None:
        """ServiceFailed if a service has exited; also reaps orphans adopted as a subreaper."""
        self._reap_orphans()
        for service in self.services.values():
            code = service.process.poll()
            if code is not None:
                raise ServiceFailed(
                    f"{service.name} exited (code {code}); see {service.log_path}:\n{service.log_tail()}"
                )

    def groups(self) -> dict[str, int]:
        """Each running service's process group id (its pid, as it leads its own session)."""
        return {name: s.pid for name, s in self.services.items() if s.process.poll() is None}

    def memory(self) -> dict[str, int]:
        """Bytes each service uses with all its descendants: proportional set size where known, else RSS."""
        usage = {}
        for name, service in self.services.items():
            total = 0
            for process in _tree(service.pid):
                with contextlib.suppress(psutil.Error):
                    info = process.memory_full_info()
                    total += getattr(info, "pss", info.rss)
            usage[name] = total
        return usage

    def stop_service(self, name: str) -> None:
        service = self.services.pop(name)
        stop_processes([service.pid], _tree(service.pid), self.grace)
        _reap(service.process)

    def stop(self) -> list[str]:
        """Stop every service and every process they started; safe to call twice. Returns what had to be killed."""
        names = list(self.services)
        # Everything below this process, taken before any signal: a task's process that leaves its
        # service's group, or an orphan adopted by the subreaper, is in it too.
        everyone = [*_tree(os.getpid(), include_root=False)]
        killed = stop_processes([self.services[name].pid for name in names], everyone, self.grace)
        for name in names:
            _reap(self.services.pop(name).process)
        self._reap_orphans()
        return killed

    def _reap_orphans(self) -> None:
        own = {s.pid for s in self.services.values()}
        for child in psutil.Process().children():
            if child.pid not in own:
                with contextlib.suppress(ChildProcessError, psutil.Error):
                    if child.status() == psutil.STATUS_ZOMBIE:
                        os.waitpid(child.pid, os.WNOHANG)


def stop_processes(group_ids: Sequence[int], processes: Sequence[psutil.Process], grace: float) -> list[str]:
    """SIGTERM the process groups and the processes, SIGKILL what is left after ``grace`` seconds.

    Looks again after each round, since a dying service may still have started a process. A zombie
    counts as gone (its parent, or this process as subreaper, reaps it). Returns what had to be killed.
    """
    known = {p.pid: p for p in processes}
    for pgid in group_ids:
        known.update({p.pid: p for p in _group(pgid)})
    _signal_groups(group_ids, signal.SIGTERM)
    for process in known.values():
        with contextlib.suppress(psutil.Error):
            process.terminate()
    alive = _wait_gone(known.values(), grace)
    killed = []
    for _round in range(5):
        for pgid in group_ids:
            alive.extend(p for p in _group(pgid) if p.pid not in {a.pid for a in alive})
        if not alive:
            break
        _signal_groups(group_ids, signal.SIGKILL)
        for process in alive:
            with contextlib.suppress(psutil.Error):
                killed.append(f"{process.pid} ({' '.join(process.cmdline())[:60]})")
                process.kill()
        alive = _wait_gone(alive, 5)
    return killed


def _wait_gone(processes, timeout: float) -> list[psutil.Process]:
    """The processes still running (not zombies) after up to ``timeout`` seconds."""
    alive = [p for p in processes if _running(p)]
    deadline = time.monotonic() + timeout
    while alive and time.monotonic() < deadline:
        time.sleep(0.05)
        alive = [p for p in alive if _running(p)]
    return alive


def _signal_groups(group_ids: Sequence[int], signum: int) -> None:
    for pgid in group_ids:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pgid, signum)


def _group(pgid: int) -> list[psutil.Process]:
    members = []
    for process in psutil.process_iter():
        with contextlib.suppress(psutil.Error, OSError):
            if os.getpgid(process.pid) == pgid and _running(process):
                members.append(process)
    return members


def _tree(pid: int, include_root: bool = True) -> list[psutil.Process]:
    try:
        root = psutil.Process(pid)
        return [root, *root.children(recursive=True)] if include_root else root.children(recursive=True)
    except psutil.Error:
        return []


def _running(process: psutil.Process) -> bool:
    try:
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def _reap(process: subprocess.Popen) -> None:
    with contextlib.suppress(ChildProcessError, subprocess.TimeoutExpired):
        process.wait(timeout=1)


def wait_until(predicate, timeout: float, interval: float = 0.5, check=None) -> bool:
    """Poll ``predicate`` until true or ``timeout`` seconds pass, calling ``check`` (may raise) between polls."""
    deadline = time.monotonic() + timeout
    while True:
        if check is not None:
            check()
        if predicate():
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(interval)


class PidFile:
    """Where a running supervisor says who it is and which process groups it leads, for ``make stop``.

    JSON: ``{"pid": …, "started": <its create time>, "groups": {"site": pgid, …}}``; the create time
    tells a live supervisor from an unrelated process that reused its pid.
    """

    def __init__(self, path: Path):
        self.path = Path(path)

    def write(self, groups: Mapping[str, int]) -> None:
        me = psutil.Process()
        record = {"pid": me.pid, "started": me.create_time(), "groups": dict(groups)}
        temporary = self.path.with_suffix(".tmp")
        temporary.write_text(json.dumps(record) + "\n")
        temporary.replace(self.path)

    def read(self) -> dict | None:
        try:
            return json.loads(self.path.read_text())
        except (OSError, ValueError):
            return None

    def remove(self) -> None:
        self.path.unlink(missing_ok=True)

    def running_supervisor(self) -> psutil.Process | None:
        """The supervisor the file names, if it is still running."""
        record = self.read()
        if not record:
            return None
        try:
            process = psutil.Process(record["pid"])
            if abs(process.create_time() - record["started"]) < 1 and _running(process):
                return process
        except (psutil.Error, KeyError, TypeError):
            pass
        return None

    def stop(self, grace: float = 10.0) -> str:
        """Stop the supervisor the file names and everything it started; say what was done."""
        record = self.read()
        if record is None:
            return f"nothing to stop: no {self.path}"
        groups = [int(pgid) for pgid in record.get("groups", {}).values()]
        supervisor = self.running_supervisor()
        if supervisor is not None:
            supervisor.terminate()  # it stops its services itself, then exits
            try:
                supervisor.wait(timeout=grace + 30)
                message = f"stopped make run (pid {supervisor.pid})"
            except psutil.TimeoutExpired:
                supervisor.kill()
                message = f"make run (pid {supervisor.pid}) did not stop in time: killed"
        else:
            message = "make run had already ended"
        killed = stop_processes(groups, [], grace)
        self.remove()
        return message + (f"; killed {len(killed)} leftover process(es)" if killed else "")
