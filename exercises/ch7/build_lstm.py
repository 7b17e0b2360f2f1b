"""The stacked-LSTM forecaster of the classic tutorial, built layer by layer.

LSTM layers with dropout after each, then a Dense layer with one output per
future step. Every LSTM but the last must return its whole sequence, so the
next LSTM has a sequence to read. The Dense head is linear: a forecast is a
regression.

Run: kerascourse grade ch7 build_lstm    Hint: kerascourse hint ch7.build_lstm
"""

import keras


def build_lstm(window: int, n_features: int, horizon: int = 1, units=(50, 50), dropout: float = 0.2):
    """Return a compiled ``keras.Sequential``: Input((window, n_features)), then for each
    entry of ``units`` an LSTM followed by Dropout(dropout), then Dense(horizon).

    Compile it with the Adam optimizer and the mean squared error loss ("mse").
    """
    raise NotImplementedError("Stack LSTM + Dropout for each entry of units, then Dense(horizon); compile with adam and mse")
