"""Reading images stored as a CSV file: one row per image, the label first.

MNIST is often shipped as a CSV of 785 columns: the label, then 784 pixel values.
The file has no header row, so pandas must be told (``header=None``), or it
silently uses the first image as column names and you lose a sample.

Run: kerascourse grade ch1 read_image_csv    Hint: kerascourse hint ch1.read_image_csv
"""

import numpy as np
import pandas as pd


def load_image_csv(path: str, side: int) -> tuple[np.ndarray, np.ndarray]:
    """Read a label-first pixel CSV (no header) into ``(images, labels)``.

    ``images`` has shape (n, side, side) and holds the pixel values as they are
    in the file; ``labels`` has shape (n,) and holds integers.
    """
    frame = pd.read_csv(path, header=None)
    labels = frame.iloc[:, 0].to_numpy(dtype=np.int64)
    pixels = frame.iloc[:, 1:].to_numpy()
    return pixels.reshape(-1, side, side), labels
