"""2-D convolution by hand: a small window slides over an image, with a stride.

Each output pixel is the sum of the window's pixels times the kernel's weights
(cross-correlation: the kernel is not flipped). In "valid" mode the window must
fit inside the image; with stride s it jumps s pixels at a time, so an image of
height h and a kernel of height k give (h - k) // s + 1 rows.

Run: kerascourse grade ch5 conv2d    Hint: kerascourse hint ch5.conv2d
"""

import numpy as np


def conv2d(image, kernel, stride=1):
    """Valid 2-D convolution of a grey ``image`` (height, width) with ``kernel`` (kh, kw), moving ``stride`` pixels.

    Example: a 4×4 image with a 3×3 kernel gives a 2×2 output; with ``stride=2``, 1×1.
    Returns a float NumPy array of shape ((h - kh) // stride + 1, (w - kw) // stride + 1).
    """
    image = np.asarray(image, dtype="float64")
    kernel = np.asarray(kernel, dtype="float64")
    kh, kw = kernel.shape
    out_h = (image.shape[0] - kh) // stride + 1
    out_w = (image.shape[1] - kw) // stride + 1
    out = np.zeros((out_h, out_w))
    for i in range(out_h):
        for j in range(out_w):
            window = image[i * stride:i * stride + kh, j * stride:j * stride + kw]
            out[i, j] = np.sum(window * kernel)
    return out
