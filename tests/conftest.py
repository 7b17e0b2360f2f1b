"""Shared fixtures for the project's own tests.

Grading spawns a Python process that imports TensorFlow (several seconds), so a
test that checks wrong answers should put all of them into one workspace and
grade it once::

    def test_mistakes(make_workspace, grade):
        ws = make_workspace("ch1", {"one_hot": WRONG_ONE_HOT, "min_max": WRONG_MIN_MAX})
        result = grade("ch1", ws, exercises=["one_hot", "min_max"])
        assert result.exercise("one_hot").status == "failed"
"""

from __future__ import annotations

import os
import shutil
import textwrap
from pathlib import Path

import pytest

# tests/packs/ holds example course packs; their grader checks run only when a pack is graded.
collect_ignore = ["packs"]

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")

from grader.course import Course  # noqa: E402
from grader.workspace import init_workspace  # noqa: E402


@pytest.fixture(scope="session")
def course() -> Course:
    return Course.load()


def build_workspace(ws: Path, course: Course, chapter_id: str, replacements: dict[str, str] | None = None,
                    base: str = "solutions") -> Path:
    """A workspace at ``ws``: every file from the solutions (or the stubs), with some replaced.

    Sources are dedented, so triple-quoted strings are fine.
    """
    chapter = course.chapter(chapter_id)
    init_workspace(ws, course, chapters=[chapter])
    target_dir = ws / chapter.relative_dir
    if base == "solutions":
        for exercise in chapter.exercises:
            shutil.copyfile(exercise.solution_path, target_dir / exercise.filename)
    for name, source in (replacements or {}).items():
        chapter.exercise(name)  # a typo in a test's exercise name should fail loudly
        (target_dir / f"{name}.py").write_text(textwrap.dedent(source), encoding="utf-8")
    return ws


def grade_mistakes(ws: Path, course: Course, chapter_id: str, mistakes: dict[str, str], **options) -> "_Graded":
    """Build a workspace of the solutions with ``mistakes`` swapped in, and grade it once, in a child process."""
    from grader.runner import GradeOptions, grade_chapter

    build_workspace(ws, course, chapter_id, mistakes)
    options.setdefault("device", "cpu")
    return _Graded(grade_chapter(course.chapter(chapter_id), GradeOptions(workspace=ws, **options)))


def assert_named(graded: "_Graded", name: str, status: str, phrase: str) -> None:
    """The exercise ended with ``status`` and its message contains ``phrase`` (and no traceback)."""
    ex = graded.exercise(name)
    assert ex.status == status, (name, ex.status, ex.message)
    assert phrase in ex.message, (name, ex.message)
    assert "Traceback" not in ex.message


@pytest.fixture
def make_workspace(tmp_path, course):
    """``make_workspace("ch1", {"one_hot": "source code"}, base="solutions")`` returns a new workspace folder."""
    counter = {"n": 0}

    def factory(chapter_id: str, replacements: dict[str, str] | None = None, base: str = "solutions") -> Path:
        counter["n"] += 1
        return build_workspace(tmp_path / f"ws{counter['n']}", course, chapter_id, replacements, base)

    return factory


class _Graded:
    """A ChapterResult with a lookup by exercise name."""

    def __init__(self, result):
        self.result = result

    def __getattr__(self, name):
        return getattr(self.result, name)

    def exercise(self, name: str):
        for ex in self.result.exercises:
            if ex.name == name:
                return ex
        raise KeyError(f"{name} was not graded; graded: {[e.name for e in self.result.exercises]}")

    def statuses(self) -> dict[str, str]:
        return {ex.name: ex.status for ex in self.result.exercises}


@pytest.fixture
def grade(course):
    """Grade a chapter in a child process, exactly as `kerascourse grade` does."""
    from grader.runner import GradeOptions, grade_chapter

    def run(chapter_id: str, workspace: Path | None = None, *, exercises=None, timeout=None,
            memory_limit_gb=6.0, device="cpu") -> _Graded:
        options = GradeOptions(solutions=workspace is None, workspace=workspace, exercises=exercises,
                               device=device, timeout=timeout, memory_limit_gb=memory_limit_gb)
        return _Graded(grade_chapter(course.chapter(chapter_id), options))

    return run


@pytest.fixture
def run_cli(monkeypatch, capsys):
    """Run the `kerascourse` command in-process; returns (exit_code, stdout, stderr)."""
    from grader.cli import main

    def run(*args, cwd: Path | None = None):
        if cwd is not None:
            monkeypatch.chdir(cwd)
        monkeypatch.setenv("COLUMNS", "200")
        code = main([str(a) for a in args])
        out, err = capsys.readouterr()
        return code, out, err

    return run
