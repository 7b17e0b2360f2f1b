"""Sliding windows and chronological splits: the two places where time series leak the future."""

from __future__ import annotations

import numbers

import numpy as np

__all__ = ["make_windows", "chronological_split"]


def _positive_int(value, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ValueError(f"{name} must be a positive integer; got {value!r}")
    if value < 1:
        raise ValueError(f"{name} must be a positive integer; got {value}")
    return int(value)


def as_series(series, name: str = "series") -> np.ndarray:
    """Validate a time series: 1-D ``(time,)`` or 2-D ``(time, features)``, numeric, finite.

    Returns the array (without copying where possible) as 2-D ``(time, features)``.
    """
    arr = np.asarray(series)
    if arr.dtype == object or arr.dtype.kind not in "biuf":
        raise ValueError(f"{name} must hold numbers; got dtype {arr.dtype}")
    if arr.ndim == 1:
        arr = arr[:, None]
    elif arr.ndim != 2:
        raise ValueError(f"{name} must be 1-D (time,) or 2-D (time, features); got shape {arr.shape}")
    if arr.dtype.kind == "f" and not np.isfinite(arr).all():
        step = int(np.argwhere(~np.isfinite(arr))[0, 0])
        raise ValueError(f"{name} contains NaN or infinite values (first at time step {step}): "
                         "fill or drop missing values before making windows")
    return arr


def target_indices(target_columns, n_features: int, squeeze_single: bool):
    """Normalise ``target_columns`` to (list of column indices, squeeze the target axis?)."""
    if target_columns is None:
        return list(range(n_features)), squeeze_single and n_features == 1
    if isinstance(target_columns, numbers.Integral) and not isinstance(target_columns, bool):
        columns, squeeze = [int(target_columns)], True
    else:
        try:
            columns = [int(c) for c in target_columns]
        except (TypeError, ValueError):
            raise ValueError(f"target_columns must be None, an integer or a list of integers; "
                             f"got {target_columns!r}") from None
        squeeze = False
        if not columns:
            raise ValueError("target_columns is empty: name at least one column to forecast")
    for c in columns:
        if not -n_features <= c < n_features:
            raise ValueError(f"target column {c} does not exist: the series has {n_features} "
                             f"feature(s), columns 0..{n_features - 1}")
    return [c % n_features for c in columns], squeeze


def make_windows(series, window: int, horizon: int = 1, stride: int = 1, target_columns=None):
    """Cut a series into (input window, target) pairs for supervised forecasting.

    Window ``i`` starts at time ``s = i * stride``. Its input is the ``window``
    steps ``series[s : s + window]``; its target is the ``horizon`` steps that
    *follow* it, ``series[s + window : s + window + horizon]``. Every input step
    comes strictly before every target step: no window contains its own target,
    and nothing after the forecast origin leaks into the input.

    The inputs are a read-only *view* of ``series`` (NumPy's
    ``sliding_window_view``): no data is copied, however many windows there are.
    Call ``x.copy()`` if you need to write into them.

    Args:
        series: array of shape ``(time,)`` or ``(time, features)``.
        window: number of past steps the model sees (e.g. 60).
        horizon: number of future steps to forecast (1 for one step ahead).
        stride: distance in time steps between the starts of consecutive windows.
        target_columns: which features are the targets. None: all of them; an
            integer: that column, and ``y`` has no feature axis; a list: those
            columns, and ``y`` keeps a feature axis.

    Returns:
        ``(x, y)`` with ``x.shape == (n_windows, window, n_features)`` where
        ``n_windows = (len(series) - window - horizon) // stride + 1``, and
        ``y.shape == (n_windows, horizon)`` for a single target (a 1-D series, an
        integer ``target_columns``, or a one-column series) or
        ``(n_windows, horizon, n_targets)`` otherwise.

    Raises:
        ValueError: if the series is shorter than ``window + horizon``, is not 1-D
            or 2-D, holds NaN, or an argument is not a positive integer.

    Example:
        >>> x, y = make_windows(np.arange(6.0), window=3, horizon=1)
        >>> x[:, :, 0].tolist()
        [[0.0, 1.0, 2.0], [1.0, 2.0, 3.0], [2.0, 3.0, 4.0]]
        >>> y.tolist()
        [[3.0], [4.0], [5.0]]
    """
    window = _positive_int(window, "window")
    horizon = _positive_int(horizon, "horizon")
    stride = _positive_int(stride, "stride")
    data = as_series(series)
    n_steps, n_features = data.shape
    if n_steps < window + horizon:
        raise ValueError(f"the series has {n_steps} time steps, but a window of {window} plus a "
                         f"horizon of {horizon} needs at least {window + horizon}")
    columns, squeeze = target_indices(target_columns, n_features, squeeze_single=True)
    n_windows = (n_steps - window - horizon) // stride + 1

    # sliding_window_view appends the window axis last: (starts, features, window).
    # Transposing and slicing only change strides, so x stays a view of `data`.
    x = np.lib.stride_tricks.sliding_window_view(data[: n_steps - horizon], window, axis=0)
    x = x.transpose(0, 2, 1)[::stride][:n_windows]

    if columns == list(range(columns[0], columns[-1] + 1)):
        targets = data[window:, columns[0]: columns[-1] + 1]   # a contiguous slice is a view
    else:
        targets = data[window:, columns]                        # fancy indexing copies (targets only)
    y = np.lib.stride_tricks.sliding_window_view(targets, horizon, axis=0)
    y = y.transpose(0, 2, 1)[::stride][:n_windows]
    if squeeze:
        y = y[:, :, 0]
    return x, y


def _split_size(value, n: int, name: str) -> int:
    if isinstance(value, bool):
        raise ValueError(f"{name} must be a fraction in [0, 1) or a number of time steps; got {value!r}")
    if isinstance(value, numbers.Integral):
        if value < 0:
            raise ValueError(f"{name} must not be negative; got {value}")
        return int(value)
    if isinstance(value, numbers.Real) and 0 <= value < 1:
        return int(n * value)
    raise ValueError(f"{name} must be a fraction in [0, 1) or a number of time steps; got {value!r}")


def chronological_split(series, train=0.7, val=0.15, context: int = 0):
    """Split a series into train, validation and test periods, in time order, never shuffled.

    The training period is the oldest data and the test period the most recent, as
    in deployment: the model is always evaluated on a future it has not seen.

    ``context`` lets each later period start ``context`` steps early, so that its
    first window can use the end of the previous period as *input*. Pass your
    window length: with ``make_windows(val_part, window)`` every target then lies
    inside the validation period, and no target is lost at the boundary.

    Args:
        series: array of shape ``(time,)`` or ``(time, features)``.
        train: the training period: a fraction of the length (``int(n * train)``
            steps) or a number of steps.
        val: the validation period, likewise; the test period is the rest.
        context: steps of the previous period to prepend to validation and test.

    Returns:
        ``(train, val, test)``: views of ``series`` (NumPy slices, no copies).

    Raises:
        ValueError: if the periods do not fit in the series, or the training or
            test period would be empty.

    Example:
        >>> train, val, test = chronological_split(np.arange(10), train=0.6, val=0.2)
        >>> train.tolist(), val.tolist(), test.tolist()
        ([0, 1, 2, 3, 4, 5], [6, 7], [8, 9])
        >>> chronological_split(np.arange(10), train=0.6, val=0.2, context=2)[2].tolist()
        [6, 7, 8, 9]
    """
    arr = np.asarray(series)
    if arr.ndim not in (1, 2):
        raise ValueError(f"series must be 1-D (time,) or 2-D (time, features); got shape {arr.shape}")
    n = len(arr)
    n_train = _split_size(train, n, "train")
    n_val = _split_size(val, n, "val")
    if isinstance(context, bool) or not isinstance(context, numbers.Integral) or context < 0:
        raise ValueError(f"context must be a non-negative integer; got {context!r}")
    if n_train == 0:
        raise ValueError(f"the training period is empty ({n} steps, train={train!r})")
    if n_train + n_val >= n:
        raise ValueError(f"train ({n_train} steps) and val ({n_val} steps) leave no test period "
                         f"in a series of {n} steps")
    if context > n_train:
        raise ValueError(f"context ({context}) is longer than the training period ({n_train} steps)")
    val_end = n_train + n_val
    return (arr[:n_train],
            arr[max(n_train - context, 0): val_end],
            arr[max(val_end - context, 0):])
