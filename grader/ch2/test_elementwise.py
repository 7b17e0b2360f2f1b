import numpy as np
from hypothesis import given, strategies as st
from hypothesis.extra.numpy import arrays

from grader.checks import check, check_array, check_raises

X = np.array([[-1.5, 0.0, 2.0], [3.0, -4.0, 0.5]])


def _matrix(draw_shape=st.tuples(st.integers(1, 5), st.integers(1, 5))):
    return draw_shape.flatmap(lambda s: arrays(np.float64, s, elements=st.floats(-50, 50)))


def test_relu_values(exercise):
    """naive_relu zeroes the negative entries and keeps the others (ReLU is not capped at 1)"""
    out = check_array(exercise.naive_relu(X.copy()), np.maximum(X, 0), name="naive_relu([[-1.5, 0, 2], [3, -4, 0.5]])",
                      mistakes={"the positive entries were capped at 1: ReLU is max(x, 0), with no upper limit":
                                np.clip(X, 0, 1),
                                "the sign is reversed: ReLU keeps the positive entries": np.maximum(-X, 0)})
    check(out.dtype.kind == "f", "naive_relu should keep the input's float values")


@given(_matrix())
def test_relu_equals_numpy(exercise, x):
    """naive_relu(x) equals np.maximum(x, 0) for any matrix, and leaves x unchanged"""
    before = x.copy()
    check_array(exercise.naive_relu(x), np.maximum(before, 0), name=f"naive_relu(x) for x of shape {x.shape}")
    check(np.array_equal(x, before), "naive_relu changed its input x: work on a copy (x = x.copy())")


def test_relu_rank_check(exercise):
    """naive_relu refuses a vector with a ValueError (it is for rank-2 tensors)"""
    check_raises(ValueError, exercise.naive_relu, np.array([1.0, -1.0]), name="naive_relu(a vector)",
                 why="check x.ndim == 2 first")


@given(st.data(), st.integers(1, 5), st.integers(1, 5))
def test_add_equals_numpy(exercise, data, rows, cols):
    """naive_add(x, y) equals x + y for matrices of the same shape, and leaves x unchanged"""
    x = data.draw(arrays(np.float64, (rows, cols), elements=st.floats(-50, 50)))
    y = data.draw(arrays(np.float64, (rows, cols), elements=st.floats(-50, 50)))
    before = x.copy()
    check_array(exercise.naive_add(x, y), before + y, name=f"naive_add(x, y) for shape {x.shape}")
    check(np.array_equal(x, before), "naive_add changed its input x: work on a copy")


def test_keeps_the_dtype(exercise):
    """a float32 matrix gives a float32 result: the element-wise operations keep their input's dtype"""
    x = X.astype("float32")
    results = {"naive_relu": exercise.naive_relu(x.copy()), "naive_add": exercise.naive_add(x.copy(), x.copy())}
    for call, out in results.items():
        out = check_array(out, name=f"{call} of float32 matrices", shape=x.shape)
        check(out.dtype == np.float32,
              f"{call} of float32 matrices returned {out.dtype}: an element-wise operation keeps its input's "
              f"dtype. Fill a copy of x (x.copy()); np.zeros(x.shape) or a list of Python numbers makes float64")


def test_add_shape_checks(exercise):
    """naive_add refuses different shapes and non-matrices with a ValueError"""
    check_raises(ValueError, exercise.naive_add, np.ones((2, 3)), np.ones((3, 2)), name="naive_add((2, 3), (3, 2))",
                 why="the shapes differ")
    check_raises(ValueError, exercise.naive_add, np.ones(3), np.ones(3), name="naive_add(vector, vector)",
                 why="both must be rank 2")
