"""Mean squared error, the regression loss.

Run: kerascourse grade example:ch1 mse
"""

import numpy as np


def mse(y_true: np.ndarray, y_pred: np.ndarray) -> float:
    """Return the mean of (y_true - y_pred) ** 2 as a Python float."""
    return float(np.mean((np.asarray(y_true) - np.asarray(y_pred)) ** 2))
