"""The provider builds as a wheel that installs into a clean virtualenv (offline: no index, no deps)."""

import subprocess
import sys
import venv
import zipfile
from pathlib import Path

PROVIDER = Path(__file__).resolve().parents[3]
PACKAGE = PROVIDER / "src" / "airflow_movielens"


def package_files():
    """Every module of the package as the source tree has it, and its py.typed marker."""
    modules = {f"airflow_movielens/{path.relative_to(PACKAGE).as_posix()}" for path in PACKAGE.rglob("*.py")}
    return modules | {"airflow_movielens/py.typed"}


def run(*args, **kwargs):
    result = subprocess.run([str(a) for a in args], capture_output=True, text=True, **kwargs)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    return result.stdout


def test_the_wheel_builds_and_installs_in_a_clean_venv(tmp_path):
    # The project's venv already has the build backend (the provider's test extra), so no download.
    run(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--quiet",
        "--no-deps",
        "--no-build-isolation",
        "--wheel-dir",
        tmp_path / "dist",
        PROVIDER,
    )
    (wheel,) = (tmp_path / "dist").glob("airflow_movielens-0.1.0-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        entry_points = archive.read("airflow_movielens-0.1.0.dist-info/entry_points.txt").decode()
    expected = package_files()
    assert len(expected) > 20 and "airflow_movielens/hooks/movielens.py" in expected
    assert expected - names == set()  # every module is in the wheel, and the type marker
    assert "[apache_airflow_provider]" in entry_points

    venv.create(tmp_path / "venv", with_pip=False)
    python = tmp_path / "venv" / "bin" / "python"
    run(sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--no-deps", "--no-index", wheel)

    # Airflow is not in the clean venv: the package and its registration must import without it.
    out = run(
        python,
        "-c",
        (
            "import importlib.metadata as md, airflow_movielens;"
            "(ep,) = md.entry_points(group='apache_airflow_provider');"
            "info = ep.load()();"
            "print(airflow_movielens.__version__, info['package-name'], md.version('airflow-movielens'))"
        ),
        cwd=tmp_path,
    )
    assert out.split() == ["0.1.0", "airflow-movielens", "0.1.0"]
    requires = run(python, "-c", "import importlib.metadata as md; print(md.requires('airflow-movielens'))")
    assert "apache-airflow>=3.0.0" in requires
