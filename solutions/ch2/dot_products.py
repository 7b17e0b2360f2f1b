"""Dot products by hand: vector · vector, matrix · vector and matrix · matrix.

A dense layer is a matrix product, ``inputs @ W``. Each entry of a matrix product
is a dot product of a row of the first matrix with a column of the second, so the
shapes must fit: (n, k) @ (k, m) gives (n, m).

Run: kerascourse grade ch2 dot_products    Hint: kerascourse hint ch2.dot_products
"""

import numpy as np


def naive_vector_dot(x: np.ndarray, y: np.ndarray) -> float:
    """Return the sum of x[i] * y[i] for two vectors of the same length; ValueError otherwise.

    Example: naive_vector_dot([1., 2., 3.], [4., 5., 6.]) -> 32.0
    """
    if x.ndim != 1 or y.ndim != 1:
        raise ValueError(f"naive_vector_dot expects two vectors, got ranks {x.ndim} and {y.ndim}")
    if x.shape[0] != y.shape[0]:
        raise ValueError(f"naive_vector_dot: lengths {x.shape[0]} and {y.shape[0]} differ")
    z = 0.0
    for i in range(x.shape[0]):
        z += x[i] * y[i]
    return z


def naive_matrix_vector_dot(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Return the vector z with z[i] = row i of the matrix x dot the vector y; ValueError if sizes differ.

    Example: [[1., 2.], [3., 4.]] · [1., 1.] -> [3., 7.]
    """
    if x.ndim != 2 or y.ndim != 1:
        raise ValueError(f"expected a matrix and a vector, got ranks {x.ndim} and {y.ndim}")
    if x.shape[1] != y.shape[0]:
        raise ValueError(f"x has {x.shape[1]} columns but y has {y.shape[0]} entries")
    z = np.zeros(x.shape[0])
    for i in range(x.shape[0]):
        z[i] = naive_vector_dot(x[i, :], y)
    return z


def naive_matrix_dot(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Return the matrix product of x (n, k) and y (k, m), shape (n, m); ValueError if x.shape[1] != y.shape[0].

    z[i, j] is row i of x dot column j of y. Example: [[1., 2.]] · [[3.], [4.]] -> [[11.]]
    """
    if x.ndim != 2 or y.ndim != 2:
        raise ValueError(f"naive_matrix_dot expects two matrices, got ranks {x.ndim} and {y.ndim}")
    if x.shape[1] != y.shape[0]:
        raise ValueError(f"shapes {x.shape} and {y.shape} do not fit: x.shape[1] must equal y.shape[0]")
    z = np.zeros((x.shape[0], y.shape[1]))
    for i in range(x.shape[0]):
        for j in range(y.shape[1]):
            z[i, j] = naive_vector_dot(x[i, :], y[:, j])
    return z
