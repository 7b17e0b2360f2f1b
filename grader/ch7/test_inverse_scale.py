import numpy as np
from sklearn.preprocessing import MinMaxScaler, StandardScaler

from grader.checks import CheckFailed, check, check_array

RNG = np.random.default_rng(1)
# Open, High, Low, Close, Volume: very different ranges per column.
PRICES = np.column_stack([RNG.uniform(90, 110, 50), RNG.uniform(100, 120, 50), RNG.uniform(80, 100, 50),
                          RNG.uniform(95, 115, 50), RNG.uniform(1e5, 1e6, 50)])


_LEARNED = ("data_min_", "data_max_", "scale_", "min_", "mean_", "var_")


def _inverse(exercise, scaler, scaled, column, name):
    """Call inverse_scale; the fitted scaler must come back unchanged, and the result in the predictions' shape."""
    before = {k: np.copy(getattr(scaler, k)) for k in _LEARNED if getattr(scaler, k, None) is not None}
    try:
        out = exercise.inverse_scale(scaler, scaled.copy(), column=column)
    except AttributeError as exc:
        kind = type(scaler).__name__
        if kind in str(exc):   # e.g. "'StandardScaler' object has no attribute 'data_range_'"
            raise CheckFailed(f"{name} raised AttributeError ({exc}): a {kind} does not keep the statistics your "
                              f"code reads. Let the scaler undo its own scaling, scaler.inverse_transform(...), "
                              f"which works for every scikit-learn scaler") from None
        raise
    for key, value in before.items():
        check(np.array_equal(getattr(scaler, key), value),
              f"{name} changed the scaler: its {key} was {value.tolist()} and is now "
              f"{np.asarray(getattr(scaler, key)).tolist()}: it was refitted (fit or fit_transform) on the "
              f"predictions, so it undoes a scaling that never happened. Use the scaler fitted on the training "
              f"data as it is: only scaler.inverse_transform(...)")
    if isinstance(out, np.ndarray) and out.shape != scaled.shape and out.size == scaled.size:
        raise CheckFailed(f"{name}: the predictions have shape {scaled.shape} but the result has shape {out.shape}: "
                          f"return the same shape as predictions, .reshape(predictions.shape)")
    return out


def test_single_feature_multi_step(exercise):
    """a one-column scaler and (n, 3) predictions: every value back in price units, same shape"""
    scaler = MinMaxScaler().fit(PRICES[:, 3:4])
    truth = PRICES[:6, 3].reshape(2, 3)
    scaled = scaler.transform(truth.reshape(-1, 1)).reshape(2, 3)
    name = "inverse_scale(scaler, predictions of shape (2, 3))"
    out = _inverse(exercise, scaler, scaled, 0, name)
    check_array(out, truth, name=name, atol=1e-6, dtype_kind="f", mistakes={
        "that is scaler.transform again: use scaler.inverse_transform to go back to prices":
            scaler.transform(scaled.reshape(-1, 1)).reshape(2, 3),
    })


def test_close_column_of_five(exercise):
    """a scaler fitted on Open/High/Low/Close/Volume, predictions of Close (column 3)"""
    scaler = MinMaxScaler().fit(PRICES)
    truth = PRICES[:8, 3].reshape(4, 2)
    scaled = (truth - scaler.data_min_[3]) / scaler.data_range_[3]
    name = "inverse_scale(scaler, close_predictions, column=3)"
    out = _inverse(exercise, scaler, scaled, 3, name)
    check_array(out, truth, name=name, atol=1e-6, mistakes={
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
    name = "inverse_scale(standard_scaler, predictions, column=1)"
    check_array(_inverse(exercise, scaler, scaled, 1, name), truth, name=name, atol=1e-6)


def test_one_dimensional_and_single(exercise):
    """any shape comes back as it was: 1-D predictions, and a single prediction of shape (1, 1)"""
    scaler = MinMaxScaler().fit(PRICES)
    truth = PRICES[:4, 2]
    scaled = (truth - scaler.data_min_[2]) / scaler.data_range_[2]
    name = "inverse_scale(scaler, 1-D predictions of shape (4,), column=2)"
    check_array(_inverse(exercise, scaler, scaled, 2, name), truth, name=name, atol=1e-6)
    name = "inverse_scale(scaler, one prediction of shape (1, 1), column=2)"
    check_array(_inverse(exercise, scaler, scaled[:1].reshape(1, 1), 2, name), truth[:1].reshape(1, 1), name=name,
                atol=1e-6)
