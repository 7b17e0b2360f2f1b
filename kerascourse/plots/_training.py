"""Training pictures: loss and metric curves, activation functions, gradient descent, a decision line.

All use Matplotlib's object-oriented ``Figure`` API (no pyplot, no display) and
follow the package rule: with ``path`` the PNG is written and ``path`` returned,
without it the ``Figure`` is returned.
"""

from __future__ import annotations

import os

import numpy as np

__all__ = ["training_curves", "activation_functions", "loss_parabola", "decision_line"]


def _figure(figsize, ncols: int = 1, nrows: int = 1):
    from matplotlib.figure import Figure   # the Figure API needs no pyplot and no display

    fig = Figure(figsize=figsize, layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=False).ravel()
    return fig, axes


def _finish(fig, path):
    if path is not None:
        fig.savefig(os.fspath(path), format="png", dpi=100)
        return path
    return fig


def _history(history) -> dict[str, list[float]]:
    from kerascourse.training import history_dict

    if hasattr(history, "mean_history_dict"):   # a KFoldResult: plot the fold average
        history = history.mean_history_dict()
    return history_dict(history)


def _default_metric(data: dict) -> str | None:
    for key in data:
        if not key.startswith("val_") and key != "loss" and not key.endswith("loss"):
            return key
    return None


def training_curves(history, metric: str | None = "auto", *, monitor: str = "val_loss", title: str | None = None,
                    path=None, figsize=None):
    """Plot training against validation: the loss, and one metric beside it.

    The best epoch of ``monitor`` (lowest validation loss) is marked with a dotted
    vertical line on every panel and a dot on its curve, so overfitting (the
    validation curve that falls, flattens, then rises while training keeps
    falling) is visible at a glance. Epochs are numbered from 1, as Keras prints them.

    Args:
        history: a Keras ``History``, its ``.history`` dict, or a ``KFoldResult``
            (its per-epoch average over folds is plotted).
        metric: the metric for the second panel (``"accuracy"``, ``"mae"``); the
            default ``"auto"`` takes the first one recorded, None draws the loss only.
        monitor: the curve whose best epoch is marked; ignored if not recorded.
        path: where to save the PNG; then ``path`` is returned, else the Figure.

    Example:
        >>> h = {"loss": [0.9, 0.5, 0.3, 0.2], "val_loss": [1.0, 0.7, 0.8, 0.9],
        ...      "accuracy": [0.6, 0.8, 0.9, 0.95], "val_accuracy": [0.55, 0.7, 0.68, 0.66]}
        >>> fig = training_curves(h)
        >>> [ax.get_title() for ax in fig.axes]
        ['loss', 'accuracy']
    """
    from kerascourse.training import best_epoch

    data = _history(history)
    if "loss" not in data and "val_loss" not in data:
        raise ValueError(f"the history has no loss to plot; it has {sorted(data)}")
    if metric == "auto":
        metric = _default_metric(data)
    elif metric is not None and metric not in data and f"val_{metric}" not in data:
        raise ValueError(f"the history has no {metric!r}; it has {sorted(data)}")
    panels = ["loss"] + ([metric] if metric else [])
    fig, axes = _figure(figsize or (5.2 * len(panels), 3.8), ncols=len(panels))
    epochs = np.arange(1, len(next(iter(data.values()))) + 1)
    best = best_epoch(data, monitor) if monitor in data else None
    for ax, key in zip(axes, panels):
        if key in data:
            ax.plot(epochs, data[key], "o-", color="tab:blue", ms=3, lw=1.4, label=f"training {key}")
        if f"val_{key}" in data:
            ax.plot(epochs, data[f"val_{key}"], "s-", color="tab:orange", ms=3, lw=1.4, label=f"validation {key}")
        if best is not None:
            ax.axvline(best, color="0.4", ls=":", lw=1.0, label=f"best epoch ({best})")
            curve = f"val_{key}" if f"val_{key}" in data else key
            ax.plot([best], [data[curve][best - 1]], "o", color="tab:red", ms=8, mfc="none", mew=1.8)
        ax.set_title(key)
        ax.set_xlabel("epoch")
        ax.grid(alpha=0.3)
        ax.legend(frameon=False, fontsize="small")
        if len(epochs) <= 20:
            ax.set_xticks(epochs)
    if title:
        fig.suptitle(title)
    return _finish(fig, path)


