"""The forecast plot: history, the truth that followed, the model's forecast and a baseline."""

from __future__ import annotations

import os

import numpy as np

__all__ = ["forecast"]


def _line(values, name: str, length: int | None = None) -> np.ndarray:
    arr = np.asarray(values, dtype=np.float64)
    if arr.ndim == 2 and 1 in arr.shape:
        arr = arr.reshape(-1)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be a 1-D sequence of values; got shape {arr.shape} "
                         f"(for windows of predictions pick one, e.g. pred[:, 0] or pred[-1])")
    if length is not None and len(arr) != length:
        raise ValueError(f"{name} has {len(arr)} values but truth has {length}: they must line up step by step")
    return arr


def forecast(history, truth, prediction, baseline=None, *, dates=None, title: str = "Forecast",
             ylabel: str = "value", baseline_label: str = "naive baseline", path=None, figsize=(9, 4)):
    """Plot a forecast against the truth, after the history it was made from.

    The history is drawn first, then (from the forecast origin on) the true values,
    the model's forecast and optionally a baseline, so the eye can judge the model
    against both. A vertical line marks the forecast origin.

    Args:
        history: the values before the forecast origin, ``(t,)``.
        truth: the true values after it, ``(h,)``.
        prediction: the model's forecast of them, ``(h,)``.
        baseline: a baseline forecast (e.g. naive), ``(h,)``, or None.
        dates: x values for all ``t + h`` points (e.g. a ``DatetimeIndex``); by
            default the time steps ``0 .. t + h - 1``.
        title, ylabel, baseline_label: labels.
        path: where to save the figure as a PNG; then ``path`` is returned.
        figsize: the figure size in inches.

    Returns:
        The ``matplotlib.figure.Figure``, or ``path`` when given.

    Example:
        >>> import numpy as np
        >>> fig = forecast(np.sin(np.arange(50) / 5), np.ones(10), np.ones(10) * 0.9)
        >>> [text.get_text() for text in fig.axes[0].get_legend().get_texts()]
        ['history', 'truth', 'forecast']
    """
    from matplotlib.figure import Figure   # the Figure API needs no pyplot and no display

    history = _line(history, "history")
    truth = _line(truth, "truth")
    prediction = _line(prediction, "prediction", len(truth))
    if baseline is not None:
        baseline = _line(baseline, "baseline", len(truth))
    n_hist, n_future = len(history), len(truth)
    if dates is None:
        xs = np.arange(n_hist + n_future)
    else:
        xs = np.asarray(dates)
        if len(xs) != n_hist + n_future:
            raise ValueError(f"dates has {len(xs)} values; expected len(history) + len(truth) = "
                             f"{n_hist + n_future}")
    past, future = xs[:n_hist], xs[n_hist:]

    fig = Figure(figsize=figsize, layout="constrained")
    ax = fig.add_subplot()
    ax.plot(past, history, color="0.35", lw=1.2, label="history")
    # Join the truth to the last observed point so the line is continuous.
    joined_x = np.concatenate([past[-1:], future]) if n_hist else future
    joined_truth = np.concatenate([history[-1:], truth]) if n_hist else truth
    ax.plot(joined_x, joined_truth, color="tab:blue", lw=1.6, label="truth")
    ax.plot(future, prediction, color="tab:orange", lw=1.6, ls="-", marker="." if n_future < 40 else None,
            label="forecast")
    if baseline is not None:
        ax.plot(future, baseline, color="tab:green", lw=1.2, ls="--", label=baseline_label)
    if n_hist:
        ax.axvline(past[-1], color="0.6", lw=0.8, ls=":")
    ax.set_title(title)
    ax.set_xlabel("time" if dates is None else "date")
    ax.set_ylabel(ylabel)
    ax.grid(alpha=0.3)
    ax.legend(loc="best", frameon=False)
    if dates is not None:
        fig.autofmt_xdate()
    if path is not None:
        fig.savefig(os.fspath(path), format="png", dpi=100)
        return path
    return fig
