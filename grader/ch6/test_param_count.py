import keras
import numpy as np
from hypothesis import given, strategies as st

from grader.checks import check, check_whole_number


def _numpy_zeros(shape, dtype=None):
    return np.zeros(shape, dtype or "float32")


# NumPy zeros, not Keras's random weights: only the count matters, and under JAX every new shape
# of generated weights costs an XLA compilation (about a second each; hypothesis tries a hundred shapes).
NO_RANDOM = {"kernel_initializer": _numpy_zeros, "bias_initializer": _numpy_zeros}


def _keras_conv(kernel_size, in_channels, filters):
    layer = keras.layers.Conv2D(filters, (kernel_size, kernel_size), **NO_RANDOM)
    layer.build((None, 16, 16, in_channels))
    return layer.count_params()


def _keras_dense(in_features, units):
    layer = keras.layers.Dense(units, **NO_RANDOM)
    layer.build((None, in_features))
    return layer.count_params()


def _conv_mistake(got, k, c, f):
    if got == k * k * c * f:
        return "the biases are missing: every filter has one bias, add `filters`"
    if got == k * k * f + f:
        return ("in_channels is missing: a filter covers all the input channels, so it has "
                "kernel_size·kernel_size·in_channels weights")
    if got in (k * c * f + f, k * c * f):
        return "the kernel is kernel_size × kernel_size: multiply by kernel_size twice"
    if got == (k * k * c + 1) * f * f or got == k * k * c * f * f + f:
        return "filters counted twice"
    return ""


def test_block1_conv1(exercise):
    """conv2d_params(3, 3, 64) is the int 1792: VGG16's first convolution on an RGB image"""
    got = exercise.conv2d_params(3, 3, 64)
    check(got is not None, "conv2d_params returned None: did you forget the `return` statement?")
    check(got == 1792, f"conv2d_params(3, 3, 64): expected 3·3·3·64 + 64 = 1792, got {got}"
          + (f": {_conv_mistake(got, 3, 3, 64)}" if _conv_mistake(got, 3, 3, 64) else ""))
    check_whole_number(got, name="conv2d_params(3, 3, 64)")


@given(st.integers(1, 7), st.integers(1, 64), st.integers(1, 64))
def test_conv_matches_keras(exercise, kernel_size, in_channels, filters):
    """conv2d_params equals keras.layers.Conv2D(...).count_params() for any sizes"""
    expected = _keras_conv(kernel_size, in_channels, filters)
    got = exercise.conv2d_params(kernel_size, in_channels, filters)
    mistake = _conv_mistake(got, kernel_size, in_channels, filters)
    check(got == expected, f"conv2d_params({kernel_size}, {in_channels}, {filters}): Keras counts {expected}, "
          f"got {got}" + (f": {mistake}" if mistake else ""))
    check_whole_number(got, name=f"conv2d_params({kernel_size}, {in_channels}, {filters})")


def test_predictions_layer(exercise):
    """dense_params(4096, 1000) is the int 4,097,000: VGG16's predictions layer"""
    got = exercise.dense_params(4096, 1000)
    check(got is not None, "dense_params returned None: did you forget the `return` statement?")
    hint = ""
    if got == 4096 * 1000:
        hint = ": the biases are missing: every unit has one bias"
    elif got == 4096 * 1000 + 4096:
        hint = ": there is one bias per unit (1000 of them), not one per input (4096)"
    check(got == 4_097_000, f"dense_params(4096, 1000): expected 4096·1000 + 1000 = 4,097,000, got {got}{hint}")
    check_whole_number(got, name="dense_params(4096, 1000)")


@given(st.integers(1, 5000), st.integers(1, 5000))
def test_dense_matches_keras(exercise, in_features, units):
    """dense_params equals keras.layers.Dense(...).count_params() for any sizes"""
    expected = _keras_dense(in_features, units)
    got = exercise.dense_params(in_features, units)
    hint = ""
    if got == in_features * units:
        hint = ": the biases are missing: every unit has one bias"
    elif got == in_features * units + in_features:
        hint = ": there is one bias per unit (output), not per input"
    check(got == expected, f"dense_params({in_features}, {units}): Keras counts {expected}, got {got}{hint}")
    check_whole_number(got, name=f"dense_params({in_features}, {units})")


def test_image_size_does_not_matter(exercise):
    """fc1 of VGG16 at 224×224 has 102,764,544 parameters: dense_params(7 * 7 * 512, 4096)"""
    got = exercise.dense_params(7 * 7 * 512, 4096)
    check(got == 102_764_544, f"dense_params(25088, 4096): expected 102,764,544 (the biggest layer of VGG16), "
          f"got {got}")
