import keras
import numpy as np
from hypothesis import given, strategies as st

from grader.checks import check_close


def test_certain_and_right_is_almost_zero(exercise):
    """p = 1 for y = 1 gives a loss of almost 0, not NaN (clipping)"""
    check_close(exercise.binary_crossentropy(np.array([1.0]), np.array([1.0])), 1e-7, atol=1e-6,
                name="binary_crossentropy([1], [1])")


@given(st.lists(st.tuples(st.integers(0, 1), st.floats(0, 1)), min_size=1, max_size=20))
def test_matches_keras(exercise, values):
    """binary_crossentropy equals keras.losses.binary_crossentropy for any labels and probabilities"""
    y, p = np.array(values, dtype=float).T
    expected = float(np.mean(keras.losses.binary_crossentropy(y[None], p[None])))
    check_close(exercise.binary_crossentropy(y, p), expected, rtol=1e-3, atol=1e-3,
                name=f"binary_crossentropy({y.tolist()}, {p.tolist()})")
