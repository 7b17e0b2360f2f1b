"""Broadcasting by hand: add a vector to every row of a matrix.

``x + y`` with ``x`` of shape (rows, cols) and ``y`` of shape (cols,) works in
NumPy because ``y`` is *broadcast*: repeated along a new first axis until the
shapes match. Here you do it yourself.

Run: kerascourse grade ch2 broadcasting    Hint: kerascourse hint ch2.broadcasting
"""

import numpy as np


def naive_add_matrix_and_vector(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Return x + y where x is (rows, cols) and y is (cols,): y is added to every row. Use loops.

    ValueError if x is not rank 2, y not rank 1, or len(y) != cols.
    Example: [[0., 0.], [1., 1.]] + [10., 20.] -> [[10., 20.], [11., 21.]]
    """
    if x.ndim != 2 or y.ndim != 1:
        raise ValueError(f"expected a matrix and a vector, got ranks {x.ndim} and {y.ndim}")
    if x.shape[1] != y.shape[0]:
        raise ValueError(f"the vector has {y.shape[0]} entries but the matrix has {x.shape[1]} columns")
    x = x.copy()
    for i in range(x.shape[0]):
        for j in range(x.shape[1]):
            x[i, j] += y[j]
    return x
