"""An exact regression task: predicting the complementary colour.

For a colour (r, g, b) with channels in [0, 1], each channel of its complement is
``max(r, g, b) + min(r, g, b) − channel``: red (1, 0, 0) becomes cyan (0, 1, 1).
First compute the target with NumPy, then build the 3→64→32→16→3 network that
will learn it.

Run: kerascourse grade ch3 complementary_colour    Hint: kerascourse hint ch3.complementary_colour
"""

import keras
import numpy as np


def complementary(rgb: np.ndarray) -> np.ndarray:
    """For rgb of shape (n, 3), return the complementary colours, shape (n, 3): (max + min) − channel per row."""
    return rgb.max(axis=1, keepdims=True) + rgb.min(axis=1, keepdims=True) - rgb


def build_colour_model() -> keras.Sequential:
    """An uncompiled Sequential model: Input (3,), Dense 64, 32 and 16 with ReLU, then Dense 3 with no activation."""
    return keras.Sequential([
        keras.Input(shape=(3,)),
        keras.layers.Dense(64, activation="relu"),
        keras.layers.Dense(32, activation="relu"),
        keras.layers.Dense(16, activation="relu"),
        keras.layers.Dense(3),
    ])
