import numpy as np
from sklearn.preprocessing import MinMaxScaler, StandardScaler

from grader.checks import check_array

RNG = np.random.default_rng(1)
# Open, High, Low, Close, Volume: very different ranges per column.
PRICES = np.column_stack([RNG.uniform(90, 110, 50), RNG.uniform(100, 120, 50), RNG.uniform(80, 100, 50),
                          RNG.uniform(95, 115, 50), RNG.uniform(1e5, 1e6, 50)])


def test_single_feature_multi_step(exercise):
    """a one-column scaler and (n, 3) predictions: every value back in price units, same shape"""
    scaler = MinMaxScaler().fit(PRICES[:, 3:4])
    truth = PRICES[:6, 3].reshape(2, 3)
    scaled = scaler.transform(truth.reshape(-1, 1)).reshape(2, 3)
    out = exercise.inverse_scale(scaler, scaled, column=0)
    check_array(out, truth, name="inverse_scale(scaler, predictions of shape (2, 3))", atol=1e-6, mistakes={
        "that is scaler.transform again: use scaler.inverse_transform to go back to prices":
            scaler.transform(scaled.reshape(-1, 1)).reshape(2, 3),
    })


def test_close_column_of_five(exercise):
    """a scaler fitted on Open/High/Low/Close/Volume, predictions of Close (column 3)"""
    scaler = MinMaxScaler().fit(PRICES)
    truth = PRICES[:8, 3].reshape(4, 2)
    scaled = (truth - scaler.data_min_[3]) / scaler.data_range_[3]
    out = exercise.inverse_scale(scaler, scaled, column=3)
    check_array(out, truth, name="inverse_scale(scaler, close_predictions, column=3)", atol=1e-6, mistakes={
        "these are Open's statistics (column 0): put the predictions in column 3 (Close) before inverting":
            scaled * scaler.data_range_[0] + scaler.data_min_[0],
        "these use the statistics of the wrong column: put the predictions in column `column`":
            scaled * scaler.data_range_[4] + scaler.data_min_[4],
    })


def test_any_scaler(exercise):
    """it works for a StandardScaler too: use the scaler's own inverse_transform"""
    scaler = StandardScaler().fit(PRICES)
    truth = PRICES[:5, 1].reshape(5, 1)
    scaled = (truth - scaler.mean_[1]) / scaler.scale_[1]
    out = exercise.inverse_scale(scaler, scaled, column=1)
    check_array(out, truth, name="inverse_scale(standard_scaler, predictions, column=1)", atol=1e-6)
