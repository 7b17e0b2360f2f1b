import numpy as np
from hypothesis import given, strategies as st
from hypothesis.extra.numpy import arrays

from grader.checks import check, check_array, check_close, check_raises

floats = st.floats(-10, 10)


def test_vector_dot_by_hand(exercise):
    """[1, 2, 3] · [4, 5, 6] = 4 + 10 + 18 = 32"""
    value = exercise.naive_vector_dot(np.array([1.0, 2.0, 3.0]), np.array([4.0, 5.0, 6.0]))
    check(value is None or np.ndim(value) != 0 or not np.isclose(float(value), 18.0),
          "naive_vector_dot([1, 2, 3], [4, 5, 6]) returned 18 = 3·6, the last product alone: add every product "
          "to the running total (z += x[i] * y[i]), not z = x[i] * y[i]")
    check(value is None or np.ndim(value) == 0,
          f"naive_vector_dot([1, 2, 3], [4, 5, 6]) returned {np.asarray(value).tolist()}, not a single number: a dot "
          f"product adds up the products x[i] * y[i] into one float")
    check_close(value, 32.0, name="naive_vector_dot([1, 2, 3], [4, 5, 6])")


@given(st.data(), st.integers(1, 6))
def test_vector_dot_equals_numpy(exercise, data, n):
    """naive_vector_dot equals np.dot for any two vectors of the same length"""
    x = data.draw(arrays(np.float64, (n,), elements=floats))
    y = data.draw(arrays(np.float64, (n,), elements=floats))
    check_close(exercise.naive_vector_dot(x, y), float(np.dot(x, y)), name=f"naive_vector_dot of length-{n} vectors",
                rtol=1e-6, atol=1e-6)


@given(st.data(), st.integers(1, 5), st.integers(1, 5))
def test_matrix_vector_dot_equals_numpy(exercise, data, n, k):
    """naive_matrix_vector_dot equals x @ y: one dot product per row of x"""
    x = data.draw(arrays(np.float64, (n, k), elements=floats))
    y = data.draw(arrays(np.float64, (k,), elements=floats))
    check_array(np.asarray(exercise.naive_matrix_vector_dot(x, y)), x @ y,
                name=f"naive_matrix_vector_dot(x {x.shape}, y {y.shape})", rtol=1e-6, atol=1e-6)


def test_matrix_dot_by_hand(exercise):
    """[[1, 2], [3, 4]] · [[5, 6], [7, 8]] = [[19, 22], [43, 50]]"""
    x = np.array([[1.0, 2.0], [3.0, 4.0]])
    y = np.array([[5.0, 6.0], [7.0, 8.0]])
    check_array(np.asarray(exercise.naive_matrix_dot(x, y)), x @ y, name="naive_matrix_dot([[1, 2], [3, 4]], [[5, 6], [7, 8]])",
                mistakes={"you multiplied entry by entry (x * y); a matrix product takes row i of x dot column j of y":
                          x * y,
                          "the result is transposed: z[i, j] should be row i of x dot column j of y": (x @ y).T})


@given(st.data(), st.integers(1, 4), st.integers(1, 4), st.integers(1, 4))
def test_matrix_dot_equals_numpy(exercise, data, n, k, m):
    """naive_matrix_dot(x (n, k), y (k, m)) equals x @ y, shape (n, m)"""
    x = data.draw(arrays(np.float64, (n, k), elements=floats))
    y = data.draw(arrays(np.float64, (k, m), elements=floats))
    check_array(np.asarray(exercise.naive_matrix_dot(x, y)), x @ y,
                name=f"naive_matrix_dot(x {x.shape}, y {y.shape})", rtol=1e-6, atol=1e-6)


def test_shape_errors(exercise):
    """shapes that do not fit raise a ValueError"""
    check_raises(ValueError, exercise.naive_vector_dot, np.ones(3), np.ones(4), name="naive_vector_dot(3 entries, 4 entries)",
                 why="the vectors must have the same length")
    check_raises(ValueError, exercise.naive_matrix_vector_dot, np.ones((2, 3)), np.ones(2),
                 name="naive_matrix_vector_dot(x (2, 3), y (2,))", why="x.shape[1] must equal len(y)")
    check_raises(ValueError, exercise.naive_matrix_dot, np.ones((2, 3)), np.ones((2, 3)),
                 name="naive_matrix_dot(x (2, 3), y (2, 3))", why="x.shape[1] (3) must equal y.shape[0] (2)")
