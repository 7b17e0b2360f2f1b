"""The checks' Keras references computed at padded shapes (grader.checks) equal Keras at the array's own shape."""

import keras
import numpy as np
from hypothesis import given, settings, strategies as st
from hypothesis.extra import numpy as hnp

from grader.checks import keras_elementwise, keras_softmax

arrays = hnp.arrays(np.float64, hnp.array_shapes(min_dims=1, max_dims=3, max_side=9),
                    elements=st.floats(-500, 500, allow_nan=False, width=64))


def _keras(function, x, **kwargs):
    return keras.ops.convert_to_numpy(function(keras.ops.convert_to_tensor(x), **kwargs))


@settings(max_examples=40, deadline=None)
@given(arrays, st.sampled_from(["sigmoid", "tanh", "relu", "exponential"]))
def test_elementwise_at_a_padded_shape_is_keras(x, name):
    function = getattr(keras.activations, name)
    with np.errstate(over="ignore"):
        # Equal to the last bit or two: a vectorised loop and a scalar one may round differently.
        np.testing.assert_allclose(keras_elementwise(function, x), _keras(function, x), rtol=1e-12, atol=1e-300)


@settings(max_examples=40, deadline=None)
@given(arrays)
def test_softmax_at_a_padded_shape_is_keras(x):
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")   # Keras warns of a softmax over one element
        expected = _keras(keras.activations.softmax, x, axis=-1)
    got = keras_softmax(x)
    assert got.shape == x.shape
    np.testing.assert_allclose(got, expected, rtol=1e-6, atol=1e-12)
