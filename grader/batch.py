"""Grade a whole class: many submission folders, in parallel, one summary CSV.

    kerascourse grade ch2 --workspace submissions/* --summary ch2.csv --gradescope-dir ...

Each submission is graded in its own child process (see :mod:`grader.runner`), so
one student's infinite loop or crash costs only their own time.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from grader.export import write_summary_csv
from grader.results import PASSED, ChapterResult
from grader.runner import GradeOptions, grade_chapter


def grade_submissions(chapter, workspaces: list[Path], *, names=None, device="cpu", timeout=None,
                      memory_limit_gb=6.0, jobs: int | None = None, on_done=None) -> list[tuple[str, ChapterResult]]:
    """Grade ``chapter`` in every workspace; returns ``[(folder, result), ...]`` in the given order."""
    jobs = max(1, jobs or os.cpu_count() or 1)

    def one(ws: Path) -> tuple[str, ChapterResult]:
        if not (ws / chapter.relative_dir).is_dir():
            result = ChapterResult(chapter=chapter.id, title=chapter.title, workspace=str(ws),
                                   fatal=f"no {chapter.relative_dir.as_posix()}/ folder in this submission")
        else:
            options = GradeOptions(workspace=ws, exercises=names or None, device=device, timeout=timeout,
                                   memory_limit_gb=memory_limit_gb)
            result = grade_chapter(chapter, options)
        if on_done is not None:
            on_done(ws, result)
        return str(ws), result

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(one, [Path(w).resolve() for w in workspaces]))


def grade_many(chapter, workspaces: list[Path], args, names) -> int:
    """The command-line side of batch grading: progress, a summary table, the CSV and exports."""
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    from kerascourse.cli import UsageError, write_exports

    missing = [str(w) for w in workspaces if not Path(w).is_dir()]
    if missing:
        raise UsageError(f"not folders: {', '.join(missing)}")
    console = Console(highlight=False)
    err = Console(stderr=True, highlight=False)
    # Batch grading defaults to the CPU: several processes cannot share one GPU well.
    device = "cpu" if args.device == "auto" else args.device
    err.print(f"Grading {chapter.id} in {len(workspaces)} submissions, {args.jobs or os.cpu_count()} at a time…")
    rows = grade_submissions(
        chapter, workspaces, names=names, device=device, timeout=args.timeout,
        memory_limit_gb=args.memory_limit, jobs=args.jobs,
        on_done=lambda ws, r: err.print(f"  {escape(str(ws))}: {r.count(PASSED)}/{len(r.exercises)} passed"))
    table = Table(title=f"{chapter.id} · {len(rows)} submissions", title_justify="left")
    table.add_column("Submission", overflow="fold")
    table.add_column("Passed", justify="right")
    table.add_column("Points", justify="right")
    table.add_column("Problem", overflow="fold")
    for folder, result in rows:
        table.add_row(escape(folder), f"{result.count(PASSED)}/{len(result.exercises)}",
                      f"{result.score:g}/{result.max_score:g}", escape(result.fatal))
    console.print(table)
    summary = args.summary or f"summary-{chapter.id.replace(':', '-')}.csv"
    write_summary_csv(summary, rows)
    console.print(f"Summary written to {escape(str(Path(summary).resolve()))}")
    write_exports(args, [result for _, result in rows])
    return 0 if all(result.all_passed for _, result in rows) else 1
