"""Back to price units: inverse-scaling the predictions of one column.

The model forecasts in scaled units. To read a forecast (or compute its error
in dollars) undo the scaling with the *same* fitted scaler. When the scaler was
fitted on several columns (Open, High, Low, Close, Volume) but the model
forecasts only Close, only Close's statistics may be used.

Run: kerascourse grade ch7 inverse_scale    Hint: kerascourse hint ch7.inverse_scale
"""

import numpy as np


def inverse_scale(scaler, predictions: np.ndarray, column: int = 0) -> np.ndarray:
    """Map scaled ``predictions`` of feature ``column`` back to original units.

    ``scaler`` is a fitted scikit-learn scaler (MinMaxScaler, StandardScaler, ...)
    with ``scaler.n_features_in_`` features; ``predictions`` has any shape, e.g.
    (n, horizon). Return an array of the same shape.
    """
    predictions = np.asarray(predictions, dtype=float)
    flat = predictions.reshape(-1)
    full = np.zeros((flat.size, scaler.n_features_in_))
    full[:, column] = flat
    return scaler.inverse_transform(full)[:, column].reshape(predictions.shape)
