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
    raise NotImplementedError("Return the sum of x[i] * y[i] for two vectors of the same length; ValueError otherwise")


def naive_matrix_vector_dot(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Return the vector z with z[i] = row i of the matrix x dot the vector y; ValueError if sizes differ.

    Example: [[1., 2.], [3., 4.]] · [1., 1.] -> [3., 7.]
    """
    raise NotImplementedError("Return the vector z with z[i] = row i of the matrix x dot the vector y; ValueError if sizes differ")


def naive_matrix_dot(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Return the matrix product of x (n, k) and y (k, m), shape (n, m); ValueError if x.shape[1] != y.shape[0].

    z[i, j] is row i of x dot column j of y. Example: [[1., 2.]] · [[3.], [4.]] -> [[11.]]
    """
    raise NotImplementedError("Return the matrix product of x (n, k) and y (k, m), shape (n, m); ValueError if x.shape[1] != y.s...")
