"""The course in a notebook: the notebook `kerascourse notebook` writes, run by a real Jupyter kernel.

The kernel tests execute generated notebooks with nbclient and this environment's
ipykernel, so they go through everything a learner's notebook does: `%load_ext
kerascourse` (the library's hook, then the entry point), `%%exercise` writing the
workspace's files, and grading in the isolated child process. Each grading run
starts a Python that imports TensorFlow, so the notebooks grade as few times as
they can (a whole chapter once with `%grade`, rather than ten `check()` calls).
"""

from __future__ import annotations

import base64
import json
import subprocess
import sys
from pathlib import Path

import pytest

from grader.notebook import build_notebook, install_spec, write_notebook

nbformat = pytest.importorskip("nbformat")


# ----------------------------------------------------------------------------- helpers

def _cells(nb, role=None, exercise=None):
    found = []
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("kerascourse", {})
        if (role is None or meta.get("role") == role) and (exercise is None or meta.get("exercise") == exercise):
            found.append(cell)
    return found


def _execute(nb, workspace: Path, timeout: int = 600):
    """Run every cell in a fresh kernel of this interpreter, with the workspace as its folder."""
    pytest.importorskip("ipykernel")
    nbclient = pytest.importorskip("nbclient")
    probe = nbformat.v4.new_code_cell("import sys; print(sys.prefix)")
    nb.cells.insert(0, probe)
    client = nbclient.NotebookClient(nb, kernel_name="python3", timeout=timeout,
                                     resources={"metadata": {"path": str(workspace)}})
    client.execute()
    kernel_prefix = "".join(o.get("text", "") for o in probe.outputs).strip()
    assert Path(kernel_prefix).resolve() == Path(sys.prefix).resolve(), "the kernel is not this environment's"
    return nb


def _text(cell) -> str:
    """Everything a cell showed, as plain text (the report's text/plain twin, streams, errors)."""
    parts = []
    for out in cell.get("outputs", []):
        if out.output_type == "stream":
            parts.append(out.text)
        elif out.output_type == "error":
            parts.append(f"{out.ename}: {out.evalue}")
        else:
            parts.append(out.get("data", {}).get("text/plain", ""))
    return "\n".join(parts)


def _code(source: str):
    return nbformat.v4.new_code_cell(source)


# ----------------------------------------------------------------------------- writing the notebook

def test_the_notebook_command_writes_the_lesson_and_a_cell_per_exercise(run_cli, tmp_path, course):
    ws = tmp_path / "ws"
    code, out, _ = run_cli("notebook", "ch1", "--workspace", ws)
    assert code == 0, out
    path = ws / "ch1.ipynb"
    assert path.is_file() and "Wrote" in out
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    chapter = course.chapter("ch1")
    lesson = chapter.lesson_path.read_text(encoding="utf-8")
    markdown = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    for line in lesson.splitlines():
        if line.startswith("## "):
            assert line in markdown, f"the lesson's section {line!r} is missing"
    assert nb.cells[0].source.startswith("# Chapter 1")
    setup = _cells(nb, role="setup")
    assert len(setup) == 1 and "%load_ext kerascourse" in setup[0].source and "%pip install" in setup[0].source
    assert nb.cells.index(setup[0]) < nb.cells.index(_cells(nb, role="exercise")[0])
    order = []
    for ex in chapter.exercises:
        (cell,) = _cells(nb, role="exercise", exercise=ex.id)
        assert cell.source == f"%%exercise {ex.id}\n" + ex.stub_path.read_text(encoding="utf-8").rstrip("\n")
        (check,) = _cells(nb, role="check", exercise=ex.id)
        assert check.source == f'check("{ex.id}")'
        assert nb.cells.index(check) == nb.cells.index(cell) + 1
        order.append(nb.cells.index(cell))
    assert order == sorted(order), "exercises come in the chapter's order, each after its lesson section"
    assert nb.cells[-1].source == "%grade ch1"
    # The workspace is a workspace: `kerascourse list` and `grade` work there as usual.
    assert (ws / ".kerascourse.toml").is_file() and len(list((ws / "ch1").glob("*.py"))) == len(chapter.exercises)


