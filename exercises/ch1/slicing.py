"""Slicing and batching: select part of a tensor along one or more axes.

``images[:, 7:-7, 7:-7]`` keeps every image (the first axis) but crops 7 pixels
from each border. Deep learning models never see a whole dataset at once: they
see it in batches, ``x[128 * n : 128 * (n + 1)]``.

Run: kerascourse grade ch1 slicing    Hint: kerascourse hint ch1.slicing
"""

import numpy as np


def crop(images: np.ndarray, margin: int) -> np.ndarray:
    """Crop ``margin`` pixels from each border of every image in a batch of shape (n, height, width).

    Example: ``crop(np.zeros((10, 28, 28)), 7).shape == (10, 14, 14)``.
    """
    raise NotImplementedError("Crop margin pixels from each border of every image in a batch of shape (n, height, width)")


def get_batch(x: np.ndarray, batch_size: int, n: int) -> np.ndarray:
    """Return batch number ``n`` (counting from 0) of ``x``, split into batches of ``batch_size``.

    The last batch may be shorter. Example: with 10 samples and batch_size 4,
    batch 2 holds samples 8 and 9.
    """
    raise NotImplementedError("Return batch number n (counting from 0) of x, split into batches of batch_size")


def num_batches(num_samples: int, batch_size: int) -> int:
    """How many batches cover ``num_samples`` samples (the last one may be short)."""
    raise NotImplementedError("How many batches cover num_samples samples (the last one may be short)")
