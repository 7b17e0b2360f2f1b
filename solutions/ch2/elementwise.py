"""Element-wise operations by hand: ReLU and addition of two matrices, with explicit loops.

NumPy's ``np.maximum(x, 0)`` and ``x + y`` run the same loops in C. Writing them
once in Python shows what "element-wise" means: each output entry depends on the
entries at the same position only.

Run: kerascourse grade ch2 elementwise    Hint: kerascourse hint ch2.elementwise
"""

import numpy as np


def naive_relu(x: np.ndarray) -> np.ndarray:
    """Return max(x, 0) for each entry of the matrix x, with two loops; ValueError unless x is rank 2.

    Do not change x itself: work on a copy. Example: [[-1., 2.]] -> [[0., 2.]]
    """
    if x.ndim != 2:
        raise ValueError(f"naive_relu expects a matrix (rank 2), got rank {x.ndim}")
    x = x.copy()
    for i in range(x.shape[0]):
        for j in range(x.shape[1]):
            x[i, j] = max(x[i, j], 0)
    return x


def naive_add(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Return x + y for two matrices of the same shape, with two loops; ValueError if they differ.

    Example: naive_add([[1., 2.]], [[10., 20.]]) -> [[11., 22.]]
    """
    if x.ndim != 2 or y.ndim != 2:
        raise ValueError(f"naive_add expects two matrices (rank 2), got ranks {x.ndim} and {y.ndim}")
    if x.shape != y.shape:
        raise ValueError(f"naive_add: shapes {x.shape} and {y.shape} differ")
    x = x.copy()
    for i in range(x.shape[0]):
        for j in range(x.shape[1]):
            x[i, j] += y[i, j]
    return x
