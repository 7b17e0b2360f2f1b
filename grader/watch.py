"""``kerascourse watch ch2``: re-grade a chapter every time one of its files is saved.

The rustlings loop in Python: save, read the report, see what changed since the
last run; type ``h`` and Enter for the next hint on the first unfinished exercise,
``q`` to quit.
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path

from grader.results import PASSED
from grader.runner import GradeOptions, grade_chapter


def changes(before: dict[str, str], after: dict[str, str]) -> list[str]:
    """Lines such as 'ch1.one_hot: failed → passed' for every exercise whose status moved."""
    return [f"{name}: {before[name]} → {status}" for name, status in after.items()
            if name in before and before[name] != status]


def watch(chapter, workspace: Path, *, device="auto", timeout=None, debounce=0.5, backend=None) -> int:
    import watchfiles
    from rich.console import Console
    from rich.markup import escape

    from grader.hints import render_hint, take_hint
    from grader.report import render_chapter
    from grader.workspace import record_results

    console = Console(highlight=False)
    folder = Path(workspace) / chapter.relative_dir
    stop = threading.Event()
    state = {"last": {}, "pending": None}

    def grade_once() -> None:
        result = grade_chapter(chapter, GradeOptions(workspace=Path(workspace), device=device, timeout=timeout,
                                                     backend=backend))
        console.clear() if console.is_terminal else console.print("\n" + "─" * 60)
        render_chapter(result, chapter, workspace_label=str(workspace), console=console)
        now = {ex.id: ex.status for ex in result.exercises}
        moved = changes(state["last"], now)
        if moved:
            console.print("[bold]Since the last run:[/] " + escape("; ".join(moved)))
        state["last"] = now
        state["pending"] = next((ex.name for ex in result.exercises if ex.status != PASSED), None)
        if not result.fatal:
            record_results(Path(workspace), chapter, result)
        console.print(f"[dim]Watching {escape(str(folder))}: save a file to re-grade · "
                      f"h + Enter: a hint · q + Enter: quit[/]")

    def read_keys() -> None:
        for line in sys.stdin:
            key = line.strip().lower()
            if key in ("q", "quit", "exit"):
                stop.set()
                return
            if key in ("h", "hint"):
                if state["pending"] is None:
                    console.print("Everything passes: no hint needed.")
                else:
                    exercise = chapter.exercise(state["pending"])
                    render_hint(console, exercise, take_hint(exercise, Path(workspace)))
        stop.set()  # stdin closed

    grade_once()
    if sys.stdin is not None and not sys.stdin.closed:
        threading.Thread(target=read_keys, daemon=True).start()
    for _ in watchfiles.watch(folder, watch_filter=lambda _, path: path.endswith(".py"),
                              debounce=int(debounce * 1000), stop_event=stop, rust_timeout=500,
                              yield_on_timeout=False):
        if stop.is_set():
            break
        grade_once()
    console.print("Stopped watching.")
    return 0
