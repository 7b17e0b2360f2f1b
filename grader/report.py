"""The grading report a learner reads: a rich table, a score line, the next step.

It stays readable without colour: rich drops colour when ``NO_COLOR`` is set or
the output is not a terminal, and every status has a word, not just a colour.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from grader.results import ERROR, FAILED, NOT_ATTEMPTED, PASSED, TIMED_OUT, ChapterResult

STYLE = {PASSED: "green", FAILED: "red", NOT_ATTEMPTED: "dim", ERROR: "bold red", TIMED_OUT: "yellow"}
MARK = {PASSED: "✔", FAILED: "✘", NOT_ATTEMPTED: "·", ERROR: "!", TIMED_OUT: "⏱"}


@dataclass(frozen=True)
class Phrasing:
    """How the report words the next step: commands in a terminal; in a notebook, function calls."""

    open: str = "open {path}"                         # where the learner's code is
    hint: str = "`kerascourse hint {id}`"
    lesson: str = "`kerascourse lesson {chapter}`"
    verbose: str = "add --verbose"
    onwards: str = "`kerascourse list`"


TERMINAL = Phrasing()


def make_console(stderr: bool = False) -> Console:
    return Console(stderr=stderr, highlight=False, soft_wrap=False)


def _points(value: float) -> str:
    return f"{value:g}"


def render_chapter(result: ChapterResult, chapter=None, *, verbose: bool = False,
                   console: Console | None = None, workspace_label: str | None = None,
                   phrasing: Phrasing = TERMINAL) -> None:
    """Print one chapter's results as a table, a score line and the next step (worded by ``phrasing``)."""
    console = console or make_console()
    title = f"{result.chapter} · {result.title}" if result.title else result.chapter
    where = workspace_label or result.workspace
    console.print()
    if result.fatal:
        console.print(f"[bold red]Could not grade {escape(title)}:[/] {escape(result.fatal)}")
        return
    table = Table(title=f"[bold]{escape(title)}[/]", caption=escape(where), title_justify="left",
                  caption_justify="left", expand=False, show_lines=False)
    table.add_column("Exercise", no_wrap=True)
    table.add_column("Status", no_wrap=True)
    table.add_column("Checks", justify="right", no_wrap=True)
    table.add_column("What to look at", overflow="fold", ratio=1)
    for ex in result.exercises:
        status = Text(f"{MARK[ex.status]} {ex.status}", style=STYLE[ex.status])
        checks = f"{ex.checks_passed}/{ex.checks_total}" if ex.checks_total else "-"
        message = ex.message if ex.status != PASSED else ""
        if ex.status == NOT_ATTEMPTED:
            message = "not started yet"
        table.add_row(ex.name, status, checks, escape(message))
    console.print(table)
    if verbose:
        _render_details(result, console)
    total = len(result.exercises)
    passed = result.count(PASSED)
    checks_passed = sum(e.checks_passed for e in result.exercises)
    checks_total = sum(e.checks_total for e in result.exercises)
    colour = "green" if passed == total else ("yellow" if passed else "red")
    console.print(
        f"[bold {colour}]{passed}/{total} exercises passed[/]  ·  {checks_passed}/{checks_total} checks  ·  "
        f"{_points(result.score)}/{_points(result.max_score)} points")
    keras = f"Keras {result.keras_version} " if result.keras_version else "Keras "
    console.print(f"[dim]Device: {escape(result.device)}  ·  {keras}({escape(result.backend)} backend)"
                  f"  ·  {result.duration:.1f} s[/]")
    for note in result.notes:
        console.print(f"[dim]Note: {escape(note)}[/]")
    _render_next_step(result, chapter, console, phrasing)


def _render_details(result: ChapterResult, console: Console) -> None:
    for ex in result.exercises:
        for check in ex.checks:
            if check.outcome == "passed":
                continue
            console.print(f"\n[bold]{escape(ex.id)}[/] · {escape(check.description)} ({escape(check.name)})")
            console.print(escape(check.message))
            if check.details:
                console.print(f"[dim]{escape(check.details.rstrip())}[/]")


def _render_next_step(result: ChapterResult, chapter, console: Console, phrasing: Phrasing = TERMINAL) -> None:
    pending = [e for e in result.exercises if e.status != PASSED]
    if not pending:
        console.print(f"[bold green]All green.[/] On to the next chapter: {escape(phrasing.onwards)}.")
        return
    first = next((e for e in pending if e.status != NOT_ATTEMPTED), pending[0])
    goal = ""
    path = f"{result.chapter.split(':')[-1]}/{first.name}.py"
    if chapter is not None:
        try:
            exercise = chapter.exercise(first.name)
            goal = exercise.goal
            path = f"{exercise.chapter.relative_dir.as_posix()}/{exercise.filename}"
        except Exception:  # noqa: BLE001 - metadata is a nicety here
            pass
    where = phrasing.open.format(path=path, id=first.id)
    console.print(f"Next: [bold]{escape(first.id)}[/] — {escape(where)}"
                  + (f": {escape(goal)}" if goal else ""))
    tips = [f"stuck? {phrasing.hint.format(id=first.id)}"]
    if first.status in (FAILED, ERROR):
        tips.append(f"the full story: {phrasing.verbose.format(id=first.id, chapter=result.chapter)}")
    if chapter is not None:
        tips.append(f"the lesson: {phrasing.lesson.format(chapter=result.chapter)}")
    console.print("[dim]" + escape("  ·  ".join(tips)) + "[/]")


def render_class(rows: list[tuple[str, ChapterResult]], chapter_id: str, console: Console | None = None) -> None:
    """A class's results: one row per submission folder, with its score and any problem."""
    console = console or make_console()
    table = Table(title=f"{escape(chapter_id)} · {len(rows)} submissions", title_justify="left")
    table.add_column("Submission", overflow="fold")
    table.add_column("Passed", justify="right")
    table.add_column("Points", justify="right")
    table.add_column("Problem", overflow="fold")
    for folder, result in rows:
        table.add_row(escape(folder), f"{result.count(PASSED)}/{len(result.exercises)}",
                      f"{_points(result.score)}/{_points(result.max_score)}", escape(result.fatal))
    console.print(table)
