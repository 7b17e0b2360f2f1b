import keras
import numpy as np
from hypothesis import given, strategies as st
from hypothesis.extra.numpy import arrays

from grader.checks import check, check_array, check_known_mistakes, padded_size


def _keras_conv2d(image, kernel, stride):
    """keras.ops.conv's answer, computed at a few padded shapes: a 3×3 kernel (zeros below and right of
    the real one) on an image padded with zeros to 8 or 16 a side, the result cut to the real size.
    Zero weights add nothing, so the values are the same; a cold JAX grading compiles a few shapes, not
    one per example hypothesis draws."""
    image, kernel = np.asarray(image, "float32"), np.asarray(kernel, "float32")
    (h, w), (kh, kw) = image.shape, kernel.shape
    out_h, out_w = (h - kh) // stride + 1, (w - kw) // stride + 1
    if kh > 3 or kw > 3 or out_h < 1 or out_w < 1:   # outside what the checks draw: Keras at the real shape
        x, k, out_h, out_w = image, kernel, None, None
    else:
        x = np.zeros((padded_size(h + 3 - kh), padded_size(w + 3 - kw)), "float32")
        x[:h, :w] = image
        k = np.zeros((3, 3), "float32")
        k[:kh, :kw] = kernel
    out = keras.ops.convert_to_numpy(keras.ops.conv(x[None, :, :, None], k[:, :, None, None], strides=stride,
                                                    padding="valid"))[0, :, :, 0]
    return out[:out_h, :out_w]


def _mistakes(image, kernel, stride):
    right = _keras_conv2d(image, kernel, stride)
    wrong = {"the kernel is flipped (scipy.signal.convolve2d does that); Keras slides it as it is":
             _keras_conv2d(image, np.asarray(kernel)[::-1, ::-1], stride)}
    if stride > 1:
        unstrided = _keras_conv2d(image, kernel, 1)
        wrong[f"the stride is ignored: with stride={stride} the window jumps {stride} pixels at a time"] = unstrided
        wrong[f"the output has the right size, but the windows do not move by the stride: output pixel (i, j) "
              f"reads the window that starts at row i·{stride} and column j·{stride}, "
              f"image[i * stride:i * stride + kh, j * stride:j * stride + kw]"] = unstrided[:right.shape[0], :right.shape[1]]
    # a "mistake" that happens to give the right answer on this input is no mistake here
    return {text: w for text, w in wrong.items() if w.shape != right.shape or not np.allclose(w, right)}


def _check_shape(out, image, kernel, stride, name):
    """A wrong output size, with the formula that gives the right one."""
    (h, w), (kh, kw) = np.shape(image), np.shape(kernel)
    want = ((h - kh) // stride + 1, (w - kw) // stride + 1)
    if np.ndim(out) == 2 and np.shape(out) != want:
        check(False, f"{name}: expected shape {want}, got {np.shape(out)}: the window fits at "
              f"(h - kh) // stride + 1 = ({h} - {kh}) // {stride} + 1 = {want[0]} positions down and "
              f"(w - kw) // stride + 1 = ({w} - {kw}) // {stride} + 1 = {want[1]} across")


def test_small_example(exercise):
    """a 4×4 image with a 3×3 kernel gives a 2×2 float output; with stride 2, 1×1; a 5×5 image with stride 2, 2×2"""
    image = np.arange(16).reshape(4, 4)
    kernel = np.array([[1, 0, -1], [2, 0, -2], [1, 0, -1]])
    name = "conv2d(4×4 image, 3×3 kernel)"
    out = exercise.conv2d(image, kernel)
    check_known_mistakes(out, _mistakes(image, kernel, 1), name=name)
    _check_shape(out, image, kernel, 1, name)
    out = check_array(out, _keras_conv2d(image, kernel, 1), name=name)
    check(out.dtype.kind == "f", f"{name} of integer pixels returned {out.dtype}; the stub promises a float "
          f"array: create the output with np.zeros((out_h, out_w)) (float by default), not with the image's dtype")
    for image in (image, np.arange(25).reshape(5, 5) % 7):
        name = f"conv2d({len(image)}×{len(image)} image, 3×3 kernel, stride=2)"
        out = exercise.conv2d(image, kernel, stride=2)
        check_known_mistakes(out, _mistakes(image, kernel, 2), name=name)
        _check_shape(out, image, kernel, 2, name)
        check_array(out, _keras_conv2d(image, kernel, 2), name=name)


@given(arrays(np.int64, st.tuples(st.integers(3, 9), st.integers(3, 9)), elements=st.integers(-5, 5)),
       arrays(np.int64, st.tuples(st.integers(1, 3), st.integers(1, 3)), elements=st.integers(-2, 2)),
       st.integers(1, 3))
def test_matches_keras(exercise, image, kernel, stride):
    """conv2d equals keras.ops.conv (padding='valid') for any small image, kernel and stride"""
    expected = _keras_conv2d(image, kernel, stride)
    name = (f"conv2d({image.shape[0]}×{image.shape[1]} image, {kernel.shape[0]}×{kernel.shape[1]} kernel, "
            f"stride={stride})")
    out = exercise.conv2d(image, kernel, stride=stride)
    check_known_mistakes(out, _mistakes(image, kernel, stride), name=name, atol=1e-4)
    _check_shape(out, image, kernel, stride, name)
    check_array(out, expected, name=name, atol=1e-4)
