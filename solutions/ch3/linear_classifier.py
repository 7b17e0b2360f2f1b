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
    return tf.matmul(x, W) + b


def square_loss(targets, predictions):
    """The mean over all samples of (targets - predictions) ** 2, a scalar tensor."""
    return tf.reduce_mean(tf.square(targets - predictions))


def training_step(x, targets, W, b, learning_rate: float = 0.1) -> float:
    """One gradient-descent step: update the tf.Variables W and b in place; return the loss as a float.

    Compute the loss inside a tf.GradientTape, get the gradients of the loss with
    respect to W and b, and move each variable against its gradient.
    """
    with tf.GradientTape() as tape:
        loss = square_loss(targets, model(x, W, b))
    grad_W, grad_b = tape.gradient(loss, [W, b])
    W.assign_sub(learning_rate * grad_W)
    b.assign_sub(learning_rate * grad_b)
    return float(loss)


def train(x: np.ndarray, labels: np.ndarray, steps: int = 40, learning_rate: float = 0.1):
    """Train W (2, 1) and b (1,) from W random-uniform in [0, 1) and b = 0; return (W, b) as NumPy arrays.

    `labels` holds 0 or 1 per sample, shape (n,). Use full-batch steps.
    """
    x = tf.constant(x, dtype="float32")
    targets = tf.constant(np.asarray(labels, dtype="float32").reshape(-1, 1))
    W = tf.Variable(tf.random.uniform((2, 1)))
    b = tf.Variable(tf.zeros((1,)))
    for _ in range(steps):
        training_step(x, targets, W, b, learning_rate)
    return W.numpy(), b.numpy()


def decision_line(W: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    """The boundary W[0]·x0 + W[1]·x1 + b = 0.5 written as x1 = slope·x0 + intercept: return (slope, intercept)."""
    w0, w1 = float(np.ravel(W)[0]), float(np.ravel(W)[1])
    b = float(np.ravel(b)[0])
    return -w0 / w1, (0.5 - b) / w1
