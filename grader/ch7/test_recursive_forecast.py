import keras
import numpy as np

from grader.checks import CheckFailed, check, check_array
from kerascourse.timeseries import forecast


def _linear_model(weights):
    """A Keras model whose prediction is a fixed weighted sum of the window."""
    window = len(weights)
    model = keras.Sequential([keras.Input((window, 1)), keras.layers.Flatten(), keras.layers.Dense(1)])
    model.set_weights([np.asarray(weights, dtype="float32").reshape(window, 1), np.zeros(1, "float32")])
    return model


class _Recording:
    """A model that records the shape of every batch the learner's code hands it, then lets the model run."""

    def __init__(self, model):
        self.model, self.shapes = model, []

    def _record(self, x):
        self.shapes.append(tuple(np.shape(x)))

    def __call__(self, x, *args, **kwargs):
        self._record(x)
        return self.model(x, *args, **kwargs)

    def predict(self, x, *args, **kwargs):
        self._record(x)
        return self.model.predict(x, *args, **kwargs)

    def predict_on_batch(self, x):
        self._record(x)
        return self.model.predict_on_batch(x)

    def __getattr__(self, name):
        return getattr(self.model, name)


def _bad_input(shapes, window):
    """Why the batches the model was given are not (1, window, 1), in plain words; "" when they all are."""
    for shape in shapes:
        if shape == (1, window, 1):
            continue
        if shape == (1, window):
            return (f"the model was given a batch of shape {shape}: it takes (1, window, 1), one window of one "
                    f"feature; add the feature axis: current[np.newaxis, :, np.newaxis]")
        if shape in ((window,), (window, 1)):
            return (f"the model was given shape {shape}, without the batch axis: it takes (1, window, 1): "
                    f"current[np.newaxis, :, np.newaxis]")
        if len(shape) >= 2 and shape[1] > window:
            return (f"the model was given a window of {shape[1]} values; it takes {window}: the window grew. When "
                    f"you append the prediction, drop the oldest value: np.append(current[1:], prediction)")
        return f"the model was given shape {shape}; it takes (1, window, 1) = {(1, window, 1)}"
    return ""


def _forecast(exercise, model, last_window, steps, name):
    """Run the learner's recursive_forecast on a recording model; check the inputs it built and returned."""
    recording, given = _Recording(model), last_window.copy()
    try:
        out = exercise.recursive_forecast(recording, given, steps)
    except Exception:
        problem = _bad_input(recording.shapes, len(last_window))
        if problem:   # the model refused a batch the learner's code built: say what was wrong with it
            raise CheckFailed(f"{name}: {problem}") from None
        raise
    problem = _bad_input(recording.shapes, len(last_window))
    check(not problem, f"{name}: {problem}")
    check(np.array_equal(given, last_window),
          f"{name} changed the array last_window it was given (from {last_window.tolist()} to {given.tolist()}): "
          f"the caller's data must stay as it was. Work on a copy: current = np.array(last_window, dtype='float32')")
    if isinstance(out, np.ndarray) and out.shape == (steps, 1):
        raise CheckFailed(f"{name}: expected a 1-D array of {steps} forecasts, shape ({steps},), got shape "
                          f"{out.shape}: collect one number per step, prediction[0, 0]")
    return out


def test_fibonacci(exercise):
    """a model that adds the last two values continues [1, 1] as 2, 3, 5, 8, 13"""
    name = "recursive_forecast(add-last-two, [1, 1], 5)"
    out = _forecast(exercise, _linear_model([1.0, 1.0]), np.array([1.0, 1.0]), 5, name)
    check_array(out, [2, 3, 5, 8, 13], name=name, dtype_kind="f",
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
    out = _forecast(exercise, model, last, 8, "recursive_forecast(model, window, 8)")
    check_array(out, expected, name="recursive_forecast(model, window, 8)", rtol=1e-5, atol=1e-5, mistakes={
        "the window is reversed or rotated: keep it oldest-first and append the prediction at the end":
            forecast(model, last[::-1][None, :, None], steps=8, method="recursive")[0],
    })


def test_one_step_is_the_model(exercise):
    """one step is just the model's prediction for the window"""
    model = _linear_model([0.5, 0.5])
    name = "recursive_forecast(mean-of-two, [2, 4], 1)"
    check_array(_forecast(exercise, model, np.array([2.0, 4.0]), 1, name), [3.0], name=name)
