import numpy as np
from hypothesis import given, strategies as st
from hypothesis.extra import numpy as hnp
from sklearn.metrics import mean_absolute_error, mean_squared_error

from grader.checks import CheckFailed, check_close, check_float

values = st.floats(-100, 100, allow_nan=False)


def test_worked_example(exercise):
    """truth [1, 2, 3], forecast [2, 2, 1]: misses 1, 0, 2 give MAE 1 and RMSE sqrt(5/3)"""
    t, p = np.array([1.0, 2.0, 3.0]), np.array([2.0, 2.0, 1.0])
    got = exercise.mae(t, p)
    if np.isclose(float(np.asarray(got)), np.mean(t - p)) or np.isclose(float(np.asarray(got)), np.mean(p - t)):
        check_close(got, 1.0, name="mae([1, 2, 3], [2, 2, 1]) (the absolute value is missing: misses in "
                                   "both directions cancel out)")
    check_close(got, 1.0, name="mae([1, 2, 3], [2, 2, 1])")
    got = exercise.rmse(t, p)
    if np.isclose(float(np.asarray(got)), 5.0 / 3.0):
        check_close(got, np.sqrt(5 / 3), name="rmse([1, 2, 3], [2, 2, 1]) (that is the MSE: take its square root)")
    if np.isclose(float(np.asarray(got)), 1.0):
        check_close(got, np.sqrt(5 / 3), name="rmse([1, 2, 3], [2, 2, 1]) (that equals the MAE: square the "
                                              "misses, average, then take the root)")
    check_close(got, np.sqrt(5 / 3), name="rmse([1, 2, 3], [2, 2, 1])")


@given(hnp.arrays(np.float64, st.integers(1, 30), elements=values), st.data())
def test_match_scikit_learn(exercise, t, data):
    """for any forecast both equal scikit-learn's mean_absolute_error and sqrt(mean_squared_error)"""
    p = data.draw(hnp.arrays(np.float64, t.shape, elements=values))
    check_close(exercise.mae(t, p), mean_absolute_error(t, p), name="mae", rtol=1e-6, atol=1e-9)
    check_close(exercise.rmse(t, p), np.sqrt(mean_squared_error(t, p)), name="rmse", rtol=1e-6, atol=1e-9)


def _one_number(got, name):
    """An error measure is one number for the whole forecast; a mean along an axis gives one per row or column."""
    if isinstance(got, np.ndarray) and got.size > 1:
        raise CheckFailed(f"{name} returned {got.size} values {got.tolist()}, one per row or column: the mean "
                          f"runs over every value, np.mean(...) with no axis argument")
    check_float(got, name=name)


def test_multi_step_forecasts(exercise):
    """(n, horizon) arrays: the mean runs over every value, not per row or per step"""
    t = np.array([[1.0, 2.0], [3.0, 4.0]])
    p = np.array([[1.0, 4.0], [3.0, 4.0]])
    for label, function, expected in (("mae", exercise.mae, 0.5), ("rmse", exercise.rmse, 1.0)):
        name = f"{label} of a 2×2 forecast with a single miss of 2"
        got = function(t, p)
        _one_number(got, name)
        check_close(got, expected, name=name)


def test_returns_a_float(exercise):
    """both return a float (the stub's `-> float`), not an array or a tensor"""
    t, p = np.array([1.0, 2.0, 3.0]), np.array([2.0, 2.0, 1.0])
    for label, function in (("mae", exercise.mae), ("rmse", exercise.rmse)):
        _one_number(function(t, p), f"{label}([1, 2, 3], [2, 2, 1])")
