"""Max pooling by hand: keep the largest value of each 2×2 window.

``MaxPooling2D((2, 2))`` slides a 2×2 window with stride 2 (the windows do not
overlap) and keeps the maximum of each, so it halves height and width. An odd
row or column left over at the edge is dropped ("valid" padding).

Run: kerascourse grade ch5 max_pool    Hint: kerascourse hint ch5.max_pool
"""

import numpy as np


def max_pool2d(feature_map, size=2, stride=2):
    """Max pooling of ``feature_map`` (height, width) with a ``size``×``size`` window moving ``stride`` pixels.

    Example: ``max_pool2d([[1, 2], [3, 4]])`` is ``[[4]]``; a 5×5 map becomes 2×2.
    """
    feature_map = np.asarray(feature_map)
    out_h = (feature_map.shape[0] - size) // stride + 1
    out_w = (feature_map.shape[1] - size) // stride + 1
    out = np.zeros((out_h, out_w), dtype=feature_map.dtype)
    for i in range(out_h):
        for j in range(out_w):
            out[i, j] = feature_map[i * stride:i * stride + size, j * stride:j * stride + size].max()
    return out
