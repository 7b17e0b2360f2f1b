"""The rich progress bar that :class:`~kerascourse.naive.NaiveTrainer` shows while training."""

from __future__ import annotations

import sys


class ProgressBar:
    """A rich progress bar over all steps, or nothing at all."""

    def __init__(self, verbose, total: int):
        if verbose == "auto":
            verbose = sys.stdout.isatty()
        if verbose not in (True, False, 0, 1):
            raise ValueError(f"verbose must be True, False or 'auto'; got {verbose!r}")
        self.enabled = bool(verbose)
        self.total = total
        self._progress = self._task = None

    def __enter__(self):
        if self.enabled:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self._progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                      TimeElapsedColumn(), TextColumn("{task.fields[logs]}"))
            self._progress.start()
            self._task = self._progress.add_task("training", total=self.total, logs="")
        return self

    def advance(self):
        if self._progress is not None:
            self._progress.advance(self._task)

    def show(self, epoch: int, epochs: int, logs: dict):
        if self._progress is not None:
            text = "  ".join(f"{k} {v:.4f}" for k, v in logs.items())
            self._progress.update(self._task, description=f"epoch {epoch}/{epochs}", logs=text)

    def __exit__(self, *exc):
        if self._progress is not None:
            self._progress.stop()
        return False
