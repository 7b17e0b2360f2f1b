"""A chronological split, and a scaler fitted on the training period only.

Time series are split by time, never shuffled: the model is trained on the past
and judged on a future it has not seen. The scaler is part of the model, so it
learns its min and max from the training period alone; the validation and test
periods are transformed with those numbers (and may leave [0, 1]).

Run: kerascourse grade ch7 split_and_scale    Hint: kerascourse hint ch7.split_and_scale
"""

import numpy as np
from sklearn.preprocessing import MinMaxScaler


def split_and_scale(series: np.ndarray, train_fraction: float = 0.7, val_fraction: float = 0.15):
    """Split a 1-D series into train, val, test by time, and min-max scale all three.

    The first ``int(len(series) * train_fraction)`` values are the training period,
    the next ``int(len(series) * val_fraction)`` the validation period, the rest the
    test period. Fit a ``MinMaxScaler`` on the training period only.

    Returns ``(train, val, test, scaler)``: three 1-D scaled arrays and the fitted scaler.
    """
    raise NotImplementedError("Split by time (no shuffling), fit a MinMaxScaler on train only, scale all three periods")
