import keras
import numpy as np

from grader.checks import CheckFailed, check, check_model_layers
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
    check(model.input_shape == (None, 60, 1), f"the input should be (window, n_features) = (60, 1) per sample; "
                                              f"the model's input shape is {model.input_shape}")
    check_model_layers(model, [(LSTM, (60, 50)), (Dropout, (60, 50)), (LSTM, (50,)), (Dropout, (50,)),
                               (Dense, (1,))], name="build_lstm(60, 1)")
    for layer in model.layers:
        if isinstance(layer, Dropout):
            check(np.isclose(layer.rate, 0.2), f"the dropout rate should be 0.2; {layer.name} has {layer.rate}")
    head = model.layers[-1]
    check(head.activation is keras.activations.linear,
          f"the Dense head should be linear (no activation): a forecast is a regression and "
          f"'{head.activation.__name__}' would squash or clip it")


def test_other_settings(exercise):
    """window 30, 3 features, horizon 5, units (32,), dropout 0.1: the arguments are used"""
    model = _build(exercise, 30, 3, horizon=5, units=(32,), dropout=0.1)
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
    loss = getattr(model, "loss", None)
    check(loss is not None, "compile the model: model.compile(optimizer='adam', loss='mse')")
    name = loss if isinstance(loss, str) else getattr(loss, "name", getattr(loss, "__name__", str(loss)))
    check(name in ("mse", "mean_squared_error", "MeanSquaredError"),
          f"the loss should be the mean squared error ('mse'); got {name!r}")
