"""Label encoding: class names become integers 0, 1, 2, ... and back.

A network predicts numbers, not the strings "cat" and "dog". Sort the distinct
class names so the mapping does not depend on the order the data came in, keep
that list, and use it to turn predictions back into names.

Run: kerascourse grade ch1 label_encoding    Hint: kerascourse hint ch1.label_encoding
"""

import numpy as np


def encode_labels(names) -> tuple[np.ndarray, list[str]]:
    """Return ``(codes, classes)``: ``classes`` is the sorted list of distinct names and
    ``codes[i]`` is the position of ``names[i]`` in it.

    Example: ``encode_labels(["dog", "cat", "dog"])`` is ``(array([1, 0, 1]), ["cat", "dog"])``.
    """
    raise NotImplementedError("Return (codes, classes): the sorted distinct names, and each name's position in them")


def decode_labels(codes, classes: list[str]) -> list[str]:
    """Turn integer codes back into class names using ``classes`` from :func:`encode_labels`."""
    raise NotImplementedError("Turn integer codes back into class names using classes from encode_labels")
