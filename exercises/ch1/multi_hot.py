"""Multi-hot encoding: a sequence of word indices becomes a row of 0s and 1s.

The book's ``vectorize_sequences``: a review made of word indices ``[3, 5, 3]``
becomes a vector of ``dimension`` zeros with a 1 at positions 3 and 5. Order and
repeats are lost; which words occur is kept.

Run: kerascourse grade ch1 multi_hot    Hint: kerascourse hint ch1.multi_hot
"""

import numpy as np


def vectorize_sequences(sequences, dimension: int = 10000) -> np.ndarray:
    """Multi-hot encode a list of integer sequences into shape (len(sequences), dimension), float32."""
    raise NotImplementedError("Multi-hot encode a list of integer sequences into shape (len(sequences), dimension), float32")
