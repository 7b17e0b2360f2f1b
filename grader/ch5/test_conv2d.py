import keras
import numpy as np
from hypothesis import given, strategies as st
from hypothesis.extra.numpy import arrays

from grader.checks import check, check_array


def _keras_conv2d(image, kernel, stride):
    x = np.asarray(image, "float32")[None, :, :, None]
    k = np.asarray(kernel, "float32")[:, :, None, None]
    return keras.ops.convert_to_numpy(keras.ops.conv(x, k, strides=stride, padding="valid"))[0, :, :, 0]


def _mistakes(image, kernel, stride):
    wrong = {}
    flipped = _keras_conv2d(image, np.asarray(kernel)[::-1, ::-1], stride)
    if not np.allclose(flipped, _keras_conv2d(image, kernel, stride)):
        wrong["the kernel is flipped (scipy.signal.convolve2d does that); Keras slides it as it is"] = flipped
    if stride > 1 and _keras_conv2d(image, kernel, 1).shape != _keras_conv2d(image, kernel, stride).shape:
        wrong[f"the stride is ignored: with stride={stride} the window jumps {stride} pixels at a time"] = \
            _keras_conv2d(image, kernel, 1)
    return wrong


def _name_mistake(out, mistakes, name):
    """Known wrong answers can have a different shape; name them before the shape check does."""
    for text, wrong in mistakes.items():
        wrong = np.asarray(wrong)
        if np.shape(out) == wrong.shape and np.allclose(np.asarray(out, float), wrong):
            check(False, f"{name}: {text}")


def test_small_example(exercise):
    """a 4×4 image with a 3×3 kernel gives a 2×2 output; with stride 2, a 1×1 output"""
    image = np.arange(16).reshape(4, 4)
    kernel = np.array([[1, 0, -1], [2, 0, -2], [1, 0, -1]])
    out = exercise.conv2d(image, kernel)
    check_array(out, _keras_conv2d(image, kernel, 1), name="conv2d(4×4 image, 3×3 kernel)",
                mistakes=_mistakes(image, kernel, 1))
    out = exercise.conv2d(image, kernel, stride=2)
    _name_mistake(out, _mistakes(image, kernel, 2), "conv2d(4×4 image, 3×3 kernel, stride=2)")
    check(np.shape(out) == (1, 1), f"conv2d(4×4 image, 3×3 kernel, stride=2): expected shape (1, 1), got "
          f"{np.shape(out)}: the window fits at (4 - 3) // 2 + 1 = 1 position in each direction")


@given(arrays(np.int64, st.tuples(st.integers(3, 9), st.integers(3, 9)), elements=st.integers(-5, 5)),
       arrays(np.int64, st.tuples(st.integers(1, 3), st.integers(1, 3)), elements=st.integers(-2, 2)),
       st.integers(1, 3))
def test_matches_keras(exercise, image, kernel, stride):
    """conv2d equals keras.ops.conv (padding='valid') for any small image, kernel and stride"""
    expected = _keras_conv2d(image, kernel, stride)
    out = exercise.conv2d(image, kernel, stride=stride)
    _name_mistake(out, _mistakes(image, kernel, stride), f"conv2d(..., stride={stride})")
    check_array(out, expected, name=f"conv2d({image.shape[0]}×{image.shape[1]} image, "
                f"{kernel.shape[0]}×{kernel.shape[1]} kernel, stride={stride})", atol=1e-4,
                mistakes=_mistakes(image, kernel, stride))
