"""Forecasting several steps with a one-step model, by feeding its forecasts back.

Predict the next value from the last ``window`` values, append the prediction,
drop the oldest value, and repeat. After the first step the model reads its own
forecasts, so errors compound: the reason to prefer a *direct* multi-step model
(Dense(horizon)) far ahead.

Run: kerascourse grade ch7 recursive_forecast    Hint: kerascourse hint ch7.recursive_forecast
"""

import numpy as np


def recursive_forecast(model, last_window: np.ndarray, steps: int) -> np.ndarray:
    """Forecast ``steps`` values after ``last_window`` (1-D, the ``window`` latest values).

    ``model`` maps a batch of shape (1, window, 1) to (1, 1). Returns a 1-D array of
    ``steps`` forecasts.
    """
    raise NotImplementedError("Predict one step, append it to the window, drop the oldest value, repeat")
