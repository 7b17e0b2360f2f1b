import keras
import numpy as np
from hypothesis import given, strategies as st
from hypothesis.extra import numpy as hnp

from grader.checks import check, check_array, keras_softmax

NO_SHIFT = ("exp(1000) overflows to infinity, and inf / inf is NaN: subtract the largest score "
            "(np.max(x, axis=-1, keepdims=True)) before calling np.exp")


def test_small_vector(exercise):
    """softmax([1, 2, 3]) ≈ [0.090, 0.245, 0.665]"""
    x = np.array([1.0, 2.0, 3.0])
    e = np.exp(x)
    check_array(exercise.softmax(x), e / e.sum(), name="softmax([1.0, 2.0, 3.0])", mistakes={
        "these are the scores divided by their sum: softmax exponentiates first": x / x.sum(),
        "exp(x) was not normalised: divide by the sum of the exponentials": e})


def test_large_inputs_do_not_overflow(exercise):
    """softmax([1000, 1000]) is [0.5, 0.5], not NaN (numerically stable)"""
    with np.errstate(over="ignore", invalid="ignore"):
        out = exercise.softmax(np.array([1000.0, 1000.0]))
    out_arr = np.asarray(out, dtype=float)
    check(not np.any(np.isnan(out_arr)), f"softmax([1000.0, 1000.0]) returned {out_arr.tolist()}: {NO_SHIFT}")
    check_array(out, [0.5, 0.5], name="softmax([1000.0, 1000.0])")
    with np.errstate(over="ignore", invalid="ignore"):
        out = np.asarray(exercise.softmax(np.array([-1000.0, 0.0, 1000.0])), dtype=float)
    check(np.all(np.isfinite(out)), f"softmax([-1000.0, 0.0, 1000.0]) returned {out.tolist()}: {NO_SHIFT}")
    check_array(out, [0.0, 0.0, 1.0], name="softmax([-1000.0, 0.0, 1000.0])")


def test_batch_rows(exercise):
    """for a batch (2-D), each row is a separate softmax and sums to 1"""
    x = np.array([[1.0, 2.0, 3.0], [1.0, 1.0, 1.0]])
    expected = keras.ops.convert_to_numpy(keras.activations.softmax(keras.ops.convert_to_tensor(x), axis=-1))
    whole = np.exp(x) / np.exp(x).sum()
    columns = np.exp(x) / np.exp(x).sum(axis=0, keepdims=True)
    check_array(exercise.softmax(x), expected, name="softmax([[1, 2, 3], [1, 1, 1]])", mistakes={
        "the whole batch was normalised at once: each row (sample) needs its own sum, "
        "np.sum(..., axis=-1, keepdims=True)": whole,
        "the columns were normalised: sum over the last axis (axis=-1), one softmax per row": columns})


def test_each_row_shifted_by_its_own_max(exercise):
    """a batch whose rows have very different scales: [[1000, 1000], [-1000, -1000]] gives 0.5 everywhere"""
    x = np.array([[1000.0, 1000.0], [-1000.0, -1000.0]])
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        out = np.asarray(exercise.softmax(x), dtype=float)
    check(out.shape == x.shape, f"softmax of a (2, 2) batch returned shape {out.shape}: one softmax per row")
    if np.all(np.isfinite(out[0])) and not np.all(np.isfinite(out[1])):
        check(False, f"softmax([[1000, 1000], [-1000, -1000]]) returned {out.tolist()}: the first row is right but "
                     f"the second is not a number. Its scores were shifted by something other than its own maximum "
                     f"(the largest score of the whole batch, 1000?), so exp(-2000) is 0 and 0 / 0 is NaN. Subtract "
                     f"each row's own maximum: np.max(x, axis=-1, keepdims=True)")
    check(np.all(np.isfinite(out)), f"softmax([[1000, 1000], [-1000, -1000]]) returned {out.tolist()}: {NO_SHIFT}")
    check_array(out, np.full((2, 2), 0.5), name="softmax([[1000, 1000], [-1000, -1000]])")


@given(hnp.arrays(np.float64, hnp.array_shapes(min_dims=1, max_dims=2, max_side=6),
                  elements=st.floats(-500, 500, allow_nan=False, width=64)))
def test_matches_keras(exercise, x):
    """softmax equals keras.activations.softmax for any scores, even large ones"""
    expected = keras_softmax(x)
    with np.errstate(over="ignore", invalid="ignore"):
        out = exercise.softmax(x)
    arr = np.asarray(out, dtype=float)
    check(np.all(np.isfinite(arr)), f"softmax({x.tolist()}) contains NaN or infinity: {NO_SHIFT}")
    check_array(out, expected, name=f"softmax({x.tolist()})", atol=1e-6, rtol=1e-5)
