import numpy as np
from hypothesis import given, strategies as st
from hypothesis.extra.numpy import arrays

from grader.checks import check, check_array, check_raises


def test_small_example(exercise):
    """[[0, 0], [1, 1]] + [10, 20] gives [[10, 20], [11, 21]]"""
    x = np.array([[0.0, 0.0], [1.0, 1.0]])
    y = np.array([10.0, 20.0])
    check_array(exercise.naive_add_matrix_and_vector(x, y), [[10, 20], [11, 21]],
                name="naive_add_matrix_and_vector([[0, 0], [1, 1]], [10, 20])",
                mistakes={"y[i] was added along the rows: the vector's entry j goes to column j (use y[j])":
                          [[10, 10], [21, 21]]})


def test_vector_matches_the_columns(exercise):
    """a (2, 3) matrix and a vector of 3 entries (one per column) are added without complaint, as float32"""
    x = np.zeros((2, 3), "float32")
    y = np.array([1.0, 2.0, 3.0], "float32")
    try:
        out = exercise.naive_add_matrix_and_vector(x, y)
    except ValueError as exc:
        check(False, f"naive_add_matrix_and_vector(x (2, 3), y (3,)) raised ValueError ({exc}), but a vector of 3 "
                     f"entries fits a matrix of 3 columns: compare len(y) with x.shape[1] (the columns), "
                     f"not x.shape[0] (the rows)")
    out = check_array(out, [[1, 2, 3], [1, 2, 3]], name="naive_add_matrix_and_vector(zeros (2, 3), [1, 2, 3])")
    check(out.dtype == np.float32, f"naive_add_matrix_and_vector of float32 inputs returned {out.dtype}: keep x's "
                                   f"dtype by adding into a copy of x (np.zeros(x.shape) makes float64)")


@given(st.data(), st.integers(1, 5), st.integers(1, 5))
def test_equals_numpy_broadcasting(exercise, data, rows, cols):
    """for any (rows, cols) matrix and (cols,) vector the result equals NumPy's x + y"""
    x = data.draw(arrays(np.float64, (rows, cols), elements=st.floats(-50, 50)))
    y = data.draw(arrays(np.float64, (cols,), elements=st.floats(-50, 50)))
    before = x.copy()
    check_array(exercise.naive_add_matrix_and_vector(x, y), before + y,
                name=f"naive_add_matrix_and_vector(x {x.shape}, y {y.shape})")
    check(np.array_equal(x, before), "naive_add_matrix_and_vector changed its input x: work on a copy")


def test_shape_checks(exercise):
    """a vector whose length is not the number of columns is refused with a ValueError"""
    check_raises(ValueError, exercise.naive_add_matrix_and_vector, np.ones((2, 3)), np.ones(2),
                 name="naive_add_matrix_and_vector(x (2, 3), y (2,))", why="y needs one entry per column: 3")
    check_raises(ValueError, exercise.naive_add_matrix_and_vector, np.ones((2, 3)), np.ones((2, 3)),
                 name="naive_add_matrix_and_vector(x (2, 3), y (2, 3))", why="y must be a vector (rank 1)")
