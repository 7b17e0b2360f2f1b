import keras
import numpy as np

from grader.checks import check_array
from kerascourse.timeseries import forecast


def _linear_model(weights):
    """A Keras model whose prediction is a fixed weighted sum of the window."""
    window = len(weights)
    model = keras.Sequential([keras.Input((window, 1)), keras.layers.Flatten(), keras.layers.Dense(1)])
    model.set_weights([np.asarray(weights, dtype="float32").reshape(window, 1), np.zeros(1, "float32")])
    return model


def test_fibonacci(exercise):
    """a model that adds the last two values continues [1, 1] as 2, 3, 5, 8, 13"""
    out = exercise.recursive_forecast(_linear_model([1.0, 1.0]), np.array([1.0, 1.0]), 5)
    check_array(np.asarray(out).reshape(-1), [2, 3, 5, 8, 13], name="recursive_forecast(add-last-two, [1, 1], 5)",
                mistakes={
                    "the forecasts are not fed back: append each prediction to the window before the next step":
                        [2, 2, 2, 2, 2],
                    "the oldest value stays while the newest is replaced: drop window[0] and append the "
                    "prediction at the end": [2, 3, 4, 5, 6],
                })


def test_matches_library(exercise):
    """a window of 6 and a weighted-average model: the same 8 steps as kerascourse.timeseries.forecast"""
    weights = [0.05, 0.1, 0.15, 0.2, 0.2, 0.3]
    model = _linear_model(weights)
    last = np.array([3.0, 1.0, 4.0, 1.0, 5.0, 9.0])
    expected = forecast(model, last[None, :, None], steps=8, method="recursive")[0]
    out = exercise.recursive_forecast(model, last, 8)
    check_array(np.asarray(out, dtype=float).reshape(-1), expected, name="recursive_forecast(model, window, 8)",
                rtol=1e-5, atol=1e-5, mistakes={
                    "the window is reversed or rotated: keep it oldest-first and append the prediction at the end":
                        forecast(model, last[::-1][None, :, None], steps=8, method="recursive")[0],
                })


def test_one_step_is_the_model(exercise):
    """one step is just the model's prediction for the window"""
    model = _linear_model([0.5, 0.5])
    out = exercise.recursive_forecast(model, np.array([2.0, 4.0]), 1)
    check_array(np.asarray(out, dtype=float).reshape(-1), [3.0], name="recursive_forecast(mean-of-two, [2, 4], 1)")
