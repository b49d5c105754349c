"""The supervisor behind `make run` and `make stop`: every process it starts is gone after a stop."""

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import psutil
import pytest

from watchb.management.supervisor import PidFile, ServiceFailed, Supervisor, wait_until

PYTHON = sys.executable

# A service that starts a child in its own process group (as Airflow runs a task) and one that
# ignores SIGTERM, and writes their pids where the test can find them.
STUBBORN_SERVICE = textwrap.dedent(
    """
    import os, signal, subprocess, sys, time
    escaped = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"], process_group=0)
    deaf = subprocess.Popen(
        [sys.executable, "-c", "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(600)"]
    )
    with open(sys.argv[1], "w") as pids:
        pids.write(f"{escaped.pid} {deaf.pid}")
    time.sleep(600)
    """
)


def gone(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


def start_stubborn(supervisor, tmp_path, name="stubborn") -> list[int]:
    pids_file = tmp_path / f"{name}.pids"
    service = supervisor.start(name, [PYTHON, "-c", STUBBORN_SERVICE, str(pids_file)])
    assert wait_until(lambda: pids_file.exists() and pids_file.read_text(), timeout=20, interval=0.1)
    return [service.pid, *map(int, pids_file.read_text().split())]


def test_stop_ends_the_group_a_child_that_left_it_and_one_that_ignores_sigterm(tmp_path):
    supervisor = Supervisor(tmp_path / "logs", grace=1)
    pids = start_stubborn(supervisor, tmp_path)
    assert os.getpgid(pids[1]) != os.getpgid(pids[0]), "the escaped child runs in a group of its own"

    supervisor.stop()

    assert [pid for pid in pids if not gone(pid)] == []
    assert supervisor.services == {}


def test_each_service_leads_its_own_process_group_and_logs_to_its_file(tmp_path):
    supervisor = Supervisor(tmp_path / "logs", grace=1)
    try:
        greet = "print('hello from one', flush=True); import time; time.sleep(60)"
        one = supervisor.start("one", [PYTHON, "-c", greet])
        two = supervisor.start("two", [PYTHON, "-c", "import time; time.sleep(60)"])
        assert os.getpgid(one.pid) == one.pid and os.getpgid(two.pid) == two.pid
        assert os.getpgid(one.pid) != os.getpgid(0), "Ctrl-C at the terminal must reach the supervisor only"
        assert supervisor.groups() == {"one": one.pid, "two": two.pid}
        assert wait_until(lambda: "hello from one" in one.log_path.read_text(), timeout=10, interval=0.1)
    finally:
        supervisor.stop()


def test_check_says_which_service_died_and_shows_its_log(tmp_path):
    supervisor = Supervisor(tmp_path / "logs", grace=1)
    try:
        supervisor.start("site", [PYTHON, "-c", "import sys; print('address already in use'); sys.exit(3)"])
        time.sleep(1)
        with pytest.raises(ServiceFailed, match=r"site exited \(code 3\)(.|\n)*address already in use"):
            wait_until(lambda: False, timeout=10, interval=0.1, check=supervisor.check)
    finally:
        supervisor.stop()


def test_a_failing_one_shot_command_raises_with_its_log(tmp_path):
    supervisor = Supervisor(tmp_path / "logs")
    with pytest.raises(ServiceFailed, match=r"migrate failed \(exit 2\)(.|\n)*no such table"):
        supervisor.run("migrate", [PYTHON, "-c", "import sys; print('no such table'); sys.exit(2)"])
    supervisor.run("ok", [PYTHON, "-c", "pass"])
    assert supervisor.services == {}


def test_memory_counts_each_service_with_its_children(tmp_path):
    supervisor = Supervisor(tmp_path / "logs", grace=1)
    try:
        start_stubborn(supervisor, tmp_path)
        usage = supervisor.memory()
        assert set(usage) == {"stubborn"}
        assert 5 * 2**20 < usage["stubborn"] < 500 * 2**20, "three small Pythons"
    finally:
        supervisor.stop()


SUPERVISOR_SCRIPT = textwrap.dedent(
    """
    import signal, sys, time
    from pathlib import Path
    from watchb.management.supervisor import PidFile, Supervisor

    class Stop(Exception):
        pass

    def stop(signum, frame):
        raise Stop

    signal.signal(signal.SIGTERM, stop)
    folder = Path(sys.argv[1])
    supervisor, pid_file = Supervisor(folder / "logs", grace=1), PidFile(folder / "run.pid")
    try:
        supervisor.start("a", [sys.executable, "-c", "import time; time.sleep(600)"])
        supervisor.start("b", [sys.executable, "-c", "import time; time.sleep(600)"])
        pid_file.write(supervisor.groups())
        while True:
            time.sleep(0.1)
    except Stop:
        pass
    finally:
        supervisor.stop()
        pid_file.remove()
    """
)


def run_supervisor_elsewhere(tmp_path) -> tuple[subprocess.Popen, dict]:
    """A supervisor in another process, as `make run` is to `make stop`, and its pid file once written."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(Path("src").resolve()), os.environ.get("PYTHONPATH", "")])}
    process = subprocess.Popen([PYTHON, "-c", SUPERVISOR_SCRIPT, str(tmp_path)], env=env)
    pid_file = tmp_path / "run.pid"
    assert wait_until(lambda: pid_file.exists() and len(json.loads(pid_file.read_text())["groups"]) == 2, timeout=20)
    return process, json.loads(pid_file.read_text())


def test_pid_file_stop_ends_a_supervisor_in_another_process_and_all_it_started(tmp_path):
    process, record = run_supervisor_elsewhere(tmp_path)
    services = list(record["groups"].values())

    message = PidFile(tmp_path / "run.pid").stop(grace=2)

    assert message.startswith(f"stopped make run (pid {process.pid})")
    assert process.wait(timeout=5) is not None
    assert [pid for pid in [process.pid, *services] if not gone(pid)] == []
    assert not (tmp_path / "run.pid").exists()


def test_pid_file_stop_cleans_up_after_a_supervisor_that_was_killed(tmp_path):
    process, record = run_supervisor_elsewhere(tmp_path)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=5)
    services = list(record["groups"].values())
    assert not any(gone(pid) for pid in services), "its services outlive a SIGKILLed supervisor"

    message = PidFile(tmp_path / "run.pid").stop(grace=2)

    assert message.startswith("make run had already ended; killed") or message == "make run had already ended"
    assert [pid for pid in services if not gone(pid)] == []


def test_pid_file_stop_with_nothing_running(tmp_path):
    assert PidFile(tmp_path / "run.pid").stop() == f"nothing to stop: no {tmp_path / 'run.pid'}"


def test_a_reused_pid_is_not_taken_for_the_supervisor(tmp_path):
    pid_file = PidFile(tmp_path / "run.pid")
    pid_file.write({})
    assert pid_file.running_supervisor().pid == os.getpid()
    record = json.loads(pid_file.path.read_text())
    pid_file.path.write_text(json.dumps({**record, "started": record["started"] - 3600}))
    assert pid_file.running_supervisor() is None