def test_the_notebook_command_never_overwrites_and_shows_the_learners_files(run_cli, tmp_path, course):
    ws = tmp_path / "ws"
    run_cli("init", ws)
    mine = ws / "ch1" / "one_hot.py"
    mine.write_text("def one_hot(labels, num_classes=None):\n    return 'mine'\n")
    code, out, _ = run_cli("notebook", "ch1", cwd=ws)
    assert code == 0
    path = ws / "ch1.ipynb"
    (cell,) = _cells(nbformat.read(path, as_version=4), role="exercise", exercise="ch1.one_hot")
    assert cell.source == "%%exercise ch1.one_hot\n" + mine.read_text().rstrip("\n")
    path.write_text(path.read_text() + " ", encoding="utf-8")          # the learner's notebook, with its outputs
    before = path.read_bytes()
    code, out, _ = run_cli("notebook", "ch1", "--workspace", ws)
    assert code == 0 and "already exists" in out.replace("\n", " ")
    assert path.read_bytes() == before
    assert mine.read_text().endswith("return 'mine'\n")


def test_the_notebook_command_needs_a_workspace(run_cli, tmp_path):
    code, _, err = run_cli("notebook", "ch1", cwd=tmp_path)
    assert code == 2 and "kerascourse init" in err
    code, _, err = run_cli("notebook", "ch99", "--workspace", tmp_path / "ws")
    assert code == 2 and "no chapter 'ch99'" in err and not (tmp_path / "ws").exists()


