"""Installable like a real package: the wheel carries the course, and grades from a fresh environment."""

import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    proc = subprocess.run([sys.executable, "-m", "build", "--wheel", "--sdist", "--outdir", str(out), str(ROOT)],
                          capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    wheels = list(out.glob("kerascourse-*.whl"))
    assert len(wheels) == 1 and list(out.glob("kerascourse-*.tar.gz"))
    return wheels[0]


def test_wheel_carries_the_course(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in ("grader/cli.py", "grader/plugin.py", "kerascourse/naive/__init__.py",
                     "grader/ch1/chapter.toml", "grader/ch1/lesson.md", "grader/ch1/test_one_hot.py", "grader/_course/exercises/ch1/one_hot.py",
                     "grader/_course/solutions/ch1/one_hot.py"):
        assert required in names, f"{required} is not in the wheel"
    assert not any(n.startswith("kerascourse/") and n.endswith(("cli.py", "packs.py", "workspace.py"))
                   for n in names), "the library's package must not carry the course machinery"
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "kerascourse.packs" in text and "pytest11" in text and "kerascourse = grader.cli:main" in text


@pytest.mark.slow
def test_fresh_environment_grades_an_init_workspace(wheel, tmp_path):
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    py = env_dir / "bin" / "python"
    install = subprocess.run([str(py), "-m", "pip", "install", "--quiet", str(wheel)], capture_output=True,
                             text=True, timeout=1500)
    assert install.returncode == 0, install.stderr[-3000:]
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env.update(NO_COLOR="1", COLUMNS="120", TF_CPP_MIN_LOG_LEVEL="2", PATH=f"{env_dir / 'bin'}:{env['PATH']}")
    kc = str(env_dir / "bin" / "kerascourse")
    # Run from outside the checkout, so nothing of the repository is on the path.
    assert subprocess.run([kc, "init", "ws"], cwd=tmp_path, env=env, capture_output=True).returncode == 0
    graded = subprocess.run([kc, "grade", "ch1", "--device", "cpu"], cwd=tmp_path / "ws", env=env,
                            capture_output=True, text=True, timeout=600)
    assert graded.returncode == 1, graded.stdout + graded.stderr
    assert "0/10 exercises passed" in graded.stdout and graded.stdout.count("not attempted") >= 10
    solutions = subprocess.run([kc, "grade", "ch1", "--solutions", "--device", "cpu"], cwd=tmp_path, env=env,
                               capture_output=True, text=True, timeout=600)
    assert solutions.returncode == 0, solutions.stdout + solutions.stderr
    where = subprocess.run([str(py), "-c", "import grader, kerascourse; print(grader.__file__, kerascourse.__file__)"],
                           cwd=tmp_path, env=env, capture_output=True, text=True).stdout
    assert str(ROOT) not in where and "site-packages" in where
