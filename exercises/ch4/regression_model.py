"""A regression network: predicting a number, not a class.

The last layer is a single unit with no activation, so the prediction can take
any value. The loss is the mean squared error; the mean absolute error is
reported as a metric because it reads in the target's own units.

Run: kerascourse grade ch4 regression_model    Hint: kerascourse hint ch4.regression_model
"""

import keras


def build_regressor(input_dim: int) -> keras.Sequential:
    """Input (input_dim,) → Dense 64 relu → Dense 64 relu → Dense 1 (no activation);
    compiled with rmsprop, the "mse" loss and the "mae" metric."""
    raise NotImplementedError("Input (input_dim,) → Dense 64 relu → Dense 64 relu → Dense 1 (no activation);")
