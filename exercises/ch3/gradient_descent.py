"""Gradient descent on the smallest possible model: y = x·W with a single weight W.

The data are x = 0, 1, 2, 3, 4 and y = 0, 6, 12, 18, 24, so the best W is 6.
The loss is the mean squared error; as a function of W it is a parabola, and
gradient descent walks down it: W ← W − η·dL/dW.

Run: kerascourse grade ch3 gradient_descent    Hint: kerascourse hint ch3.gradient_descent
"""

import numpy as np


def loss(w: float, x: np.ndarray, y: np.ndarray) -> float:
    """The mean squared error of the predictions x * w against the targets y, as a float.

    Example: loss(0.0, np.array([1.0]), np.array([6.0])) -> 36.0
    """
    raise NotImplementedError("The mean squared error of the predictions x * w against the targets y, as a float")


def gradient(w: float, x: np.ndarray, y: np.ndarray) -> float:
    """dL/dW, the derivative of loss(w, x, y) with respect to w, as a float.

    Example: gradient(0.0, np.array([1.0]), np.array([6.0])) -> -12.0
    """
    raise NotImplementedError("dL/dW, the derivative of loss(w, x, y) with respect to w, as a float")


def step(w: float, grad: float, learning_rate: float) -> float:
    """One gradient-descent update of w, given the gradient and the learning rate.

    Example: step(1.0, grad=2.0, learning_rate=0.1) -> 0.8
    """
    raise NotImplementedError("One gradient-descent update of w, given the gradient and the learning rate")


def descend(x: np.ndarray, y: np.ndarray, w0: float = 0.0, learning_rate: float = 0.01,
            steps: int = 100) -> list[float]:
    """Run `steps` updates from w0; return every w visited: [w0, w1, ..., w_steps].

    Example: descend(x, y, steps=2) returns a list of 3 floats.
    """
    raise NotImplementedError("Run `steps` updates from w0; return every w visited: [w0, w1, ..., w_steps]")
