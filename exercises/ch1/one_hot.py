"""One-hot encoding: integer class labels become rows with a single 1.

Label 2 of 4 classes becomes ``[0, 0, 1, 0]``. It is an *encoding* of categories,
not a normalisation: it is what ``categorical_crossentropy`` expects, and what
``keras.utils.to_categorical`` computes.

Run: kerascourse grade ch1 one_hot    Hint: kerascourse hint ch1.one_hot
"""

import numpy as np


def one_hot(labels: np.ndarray, num_classes: int | None = None) -> np.ndarray:
    """One-hot encode a 1-D array of integer labels into shape (len(labels), num_classes), float32.

    When ``num_classes`` is None it is ``max(labels) + 1``. Raise ``ValueError`` for a
    negative label or a label ``>= num_classes``.
    """
    raise NotImplementedError("One-hot encode a 1-D array of integer labels into shape (len(labels), num_classes), float32")