def activation_functions(names=("sigmoid", "tanh", "relu", "threshold"), x_range=(-5.0, 5.0), *, path=None,
                         figsize=None):
    """Draw activation functions side by side (from :mod:`kerascourse.activations`).

    ReLU is drawn to the right edge so that it is plain it is not capped at 1.

    Example:
        >>> fig = activation_functions(("relu", "sigmoid"))
        >>> [ax.get_title() for ax in fig.axes]
        ['relu', 'sigmoid']
    """
    from kerascourse import activations

    names = tuple(names)
    if not names:
        raise ValueError("give at least one activation name")
    if "softmax" in names:
        raise ValueError("softmax maps a vector to a vector; it has no curve to draw")
    functions = [activations.get(name) for name in names]
    low, high = x_range
    if not low < high:
        raise ValueError(f"x_range must be (low, high) with low < high; got {x_range!r}")
    x = np.linspace(low, high, 401)
    fig, axes = _figure(figsize or (2.8 * len(names), 2.8), ncols=len(names))
    for ax, name, fn in zip(axes, names, functions):
        ax.axhline(0, color="0.7", lw=0.8)
        ax.axvline(0, color="0.7", lw=0.8)
        ax.plot(x, fn(x), color="tab:blue", lw=2)
        ax.set_title(name)
        ax.set_xlabel("x")
        ax.grid(alpha=0.3)
    return _finish(fig, path)


def loss_parabola(x, y, w_steps=None, *, w_range=None, path=None, figsize=(6, 4)):
    """The mean squared error of ``y ≈ x·W`` as a function of ``W``, with descent steps.

    Args:
        x, y: the data (1-D).
        w_steps: the successive values of ``W`` taken by gradient descent, drawn as
            points joined by arrows down the parabola.

    Example:
        >>> fig = loss_parabola([0, 1, 2, 3, 4], [0, 6, 12, 18, 24], w_steps=[0.0, 3.6, 5.04])
        >>> fig.axes[0].get_xlabel()
        'W'
    """
    x = np.asarray(x, dtype=float).ravel()
    y = np.asarray(y, dtype=float).ravel()
    if x.shape != y.shape or x.size == 0:
        raise ValueError(f"x and y must be 1-D of the same, non-zero length; got {x.shape} and {y.shape}")
    steps = None if w_steps is None else np.asarray(w_steps, dtype=float).ravel()

    def loss(w):
        return np.mean((np.multiply.outer(w, x) - y) ** 2, axis=-1)

    if w_range is None:
        w_best = float(x @ y / (x @ x)) if x @ x else 0.0
        reach = max(abs(w_best), 1.0) * 1.5
        if steps is not None and steps.size:
            reach = max(reach, float(np.max(np.abs(steps - w_best))) * 1.2)
        w_range = (w_best - reach, w_best + reach)
    ws = np.linspace(*w_range, 300)
    fig, (ax,) = _figure(figsize)
    ax.plot(ws, loss(ws), color="tab:blue", lw=2, label="loss(W)")
    if steps is not None and steps.size:
        losses = loss(steps)
        ax.plot(steps, losses, "o", color="tab:red", ms=5, label="gradient-descent steps")
        for (w0, l0), (w1, l1) in zip(zip(steps[:-1], losses[:-1]), zip(steps[1:], losses[1:])):
            ax.annotate("", xy=(w1, l1), xytext=(w0, l0),
                        arrowprops=dict(arrowstyle="->", color="tab:red", lw=1))
    ax.set_xlabel("W")
    ax.set_ylabel("mean squared error")
    ax.grid(alpha=0.3)
    ax.legend(frameon=False)
    return _finish(fig, path)


def decision_line(x, y, w, b, *, path=None, figsize=(5, 5)):
    """Two classes of 2-D points and the line where a linear model ``x·w + b`` crosses 0.5.

    Example:
        >>> pts = np.array([[0.0, 3.0], [3.0, 0.0]]); labels = np.array([0, 1])
        >>> fig = decision_line(pts, labels, w=[0.2, -0.2], b=0.5)
        >>> len(fig.axes[0].lines)
        1
    """
    x = np.asarray(x, dtype=float)
    y = np.asarray(y).ravel()
    w = np.asarray(w, dtype=float).ravel()
    b = float(np.asarray(b, dtype=float).ravel()[0])
    if x.ndim != 2 or x.shape[1] != 2 or len(y) != len(x):
        raise ValueError(f"x must be (n, 2) points with one label each; got x {x.shape}, y {y.shape}")
    if w.shape != (2,):
        raise ValueError(f"w must hold 2 weights; got shape {w.shape}")
    if not np.any(w):
        raise ValueError("w is all zeros: the model predicts b everywhere and has no decision line")
    fig, (ax,) = _figure(figsize)
    for label, colour in zip(np.unique(y), ("tab:blue", "tab:orange", "tab:green")):
        pts = x[y == label]
        ax.scatter(pts[:, 0], pts[:, 1], s=6, alpha=0.5, color=colour, label=f"class {label}")
    xs = np.linspace(x[:, 0].min(), x[:, 0].max(), 2)
    if abs(w[1]) > 1e-12:
        ax.plot(xs, -w[0] / w[1] * xs + (0.5 - b) / w[1], color="k", lw=1.5, label="prediction = 0.5")
    else:   # a vertical line: x0 = (0.5 - b) / w0
        ax.axvline((0.5 - b) / w[0], color="k", lw=1.5, label="prediction = 0.5")
    ax.set_xlabel("x0")
    ax.set_ylabel("x1")
    ax.grid(alpha=0.3)
    ax.legend(frameon=False, fontsize="small")
    return _finish(fig, path)
