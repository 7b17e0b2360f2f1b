"""MNIST from a local ``mnist.npz``, and scikit-learn's bundled 8×8 digits as the offline stand-in.

Example:
    >>> (x_train, y_train), (x_test, y_test) = load_digits(test_size=0.25, seed=0)
    >>> x_train.shape, x_test.shape
    ((1347, 64), (450, 64))
    >>> float(x_train.max()) <= 1.0
    True
"""

from __future__ import annotations

import os

import numpy as np

from kerascourse.datasets.local import find_local_file

__all__ = ["load_mnist", "load_digits"]

MNIST_FILE = "mnist.npz"
_ALTERNATIVE = ("kerascourse.datasets.load_digits() gives scikit-learn's bundled 8×8 digits (1,797 images, "
                "no download); to use MNIST, copy mnist.npz (from "
                "https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz) into the Keras cache.")


def load_mnist(path: str | os.PathLike | None = None, *, flatten: bool = False, scale: bool = False):
    """MNIST as ``((x_train, y_train), (x_test, y_test))``, read from ``mnist.npz``.

    Looks in the Keras cache (``~/.keras/datasets/mnist.npz``) or at ``path`` (the
    file, or a folder holding it); never downloads.

    Args:
        path: where the file is, if not in the Keras cache.
        flatten: reshape images from (n, 28, 28) to (n, 784).
        scale: convert to float32 in [0, 1] (divide by 255).

    Raises:
        DatasetNotFoundError: the file is not there; the message names the path
            looked at and the offline alternative :func:`load_digits`.
    """
    file = find_local_file(MNIST_FILE, path, offline_alternative=_ALTERNATIVE)
    with np.load(file) as data:
        missing = {"x_train", "y_train", "x_test", "y_test"} - set(data.files)
        if missing:
            raise ValueError(f"{file} is not a Keras mnist.npz: it lacks {sorted(missing)}")
        x_train, y_train, x_test, y_test = (data[k] for k in ("x_train", "y_train", "x_test", "y_test"))
    if flatten:
        x_train, x_test = x_train.reshape(len(x_train), -1), x_test.reshape(len(x_test), -1)
    if scale:
        x_train, x_test = x_train.astype("float32") / 255, x_test.astype("float32") / 255
    return (x_train, y_train), (x_test, y_test)


def load_digits(test_size: float = 0.25, seed: int | None = 0):
    """scikit-learn's 8×8 digits, flattened to 64 features in [0, 1], split into train and test.

    Returns ``((x_train, y_train), (x_test, y_test))`` with float32 images and int64
    labels 0–9; the split is stratified, so every digit is in both parts.
    """
    if not 0.0 < test_size < 1.0:
        raise ValueError(f"load_digits: test_size must be a fraction between 0 and 1, got {test_size!r}")
    from sklearn.datasets import load_digits as sk_load_digits
    from sklearn.model_selection import train_test_split

    digits = sk_load_digits()
    x = (digits.data / 16.0).astype("float32")  # pixel values are 0..16
    y = digits.target.astype("int64")
    x_train, x_test, y_train, y_test = train_test_split(x, y, test_size=test_size, random_state=seed, stratify=y)
    return (x_train, y_train), (x_test, y_test)
