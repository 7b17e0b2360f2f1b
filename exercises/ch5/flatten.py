"""Flatten: from feature maps to the vector a Dense layer reads.

After the convolutions, each image is a block of height × width × channels
numbers. ``Flatten`` lays each image's block out as one row, keeping the batch
axis: (batch, h, w, c) becomes (batch, h·w·c). How long that row is depends on the
image size and on how many poolings halved it, and it fixes the size of the first
Dense layer's weights.

Run: kerascourse grade ch5 flatten    Hint: kerascourse hint ch5.flatten
"""

import numpy as np


def flatten(feature_maps):
    """Flatten a batch of feature maps (batch, height, width, channels) to (batch, height·width·channels).

    The values of each image keep their order, as ``keras.layers.Flatten`` lays them out.
    """
    raise NotImplementedError("Flatten a batch of feature maps (batch, height, width, channels) to (batch, height·width·channels)")


def flat_length(height, width, channels, poolings):
    """How many numbers Flatten gives per image after ``poolings`` 2×2 max poolings.

    Convolutions with ``padding="same"`` keep height and width; each pooling halves
    them, rounding down. ``channels`` is the number of filters of the last convolution.
    Example: ``flat_length(32, 32, 256, 3) == 4 * 4 * 256 == 4096``.
    """
    raise NotImplementedError("How many numbers Flatten gives per image after poolings 2×2 max poolings")
