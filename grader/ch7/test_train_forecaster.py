import keras
import numpy as np

from grader.checks import CheckFailed, check, recording_fit, set_random_seed
from kerascourse.datasets import seasonal_series
from kerascourse.timeseries import SeriesScaler, chronological_split, mae, make_windows, naive_forecast

WINDOW = 24
_TRAINED = {}


def _data():
    train, val, test = chronological_split(seasonal_series(600), train=0.7, val=0.15, context=WINDOW)
    scaler = SeriesScaler().fit(train)
    return scaler, [make_windows(scaler.transform(part), WINDOW) for part in (train, val, test)]


def _trained(exercise):
    """Train once per grading run; every check looks at the same model (and at the calls of fit)."""
    if id(exercise) not in _TRAINED:
        scaler, ((x_tr, y_tr), (x_va, y_va), test) = _data()
        set_random_seed(0)   # where the learner's code trains
        with recording_fit() as calls:
            out = exercise.train_forecaster(np.array(x_tr), np.array(y_tr), np.array(x_va), np.array(y_va))
        check(isinstance(out, tuple) and len(out) == 2, "train_forecaster should return (model, history)")
        _TRAINED[id(exercise)] = (out[0], out[1], scaler, test, calls, (x_tr, x_va))
    return _TRAINED[id(exercise)]


def test_returns_model_and_history(exercise):
    """it returns a trained Keras model and the History of fit, with validation losses"""
    model, history, *_ = _trained(exercise)
    check(isinstance(model, keras.Model), f"the first value should be the Keras model; got {type(model).__name__}")
    check(isinstance(history, keras.callbacks.History),
          f"the second value should be what model.fit returns (a History); got {type(history).__name__}")
    check("val_loss" in history.history,
          "the History has no val_loss: pass validation_data=(x_val, y_val) to fit to watch for overfitting")
    losses = history.history.get("loss", [])
    check(len(losses) >= 2 and losses[-1] < losses[0], "the training loss should go down over the epochs: "
                                                       "train for a few epochs (and check the learning rate)")


def _same(value, windows) -> bool:
    """Whether ``value`` (what the learner passed to fit) holds exactly these windows."""
    try:
        value = keras.ops.convert_to_numpy(value)
    except (TypeError, ValueError):
        return False   # not an array (a tf.data.Dataset, a generator): nothing to compare
    return value.shape == windows.shape and np.allclose(value, windows)


def test_fit_trains_on_train_and_validates_on_val(exercise):
    """fit learns from the training windows and measures the validation loss on the validation windows"""
    *_, calls, (x_train, x_val) = _trained(exercise)
    check(calls, "train_forecaster never called model.fit: train with model.fit(x_train, y_train, "
                 "validation_data=(x_val, y_val), ...)")
    call = calls[-1]
    check(not _same(call["x"], x_val), "model.fit(x_val, ...) trains on the validation windows: train on x_train, "
                                       "y_train and pass validation_data=(x_val, y_val)")
    split = call["validation_split"]
    check(not split, f"model.fit(..., validation_split={split}) holds out the last {split:.0%} of the training "
                     f"windows as validation data; the validation windows are given: pass "
                     f"validation_data=(x_val, y_val)")
    data = call["validation_data"]
    check(data is not None, "model.fit got no validation_data: pass validation_data=(x_val, y_val)")
    given = data[0] if isinstance(data, (tuple, list)) else data
    check(not _same(given, x_train), "validation_data holds the training windows (x_train): the validation loss "
                                     "then measures how well the model remembers what it trained on, not how it "
                                     "forecasts new data. Pass validation_data=(x_val, y_val)")


def test_beats_the_naive_baseline(exercise):
    """on the test period its MAE is clearly below the naive forecast's (in the series' units)"""
    model, _, scaler, (x_test, y_test), *_ = _trained(exercise)
    try:
        pred = np.asarray(model.predict(x_test, verbose=0), dtype=float).reshape(y_test.shape)
    except ValueError as exc:
        raise CheckFailed(f"the model cannot forecast windows of shape {x_test.shape} with one value each: {exc}")
    truth = scaler.inverse_transform(y_test)
    model_mae = mae(truth, scaler.inverse_transform(pred))
    naive_mae = mae(truth, scaler.inverse_transform(naive_forecast(x_test)))
    check(model_mae < 0.85 * naive_mae,
          f"your model's test MAE is {model_mae:.3f}, the naive forecast's {naive_mae:.3f}: the model should "
          f"be clearly better (below {0.85 * naive_mae:.3f}). Train a few more epochs, or try learning_rate=0.01")
