"""A class graded on the farms instructors use: a Gradescope bundle run the way Gradescope runs it, and a
GitHub Classroom workflow whose steps run here as Actions would run them.

Gradescope unzips the autograder into /autograder/source, runs setup.sh once (it installs the bundled
wheel: here the wheel is unzipped onto PYTHONPATH instead, pip-free and offline), puts each submission in
/autograder/submission and runs /autograder/source/run_autograder, which must write
/autograder/results/results.json. The folder below is laid out the same way.
"""

import json
import os
import shutil
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

from grader.course import Course

CH1 = Course.load().chapter("ch1")

WRONG_MIN_MAX = '''
import numpy as np

def min_max_scale(train, test):
    both = np.concatenate([train, test])      # the test set leaks into the statistics
    low, high = both.min(axis=0), both.max(axis=0)
    return (train - low) / (high - low), (test - low) / (high - low)
'''

# Looks for the reference solutions where an installed package would keep them.
READS_SOLUTIONS = '''
from pathlib import Path
import grader

_folder = Path(grader.__file__).parent / "_course" / "solutions" / "ch1"
exec((_folder / "scale_pixels.py").read_text())
'''


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    from grader.cli import main

    out = tmp_path_factory.mktemp("bundle") / "autograder.zip"
    assert main(["autograder", "gradescope", "ch1", "-o", str(out)]) == 0
    return out


def test_the_bundle_holds_what_gradescope_runs_and_no_solutions(bundle, tmp_path):
    archive = zipfile.ZipFile(bundle)
    names = set(archive.namelist())
    assert {"setup.sh", "run_autograder", "kerascourse-autograder.json"} <= names
    for script in ("setup.sh", "run_autograder"):
        assert (archive.getinfo(script).external_attr >> 16) & stat.S_IXUSR, f"{script} is not executable"
        (tmp_path / script).write_bytes(archive.read(script))
        assert subprocess.run(["bash", "-n", str(tmp_path / script)]).returncode == 0
    wheels = [n for n in names if n.endswith(".whl")]
    assert len(wheels) == 1 and wheels[0] in archive.read("setup.sh").decode()
    (tmp_path / wheels[0]).write_bytes(archive.read(wheels[0]))
    inside = zipfile.ZipFile(tmp_path / wheels[0]).namelist()
    assert "grader/_course/exercises/ch1/one_hot.py" in inside and "grader/ch1/test_one_hot.py" in inside
    assert "kerascourse/preprocessing.py" in inside
    assert not [n for n in inside if "solutions" in n.split("/")], "the reference solutions are in the bundle"
    metadata = zipfile.ZipFile(tmp_path / wheels[0]).read("kerascourse-0.1.0.dist-info/METADATA").decode()
    assert "Requires-Dist: tensorflow==" in metadata and "Requires-Dist: keras==" in metadata   # pinned
    assert json.loads(archive.read("kerascourse-autograder.json"))["chapter"] == "ch1"


def _gradescope_machine(bundle: Path, root: Path) -> dict:
    """/autograder laid out as Gradescope does, with the bundle's wheel 'installed' (unzipped)."""
    source = root / "source"
    zipfile.ZipFile(bundle).extractall(source)
    site = root / "site"
    wheel = next(source.glob("*.whl"))
    zipfile.ZipFile(wheel).extractall(site)
    (root / "submission").mkdir(parents=True)
    (root / "results").mkdir()
    env = {**os.environ, "AUTOGRADER_ROOT": str(root), "KERASCOURSE_PYTHON": sys.executable,
           "PYTHONPATH": str(site), "NO_COLOR": "1", "CUDA_VISIBLE_DEVICES": "-1", "TF_CPP_MIN_LOG_LEVEL": "3"}
    return env


