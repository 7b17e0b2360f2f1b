"""Reading training runs: best epoch, overfitting diagnosis, progress display.

A Keras ``History`` (what ``model.fit`` returns) holds one list per metric:
``history.history["val_loss"][i]`` is the validation loss after epoch ``i + 1``.
These helpers accept a ``History`` or that dictionary and answer the questions a
practitioner asks of it: at which epoch was the validation loss lowest? Is the
model overfitting (validation loss falling, flattening, then rising again)?

Epochs are counted from 1, as Keras prints them ("Epoch 1/20").

Example:
    >>> h = {"loss": [1.0, 0.6, 0.4, 0.3, 0.2], "val_loss": [1.1, 0.8, 0.7, 0.75, 0.9]}
    >>> best_epoch(h)
    3
    >>> diagnose(h).overfitting
    True
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

__all__ = ["history_dict", "best_epoch", "Diagnosis", "diagnose", "RichProgress", "progress"]


def history_dict(history) -> dict[str, list[float]]:
    """The ``{metric: [value per epoch]}`` dictionary of a ``History`` (or of a dict).

    Raises ValueError when the lists are empty or of different lengths.
    """
    data = getattr(history, "history", history)
    if not isinstance(data, Mapping):
        raise ValueError(f"expected a keras History or a dict of per-epoch lists; got {type(history).__name__}")
    out = {str(k): [float(v) for v in values] for k, values in data.items()}
    lengths = {len(v) for v in out.values()}
    if not out or lengths == {0}:
        raise ValueError("the history is empty: was the model trained for at least one epoch?")
    if len(lengths) > 1:
        raise ValueError(f"the history's lists have different lengths: "
                         f"{ {k: len(v) for k, v in out.items()} }")
    return out


def _mode(monitor: str, mode: str) -> str:
    if mode not in ("auto", "min", "max"):
        raise ValueError(f"mode must be 'auto', 'min' or 'max'; got {mode!r}")
    if mode != "auto":
        return mode
    # Losses and errors go down; accuracy-like metrics go up (Keras's own rule).
    return "max" if any(word in monitor for word in ("acc", "auc", "precision", "recall")) else "min"


def _series(history, monitor: str) -> np.ndarray:
    data = history_dict(history)
    if monitor not in data:
        raise ValueError(f"the history has no {monitor!r}; it has {sorted(data)}"
                         + (" (fit with validation_data or validation_split to get val_ metrics)"
                            if monitor.startswith("val_") else ""))
    values = np.asarray(data[monitor], dtype=float)
    if np.isnan(values).all():
        raise ValueError(f"every value of {monitor!r} is NaN: the training diverged")
    return values


def best_epoch(history, monitor: str = "val_loss", mode: str = "auto") -> int:
    """The epoch (counted from 1) where ``monitor`` was best: lowest for a loss.

    Ties go to the earliest epoch, as ``keras.callbacks.EarlyStopping`` does. NaN
    values (a diverged epoch) are never best.

    Example:
        >>> best_epoch({"val_accuracy": [0.5, 0.9, 0.8]}, monitor="val_accuracy")
        2
    """
    values = _series(history, monitor)
    values = np.where(np.isnan(values), np.inf if _mode(monitor, mode) == "min" else -np.inf, values)
    index = np.argmin(values) if _mode(monitor, mode) == "min" else np.argmax(values)
    return int(index) + 1


@dataclass(frozen=True)
class Diagnosis:
    """What a training history says about generalisation.

    Attributes:
        epochs: how many epochs were run.
        best_epoch: where the monitored validation value was best (from 1).
        best_value, final_value: the monitored value there and at the last epoch.
        gap: validation minus training value at the last epoch (for losses, how
            much worse the model does on data it has not seen).
        overfitting: the validation value got clearly worse after its best epoch.
        still_improving: the best epoch is the last one: train for longer.
        verdict: one sentence saying the above in words.
    """

    epochs: int
    best_epoch: int
    best_value: float
    final_value: float
    gap: float | None
    overfitting: bool
    still_improving: bool
    verdict: str


def diagnose(history, monitor: str = "val_loss", tolerance: float = 0.02, mode: str = "auto") -> Diagnosis:
    """Read a history the way the lessons do: falling, flattening, then rising is overfitting.

    Args:
        monitor: the validation curve to read (``"val_loss"``).
        tolerance: how much worse than its best (relative) the last value must be
            to call it overfitting rather than noise.

    Example:
        >>> d = diagnose({"loss": [0.9, 0.5, 0.3], "val_loss": [1.0, 0.7, 0.6]})
        >>> d.still_improving, d.best_epoch
        (True, 3)
    """
    if tolerance < 0:
        raise ValueError(f"tolerance must be >= 0; got {tolerance!r}")
    values = _series(history, monitor)
    direction = _mode(monitor, mode)
    best = best_epoch(history, monitor, mode)
    best_value, final_value = float(values[best - 1]), float(values[-1])
    margin = tolerance * max(abs(best_value), 1e-12)
    worse = final_value - best_value if direction == "min" else best_value - final_value
    overfitting = bool(np.isnan(final_value) or worse > margin)
    still_improving = best == len(values)
    train_key = monitor[4:] if monitor.startswith("val_") else None
    data = history_dict(history)
    gap = float(values[-1] - data[train_key][-1]) if train_key in data else None
    if overfitting:
        verdict = (f"overfitting: {monitor} was best at epoch {best} ({best_value:.4g}) and got worse "
                   f"afterwards ({final_value:.4g} at epoch {len(values)}); stop near epoch {best}, "
                   f"or regularise (dropout, L2, more data)")
    elif still_improving:
        verdict = (f"still improving: {monitor} is best at the last epoch ({best}); train for longer "
                   f"or with a larger learning rate")
    else:
        verdict = (f"converged: {monitor} has flattened since epoch {best} ({best_value:.4g}) "
                   f"without getting clearly worse")
    return Diagnosis(len(values), best, best_value, final_value, gap, overfitting, still_improving, verdict)


def _callback_base():
    import keras

    return keras.callbacks.Callback


class RichProgress(_callback_base()):
    """A ``keras`` callback that shows training as one rich progress bar over epochs.

    Pass it with ``verbose=0`` so that Keras's own per-batch output stays quiet:
    ``model.fit(x, y, epochs=20, verbose=0, callbacks=[RichProgress()])``. The bar
    shows the latest loss and metrics of each epoch.
    """

    def __init__(self, description: str = "training", console=None):
        super().__init__()
        self.description = description
        self.console = console
        self._progress = None
        self._task = None

    def on_train_begin(self, logs=None):
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self._progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                  TimeElapsedColumn(), TextColumn("{task.fields[metrics]}"),
                                  console=self.console, transient=False)
        self._progress.start()
        self._task = self._progress.add_task(self.description, total=self.params.get("epochs"), metrics="")

    def on_epoch_end(self, epoch, logs=None):
        text = "  ".join(f"{k} {float(v):.4g}" for k, v in (logs or {}).items())
        self._progress.update(self._task, advance=1, metrics=text)

    def on_train_end(self, logs=None):
        if self._progress is not None:
            self._progress.stop()


def progress(verbose) -> tuple[int, list]:
    """Keras's ``verbose`` and the callbacks for a progress setting.

    ``verbose`` is 0 (silent), 1 or 2 (Keras's own output), or ``"rich"`` (one
    :class:`RichProgress` bar). Returns ``(keras_verbose, callbacks)`` to pass on to
    ``model.fit``.

    Example:
        >>> progress(0)
        (0, [])
    """
    if verbose == "rich":
        return 0, [RichProgress()]
    if verbose in (0, 1, 2, False, True) or verbose == "auto":
        return verbose, []
    raise ValueError(f"verbose must be 0, 1, 2, 'auto' or 'rich'; got {verbose!r}")
