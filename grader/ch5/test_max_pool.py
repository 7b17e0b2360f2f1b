import keras
import numpy as np
from hypothesis import given, strategies as st
from hypothesis.extra.numpy import arrays

from grader.checks import check, check_array, check_known_mistakes, padded_size


def _keras_pool(fmap, size=2, stride=2):
    """MaxPooling2D's answer, computed on the map padded with -inf to 8 or 16 a side and cut to the real
    size: the same windows give the same maxima, and a cold JAX grading compiles a few shapes."""
    layer = keras.layers.MaxPooling2D(pool_size=size, strides=stride)
    fmap = np.asarray(fmap, "float32")
    (h, w) = fmap.shape
    out_h, out_w = (h - size) // stride + 1, (w - size) // stride + 1
    x = np.full((padded_size(h), padded_size(w)), -np.inf, "float32")
    x[:h, :w] = fmap
    return keras.ops.convert_to_numpy(layer(x[None, :, :, None]))[0, :out_h, :out_w, 0]


def _mistakes(fmap, size=2, stride=2):
    fmap = np.asarray(fmap, float)
    right = _keras_pool(fmap, size, stride)
    wrong = {"a window of negative numbers has a negative maximum, but the result says 0: start from the "
             "window's own values (window.max()), not from a running maximum set to 0": np.maximum(right, 0),
             "the fractions were cut off: the output array has an integer dtype; create it with the feature map's "
             "dtype (np.zeros(shape, dtype=feature_map.dtype))": np.trunc(right)}
    if (size, stride) == (2, 2) and min(fmap.shape) >= 2:
        wrong["the windows overlap: with stride 2 the 2×2 windows jump two pixels, they do not slide by one"] = \
            _keras_pool(fmap, 2, 1)
        h, w = (fmap.shape[0] // 2) * 2, (fmap.shape[1] // 2) * 2
        wrong["that is the average of each window (AveragePooling2D); max pooling keeps the largest value"] = \
            fmap[:h, :w].reshape(h // 2, 2, w // 2, 2).mean(axis=(1, 3))
    if (size, stride) != (2, 2) and min(fmap.shape) >= 2:
        wrong[f"size={size} and stride={stride} are ignored: the window is still 2×2 and moves 2 pixels; use the "
              f"size and stride arguments in the slicing and in the output size"] = _keras_pool(fmap, 2, 2)
    # a "mistake" that happens to give the right answer on this input is no mistake here
    return {text: w for text, w in wrong.items() if w.shape != right.shape or not np.allclose(w, right)}


def test_worked_example(exercise):
    """a 4×4 map pools to the 2×2 maxima of its quarters"""
    fmap = np.array([[1, 3, 2, 1], [4, 2, 0, 1], [5, 1, 7, 8], [0, 6, 3, 2]])
    out = exercise.max_pool2d(fmap)
    check_known_mistakes(out, _mistakes(fmap), name="max_pool2d(4×4 map)")
    check_array(out, [[4, 2], [6, 8]], name="max_pool2d(4×4 map)")


def test_odd_size_drops_the_edge(exercise):
    """a 5×5 map pools to 2×2: the last row and column do not fill a window"""
    fmap = np.arange(25).reshape(5, 5)
    out = exercise.max_pool2d(fmap)
    check(np.shape(out) != (3, 3), "max_pool2d(5×5 map) returned 3×3: a window that does not fit is dropped "
          "(padding='valid'), as MaxPooling2D does: (5 - 2) // 2 + 1 = 2")
    check_array(out, _keras_pool(fmap), name="max_pool2d(5×5 map)")


def test_negative_and_fractional_values(exercise):
    """a map of negative fractions pools to its window maxima, negative and fractional as they are"""
    fmap = -np.array([[1.5, 2.25, 2.5, 3.0], [4.0, 1.75, 3.5, 2.75]])
    name = "max_pool2d([[-1.5, -2.25, -2.5, -3.0], [-4.0, -1.75, -3.5, -2.75]])"
    out = exercise.max_pool2d(fmap)
    check_known_mistakes(out, _mistakes(fmap), name=name)
    check_array(out, [[-1.5, -2.5]], name=name)


@given(arrays(np.int64, st.tuples(st.integers(2, 10), st.integers(2, 10)), elements=st.integers(-20, 20)))
def test_matches_keras(exercise, fmap):
    """max_pool2d equals keras.layers.MaxPooling2D((2, 2)) for any small feature map"""
    name = f"max_pool2d({fmap.shape[0]}×{fmap.shape[1]} map)"
    out = exercise.max_pool2d(fmap)
    check_known_mistakes(out, _mistakes(fmap), name=name)
    check_array(out, _keras_pool(fmap), name=name)


def test_other_window(exercise):
    """max_pool2d(size=3, stride=3) on a 6×6 map agrees with MaxPooling2D(3)"""
    fmap = np.random.default_rng(0).integers(0, 50, (6, 6))
    name = "max_pool2d(6×6 map, size=3, stride=3)"
    out = exercise.max_pool2d(fmap, size=3, stride=3)
    check_known_mistakes(out, _mistakes(fmap, 3, 3), name=name)
    check_array(out, _keras_pool(fmap, 3, 3), name=name)
