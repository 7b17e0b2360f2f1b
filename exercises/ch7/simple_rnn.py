"""A whole recurrent layer: the step of the previous exercise, unrolled over time.

The same weights are used at every time step; only the state changes. The layer
returns the last state (the summary of the whole sequence) or, with
``return_sequences=True``, the state after every step, as ``keras.layers.SimpleRNN``.

Run: kerascourse grade ch7 simple_rnn    Hint: kerascourse hint ch7.simple_rnn
"""

import numpy as np


def simple_rnn(inputs: np.ndarray, W: np.ndarray, U: np.ndarray, b: np.ndarray, h0: np.ndarray | None = None,
               return_sequences: bool = False) -> np.ndarray:
    """Run ``h_t = tanh(x_t @ W + h_{t-1} @ U + b)`` over the time axis of ``inputs``.

    ``inputs`` has shape (batch, timesteps, features); ``h0`` (batch, units) is the
    initial state, zeros when None. Returns the last state (batch, units), or all
    states (batch, timesteps, units) when ``return_sequences`` is True.
    """
    raise NotImplementedError("Loop over the time axis, updating h with the RNN step; return the last state or all states")
