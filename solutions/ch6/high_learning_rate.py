"""Why an unfrozen base with a high learning rate destroys pre-trained features.

Measure it: the relative change of a set of weights, ‖after − before‖ / ‖before‖,
over all the arrays together. Pre-trained filters that move by 1% are adjusted;
filters that move by 100% are gone. Then answer the question.

Question. You put a new, randomly initialised head on VGG16, leave the whole base
trainable, and train with RMSprop at learning rate 1e-2. Validation accuracy ends
far below what the frozen base gave. Why?

  a) The learning rate only applies to the new head's layers; the optimizer leaves
     the base's weights alone, so the cause must be the head.
  b) Making the base trainable resets its weights to random values, so the
     ImageNet training is lost as soon as fit starts.
  c) The new head starts random, so the first gradients flowing back into the base
     are large and meaningless; with a high learning rate they become large steps
     that overwrite the pre-trained filters before the head has learned anything.
  d) A high learning rate only makes the loss curve noisier; the pre-trained
     features survive because ImageNet training lasted far longer than this fit.

Run: kerascourse grade ch6 high_learning_rate    Hint: kerascourse hint ch6.high_learning_rate
"""

import numpy as np


def relative_change(before: list, after: list) -> float:
    """‖after − before‖ / ‖before‖ over all arrays together (Euclidean norms of the flattened arrays).

    ``before`` and ``after`` are lists of arrays of matching shapes, such as two
    copies of ``layer.get_weights()``. Example: before ``[[3, 4]]``, after ``[[3, 5]]`` → 0.2.
    """
    moved = sum(float(np.sum((np.asarray(a, dtype="float64") - np.asarray(b, dtype="float64")) ** 2))
                for b, a in zip(before, after))
    size = sum(float(np.sum(np.asarray(b, dtype="float64") ** 2)) for b in before)
    return float(np.sqrt(moved) / np.sqrt(size))


def answer() -> str:
    """The letter of the right answer to the question in this file's docstring: "a", "b", "c" or "d"."""
    return "c"
