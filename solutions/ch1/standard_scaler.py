"""Z-score standardisation as a reusable scaler: fit, transform, inverse_transform.

``z = (x - mean) / std`` per feature, with the mean and standard deviation of
the training data (learned by ``fit``), applied unchanged by ``transform`` to any
split, and undone by ``inverse_transform`` (to read predictions in real units).
This is scikit-learn's ``StandardScaler`` contract.

Run: kerascourse grade ch1 standard_scaler    Hint: kerascourse hint ch1.standard_scaler
"""

import numpy as np


class ZScoreScaler:
    """Standardise features with statistics learned from the training data.

    After ``fit(x)``: ``mean_`` and ``std_`` hold one number per column. A column
    with zero standard deviation gets ``std_ = 1`` so that nothing is divided by 0.
    """

    def fit(self, x: np.ndarray) -> "ZScoreScaler":
        """Learn ``mean_`` and ``std_`` (population std, ddof=0) of each column; return self."""
        self.mean_ = x.mean(axis=0)
        std = x.std(axis=0)
        self.std_ = np.where(std == 0, 1.0, std)
        return self

    def transform(self, x: np.ndarray) -> np.ndarray:
        """Return ``(x - mean_) / std_``."""
        return (x - self.mean_) / self.std_

    def inverse_transform(self, z: np.ndarray) -> np.ndarray:
        """Undo :meth:`transform`: return ``z * std_ + mean_``."""
        return z * self.std_ + self.mean_
