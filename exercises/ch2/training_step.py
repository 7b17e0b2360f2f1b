"""One training step: predictions and loss under a GradientTape, then SGD by hand.

The gradient of the loss points uphill. Stochastic gradient descent moves each
weight a small step *against* it: ``w = w - learning_rate * gradient``, in place
with ``w.assign_sub(...)``.

Run: kerascourse grade ch2 training_step    Hint: kerascourse hint ch2.training_step
"""

import keras
import tensorflow as tf


def update_weights(gradients, weights, learning_rate: float = 1e-3) -> None:
    """For each (g, w) pair, move w against its gradient: w.assign_sub(learning_rate * g)."""
    raise NotImplementedError("For each (g, w) pair, move w against its gradient: w.assign_sub(learning_rate * g)")


def one_training_step(model, images_batch, labels_batch, learning_rate: float = 1e-3):
    """Compute the mean sparse categorical cross-entropy under a tape, update model.weights, return the loss.

    Use keras.losses.sparse_categorical_crossentropy(labels, predictions) and tf.reduce_mean.
    """
    raise NotImplementedError("Compute the mean sparse categorical cross-entropy under a tape, update model.weights, return the ...")
