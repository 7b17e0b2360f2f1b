import re

import keras
import numpy as np

from grader.checks import check, check_array, check_close, recording_fit
from kerascourse.datasets import complementary_colours
from kerascourse.models import build_dense_regressor

X, Y = complementary_colours(320, seed=3)


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _identifier(value, kind) -> str:
    """A canonical name for a loss or metric given as a string, a function, an object or a config."""
    if isinstance(value, dict):
        return _snake(value.get("class_name", "")).replace("crossentropy", "crossentropy")
    if isinstance(value, str):
        try:
            value = kind.get(value)
        except (ValueError, TypeError):
            return value
    name = getattr(value, "__name__", None) or type(value).__name__
    return name if "_" in name or name.islower() else _snake(name)


def _fresh_model():
    return build_dense_regressor(3, outputs=3, hidden=(64, 32, 16), compile=False)


def test_compile(exercise):
    """compile_model uses SGD with the given learning rate, the MSE loss and the MAE metric"""
    model = exercise.compile_model(_fresh_model(), learning_rate=0.05)
    check(model is not None, "compile_model should `return model` after compiling it")
    check(getattr(model, "optimizer", None) is not None, "the model is not compiled: call model.compile(optimizer=..., loss=..., "
                                       "metrics=[...])")
    check(type(model.optimizer).__name__ == "SGD", f"the optimizer is {type(model.optimizer).__name__}; "
                                                   f"this exercise uses keras.optimizers.SGD")
    rate = float(keras.ops.convert_to_numpy(model.optimizer.learning_rate))
    check(not np.isclose(rate, 0.01), "compile_model(model, learning_rate=0.05) compiled SGD with its default learning "
                                      "rate 0.01: optimizer='sgd' (or SGD()) ignores your learning_rate; pass "
                                      "keras.optimizers.SGD(learning_rate=learning_rate)")
    check_close(rate, 0.05, name="the SGD learning rate for compile_model(model, learning_rate=0.05)", rtol=1e-6)
    config = model.get_compile_config()
    loss = _identifier(config["loss"], keras.losses)
    check(loss == "mean_squared_error", f"the loss is {loss!r}; a regression on colours uses the mean squared "
                                         f"error, loss='mse'")
    metrics = [_identifier(m, keras.metrics) for m in (config.get("metrics") or [])]
    check("mean_absolute_error" in metrics, f"the metrics are {metrics}; add the mean absolute error, "
                                            f"metrics=['mae']")


def _compiled():
    model = _fresh_model()
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss="mse", metrics=["mae"])
    return model


def test_train_returns_history(exercise):
    """train returns the History: loss and val_loss for each epoch, and the loss goes down"""
    model = _compiled()
    before = model.evaluate(X, Y, verbose=0)[0]
    history = exercise.train(model, X, Y, epochs=3, batch_size=32)
    check(isinstance(history, keras.callbacks.History), f"train should return what model.fit returns (a History); "
                                                        f"got {type(history).__name__}")
    keys = set(history.history)
    check("val_loss" in keys, f"the history has {sorted(keys)} but no val_loss: keep 20% for validation with "
                              f"validation_split=0.2")
    check(len(history.history["loss"]) == 3, f"train(..., epochs=3) ran {len(history.history['loss'])} epochs; "
                                             f"pass epochs on to model.fit")
    after = model.evaluate(X, Y, verbose=0)[0]
    check(after < before, f"the loss did not go down during training ({before:.4f} → {after:.4f})")


def test_validation_is_last_fifth(exercise):
    """train validates on the last 20% of the samples (validation_split=0.2)"""
    model = _compiled()
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss="mse", metrics=["mae"])
    optimizer = model.optimizer
    with recording_fit() as calls:
        exercise.train(model, X, Y, epochs=1, batch_size=64)
    check(calls, "train never called model.fit: train the model it was given with model.fit(...)")
    seen = calls[-1]   # fit's arguments by name, however the call was written
    check(model.optimizer is optimizer, f"train compiled the model again (its optimizer is now a new "
                                        f"{type(model.optimizer).__name__}): train only fits the model that "
                                        f"compile_model prepared; do not call model.compile in train")
    split = seen.get("validation_split")
    if not split and isinstance(seen.get("validation_data"), (tuple, list)):
        val_x = np.asarray(seen["validation_data"][0])
        fit_x = np.asarray(seen["x"])
        trained_on = (fit_x.ndim == 2 and val_x.shape[1:] == fit_x.shape[1:]
                      and any((fit_x == row).all(axis=1).any() for row in val_x[:5]))
        check(not trained_on, "train validated on samples it also trains on (validation_data holds training "
                              "samples): a validation score must come from samples the model never trains on. "
                              "Use validation_split=0.2 (Keras keeps the last 20% of x and y apart)")
        check(False, "this exercise asks for validation_split=0.2 (Keras keeps the last 20% of x and y)")
    check(split is not None and np.isclose(split, 0.2), f"model.fit was called with validation_split={split!r}; "
                                                        f"expected 0.2")
    check(seen.get("batch_size") == 64, f"train(..., batch_size=64) called fit with batch_size="
                                        f"{seen.get('batch_size')!r}: pass batch_size on")


def test_evaluate_and_predict(exercise):
    """evaluate returns {'loss': ..., 'mae': ...}; predict returns a NumPy array of shape (n, 3)"""
    model = _compiled()
    scores = exercise.evaluate(model, X, Y)
    check(isinstance(scores, dict), f"evaluate should return a dict such as {{'loss': 0.1, 'mae': 0.2}}; got "
                                    f"{type(scores).__name__} (use return_dict=True)")
    loss, mae = model.evaluate(X, Y, verbose=0)
    check_close(scores.get("loss"), loss, name="evaluate(model, x, y)['loss']", rtol=1e-4)
    check_close(scores.get("mae", scores.get("mean_absolute_error")), mae, name="evaluate(model, x, y)['mae']",
                rtol=1e-4)
    out = exercise.predict(model, X[:10])
    check_array(out, model.predict(X[:10], verbose=0), name="predict(model, x[:10])", rtol=1e-4, atol=1e-5)


def test_final_losses(exercise):
    """final_losses reads the last training and validation loss from a History"""
    history = keras.callbacks.History()
    history.history = {"loss": [0.5, 0.3, 0.2], "mae": [0.6, 0.4, 0.3], "val_loss": [0.6, 0.4, 0.35],
                       "val_mae": [0.7, 0.5, 0.45]}
    out = exercise.final_losses(history)
    check(isinstance(out, (tuple, list)) and len(out) == 2, f"final_losses should return (training loss, "
                                                            f"validation loss); got {out!r}")
    check(not (np.isclose(out[0], 0.5) and np.isclose(out[1], 0.6)),
          "final_losses returned the first epoch's losses; the last epoch is at index -1")
    check_close(out[0], 0.2, name="final_losses(history)[0] (training loss)")
    check_close(out[1], 0.35, name="final_losses(history)[1] (validation loss)")
