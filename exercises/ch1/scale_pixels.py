"""Scaling pixels: 8-bit images hold integers 0..255; networks want small floats.

Divide by 255 to get float32 values in [0, 1]. Do it to the training *and* the
test images: test-time data is rescaled exactly like training data (but never
augmented).

Run: kerascourse grade ch1 scale_pixels    Hint: kerascourse hint ch1.scale_pixels
"""

import numpy as np


def scale_images(images: np.ndarray) -> np.ndarray:
    """Return ``images`` (uint8, values 0..255) as float32 values in [0, 1], same shape."""
    raise NotImplementedError("Return images (uint8, values 0..255) as float32 values in [0, 1], same shape")
