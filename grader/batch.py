"""Grade a whole class: many submission folders, in parallel.

    kerascourse grade ch2 --workspace submissions/* --summary ch2.csv

Each submission is graded in its own child process (see :mod:`grader.runner`),
so one student's infinite loop or crash costs only their own time. The command
line shows the results with :func:`grader.report.render_class` and writes the
class CSV with :func:`grader.export.write_summary_csv`.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from grader.results import ChapterResult
from grader.runner import GradeOptions, grade_chapter


def grade_submissions(chapter, workspaces: list[Path], *, names=None, device="cpu", timeout=None,
                      memory_limit_gb=6.0, jobs: int | None = None, on_done=None,
                      backend: str | None = None) -> list[tuple[str, ChapterResult]]:
    """Grade ``chapter`` in every workspace; returns ``[(folder, result), ...]`` in the given order."""
    jobs = max(1, jobs or os.cpu_count() or 1)

    def one(ws: Path) -> tuple[str, ChapterResult]:
        if not (ws / chapter.relative_dir).is_dir():
            result = ChapterResult(chapter=chapter.id, title=chapter.title, workspace=str(ws),
                                   fatal=f"no {chapter.relative_dir.as_posix()}/ folder in this submission")
        else:
            options = GradeOptions(workspace=ws, exercises=names or None, device=device, timeout=timeout,
                                   memory_limit_gb=memory_limit_gb, backend=backend)
            result = grade_chapter(chapter, options)
        if on_done is not None:
            on_done(ws, result)
        return str(ws), result

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(one, [Path(w).resolve() for w in workspaces]))
