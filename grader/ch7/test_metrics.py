import numpy as np
from hypothesis import given, strategies as st
from hypothesis.extra import numpy as hnp
from sklearn.metrics import mean_absolute_error, mean_squared_error

from grader.checks import check_close

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


def test_multi_step_forecasts(exercise):
    """(n, horizon) arrays: the mean runs over every value, not per row"""
    t = np.array([[1.0, 2.0], [3.0, 4.0]])
    p = np.array([[1.0, 4.0], [3.0, 4.0]])
    check_close(exercise.mae(t, p), 0.5, name="mae of a 2×2 forecast with a single miss of 2")
    check_close(exercise.rmse(t, p), 1.0, name="rmse of a 2×2 forecast with a single miss of 2")
