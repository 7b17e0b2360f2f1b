"""The checks' own references equal the real library's: Keras at the array's own shape, TensorFlow's tape."""

import keras
import numpy as np
import pytest
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


def _chapter_checks(chapter, name):
    import importlib.util

    from grader.course import Course

    path = Course.load().chapter(chapter).tests_dir / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"{chapter}_{name}_checks", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _conv(x, k, **kwargs):
    return keras.ops.convert_to_numpy(keras.ops.conv(x.astype("float32"), k.astype("float32"), padding="valid",
                                                     **kwargs))


small_ints = st.integers(-5, 5)
_keras_conv2d = _chapter_checks("ch5", "test_conv2d")._keras_conv2d
_keras_pool = _chapter_checks("ch5", "test_max_pool")._keras_pool
_keras_conv1d = _chapter_checks("ch5", "test_conv1d")._keras_conv1d


@settings(max_examples=40, deadline=None)
@given(hnp.arrays(np.int64, st.tuples(st.integers(3, 9), st.integers(3, 9)), elements=small_ints),
       hnp.arrays(np.int64, st.tuples(st.integers(1, 3), st.integers(1, 3)), elements=small_ints),
       st.integers(1, 3), hnp.arrays(np.int64, st.tuples(st.integers(2, 10), st.integers(2, 10)), elements=small_ints),
       st.sampled_from([(2, 2), (2, 1), (3, 3)]), st.lists(small_ints, min_size=5, max_size=20),
       st.lists(small_ints, min_size=1, max_size=5))
def test_ch5_references_at_padded_shapes_are_keras(image, kernel, stride, fmap, pool, signal, kernel1d):
    """ch5's convolution and pooling references, computed at a few padded shapes, equal Keras at the real shape."""
    np.testing.assert_array_equal(_keras_conv2d(image, kernel, stride),
                                  _conv(image[None, :, :, None], kernel[:, :, None, None], strides=stride)[0, :, :, 0])
    size, step = pool
    if min(fmap.shape) >= size:
        expected = keras.layers.MaxPooling2D(size, step)(fmap.astype("float32")[None, :, :, None])
        np.testing.assert_array_equal(_keras_pool(fmap, size, step),
                                      keras.ops.convert_to_numpy(expected)[0, :, :, 0])
    signal, kernel1d = np.array(signal), np.array(kernel1d)
    np.testing.assert_array_equal(_keras_conv1d(signal, kernel1d),
                                  _conv(signal.reshape(1, -1, 1), kernel1d.reshape(-1, 1, 1))[0, :, 0])


def test_ch3_gradient_reference_off_tensorflow_is_the_tapes():
    """On JAX or PyTorch, ch3's gradient check uses the closed form instead of importing TensorFlow: the same numbers."""
    module = _chapter_checks("ch3", "test_gradient_descent")
    for w in (-20.0, -1.5, 0.0, 3.3, 6.0, 19.75):
        assert module._closed_form_derivative(w) == pytest.approx(module._tape_derivative(w), rel=1e-12, abs=1e-12)
