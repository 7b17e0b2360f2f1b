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


# --- Learner mistakes -------------------------------------------------------------------------------
#
# Each chapter's tests/test_wrong_answers_chN.py lists LEARNER_MISTAKES: hand-written wrong answers a
# beginner plausibly writes (not mutants), at least three per exercise. They are graded in rounds: round
# k holds the k-th mistake of every exercise, so one child process grades a whole round.

from dataclasses import dataclass  # noqa: E402


@dataclass(frozen=True)
class Mistake:
    """A wrong answer to one exercise, and what the grader must say about it.

    Args:
        exercise: the exercise's name (``"naive_dense"``).
        why: the mistake in a few words, as a reviewer would name it (the test's id).
        source: the whole file the learner wrote (dedented before use).
        phrases: words the message must contain (each of them), naming the mistake.
        status: the status it must end with (``"failed"`` for nearly every mistake).
    """

    exercise: str
    why: str
    source: str
    phrases: tuple[str, ...]
    status: str = "failed"

    def __post_init__(self):
        if isinstance(self.phrases, str):
            object.__setattr__(self, "phrases", (self.phrases,))


def mistake_rounds(mistakes: list[Mistake]) -> list[list[Mistake]]:
    """``mistakes`` grouped into rounds with at most one mistake per exercise (round k: each one's k-th)."""
    seen: dict[str, int] = {}
    rounds: list[list[Mistake]] = []
    for mistake in mistakes:
        k = seen.get(mistake.exercise, 0)
        seen[mistake.exercise] = k + 1
        while len(rounds) <= k:
            rounds.append([])
        rounds[k].append(mistake)
    return rounds


def grade_mistake_round(ws: Path, course: Course, chapter_id: str, round_: list[Mistake]) -> None:
    """Grade one round in one child process; every mistake must end as told, its message naming it.

    All the round's problems are reported together, so one run shows every weak check.
    """
    graded = grade_mistakes(ws, course, chapter_id, {m.exercise: m.source for m in round_},
                            exercises=[m.exercise for m in round_])
    problems = []
    for mistake in round_:
        ex = graded.exercise(mistake.exercise)
        label = f"{mistake.exercise} ({mistake.why})"
        if ex.status != mistake.status:
            problems.append(f"{label}: ended {ex.status!r}, expected {mistake.status!r}; message: {ex.message!r}")
            continue
        missing = [p for p in mistake.phrases if p.lower() not in ex.message.lower()]
        if missing:
            problems.append(f"{label}: the message does not say {missing}: {ex.message!r}")
        if "Traceback" in ex.message or "\x1b[" in ex.message:
            problems.append(f"{label}: the message holds a traceback or terminal codes: {ex.message!r}")
    assert not problems, "\n".join(problems)


def round_ids(rounds: list[list[Mistake]]) -> list[str]:
    return [f"round{k + 1}" for k in range(len(rounds))]
