import keras
import numpy as np
from hypothesis import given, strategies as st

from grader.checks import check_close

pairs = st.lists(st.tuples(st.floats(-10, 10), st.floats(-10, 10)), min_size=1, max_size=20)


def test_example(exercise):
    """mse([1, 2], [1.5, 2]) is 0.125"""
    check_close(exercise.mse(np.array([1.0, 2.0]), np.array([1.5, 2.0])), 0.125, name="mse([1, 2], [1.5, 2])")


@given(pairs)
def test_matches_keras(exercise, values):
    """mse equals keras.losses.MeanSquaredError for any values"""
    y, p = np.array(values).T
    expected = float(keras.losses.MeanSquaredError()(y[None], p[None]))
    check_close(exercise.mse(y, p), expected, name=f"mse({y.tolist()}, {p.tolist()})", rtol=1e-4, atol=1e-4)
