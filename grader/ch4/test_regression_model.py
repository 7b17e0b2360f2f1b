import keras
import numpy as np

from grader.checks import check, check_compiled, check_hidden_activations, check_model_layers
from kerascourse.datasets import load_tabular
from kerascourse.preprocessing import StandardScaler


def _identifier(value, kind) -> str:
    import re
    if isinstance(value, dict):
        return re.sub(r"(?<!^)(?=[A-Z])", "_", value.get("class_name", "")).lower()
    if isinstance(value, str):
        try:
            value = kind.get(value)
        except (ValueError, TypeError):
            return value
    name = getattr(value, "__name__", None) or type(value).__name__
    return name if name.islower() else re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def test_architecture(exercise):
    """Dense 64 relu → Dense 64 relu → Dense 1 with no activation"""
    model = exercise.build_regressor(10)
    dense = keras.layers.Dense
    check_model_layers(model, [(dense, (64,)), (dense, (64,)), (dense, (1,))], name="build_regressor(10)")
    hidden = [layer for layer in model.layers if isinstance(layer, dense)]
    check_hidden_activations(hidden[:2], name="build_regressor(10)")
    last = hidden[2].get_config()["activation"]
    messages = {"relu": "relu on the output cannot predict negative values",
                "sigmoid": "sigmoid squeezes every prediction into (0, 1): fine for a probability, wrong for a price",
                "softmax": "softmax over one unit always outputs 1.0"}
    check(last == "linear", f"the output layer uses {last!r}: {messages.get(last, 'a regression output needs no activation')}"
                            f"; leave the last Dense without activation so it can predict any number")


def test_compiled_for_regression(exercise):
    """compiled with rmsprop, the mean squared error loss and the mean absolute error metric"""
    model = exercise.build_regressor(10)
    check_compiled(model, name="build_regressor(10)")
    config = model.get_compile_config()
    loss = _identifier(config["loss"], keras.losses)
    check("crossentropy" not in loss, f"{loss!r} is a classification loss; a number is predicted with 'mse'")
    check(loss == "mean_squared_error", f"the loss is {loss!r}; use 'mse'")
    metrics = [_identifier(m, keras.metrics) for m in (config.get("metrics") or [])]
    check(any(m in ("mean_absolute_error", "mae") for m in metrics),
          f"the metrics are {metrics}; report the mean absolute error: metrics=['mae']")
    check_compiled(model, name="build_regressor(10) (the stub asks for optimizer='rmsprop')", optimizer="rmsprop")


def test_learns_diabetes(exercise):
    """trained 10 epochs on scikit-learn's diabetes data, it beats predicting the mean"""
    (x_train, y_train), (x_test, y_test) = load_tabular("diabetes", seed=0)
    y_train, y_test = y_train / 100.0, y_test / 100.0   # targets near 1: a few epochs suffice
    scaler = StandardScaler().fit(x_train)
    model = exercise.build_regressor(x_train.shape[1])
    model.fit(scaler.transform(x_train), y_train, epochs=10, batch_size=16, verbose=0)
    pred = np.asarray(model.predict(scaler.transform(x_test), verbose=0)).reshape(-1)
    mae = float(np.mean(np.abs(pred - y_test)))
    baseline = float(np.mean(np.abs(y_train.mean() - y_test)))
    check(mae < 0.85 * baseline, f"test MAE {100 * mae:.1f} is not clearly better than always predicting the "
                                 f"mean ({100 * baseline:.1f})")
