import keras
import numpy as np
from hypothesis import given, strategies as st
from hypothesis.extra.numpy import arrays

from grader.checks import check, check_array


def _keras_pool(fmap, size=2, stride=2):
    layer = keras.layers.MaxPooling2D(pool_size=size, strides=stride)
    x = np.asarray(fmap, "float32")[None, :, :, None]
    return keras.ops.convert_to_numpy(layer(x))[0, :, :, 0]


def _mistakes(fmap):
    fmap = np.asarray(fmap, float)
    wrong = {}
    if fmap.shape[0] >= 2 and fmap.shape[1] >= 2:
        wrong["the windows overlap: with stride 2 the 2×2 windows jump two pixels, they do not slide by one"] = \
            _keras_pool(fmap, 2, 1)
        h, w = (fmap.shape[0] // 2) * 2, (fmap.shape[1] // 2) * 2
        wrong["that is the average of each window (AveragePooling2D); max pooling keeps the largest value"] = \
            fmap[:h, :w].reshape(h // 2, 2, w // 2, 2).mean(axis=(1, 3))
    right = _keras_pool(fmap)
    # a "mistake" that happens to give the right answer on this input is no mistake here
    return {text: w for text, w in wrong.items() if w.shape != right.shape or not np.allclose(w, right)}


def _name_mistake(out, mistakes, name):
    """Known wrong answers can have a different shape; name them before the shape check does."""
    for text, wrong in mistakes.items():
        wrong = np.asarray(wrong)
        if np.shape(out) == wrong.shape and np.allclose(np.asarray(out, float), wrong):
            check(False, f"{name}: {text}")


def test_worked_example(exercise):
    """a 4×4 map pools to the 2×2 maxima of its quarters"""
    fmap = np.array([[1, 3, 2, 1], [4, 2, 0, 1], [5, 1, 7, 8], [0, 6, 3, 2]])
    out = exercise.max_pool2d(fmap)
    _name_mistake(out, _mistakes(fmap), "max_pool2d(4×4 map)")
    check_array(out, [[4, 2], [6, 8]], name="max_pool2d(4×4 map)", mistakes=_mistakes(fmap))


def test_odd_size_drops_the_edge(exercise):
    """a 5×5 map pools to 2×2: the last row and column do not fill a window"""
    fmap = np.arange(25).reshape(5, 5)
    out = exercise.max_pool2d(fmap)
    check(np.shape(out) != (3, 3), "max_pool2d(5×5 map) returned 3×3: a window that does not fit is dropped "
          "(padding='valid'), as MaxPooling2D does: (5 - 2) // 2 + 1 = 2")
    check_array(out, _keras_pool(fmap), name="max_pool2d(5×5 map)")


@given(arrays(np.int64, st.tuples(st.integers(2, 10), st.integers(2, 10)), elements=st.integers(-20, 20)))
def test_matches_keras(exercise, fmap):
    """max_pool2d equals keras.layers.MaxPooling2D((2, 2)) for any small feature map"""
    out = exercise.max_pool2d(fmap)
    _name_mistake(out, _mistakes(fmap), f"max_pool2d({fmap.shape[0]}×{fmap.shape[1]} map)")
    check_array(out, _keras_pool(fmap), name=f"max_pool2d({fmap.shape[0]}×{fmap.shape[1]} map)",
                mistakes=_mistakes(fmap))


def test_other_window(exercise):
    """max_pool2d(size=3, stride=3) on a 6×6 map agrees with MaxPooling2D(3)"""
    fmap = np.random.default_rng(0).integers(0, 50, (6, 6))
    check_array(exercise.max_pool2d(fmap, size=3, stride=3), _keras_pool(fmap, 3, 3),
                name="max_pool2d(6×6 map, size=3, stride=3)")
