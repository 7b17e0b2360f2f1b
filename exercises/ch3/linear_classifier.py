"""A linear classifier from scratch with tf.GradientTape, on two Gaussian clouds.

The model is ``prediction = x @ W + b`` with ``W`` of shape (2, 1) and ``b`` of
shape (1,), trained with the mean squared error against targets 0 and 1. A point
is classified as 1 when its prediction is above 0.5, so the decision boundary is
the line ``W[0]·x0 + W[1]·x1 + b = 0.5``.

Run: kerascourse grade ch3 linear_classifier    Hint: kerascourse hint ch3.linear_classifier
"""

import numpy as np
import tensorflow as tf


def model(x, W, b):
    """The linear model's predictions: x @ W + b, shape (n, 1) for x of shape (n, 2)."""
    raise NotImplementedError("The linear model's predictions: x @ W + b, shape (n, 1) for x of shape (n, 2)")


def square_loss(targets, predictions):
    """The mean over all samples of (targets - predictions) ** 2, a scalar tensor."""
    raise NotImplementedError("The mean over all samples of (targets - predictions) ** 2, a scalar tensor")


def training_step(x, targets, W, b, learning_rate: float = 0.1) -> float:
    """One gradient-descent step: update the tf.Variables W and b in place; return the loss as a float.

    Compute the loss inside a tf.GradientTape, get the gradients of the loss with
    respect to W and b, and move each variable against its gradient.
    """
    raise NotImplementedError("One gradient-descent step: update the tf.Variables W and b in place; return the loss as a float")


def train(x: np.ndarray, labels: np.ndarray, steps: int = 40, learning_rate: float = 0.1):
    """Train W (2, 1) and b (1,) from W random-uniform in [0, 1) and b = 0; return (W, b) as NumPy arrays.

    `labels` holds 0 or 1 per sample, shape (n,). Use full-batch steps.
    """
    raise NotImplementedError("Train W (2, 1) and b (1,) from W random-uniform in [0, 1) and b = 0; return (W, b) as NumPy arrays")


def decision_line(W: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    """The boundary W[0]·x0 + W[1]·x1 + b = 0.5 written as x1 = slope·x0 + intercept: return (slope, intercept)."""
    raise NotImplementedError("The boundary W[0]·x0 + W[1]·x1 + b = 0.5 written as x1 = slope·x0 + intercept: return (slope, int...")
