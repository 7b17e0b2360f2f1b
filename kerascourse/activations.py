"""Activation functions from their formulas, in NumPy.

The same numbers as ``keras.activations`` (sigmoid, tanh, relu, softmax), plus
the threshold (step) function of the first artificial neurons. NumPy in, NumPy
out, any shape; each is written so that large inputs neither overflow nor give
NaN: ``sigmoid(-1000)`` is 0 and ``softmax([1000, 1000])`` is ``[0.5, 0.5]``.

Example:
    >>> import numpy as np
    >>> relu(np.array([-2.0, 0.5, 3.0]))
    array([0. , 0.5, 3. ])
    >>> softmax(np.array([1000.0, 1000.0]))
    array([0.5, 0.5])
"""

from __future__ import annotations

import numpy as np

__all__ = ["sigmoid", "tanh", "relu", "threshold", "softmax", "ACTIVATIONS", "get"]


def _as_float_array(x, name: str) -> np.ndarray:
    """Validate and convert the input: real numbers only, floats out."""
    if hasattr(x, "detach") and not isinstance(x, np.ndarray):  # a PyTorch tensor: drop its gradient tape
        x = x.detach().cpu()
    if hasattr(x, "numpy") and not isinstance(x, np.ndarray):  # a TensorFlow tensor
        x = x.numpy()
    try:
        arr = np.asarray(x)
    except ValueError as exc:  # ragged nested lists
        raise ValueError(f"{name} expects a rectangular array of numbers ({exc})") from None
    if arr.dtype.kind not in "biuf":
        raise ValueError(f"{name} expects real numbers; got dtype {arr.dtype}")
    if arr.dtype.kind != "f":
        arr = arr.astype(np.float64)
    return arr


def sigmoid(x) -> np.ndarray:
    """The logistic function ``1 / (1 + exp(-x))``, squashing any number into (0, 1).

    Written as ``exp(x) / (1 + exp(x))`` for negative inputs so that ``exp`` never
    sees a large positive argument (``sigmoid(-1000)`` is 0, without an overflow).

    Example:
        >>> sigmoid(np.array([0.0]))
        array([0.5])
    """
    x = _as_float_array(x, "sigmoid")
    # exp(-|x|) is in (0, 1]: it cannot overflow, whatever the sign of x.
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e)).astype(x.dtype)


def tanh(x) -> np.ndarray:
    """The hyperbolic tangent ``(e^x - e^-x) / (e^x + e^-x)``, in (-1, 1), zero-centred.

    Mathematically ``tanh(x) = 2·sigmoid(2x) - 1``; NumPy's ``np.tanh`` computes
    it without overflow and keeps full precision near 0, where the formula above
    would lose digits to cancellation.

    Example:
        >>> float(tanh(np.array([0.0]))[0])
        0.0
    """
    x = _as_float_array(x, "tanh")
    return np.tanh(x)


def relu(x) -> np.ndarray:
    """The rectified linear unit ``max(0, x)``: negatives become 0, positives pass unchanged.

    ReLU is not capped at 1: ``relu(3.0)`` is 3.0.

    Example:
        >>> relu(np.array([-1.0, 3.0]))
        array([0., 3.])
    """
    x = _as_float_array(x, "relu")
    return np.maximum(x, 0).astype(x.dtype)


def threshold(x, theta: float = 0.0) -> np.ndarray:
    """The step function of the perceptron: 1 where ``x >= theta``, else 0.

    Example:
        >>> threshold(np.array([-0.5, 0.0, 2.0]))
        array([0., 1., 1.])
    """
    x = _as_float_array(x, "threshold")
    if not np.isfinite(theta):
        raise ValueError(f"threshold: theta must be a finite number; got {theta!r}")
    return (x >= theta).astype(x.dtype)


def softmax(x, axis: int = -1) -> np.ndarray:
    """Turn scores into probabilities along ``axis``: ``exp(x_i) / sum_j exp(x_j)``.

    The maximum along ``axis`` is subtracted first. That changes nothing
    mathematically (the factor ``exp(-max)`` cancels) but keeps every ``exp``
    argument <= 0, so ``softmax([1000, 1000])`` is ``[0.5, 0.5]`` instead of NaN.

    Example:
        >>> softmax(np.array([[1.0, 1.0, 1.0]]))
        array([[0.33333333, 0.33333333, 0.33333333]])
    """
    x = _as_float_array(x, "softmax")
    if x.ndim == 0:
        raise ValueError("softmax needs at least one axis of scores; got a single number")
    if not -x.ndim <= axis < x.ndim:
        raise ValueError(f"softmax: axis {axis} is out of range for an array with {x.ndim} dimension(s)")
    shifted = x - np.max(x, axis=axis, keepdims=True)
    e = np.exp(shifted)
    return e / np.sum(e, axis=axis, keepdims=True)


ACTIVATIONS = {"sigmoid": sigmoid, "tanh": tanh, "relu": relu, "threshold": threshold, "softmax": softmax}


def get(name: str):
    """The activation function called ``name`` (``"relu"``, ``"sigmoid"``, ...).

    Example:
        >>> get("relu") is relu
        True
    """
    try:
        return ACTIVATIONS[name]
    except KeyError:
        raise ValueError(f"unknown activation {name!r}; known: {', '.join(ACTIVATIONS)}") from None
