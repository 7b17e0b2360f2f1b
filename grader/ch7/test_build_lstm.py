import keras
import numpy as np

from grader.checks import (CheckFailed, check, check_compiled, check_layer_settings, check_model_layers,
                           loss_name)
from kerascourse.timeseries import build_lstm as reference_lstm

LSTM, Dropout, Dense = keras.layers.LSTM, keras.layers.Dropout, keras.layers.Dense


def _build(exercise, *args, **kwargs):
    try:
        model = exercise.build_lstm(*args, **kwargs)
    except ValueError as exc:
        if "expected ndim=3" in str(exc):
            raise CheckFailed("an LSTM received a single vector per sample instead of a sequence: every LSTM "
                              "but the last needs return_sequences=True so the next LSTM gets one vector per "
                              f"time step (Keras said: {str(exc).splitlines()[0]})") from None
        raise
    check(isinstance(model, keras.Model), f"build_lstm should return a Keras model; got {type(model).__name__}")
    return model


def _lstms(model):
    return [layer for layer in model.layers if isinstance(layer, LSTM)]


def test_return_sequences(exercise):
    """every LSTM but the last returns sequences, so the next LSTM gets one"""
    model = _build(exercise, 60, 1)
    lstms = _lstms(model)
    check(len(lstms) == 2, f"build_lstm(60, 1) should have 2 LSTM layers (units=(50, 50)); found {len(lstms)}")
    check(lstms[0].return_sequences, "the first LSTM must use return_sequences=True: the second LSTM reads a "
                                     "sequence (one vector per time step), not a single vector")
    check(not lstms[-1].return_sequences, "the last LSTM must return only its final state "
                                          "(return_sequences=False) for the Dense layer")


def test_layers(exercise):
    """build_lstm(60, 1): LSTM(50) → Dropout → LSTM(50) → Dropout → Dense(1), layer by layer"""
    model = _build(exercise, 60, 1)
    swapped = " (window and n_features are swapped)" if model.input_shape == (None, 1, 60) else ""
    check(model.input_shape == (None, 60, 1), f"the input should be (window, n_features) = (60, 1) per sample; "
                                              f"the model's input shape is {model.input_shape}{swapped}")
    check_model_layers(model, [(LSTM, (60, 50)), (Dropout, (60, 50)), (LSTM, (50,)), (Dropout, (50,)),
                               (Dense, (1,))], name="build_lstm(60, 1)")
    for layer in model.layers:
        if isinstance(layer, Dropout):
            check(np.isclose(layer.rate, 0.2), f"the dropout rate should be 0.2; {layer.name} has {layer.rate}")
    head = model.layers[-1]
    check(head.activation is keras.activations.linear,
          f"the Dense head should be linear (no activation): a forecast is a regression and "
          f"'{head.activation.__name__}' would squash or clip it")
    check_layer_settings(head, name="build_lstm(60, 1)'s Dense head", kernel_initializer="glorot_uniform",
                         use_bias=True)


def _function_name(value) -> str:
    return value if isinstance(value, str) else getattr(value, "__name__", str(value))


def test_lstm_settings(exercise):
    """each LSTM keeps its defaults: tanh activation, sigmoid gates, Glorot-uniform kernel"""
    model = _build(exercise, 60, 1)
    for layer in _lstms(model):
        config = layer.get_config()
        activation = _function_name(config.get("activation"))
        check(activation == "tanh", f"build_lstm(60, 1): the LSTM {layer.name} has activation={activation!r}; keep "
                                    f"the LSTM's default 'tanh': the stub asks for plain LSTM layers, and tanh keeps "
                                    f"the state between -1 and 1 where an unbounded activation lets it blow up")
        gates = _function_name(config.get("recurrent_activation"))
        check(gates == "sigmoid", f"build_lstm(60, 1): the LSTM {layer.name} has recurrent_activation={gates!r}; "
                                  f"keep the default 'sigmoid': the gates are fractions between 0 and 1")
        check_layer_settings(layer, name="build_lstm(60, 1)'s LSTM", kernel_initializer="glorot_uniform",
                             use_bias=True)


def test_other_settings(exercise):
    """window 30, 3 features, horizon 5, units (32,), dropout 0.1: the arguments are used"""
    model = _build(exercise, 30, 3, horizon=5, units=(32,), dropout=0.1)
    head = model.layers[-1]
    if isinstance(head, Dense) and head.units != 5:
        raise CheckFailed(f"build_lstm(30, 3, horizon=5, ...): the Dense head has {head.units} unit(s); it "
                          f"forecasts horizon=5 steps at once, one unit per step: Dense(horizon)")
    check_model_layers(model, [(LSTM, (32,)), (Dropout, (32,)), (Dense, (5,))],
                       name="build_lstm(30, 3, horizon=5, units=(32,), dropout=0.1)")
    check(model.input_shape == (None, 30, 3), f"expected input shape (None, 30, 3), got {model.input_shape}")
    check(np.isclose(model.layers[1].rate, 0.1), "use the dropout argument for the Dropout rate")


def test_parameters_and_compile(exercise):
    """the parameter count equals kerascourse's build_lstm; compiled with mse"""
    model = _build(exercise, 60, 1, horizon=3)
    expected = reference_lstm(60, 1, horizon=3).count_params()
    check(model.count_params() == expected,
          f"build_lstm(60, 1, horizon=3) has {model.count_params():,} parameters; expected {expected:,} "
          f"(an LSTM of u units on f features has 4·(f·u + u·u + u))")
    check(getattr(model, "compiled", False), "compile the model: model.compile(optimizer='adam', loss='mse')")
    # "mse" and "mean_squared_error" (or keras.losses.MeanSquaredError()) are the same loss; nothing else is.
    name = loss_name(model)
    check(name in ("mse", "mean_squared_error"),
          f"build_lstm(60, 1, horizon=3) is compiled with the loss {name!r}; the stub asks for the mean squared "
          f"error, loss='mse'")
    check_compiled(model, name="build_lstm(60, 1, horizon=3)", optimizer="adam")
    rate = float(model.optimizer.learning_rate)   # float() of the Variable: NumPy's copy warning stays away
    check(np.isclose(rate, 0.001), f"build_lstm(60, 1, horizon=3): Adam's learning rate is {rate:g}; the stub asks "
                                   f"for Adam with its default, 0.001: optimizer='adam'")
