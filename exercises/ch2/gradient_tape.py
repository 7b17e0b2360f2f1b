"""Gradients with tf.GradientTape: first and second derivatives, and the gradient of a bias.

TensorFlow records the operations run inside ``with tf.GradientTape() as tape:``
and ``tape.gradient(result, source)`` walks them backwards. It watches
``tf.Variable`` objects by itself; a constant tensor must be watched with
``tape.watch``. Tapes can be nested to take a derivative of a derivative.

Run: kerascourse grade ch2 gradient_tape    Hint: kerascourse hint ch2.gradient_tape
"""

import numpy as np
import tensorflow as tf


def gradient_at(f, x: float) -> float:
    """Return the derivative of f at x, computed with tf.GradientTape on a tf.Variable.

    Example: gradient_at(lambda x: 2 * x + 3, 5.0) -> 2.0
    """
    raise NotImplementedError("Return the derivative of f at x, computed with tf.GradientTape on a tf.Variable")


def gradient_of_constant(f, x: float) -> float:
    """Return the derivative of f at x where x is a tf.constant (the tape must be told to watch it).

    Example: gradient_of_constant(lambda x: x * x, 3.0) -> 6.0
    """
    raise NotImplementedError("Return the derivative of f at x where x is a tf.constant (the tape must be told to watch it)")


def bias_gradient(x: np.ndarray, W: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Return the gradient of sum(x @ W + b) with respect to b, as a NumPy array of b's shape.

    Every entry equals the batch size len(x): each sample adds b once.
    """
    raise NotImplementedError("Return the gradient of sum(x @ W + b) with respect to b, as a NumPy array of b's shape")


def second_derivative(f, t: float) -> float:
    """Return the second derivative of f at t with two nested tapes.

    Example: the position 4.9 * t**2 of a falling apple has acceleration 9.8:
    second_derivative(lambda t: 4.9 * t ** 2, 1.0) -> 9.8
    """
    raise NotImplementedError("Return the second derivative of f at t with two nested tapes")
