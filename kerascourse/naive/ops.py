"""The naive tensor operations: element-wise operations, broadcasting and dot products as explicit loops."""

from __future__ import annotations

import numpy as np


def _array(x, name: str, ndim: int, func: str) -> np.ndarray:
    x = np.asarray(x)
    if x.dtype.kind not in "biuf":
        raise ValueError(f"{func}: {name} must hold numbers; got dtype {x.dtype}")
    if x.ndim != ndim:
        what = {1: "a vector (rank 1)", 2: "a matrix (rank 2)"}[ndim]
        raise ValueError(f"{func}: {name} must be {what}; got rank {x.ndim} with shape {x.shape}")
    return x


def naive_relu(x) -> np.ndarray:
    """``max(x, 0)`` entry by entry, for a matrix, with explicit loops.

    ReLU keeps positive values unchanged (it is not capped at 1) and turns
    negative ones into 0. The input is not modified.

    Example:
        >>> naive_relu(np.array([[-1.0, 0.5], [2.0, -3.0]]))
        array([[0. , 0.5],
               [2. , 0. ]])
    """
    x = _array(x, "x", 2, "naive_relu").copy()  # never write into the caller's array
    for i in range(x.shape[0]):
        for j in range(x.shape[1]):
            x[i, j] = max(x[i, j], 0)
    return x


def naive_add(x, y) -> np.ndarray:
    """``x + y`` entry by entry for two matrices of the same shape, with explicit loops.

    Example:
        >>> naive_add(np.ones((2, 2)), np.eye(2))
        array([[2., 1.],
               [1., 2.]])
    """
    x = _array(x, "x", 2, "naive_add")
    y = _array(y, "y", 2, "naive_add")
    if x.shape != y.shape:
        raise ValueError(f"naive_add: x and y must have the same shape; got {x.shape} and {y.shape} "
                         f"(use naive_add_matrix_and_vector to add a vector to every row)")
    out = x.astype(np.result_type(x, y), copy=True)
    for i in range(x.shape[0]):
        for j in range(x.shape[1]):
            out[i, j] += y[i, j]
    return out


def naive_broadcast(y, rows: int) -> np.ndarray:
    """Repeat the vector ``y`` as ``rows`` identical rows: what broadcasting does implicitly.

    Example:
        >>> naive_broadcast(np.array([1, 2, 3]), 2)
        array([[1, 2, 3],
               [1, 2, 3]])
    """
    y = _array(y, "y", 1, "naive_broadcast")
    if isinstance(rows, bool) or int(rows) != rows or rows < 0:
        raise ValueError(f"naive_broadcast: rows must be a non-negative integer; got {rows!r}")
    out = np.empty((int(rows), y.shape[0]), dtype=y.dtype)
    for i in range(out.shape[0]):
        for j in range(out.shape[1]):
            out[i, j] = y[j]
    return out


def naive_add_matrix_and_vector(x, y) -> np.ndarray:
    """``x + y`` for a matrix ``x`` of shape (n, m) and a vector ``y`` of shape (m,).

    ``y`` is added to every row of ``x``, as NumPy's broadcasting does.

    Example:
        >>> naive_add_matrix_and_vector(np.zeros((2, 3)), np.array([1.0, 2.0, 3.0]))
        array([[1., 2., 3.],
               [1., 2., 3.]])
    """
    x = _array(x, "x", 2, "naive_add_matrix_and_vector")
    y = _array(y, "y", 1, "naive_add_matrix_and_vector")
    if x.shape[1] != y.shape[0]:
        raise ValueError(f"naive_add_matrix_and_vector: x has {x.shape[1]} columns but y has {y.shape[0]} "
                         f"entries (shapes {x.shape} and {y.shape}); they must be equal")
    out = x.astype(np.result_type(x, y), copy=True)
    for i in range(x.shape[0]):
        for j in range(x.shape[1]):
            out[i, j] += y[j]
    return out


def naive_vector_dot(x, y):
    """The dot product of two vectors of the same length: ``sum(x[i] * y[i])``.

    Example:
        >>> float(naive_vector_dot(np.array([1.0, 2.0, 3.0]), np.array([4.0, 5.0, 6.0])))
        32.0
    """
    x = _array(x, "x", 1, "naive_vector_dot")
    y = _array(y, "y", 1, "naive_vector_dot")
    if x.shape[0] != y.shape[0]:
        raise ValueError(f"naive_vector_dot: x has {x.shape[0]} entries but y has {y.shape[0]}; "
                         f"a dot product needs vectors of the same length")
    z = np.result_type(x, y).type(0)
    for i in range(x.shape[0]):
        z += x[i] * y[i]
    return z


def naive_matrix_vector_dot(x, y) -> np.ndarray:
    """The product of a matrix (n, m) and a vector (m,): a vector (n,) of row·y dot products.

    Example:
        >>> naive_matrix_vector_dot(np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([1.0, 1.0]))
        array([3., 7.])
    """
    x = _array(x, "x", 2, "naive_matrix_vector_dot")
    y = _array(y, "y", 1, "naive_matrix_vector_dot")
    if x.shape[1] != y.shape[0]:
        raise ValueError(f"naive_matrix_vector_dot: x has {x.shape[1]} columns but y has {y.shape[0]} "
                         f"entries (shapes {x.shape} and {y.shape}); they must be equal")
    z = np.zeros(x.shape[0], dtype=np.result_type(x, y))
    for i in range(x.shape[0]):
        z[i] = naive_vector_dot(x[i, :], y)
    return z


def naive_matrix_dot(x, y) -> np.ndarray:
    """The product of matrices (n, m) and (m, p): ``z[i, j] = x[i, :] · y[:, j]``, shape (n, p).

    Example:
        >>> naive_matrix_dot(np.array([[1.0, 2.0]]), np.array([[3.0], [4.0]]))
        array([[11.]])
    """
    x = _array(x, "x", 2, "naive_matrix_dot")
    y = _array(y, "y", 2, "naive_matrix_dot")
    if x.shape[1] != y.shape[0]:
        raise ValueError(f"naive_matrix_dot: x has {x.shape[1]} columns but y has {y.shape[0]} rows "
                         f"(shapes {x.shape} and {y.shape}); x.shape[1] must equal y.shape[0]")
    z = np.zeros((x.shape[0], y.shape[1]), dtype=np.result_type(x, y))
    for i in range(x.shape[0]):
        for j in range(y.shape[1]):
            z[i, j] = naive_vector_dot(x[i, :], y[:, j])
    return z
