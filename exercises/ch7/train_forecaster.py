"""Training a small LSTM that beats the naive baseline.

On the offline seasonal series (scaled, windows of 24 steps) a small LSTM
trained for a few seconds forecasts the next value clearly better than "the
next value equals the last one". Keep it small: the grader gives it about a
minute on a CPU.

Run: kerascourse grade ch7 train_forecaster    Hint: kerascourse hint ch7.train_forecaster
"""

from kerascourse.timeseries import build_lstm


def train_forecaster(x_train, y_train, x_val, y_val):
    """Build, compile and fit a forecaster on the training windows; watch the validation windows.

    ``x_train`` has shape (n, window, 1) and ``y_train`` (n, 1); likewise the
    validation pair. Return ``(model, history)``: the trained Keras model and the
    ``History`` that ``fit`` returns (with a ``val_loss``).
    """
    raise NotImplementedError("Build a small LSTM, fit it with validation_data, return (model, history)")
