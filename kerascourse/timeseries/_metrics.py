"""Forecast errors: MAE, RMSE and MAPE, in the units of the series."""

from __future__ import annotations

import numpy as np

__all__ = ["mae", "rmse", "mape"]


def _pair(y_true, y_pred):
    t = np.asarray(y_true, dtype=np.float64)
    p = np.asarray(y_pred, dtype=np.float64)
    if t.shape != p.shape:
        # Broadcasting (n,) against (n, 1) gives an (n, n) table of every pair: a silently wrong score.
        raise ValueError(f"y_true has shape {t.shape} but y_pred has shape {p.shape}; they must match "
                         f"(reshape one of them, e.g. y_pred.reshape(y_true.shape))")
    if t.size == 0:
        raise ValueError("y_true and y_pred are empty")
    if not (np.isfinite(t).all() and np.isfinite(p).all()):
        raise ValueError("y_true or y_pred contains NaN or infinite values")
    return t, p


def mae(y_true, y_pred) -> float:
    """Mean absolute error, in the units of the series.

    Example:
        >>> mae([1.0, 2.0, 3.0], [2.0, 2.0, 1.0])
        1.0
    """
    t, p = _pair(y_true, y_pred)
    return float(np.mean(np.abs(t - p)))


def rmse(y_true, y_pred) -> float:
    """Root mean squared error: like MAE, but a few large misses weigh more.

    Example:
        >>> rmse([0.0, 0.0], [3.0, 4.0])    # sqrt((9 + 16) / 2)
        3.5355339059327378
    """
    t, p = _pair(y_true, y_pred)
    return float(np.sqrt(np.mean((t - p) ** 2)))


def mape(y_true, y_pred, ignore_zeros: bool = False) -> float:
    """Mean absolute percentage error, in percent (as ``keras.metrics.MeanAbsolutePercentageError``).

    MAPE divides by the true value, so it is undefined where the truth is 0 (and
    explodes near it: Keras clips the denominator to 1e-7 and reports numbers in the
    billions). Here a zero in ``y_true`` is an error, unless ``ignore_zeros=True``,
    which averages over the non-zero truths only. For series that cross zero
    (returns, temperatures in °C, scaled data), prefer MAE.

    Example:
        >>> round(mape([100.0, 200.0], [110.0, 190.0]), 6)
        7.5
        >>> mape([0.0, 200.0], [1.0, 190.0], ignore_zeros=True)
        5.0
    """
    t, p = _pair(y_true, y_pred)
    zero = t == 0
    if zero.any():
        if not ignore_zeros:
            raise ValueError(f"MAPE is undefined where y_true is 0 ({int(zero.sum())} of {t.size} values): "
                             f"use mae or rmse, or pass ignore_zeros=True to skip those points")
        if zero.all():
            raise ValueError("MAPE is undefined: every value of y_true is 0")
        t, p = t[~zero], p[~zero]
    return float(100.0 * np.mean(np.abs((t - p) / t)))
