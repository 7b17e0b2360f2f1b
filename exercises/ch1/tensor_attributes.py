"""Tensor attributes: every array knows its rank (ndim), its shape and its dtype.

A tensor is an n-dimensional array: a scalar has rank 0, a vector rank 1, a
matrix rank 2, a batch of grey images rank 3, a batch of colour images rank 4.

Run: kerascourse grade ch1 tensor_attributes    Hint: kerascourse hint ch1.tensor_attributes
"""

import numpy as np


def describe(x: np.ndarray) -> tuple[int, tuple[int, ...], str]:
    """Return ``(ndim, shape, dtype_name)`` of the array ``x``.

    Example: ``describe(np.zeros((60000, 28, 28), dtype=np.uint8))`` is
    ``(3, (60000, 28, 28), "uint8")``.
    """
    raise NotImplementedError("Return (ndim, shape, dtype_name) of the array x")


def count_values(x: np.ndarray) -> int:
    """Return how many numbers ``x`` holds (the product of its shape).

    Example: an array of shape ``(2, 3, 4)`` holds 24 numbers.
    """
    raise NotImplementedError("Return how many numbers x holds (the product of its shape)")
