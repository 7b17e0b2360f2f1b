"""1-D convolution by hand: slide a kernel along a signal, multiply and add.

In deep learning "convolution" means *cross-correlation*: the kernel is slid along
the input as it is, without flipping it. In "valid" mode the kernel only visits
positions where it fits entirely, so a signal of length n and a kernel of length k
give n - k + 1 outputs.

Run: kerascourse grade ch5 conv1d    Hint: kerascourse hint ch5.conv1d
"""

import numpy as np


def conv1d(signal, kernel):
    """Valid 1-D convolution (cross-correlation, as Keras computes it) of ``signal`` with ``kernel``.

    Example: ``conv1d([5, 3, 2, 5, 9, 7], [1, 2, 3])`` is ``[17, 22, 39, 44]``
    (the first output is 5·1 + 3·2 + 2·3 = 17). Returns a float NumPy array.
    """
    raise NotImplementedError("Valid 1-D convolution (cross-correlation, as Keras computes it) of signal with kernel")