def test_lesson_pictures_travel_inside_the_notebook(course, tmp_path):
    chapter = course.chapter("ch3")
    nb = nbformat.from_dict(build_notebook(chapter, None, install="kerascourse[notebook]"))
    nbformat.validate(nb)
    markdown = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert "](images/" not in markdown, "a picture still points at a file the notebook does not carry"
    uris = [part.split(")")[0] for part in markdown.split("](data:image/png;base64,")[1:]]
    assert len(uris) == markdown.count("data:image/png;base64,") >= 4
    assert base64.b64decode(uris[0])[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_first_cell_installs_what_this_package_was_installed_from(monkeypatch):
    from importlib import metadata

    class Dist:
        def __init__(self, data):
            self.data = data

        def read_text(self, name):
            return json.dumps(self.data) if name == "direct_url.json" else None

    git = {"url": "https://github.com/someone/kerascourse", "vcs_info": {"vcs": "git", "commit_id": "abc123"}}
    monkeypatch.setattr(metadata, "distribution", lambda name: Dist(git))
    assert install_spec() == "kerascourse[notebook] @ git+https://github.com/someone/kerascourse@abc123"
    monkeypatch.setattr(metadata, "distribution", lambda name: Dist({"url": "file:///home/me/kerascourse",
                                                                     "dir_info": {"editable": True}}))
    assert install_spec() == "kerascourse[notebook]"


def test_import_kerascourse_stays_light_and_loads_the_extension_by_entry_point(monkeypatch):
    code = ("import sys, kerascourse\n"
            "print('HEAVY', [m for m in ('tensorflow', 'keras', 'grader', 'IPython') if m in sys.modules])\n"
            "print('HOOK', callable(kerascourse.load_ipython_extension))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert "HEAVY []" in out.stdout and "HOOK True" in out.stdout, out.stdout + out.stderr[-2000:]

    import importlib.metadata

    import kerascourse
    monkeypatch.setattr(importlib.metadata, "entry_points", lambda **kw: [])
    with pytest.raises(ImportError, match=r"kerascourse\[notebook\]"):
        kerascourse.load_ipython_extension(object())


def test_the_notebook_command_never_imports_tensorflow(tmp_path):
    code = ("import sys\nfrom grader.cli import main\n"
            f"main(['notebook', 'ch1', '--workspace', {str(tmp_path / 'ws')!r}])\n"
            "print('HEAVY', [m for m in ('tensorflow', 'keras', 'IPython') if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert "HEAVY []" in out.stdout, out.stdout[-500:] + out.stderr[-2000:]
    assert (tmp_path / "ws" / "ch1.ipynb").is_file()


# ----------------------------------------------------------------------------- in a real kernel

@pytest.mark.slow
def test_a_notebook_of_solutions_passes_and_list_sees_it(run_cli, tmp_path, course):
    chapter = course.chapter("ch1")
    ws = tmp_path / "ws"
    report = write_notebook(chapter, ws, course, install="kerascourse[notebook]")
    nb = nbformat.read(report.path, as_version=4)
    for ex in chapter.exercises:
        (cell,) = _cells(nb, role="exercise", exercise=ex.id)
        cell.source = f"%%exercise {ex.id}\n" + ex.solution_path.read_text(encoding="utf-8")
        nb.cells.remove(_cells(nb, role="check", exercise=ex.id)[0])   # one %grade for all: one grading process
    nb.cells.append(_code('lesson("ch1", "encoding")'))
    nb.cells.append(_code("one_hot([0, 2], num_classes=3).tolist()"))  # the cell ran in the kernel too
    _execute(nb, ws)
    for ex in chapter.exercises:
        assert (ws / "ch1" / ex.filename).read_text() == ex.solution_path.read_text()
    (grade_cell,) = _cells(nb, role="grade")
    out = _text(grade_cell)
    assert "10/10 exercises passed" in out and "All green" in out, out
    html = grade_cell.outputs[-1]["data"]["text/html"]
    assert "<pre" in html and "passed" in html and "<html" not in html
    assert "[[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]]" in _text(nb.cells[-1])
    assert "All green" in out and 'notebook("ch2")' in out
    shown = nb.cells[-2].outputs[0]["data"]["text/markdown"]
    assert shown.startswith("## Encoding labels") and "## Scaling" not in shown
    code, out, _ = run_cli("list", "ch1", "--workspace", ws)
    assert code == 0 and "10/10 passed" in out


@pytest.mark.slow
def test_stubs_loops_and_crashes_in_a_notebook(tmp_path, course):
    """Stubs are not attempted; an endless loop times out and os._exit is an error, and the kernel lives on."""
    chapter = course.chapter("ch1")
    ws = tmp_path / "ws"
    report = write_notebook(chapter, ws, course, install="kerascourse[notebook]")
    mine = ws / "ch1" / "one_hot.py"
    mine.write_text("# written in an editor, then the notebook's old cell is run\n")
    nb = nbformat.read(report.path, as_version=4)
    for check in _cells(nb, role="check"):
        nb.cells.remove(check)
    (one_hot_cell,) = _cells(nb, role="exercise", exercise="ch1.one_hot")
    one_hot_cell.source = "%%exercise ch1.one_hot\n" + course.exercise("ch1.one_hot").stub_path.read_text()
    steps = {
        "pid": _code("import os; print('PID', os.getpid())"),
        "hint": _code('hint("ch1.one_hot")'),
        "loop": _code("%%exercise ch1.one_hot\ndef one_hot(labels, num_classes=None):\n    while True:\n        pass\n"),
        "loop-check": _code('check("ch1.one_hot", timeout=3)'),
        "exit": _code("%%exercise ch1.one_hot\nimport os\n\ndef one_hot(labels, num_classes=None):\n    os._exit(3)\n"),
        "exit-check": _code('check("ch1.one_hot")'),
        "broken": _code("%%exercise ch1.min_max\nimport no_such_module_anywhere\n"),
        "fixed": _code("%%exercise ch1.one_hot\n" + course.exercise("ch1.one_hot").solution_path.read_text()),
        "fixed-check": _code('check("ch1.one_hot")'),
        "same-kernel": _code("print('PID', os.getpid()); print(one_hot([1], num_classes=2).tolist())"),
    }
    nb.cells.extend(steps.values())
    _execute(nb, ws)

    (grade_cell,) = _cells(nb, role="grade")
    out = _text(grade_cell)
    assert out.count("not attempted") == len(chapter.exercises) and "0/10 exercises passed" in out, out
    assert "still the stub" in out
    assert "timed out" in _text(steps["loop-check"]) and "still running after 3 s" in _text(steps["loop-check"])
    assert "! error" in _text(steps["exit-check"]) and "os._exit()" in _text(steps["exit-check"])
    assert "ModuleNotFoundError" in _text(steps["broken"])          # shown in its cell; the next cells still ran
    assert "✔ passed" in _text(steps["fixed-check"]), _text(steps["fixed-check"])
    pids = [line for cell in (steps["pid"], steps["same-kernel"]) for line in _text(cell).splitlines()
            if line.startswith("PID")]
    assert len(pids) == 2 and pids[0] == pids[1], "the kernel was restarted"
    assert "[[0.0, 1.0]]" in _text(steps["same-kernel"])
    assert "Hint 1/3" in _text(steps["hint"])
    assert json.loads((ws / ".kerascourse" / "hints.json").read_text()) == {"ch1.one_hot": 1}   # as the CLI's
    # Every version the magic replaced is in a backup: the editor's, the endless loop, the os._exit one.
    backups = [p.read_text() for p in sorted((ws / ".kerascourse" / "backups" / "ch1").glob("one_hot.*.py"))]
    assert any("written in an editor" in b for b in backups)
    assert any("while True" in b for b in backups) and any("os._exit(3)" in b for b in backups)
    assert "Saved ch1/one_hot.py; the version it replaced is kept in .kerascourse/backups/ch1/" in \
        _text(steps["exit"]).replace("\n", "")
    assert mine.read_text() == course.exercise("ch1.one_hot").solution_path.read_text()
    results = json.loads((ws / ".kerascourse" / "results.json").read_text())
    assert results["ch1.one_hot"]["status"] == "passed"
