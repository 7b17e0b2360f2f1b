"""Reading a History: where did the validation loss bottom out?

Training loss keeps falling; validation loss falls, flattens, then rises once
the model starts to memorise the training data: that is overfitting. The epoch
with the lowest validation loss is the one to stop at (or to retrain for).
Keras counts epochs from 1 ("Epoch 1/20").

Run: kerascourse grade ch4 best_epoch    Hint: kerascourse hint ch4.best_epoch
"""

import numpy as np


def best_epoch(history) -> int:
    """The epoch, counted from 1, with the lowest validation loss.

    `history` is a keras History or its .history dict; ties go to the earliest epoch.
    """
    values = getattr(history, "history", history)["val_loss"]
    return int(np.argmin(values)) + 1


def is_overfitting(history, tolerance: float = 0.02) -> bool:
    """True when the last validation loss is more than `tolerance` (relative) above its minimum."""
    values = np.asarray(getattr(history, "history", history)["val_loss"], dtype=float)
    return bool(values[-1] > values.min() * (1 + tolerance))
