"""The stacked-LSTM forecaster, and forecasting with it: direct multi-step or recursive."""

from __future__ import annotations

import numbers

import numpy as np

from kerascourse.timeseries._windows import _positive_int

__all__ = ["build_lstm", "forecast"]


def build_lstm(window: int, n_features: int, horizon: int = 1, units=(50, 50), dropout: float = 0.2,
               n_targets: int = 1, compile: bool = True, learning_rate: float = 1e-3):
    """The classic stacked-LSTM forecaster: LSTM layers with dropout, then a linear Dense head.

    Every LSTM but the last returns its whole output sequence (``return_sequences=True``)
    so that the next LSTM has a sequence to read; the last returns only its final
    state, which the Dense layer maps to ``horizon`` future values at once (a
    *direct* multi-step forecast). The head is linear: a forecast is a regression,
    and a sigmoid or ReLU would cap or clip it.

    Args:
        window: time steps per input window.
        n_features: features per time step.
        horizon: future steps predicted per window.
        units: units of each LSTM layer, first to last (an int for a single layer).
        dropout: rate of the Dropout layer after each LSTM (0 leaves them out).
        n_targets: features forecast per step; with more than one, the output is
            reshaped to ``(horizon, n_targets)``.
        compile: compile with Adam and mean squared error (MAE as a metric).
        learning_rate: Adam's learning rate (0.01 trains a small model in fewer epochs).

    Returns:
        A ``keras.Sequential`` mapping ``(batch, window, n_features)`` to
        ``(batch, horizon)`` (or ``(batch, horizon, n_targets)``).

    Example:
        >>> model = build_lstm(window=60, n_features=1)
        >>> [layer.__class__.__name__ for layer in model.layers]
        ['LSTM', 'Dropout', 'LSTM', 'Dropout', 'Dense']
        >>> model.output_shape
        (None, 1)
    """
    import keras

    window = _positive_int(window, "window")
    n_features = _positive_int(n_features, "n_features")
    horizon = _positive_int(horizon, "horizon")
    n_targets = _positive_int(n_targets, "n_targets")
    units = (units,) if isinstance(units, numbers.Integral) else tuple(units)
    if not units:
        raise ValueError("units is empty: give at least one LSTM layer, e.g. units=(50,)")
    units = tuple(_positive_int(u, "each entry of units") for u in units)
    if isinstance(dropout, bool) or not isinstance(dropout, numbers.Real) or not 0 <= dropout < 1:
        raise ValueError(f"dropout must be a rate in [0, 1); got {dropout!r}")

    layers = [keras.Input(shape=(window, n_features))]
    for i, n in enumerate(units):
        layers.append(keras.layers.LSTM(n, return_sequences=i < len(units) - 1))
        if dropout:
            layers.append(keras.layers.Dropout(dropout))
    layers.append(keras.layers.Dense(horizon * n_targets))
    if n_targets > 1:
        layers.append(keras.layers.Reshape((horizon, n_targets)))
    model = keras.Sequential(layers, name="lstm_forecaster")
    if compile:
        model.compile(optimizer=keras.optimizers.Adam(learning_rate), loss="mse", metrics=["mae"])
    return model


def _predict(model, x: np.ndarray) -> np.ndarray:
    """Predictions of a Keras model (or any NumPy-in, NumPy-out callable) as a NumPy array."""
    if hasattr(model, "predict") and hasattr(model, "layers"):
        if len(x) <= 4096:
            # One call on a small batch: far cheaper than predict()'s per-call setup.
            import keras
            return np.asarray(keras.ops.convert_to_numpy(model(x, training=False)))
        return np.asarray(model.predict(x, verbose=0))
    if not callable(model):
        raise ValueError(f"model must be a Keras model or a callable; got {type(model).__name__}")
    return np.asarray(model(x))


def _first_step(pred: np.ndarray, n: int, n_features: int) -> np.ndarray:
    """The first forecast step of every window, as ``(n, n_features)``.

    A multi-step model contributes only its first step: the window moves one step at a time.
    """
    if pred.ndim == 1:
        pred = pred[:, None]
    if pred.ndim == 3:                       # (n, horizon, features)
        pred = pred[:, 0, :]
    elif pred.ndim == 2 and n_features == 1:  # (n, horizon) of the only feature
        pred = pred[:, :1]
    if pred.ndim != 2 or pred.shape != (n, n_features):
        raise ValueError(f"recursive forecasting feeds each prediction back as the next input step, "
                         f"so the model must forecast all {n_features} input feature(s); its output "
                         f"has shape {pred.shape}. Forecast a univariate series, or use method='direct'")
    return pred


def forecast(model, x, steps: int | None = None, method: str = "direct") -> np.ndarray:
    """Forecast from windows, directly (one call) or recursively (one step at a time).

    ``"direct"``: the model predicts the whole horizon at once (a model built with
    ``build_lstm(..., horizon=h)``); ``steps``, if given, must equal ``h``.

    ``"recursive"``: a one-step model is applied ``steps`` times; each prediction
    is appended to the window and the oldest step dropped, so the model later reads
    its own forecasts. Errors compound along the way, which is why direct
    forecasting is often better far ahead. It needs the model to forecast every
    input feature (a univariate series), since nobody supplies future values of the
    others.

    Args:
        model: a Keras model, or a callable mapping ``(n, window, features)`` to
            ``(n, horizon)`` / ``(n, horizon, features)``.
        x: windows ``(n, window, features)``.
        steps: forecast length (required for ``"recursive"``).
        method: ``"direct"`` or ``"recursive"``.

    Returns:
        ``(n, steps)`` for a univariate forecast, else ``(n, steps, features)``.

    Example:
        >>> last_plus_one = lambda w: w[:, -1:, 0] + 1.0        # a "model": next = last + 1
        >>> forecast(last_plus_one, np.zeros((1, 3, 1)), steps=4, method="recursive").tolist()
        [[1.0, 2.0, 3.0, 4.0]]
    """
    arr = np.asarray(x, dtype=np.float32)
    if arr.ndim == 2:
        arr = arr[:, :, None]
    if arr.ndim != 3:
        raise ValueError(f"x must be windows of shape (n, window, features); got shape {arr.shape}")
    if method == "direct":
        out = _predict(model, arr)
        if steps is not None and out.shape[1] != steps:
            raise ValueError(f"the model forecasts {out.shape[1]} steps per window, not steps={steps}: "
                             f"for a longer forecast with a one-step model use method='recursive'")
        return out
    if method != "recursive":
        raise ValueError(f"method must be 'direct' or 'recursive'; got {method!r}")
    if steps is None:
        raise ValueError("method='recursive' needs steps=<how many steps to forecast>")
    steps = _positive_int(steps, "steps")
    n, _, n_features = arr.shape
    current = arr.copy()
    outputs = []
    for _ in range(steps):
        step = _first_step(_predict(model, current), n, n_features)
        outputs.append(step)
        current = np.concatenate([current[:, 1:, :], step[:, None, :].astype(np.float32)], axis=1)
    result = np.stack(outputs, axis=1)
    return result[:, :, 0] if n_features == 1 else result
