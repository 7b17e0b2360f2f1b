"""Forecast errors: MAE and RMSE.

The mean absolute error is the average size of a miss, in the units of the
series; the root mean squared error squares the misses first, so a few large
ones weigh more. Both are 0 for a perfect forecast.

Run: kerascourse grade ch7 metrics    Hint: kerascourse hint ch7.metrics
"""

import numpy as np


def mae(y_true: np.ndarray, y_pred: np.ndarray) -> float:
    """Mean of |y_true - y_pred| over all values. Both arrays have the same shape."""
    return float(np.mean(np.abs(np.asarray(y_true) - np.asarray(y_pred))))


def rmse(y_true: np.ndarray, y_pred: np.ndarray) -> float:
    """Square root of the mean of (y_true - y_pred)² over all values."""
    return float(np.sqrt(np.mean((np.asarray(y_true) - np.asarray(y_pred)) ** 2)))
