"""Forecasts that need no training: the bar every model must clear."""

from __future__ import annotations

import numpy as np

from kerascourse.timeseries._windows import _positive_int, target_indices

__all__ = ["naive_forecast", "seasonal_naive_forecast"]


def _windows(x) -> np.ndarray:
    arr = np.asarray(x)
    if arr.ndim == 2:          # (n, window): a univariate batch without the feature axis
        arr = arr[:, :, None]
    if arr.ndim != 3:
        raise ValueError(f"x must be windows of shape (n, window, features) as make_windows returns; "
                         f"got shape {arr.shape}")
    return arr


def _select(forecast: np.ndarray, target_columns, n_features: int) -> np.ndarray:
    columns, squeeze = target_indices(target_columns, n_features, squeeze_single=True)
    out = forecast[:, :, columns]
    return out[:, :, 0] if squeeze else out


def naive_forecast(x, horizon: int = 1, target_columns=None) -> np.ndarray:
    """Forecast every future step as the last value seen (the "persistence" forecast).

    On prices this is very hard to beat: tomorrow's close is about today's. A model
    whose error is not clearly below this baseline has learned nothing useful, even
    if its forecast curve hugs the truth on a plot (so does the naive one, shifted
    by one step).

    Args:
        x: windows ``(n, window, features)`` (or ``(n, window)``), as from
            :func:`make_windows`.
        horizon: number of future steps.
        target_columns: as in :func:`make_windows`, so that the result has the
            shape of its ``y``.

    Returns:
        ``(n, horizon)`` for a single target, else ``(n, horizon, n_targets)``.

    Example:
        >>> naive_forecast(np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]), horizon=2).tolist()
        [[3.0, 3.0], [6.0, 6.0]]
    """
    horizon = _positive_int(horizon, "horizon")
    arr = _windows(x)
    last = arr[:, -1:, :]
    return _select(np.repeat(last, horizon, axis=1), target_columns, arr.shape[2])


def seasonal_naive_forecast(x, season: int, horizon: int = 1, target_columns=None) -> np.ndarray:
    """Forecast each step as the value one season earlier (same hour yesterday, same day last week).

    Step ``k`` of the horizon (0-based) is forecast as the window's value at
    ``window - season + (k mod season)``: the last full season, repeated.

    Args:
        x: windows ``(n, window, features)`` (or ``(n, window)``).
        season: the season length in steps; at most the window length.
        horizon: number of future steps.
        target_columns: as in :func:`make_windows`.

    Example:
        >>> x = np.array([[1.0, 2.0, 3.0, 4.0, 5.0]])     # a season of 2 steps
        >>> seasonal_naive_forecast(x, season=2, horizon=3).tolist()
        [[4.0, 5.0, 4.0]]
    """
    horizon = _positive_int(horizon, "horizon")
    season = _positive_int(season, "season")
    arr = _windows(x)
    window = arr.shape[1]
    if season > window:
        raise ValueError(f"season ({season}) is longer than the window ({window}): the window must "
                         f"contain at least one full season")
    steps = window - season + np.arange(horizon) % season
    return _select(arr[:, steps, :], target_columns, arr.shape[2])
