"""One step of a simple recurrent network, by hand.

A recurrent layer reads a sequence one time step at a time and carries a *state*
``h`` from each step to the next: ``h_t = tanh(x_t·W + h_{t-1}·U + b)``. This is
exactly what ``keras.layers.SimpleRNN`` computes, with ``W`` its kernel, ``U`` its
recurrent kernel and ``b`` its bias.

Run: kerascourse grade ch7 rnn_step    Hint: kerascourse hint ch7.rnn_step
"""

import numpy as np


def rnn_step(x_t: np.ndarray, h_prev: np.ndarray, W: np.ndarray, U: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Return the new state ``tanh(x_t @ W + h_prev @ U + b)``.

    Shapes: ``x_t`` (batch, features), ``h_prev`` (batch, units), ``W`` (features, units),
    ``U`` (units, units), ``b`` (units,). The result has shape (batch, units).

    Example: x_t = [[1, 2]], W = [[0.5], [0.25]], h_prev = [[0.5]], U = [[1]], b = [0]
    gives tanh(1·0.5 + 2·0.25 + 0.5·1 + 0) = tanh(1.5) ≈ 0.9051.
    """
    return np.tanh(x_t @ W + h_prev @ U + b)
