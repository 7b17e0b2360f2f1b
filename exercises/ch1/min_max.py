"""Min-max normalisation fitted on the training split only.

Each feature (column) is mapped to [0, 1] with ``(x - min) / (max - min)``, where
min and max come from the *training* data. The test data is transformed with the
same numbers, never with its own: the test set stands for data the model has not
seen, so it must not influence the preprocessing either.

Run: kerascourse grade ch1 min_max    Hint: kerascourse hint ch1.min_max
"""

import numpy as np


def min_max_scale(train: np.ndarray, test: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Scale each column of ``train`` to [0, 1]; apply the same transform to ``test``.

    Both are 2-D (samples, features). A constant training column (max == min) must
    become all zeros, not NaN. Returns ``(train_scaled, test_scaled)``.
    """
    raise NotImplementedError("Scale each column of train to [0, 1]; apply the same transform to test")
