"""Course packs are plugins: a third-party pack is listed, initialised, graded and hinted like the core.

Packs are "installed" the way pip does it, minus the copying: a ``.dist-info``
folder with an ``entry_points.txt`` on the path of the process under test.
"""

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

PACKS = Path(__file__).parent / "packs"


def _install(site: Path, name: str, entry_points: str) -> None:
    info = site / f"{name}-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(textwrap.dedent(entry_points))


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A folder on PYTHONPATH holding the example and probe packs, and one broken pack."""
    site = tmp_path_factory.mktemp("site")
    for folder, package, name in (("example_pack", "kerascourse_example", "example"),
                                  ("probe_pack", "kerascourse_probe", "probe")):
        (site / package).symlink_to(PACKS / folder / package)
        _install(site, f"kerascourse_{name}", f"[kerascourse.packs]\n{name} = {package}:PACK\n")
    (site / "kerascourse_broken.py").write_text("raise ImportError('this pack is broken on purpose')\n")
    _install(site, "kerascourse_broken", "[kerascourse.packs]\nbroken = kerascourse_broken:PACK\n")
    return site


def kc(site, *args, cwd=None, timeout=600):
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), os.environ.get("PYTHONPATH", "")]),
           "NO_COLOR": "1", "COLUMNS": "120"}
    return subprocess.run([sys.executable, "-m", "grader.cli", *map(str, args)], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=timeout)


def test_list_shows_packs_and_reports_the_broken_one(site):
    proc = kc(site, "list")
    assert proc.returncode == 0, proc.stderr
    assert "ch1 · Tensors and data preparation" in proc.stdout          # the core still works
    assert "example:ch1 · Losses by hand" in proc.stdout
    assert "Pack broken is broken" in proc.stdout and "broken on purpose" in proc.stdout


def test_doctor_reports_the_broken_pack(site):
    proc = kc(site, "doctor")
    assert proc.returncode == 1
    assert "pack example" in proc.stdout and "broken on purpose" in proc.stdout


def test_round_trip(site, tmp_path):
    ws = tmp_path / "ws"
    assert kc(site, "init", ws).returncode == 0
    assert (ws / "example" / "ch1" / "mse.py").is_file() and (ws / "ch1" / "one_hot.py").is_file()
    hint = kc(site, "hint", "example:ch1.mse", cwd=ws)
    assert hint.returncode == 0 and "Square the differences" in hint.stdout
    lesson = kc(site, "lesson", "example:ch1", "--section", "clipping", "--no-pager")
    assert "log(0)" in lesson.stdout
    # The chapter mixes isolation = "process" (mse) and "inline" (binary_crossentropy): two children.
    solutions = kc(site, "grade", "example:ch1", "--solutions", "--device", "cpu")
    assert solutions.returncode == 0, solutions.stdout + solutions.stderr
    stubs = kc(site, "grade", "example:ch1", "--device", "cpu", "--json", tmp_path / "r.json", cwd=ws)
    assert stubs.returncode == 1
    data = json.loads((tmp_path / "r.json").read_text())
    assert data["chapter"] == "example:ch1"
    assert [(e["id"], e["status"]) for e in data["exercises"]] == [
        ("example:ch1.mse", "not attempted"), ("example:ch1.binary_crossentropy", "not attempted")]


def test_plain_pytest_grades_a_chapter(site):
    """`pytest --kerascourse-chapter` works without the kerascourse command, with the same report."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), os.environ.get("PYTHONPATH", "")]),
           "NO_COLOR": "1", "COLUMNS": "120"}
    proc = subprocess.run([sys.executable, "-m", "pytest", "-p", "grader.plugin", "--kerascourse-chapter",
                           "example:ch1", "--kerascourse-solutions", "-q", "-p", "no:cacheprovider"],
                          env={**env, "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}, capture_output=True, text=True,
                          cwd=PACKS, timeout=600)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert "2/2 exercises passed" in proc.stdout


def test_global_state_does_not_leak_between_exercises(site, tmp_path):
    ws = tmp_path / "ws"
    kc(site, "init", ws)
    (ws / "probe" / "ch1" / "first.py").write_text(textwrap.dedent(f'''
        import os
        import keras
        import numpy as np

        def value():
            os.chdir({str(tmp_path)!r})
            np.set_printoptions(precision=2)
            keras.config.set_floatx("float16")
            np.random.seed(123)
            return 1
    '''))
    (ws / "probe" / "ch1" / "second.py").write_text("def value():\n    return 2\n")
    proc = kc(site, "grade", "probe:ch1", "--device", "cpu", "--json", tmp_path / "r.json", cwd=ws)
    data = json.loads((tmp_path / "r.json").read_text())
    assert [e["status"] for e in data["exercises"]] == ["passed", "passed"], proc.stdout
