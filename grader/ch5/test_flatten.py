import keras
import numpy as np
from hypothesis import given, strategies as st

from grader.checks import check, check_array, check_whole_number


def _order_mistake(x):
    return {"the values are in a different order: reshape in C order, as Keras does (no transpose to channels "
            "first, no order='F')": x.transpose(0, 3, 1, 2).reshape(len(x), -1)}


def test_keeps_the_batch_axis(exercise):
    """flatten of 5 maps of 4×4×8 gives 5 rows of 128"""
    x = np.random.default_rng(0).normal(size=(5, 4, 4, 8))
    out = exercise.flatten(x)
    check(np.ndim(out) != 1, "flatten returned one long vector: keep the batch axis, one row per image "
          "(x.reshape(len(x), -1))")
    check_array(out, keras.ops.convert_to_numpy(keras.layers.Flatten()(x)), name="flatten(x of shape (5, 4, 4, 8))",
                mistakes=_order_mistake(x))


@given(st.integers(1, 4), st.integers(1, 5), st.integers(1, 5), st.integers(1, 4))
def test_matches_keras(exercise, batch, h, w, c):
    """flatten lays values out in the same order as keras.layers.Flatten, one row per image (a batch of one included)"""
    x = np.arange(batch * h * w * c, dtype="float32").reshape(batch, h, w, c)
    expected = keras.ops.convert_to_numpy(keras.layers.Flatten()(x))
    check_array(exercise.flatten(x), expected, name=f"flatten(x of shape {x.shape})", mistakes=_order_mistake(x))


def test_flat_length(exercise):
    """flat_length(32, 32, 256, 3) is 4·4·256 = 4096 (the CIFAR-style stack), an int"""
    name = "flat_length(32, 32, 256, 3)"
    got = exercise.flat_length(32, 32, 256, 3)
    check(got != 32 * 32 * 256, f"{name}: each of the 3 poolings halves height and width")
    check(got != 8 * 8 * 256, f"{name} gave 8·8·256: that is after two poolings, there are three")
    check(got != 16 * 16 * 256, f"{name} gave 16·16·256: that is after one pooling; halve once per pooling")
    check(got != 5 * 5 * 256, f"{name} gave 5·5·256: 32 was divided by 2·3 = 6; each pooling halves, so three "
          f"poolings divide by 2·2·2 = 2 ** poolings (halve once per pooling, with //)")
    check(got == 4096, f"{name}: expected 4·4·256 = 4096, got {got}")
    check_whole_number(got, name=name)


@given(st.integers(1, 80), st.integers(1, 80), st.integers(1, 64), st.integers(0, 4))
def test_flat_length_matches_keras(exercise, h, w, c, poolings):
    """flat_length halves height and width once per pooling, rounding down as MaxPooling2D does"""
    size_h, size_w = h, w
    for _ in range(poolings):
        size_h, size_w = size_h // 2, size_w // 2
    expected = size_h * size_w * c
    got = exercise.flat_length(h, w, c, poolings)
    hint = ": a pooling rounds down (use //), an odd row is dropped" if got != expected and \
        isinstance(got, float) else ""
    check(got == expected, f"flat_length({h}, {w}, {c}, {poolings}): expected {expected}, got {got!r}{hint}")
    check_whole_number(got, name=f"flat_length({h}, {w}, {c}, {poolings})")
