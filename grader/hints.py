"""Hints: from gentle to explicit, one more each time the learner asks.

A workspace remembers how many hints of each exercise were shown
(``.kerascourse/hints.json``), so ``kerascourse hint ch2.naive_dense`` asked
twice gives hint 1, then hint 2. The repository's own ``exercises/`` folder keeps
no such state. Reading hints never imports TensorFlow.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from grader.course import CourseError, Exercise
from grader.files import atomic_write
from grader.workspace import STATE_DIR, is_checkout_exercises

HINTS_FILE = "hints.json"


@dataclass(frozen=True)
class Hint:
    exercise: Exercise
    number: int        # counted from 1
    text: str

    @property
    def total(self) -> int:
        return len(self.exercise.hints)

    @property
    def is_last(self) -> bool:
        return self.number >= self.total


def _seen_file(workspace: Path | None) -> Path | None:
    if workspace is None or is_checkout_exercises(workspace):
        return None
    return Path(workspace) / STATE_DIR / HINTS_FILE


def hints_seen(workspace: Path | None) -> dict[str, int]:
    """``{"ch2.naive_dense": 2}``: the highest hint shown per exercise in this workspace."""
    path = _seen_file(workspace)
    if path is None:
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {k: v for k, v in data.items() if isinstance(k, str) and isinstance(v, int)}


def take_hint(exercise: Exercise, workspace: Path | None, number: int | None = None) -> Hint | None:
    """The next hint of ``exercise`` (or hint ``number``), remembered as seen; None if it has none.

    Raises CourseError when ``number`` is out of range.
    """
    if not exercise.hints:
        return None
    total = len(exercise.hints)
    seen = hints_seen(workspace)
    if number is None:
        number = min(seen.get(exercise.id, 0) + 1, total)
    elif not 1 <= number <= total:
        raise CourseError(f"{exercise.id} has {total} hint(s): ask for 1 to {total}.")
    path = _seen_file(workspace)
    if path is not None:
        seen[exercise.id] = max(seen.get(exercise.id, 0), number)
        try:
            atomic_write(path, json.dumps(seen, indent=1, sort_keys=True))
        except OSError:
            pass  # a read-only workspace still gets its hint
    return Hint(exercise, number, exercise.hints[number - 1])


def render_hint(console, exercise: Exercise, hint: Hint | None, *, again: str = "`kerascourse hint {id}`",
                lesson: str = "`kerascourse lesson {chapter}`") -> None:
    """Print a hint (or the goal, for an exercise without hints) on a rich console.

    ``again`` and ``lesson`` say how to ask for the next hint and the lesson where the learner is
    (a terminal by default; a notebook passes ``hint("{id}")`` and ``lesson("{chapter}")``).
    """
    from rich.markup import escape

    if hint is None:
        console.print(f"{escape(exercise.id)} has no hints. Its goal: {escape(exercise.goal)}")
        return
    console.print(f"[bold]{escape(exercise.id)}[/] · {escape(exercise.title)}")
    console.print(f"[dim]Goal: {escape(exercise.goal)}[/]")
    console.print(f"\n[bold]Hint {hint.number}/{hint.total}:[/] {escape(hint.text)}")
    if not hint.is_last:
        console.print(f"\n[dim]Still stuck? {escape(again.format(id=exercise.id))} again for hint "
                      f"{hint.number + 1}.[/]")
    else:
        console.print(f"\n[dim]That was the last hint. The lesson has more: "
                      f"{escape(lesson.format(chapter=exercise.chapter.id))}.[/]")