def test_run_autograder_grades_a_submission_into_results_json(bundle, tmp_path):
    root = tmp_path / "autograder"
    env = _gradescope_machine(bundle, root)
    submission = root / "submission"
    (submission / "my work" / "ch1").mkdir(parents=True)
    shutil.copyfile(CH1.exercise("one_hot").solution_path, submission / "my work" / "ch1" / "one_hot.py")
    shutil.copyfile(CH1.exercise("slicing").solution_path, submission / "slicing.py")
    (submission / "min_max.py").write_text(WRONG_MIN_MAX)
    (submission / "scale_pixels.py").write_text(READS_SOLUTIONS)
    # A learner who worked in the course's notebook hands in the notebook: its %%exercise cells are graded.
    cell = "%%exercise ch1.multi_hot\n" + CH1.exercise("multi_hot").solution_path.read_text()
    notebook = {"cells": [{"cell_type": "markdown", "source": ["# ch1"], "metadata": {}},
                          {"cell_type": "code", "source": cell.splitlines(keepends=True), "metadata": {},
                           "outputs": [], "execution_count": None}],
                "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    (submission / "ch1.ipynb").write_text(json.dumps(notebook))
    proc = subprocess.run(["bash", str(root / "source" / "run_autograder")], env=env, capture_output=True,
                          text=True, timeout=600, cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    results = json.loads((root / "results" / "results.json").read_text())

    # The shape Gradescope validates: a total, and tests with score, max_score, status, visibility.
    assert set(results) >= {"score", "max_score", "tests", "output"}
    tests = {t["name"].split(" · ")[0]: t for t in results["tests"]}
    assert list(tests) == [ex.id for ex in CH1.exercises]
    for test, ex in zip(results["tests"], CH1.exercises):
        assert test["max_score"] == ex.points and test["visibility"] == ex.visibility
        assert test["status"] in ("passed", "failed") and "\x1b" not in test["output"]
    assert tests["ch1.one_hot"]["status"] == "passed" and tests["ch1.one_hot"]["score"] == CH1.exercise("one_hot").points
    assert tests["ch1.slicing"]["status"] == "passed"
    assert tests["ch1.min_max"]["status"] == "failed" and tests["ch1.min_max"]["score"] < CH1.exercise("min_max").points
    assert "train and test together" in tests["ch1.min_max"]["output"]       # the mistake, named
    assert tests["ch1.scale_pixels"]["status"] == "failed" and tests["ch1.scale_pixels"]["score"] == 0
    assert tests["ch1.multi_hot"]["status"] == "passed" and "ch1.ipynb (ch1.multi_hot cell)" in results["output"]
    assert tests["ch1.label_encoding"]["output"].startswith("not attempted")
    expected = sum(CH1.exercise(n).points for n in ("one_hot", "slicing", "multi_hot")) + tests["ch1.min_max"]["score"]
    assert results["score"] == pytest.approx(expected)
    assert "my work/ch1/one_hot.py" in results["output"] and "No file for ch1.tensor_attributes" in results["output"]


def test_classroom_workflow_runs_its_grading_steps(tmp_path, run_cli):
    repo = tmp_path / "learner-repo"
    assert run_cli("init", repo)[0] == 0
    shutil.copyfile(CH1.exercise("one_hot").solution_path, repo / "ch1" / "one_hot.py")
    code, out, _ = run_cli("autograder", "classroom", "ch1", "-o", repo)
    assert code == 0, out
    workflow_path = repo / ".github" / "workflows" / "kerascourse-ch1.yml"
    workflow = yaml.safe_load(workflow_path.read_text())
    assert run_cli("autograder", "classroom", "ch1", "-o", repo)[0] == 2     # never overwrites unasked
    steps = workflow["jobs"]["grade"]["steps"]
    install = next(s for s in steps if s.get("name", "").startswith("Install"))
    assert "strip-solutions" in install["run"]       # no solutions on the runner while grading
    tests = [s for s in steps if s.get("uses", "").startswith("classroom-resources/autograding-command-grader")]
    assert [s["with"]["test-name"] for s in tests] == [ex.id for ex in CH1.exercises]
    assert sum(s["with"]["max-score"] for s in tests) == sum(ex.points for ex in CH1.exercises)
    reporter = next(s for s in steps if s.get("uses", "").startswith("classroom-resources/autograding-grading-reporter"))
    assert reporter["with"]["runners"].split(",") == [s["id"] for s in tests]
    assert all(f"{s['id'].upper().replace('-', '_')}_RESULTS" in reporter["env"] for s in tests)

    # Run the grading step and each test's command here, in the learner's repository, as Actions would.
    env = {**os.environ, "NO_COLOR": "1", "CUDA_VISIBLE_DEVICES": "-1",
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    grade = next(s for s in steps if s.get("name") == "Grade ch1")
    proc = subprocess.run(["bash", "-c", grade["run"].replace("python ", f"{sys.executable} ")], cwd=repo, env=env,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0 and (repo / "kerascourse-results.json").is_file(), proc.stdout + proc.stderr
    verdicts = {}
    for step in tests:
        command = step["with"]["command"].replace("python ", f"{sys.executable} ", 1)
        verdicts[step["with"]["test-name"]] = subprocess.run(["bash", "-c", command], cwd=repo, env=env,
                                                             capture_output=True, text=True).returncode
    assert verdicts["ch1.one_hot"] == 0
    assert all(code == 1 for name, code in verdicts.items() if name != "ch1.one_hot")


def test_strip_solutions_leaves_a_checkout_alone(capsys):
    from grader.autograder import strip_solutions

    assert strip_solutions() == 1            # this is a checkout: its solutions are the course's source
    assert CH1.exercise("one_hot").solution_path.is_file()
    assert "left alone" in capsys.readouterr().out


TAMPERS = '''
import numpy as np
import grader.checks

# Make every later grading pass: rewrite the grader's own helpers on disk.
with open(grader.checks.__file__, "a") as fh:
    fh.write("\\ndef check(condition, message):\\n    pass\\n")


def one_hot(labels, num_classes=None):
    labels = np.asarray(labels)
    out = np.zeros((len(labels), num_classes or int(labels.max()) + 1), dtype="float32")
    out[np.arange(len(labels)), labels] = 1
    return out
'''


def test_a_submission_that_rewrites_the_grader_is_caught(bundle, tmp_path):
    import grader.checks
    from grader.files import file_digest

    ours = file_digest(grader.checks.__file__)   # the attack must land in the bundle's copy, never here
    root = tmp_path / "autograder"
    env = _gradescope_machine(bundle, root)
    names = [ex.name for ex in CH1.exercises]
    tamperer = names[5]
    for name in names[:5]:
        shutil.copyfile(CH1.exercise(name).solution_path, root / "submission" / f"{name}.py")
    (root / "submission" / f"{tamperer}.py").write_text(TAMPERS)
    proc = subprocess.run(["bash", str(root / "source" / "run_autograder")], env=env, capture_output=True,
                          text=True, timeout=600, cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    results = json.loads((root / "results" / "results.json").read_text())
    tests = {t["name"].split(" · ")[0]: t for t in results["tests"]}
    assert [tests[f"ch1.{n}"]["status"] for n in names[:5]] == ["passed"] * 5, [tests[f"ch1.{n}"]["output"] for n in names[:5]]
    blamed = tests[f"ch1.{tamperer}"]
    assert blamed["status"] == "failed" and blamed["score"] == 0
    assert "the grader's environment was changed by this file" in blamed["output"], blamed["output"]
    assert all(tests[f"ch1.{n}"]["score"] == 0 for n in names[6:])     # nothing after it is trusted
    assert "grading stopped" in results["output"]
    assert file_digest(grader.checks.__file__) == ours
    assert "def check(condition, message):\n    pass" in (root / "site" / "grader" / "checks.py").read_text()
