"""Cutting a series into windows: inputs from the past, targets from the future.

A forecaster learns from pairs (the last ``window`` values, the next ``horizon``
values). Every input step must come strictly *before* every target step: a window
that contains its own target, or reaches past the forecast origin, lets the model
read the answer, and its test score means nothing.

Run: kerascourse grade ch7 make_windows    Hint: kerascourse hint ch7.make_windows
"""

import numpy as np


def make_windows(series: np.ndarray, window: int, horizon: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """Return ``(x, y)``: ``x[i] = series[i : i + window]``, ``y[i] = series[i + window : i + window + horizon]``.

    ``series`` is 1-D. ``x`` has shape (n, window, 1) (one feature, as an LSTM expects)
    and ``y`` has shape (n, horizon), with ``n = len(series) - window - horizon + 1``.
    Raise a ValueError if the series is shorter than ``window + horizon``.

    Example: make_windows(np.arange(6), 3) gives x[:, :, 0] = [[0, 1, 2], [1, 2, 3], [2, 3, 4]]
    and y = [[3], [4], [5]].
    """
    series = np.asarray(series)
    n = len(series) - window - horizon + 1
    if n < 1:
        raise ValueError(f"the series has {len(series)} steps; a window of {window} and a horizon of "
                         f"{horizon} need at least {window + horizon}")
    x = np.stack([series[i: i + window] for i in range(n)])
    y = np.stack([series[i + window: i + window + horizon] for i in range(n)])
    return x[:, :, np.newaxis], y
