"""Normalising features with the statistics of the training split only.

Features on different scales (a crime rate near 0.1, a tax rate near 400) slow
learning down; z-scoring each feature fixes that. The mean and standard
deviation must come from the training data alone: the test data stands for the
future, and its statistics are not known when the model is trained.

Run: kerascourse grade ch4 normalize_split    Hint: kerascourse hint ch4.normalize_split
"""

import numpy as np


def normalize(x_train: np.ndarray, x_test: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Z-score each feature (column) with the mean and std of x_train; apply the same to x_test.

    Return (x_train_normalised, x_test_normalised).
    """
    raise NotImplementedError("Z-score each feature (column) with the mean and std of x_train; apply the same to x_test")
