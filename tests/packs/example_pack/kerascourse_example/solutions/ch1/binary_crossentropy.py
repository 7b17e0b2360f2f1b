"""Binary cross-entropy, the loss for yes/no predictions.

Run: kerascourse grade example:ch1 binary_crossentropy
"""

import numpy as np


def binary_crossentropy(y_true: np.ndarray, p: np.ndarray, eps: float = 1e-7) -> float:
    """Return the mean binary cross-entropy of probabilities p for labels y_true, with p clipped to [eps, 1 - eps]."""
    p = np.clip(np.asarray(p, dtype=float), eps, 1 - eps)
    y = np.asarray(y_true, dtype=float)
    return float(np.mean(-(y * np.log(p) + (1 - y) * np.log(1 - p))))
