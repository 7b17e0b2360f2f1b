"""Baselines: forecasts that need no training, and the bar every model must clear.

The naive forecast says "the next value equals the last one"; the seasonal naive
forecast says "the next value equals the one a season ago". A model is worth
something only if its error is clearly below theirs.

Run: kerascourse grade ch7 baselines    Hint: kerascourse hint ch7.baselines
"""

import numpy as np


def naive_forecast(x: np.ndarray, horizon: int = 1) -> np.ndarray:
    """Forecast each of the next ``horizon`` steps as the last value of each window.

    ``x`` has shape (n, window, 1); the result has shape (n, horizon).
    """
    return np.repeat(x[:, -1, :], horizon, axis=1)


def seasonal_naive_forecast(x: np.ndarray, season: int, horizon: int = 1) -> np.ndarray:
    """Forecast step k (0-based) of the horizon as the window's value one season earlier.

    That is ``x[:, window - season + (k % season), 0]``: the last full season, repeated.
    ``x`` has shape (n, window, 1) with window >= season; the result has shape (n, horizon).
    """
    window = x.shape[1]
    steps = [window - season + (k % season) for k in range(horizon)]
    return x[:, steps, 0]


def naive_mae(series: np.ndarray) -> float:
    """The MAE of the naive one-step forecast over a whole 1-D series.

    Each value from the second one on is forecast by the value before it.
    Example: [1, 3, 2, 5] → misses 2, 1, 3 → MAE 2.0.
    """
    series = np.asarray(series, dtype=float)
    return float(np.mean(np.abs(series[1:] - series[:-1])))
