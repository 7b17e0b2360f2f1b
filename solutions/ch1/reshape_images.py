"""Reshaping: the same numbers, arranged along different axes.

A dense layer wants each sample as a flat vector, so 28×28 images become
vectors of 784 numbers; to look at them again we reshape back to 28×28.
Reshaping never changes the numbers or their order.

Run: kerascourse grade ch1 reshape_images    Hint: kerascourse hint ch1.reshape_images
"""

import numpy as np


def flatten_images(images: np.ndarray) -> np.ndarray:
    """Turn a batch of images of shape (n, height, width) into (n, height * width)."""
    return images.reshape(images.shape[0], -1)


def unflatten_images(vectors: np.ndarray, height: int, width: int) -> np.ndarray:
    """Turn a batch of flat vectors (n, height * width) back into images (n, height, width)."""
    return vectors.reshape(vectors.shape[0], height, width)


def add_channel_axis(images: np.ndarray) -> np.ndarray:
    """Add a last axis of size 1 for the colour channel: (n, h, w) becomes (n, h, w, 1), as Conv2D wants."""
    return images[..., np.newaxis]
