"""Activation functions from their formulas: sigmoid, tanh, ReLU and the threshold step.

A neuron computes a weighted sum and passes it through an activation. Each
function here works element by element on a NumPy array of any shape and must
give the same numbers as ``keras.activations`` (sigmoid, tanh, relu).

Run: kerascourse grade ch3 activations    Hint: kerascourse hint ch3.activations
"""

import numpy as np


def sigmoid(x: np.ndarray) -> np.ndarray:
    """Return 1 / (1 + exp(-x)), element by element: every output lies between 0 and 1.

    Example: sigmoid(np.array([0.0])) -> array([0.5])
    """
    raise NotImplementedError("Return 1 / (1 + exp(-x)), element by element: every output lies between 0 and 1")


def tanh(x: np.ndarray) -> np.ndarray:
    """Return (exp(x) - exp(-x)) / (exp(x) + exp(-x)) for moderate x, between -1 and 1.

    Example: tanh(np.array([0.0])) -> array([0.])
    """
    raise NotImplementedError("Return (exp(x) - exp(-x)) / (exp(x) + exp(-x)) for moderate x, between -1 and 1")


def relu(x: np.ndarray) -> np.ndarray:
    """Return max(0, x), element by element.

    Example: relu(np.array([-2.0, 3.0])) -> array([0., 3.])
    """
    raise NotImplementedError("Return max(0, x), element by element")


def threshold(x: np.ndarray) -> np.ndarray:
    """Return the perceptron's step: 1.0 where x >= 0, else 0.0 (as floats).

    Example: threshold(np.array([-1.0, 0.0, 2.0])) -> array([0., 1., 1.])
    """
    raise NotImplementedError("Return the perceptron's step: 1.0 where x >= 0, else 0.0 (as floats)")
