import keras
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from hypothesis.extra import numpy as hnp

from kerascourse import activations

arrays = hnp.arrays(np.float64, hnp.array_shapes(min_dims=1, max_dims=3, max_side=5),
                    elements=st.floats(-1e3, 1e3, allow_nan=False, width=64))


def keras_ref(name, x, **kwargs):
    return keras.ops.convert_to_numpy(getattr(keras.activations, name)(keras.ops.convert_to_tensor(x), **kwargs))


@settings(max_examples=40, deadline=None)
@given(arrays)
def test_match_keras(x):
    with np.errstate(over="raise", invalid="raise", divide="raise"):   # no overflow, even for |x| = 1000
        for name in ("sigmoid", "tanh", "relu"):
            np.testing.assert_allclose(getattr(activations, name)(x), keras_ref(name, x), rtol=1e-6, atol=1e-12)
        np.testing.assert_allclose(activations.softmax(x), keras_ref("softmax", x, axis=-1), rtol=1e-6, atol=1e-12)


@settings(max_examples=40, deadline=None)
@given(arrays, st.integers(0, 2))
def test_softmax_is_a_distribution_on_any_axis(x, axis):
    axis = axis % x.ndim
    p = activations.softmax(x, axis=axis)
    assert np.all(p >= 0) and np.all(np.isfinite(p))
    np.testing.assert_allclose(p.sum(axis=axis), 1.0, rtol=1e-9)
    # Shifting every score by the same constant changes nothing.
    np.testing.assert_allclose(activations.softmax(x + 123.0, axis=axis), p, rtol=1e-6, atol=1e-12)


def test_extremes():
    np.testing.assert_array_equal(activations.softmax(np.array([1000.0, 1000.0])), [0.5, 0.5])
    np.testing.assert_array_equal(activations.sigmoid(np.array([-1000.0, 1000.0])), [0.0, 1.0])
    assert activations.relu(np.array([3.0]))[0] == 3.0   # not capped at 1
    np.testing.assert_array_equal(activations.threshold(np.array([-1e-9, 0.0, 5.0])), [0.0, 1.0, 1.0])
    np.testing.assert_array_equal(activations.threshold(np.array([0.5, 1.0]), theta=1.0), [0.0, 1.0])


def test_dtype_kept_and_ints_accepted():
    assert activations.sigmoid(np.zeros(2, np.float32)).dtype == np.float32
    np.testing.assert_array_equal(activations.relu([-2, 0, 3]), [0.0, 0.0, 3.0])


@pytest.mark.parametrize("bad", [np.array(["a", "b"]), [[1.0, 2.0], [3.0]]])
def test_bad_input(bad):
    with pytest.raises(ValueError, match="numbers|rectangular"):
        activations.relu(bad)


def test_softmax_errors_and_lookup():
    with pytest.raises(ValueError, match="at least one axis"):
        activations.softmax(np.float64(1.0))
    with pytest.raises(ValueError, match="out of range"):
        activations.softmax(np.zeros(3), axis=1)
    assert activations.get("tanh") is activations.tanh
    with pytest.raises(ValueError, match="unknown activation"):
        activations.get("swish!")
