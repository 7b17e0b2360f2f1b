"""K-fold validation: every sample is validated exactly once, by a model that never trained on it.

The data are cut into k folds of (almost) equal size. Fold i is the validation
set of the i-th model, which trains on the other k − 1 folds. With a few hundred
samples this gives a far steadier estimate than a single validation split.

Run: kerascourse grade ch4 kfold    Hint: kerascourse hint ch4.kfold
"""

import numpy as np


def kfold_indices(n_samples: int, k: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """Return k pairs (train_indices, val_indices) over range(n_samples), in order, without shuffling.

    The validation folds are consecutive blocks; the first n_samples % k folds get one
    extra sample so that no sample is left out.
    """
    raise NotImplementedError("Return k pairs (train_indices, val_indices) over range(n_samples), in order, without shuffling")


def kfold_histories(build_model, x: np.ndarray, y: np.ndarray, k: int = 4, epochs: int = 10,
                    batch_size: int = 16) -> list[dict]:
    """Train one fresh model per fold; return the list of the k history dicts (history.history).

    In each fold, z-score the features with the mean and std of that fold's training
    part only, and pass the validation part as validation_data. Fit silently (verbose=0).
    """
    raise NotImplementedError("Train one fresh model per fold; return the list of the k history dicts (history.history)")
