"""Plausible wrong answers to chapter 7 fail, with a message that names the mistake.

LEARNER_MISTAKES holds what a beginner really writes (three or four per exercise); they are
graded in rounds, one child process per round (see conftest.mistake_rounds).
"""

import textwrap

import pytest
from conftest import Mistake, grade_mistake_round, mistake_rounds, round_ids

pytestmark = pytest.mark.slow   # spawns grading processes that import TensorFlow

# Also graded under JAX by tests/test_backends_grading.py.
WINDOW_LOOK_AHEAD = '''
    import numpy as np
    def make_windows(series, window, horizon=1):
        # a "centred" window: the target sits in the middle, the window sees the future after it
        n = len(series) - window - horizon + 1
        x = np.stack([series[i: i + window] for i in range(n)])
        y = np.stack([series[i + window // 2: i + window // 2 + horizon] for i in range(n)])
        return x[:, :, None], y
'''

# baselines.py defines three functions; a mistake in one keeps the other two right.
_NAIVE = '''
    def naive_forecast(x, horizon=1):
        return np.repeat(x[:, -1, :], horizon, axis=1)
'''
_SEASONAL = '''
    def seasonal_naive_forecast(x, season, horizon=1):
        steps = [x.shape[1] - season + (k % season) for k in range(horizon)]
        return x[:, steps, 0]
'''
_NAIVE_MAE = '''
    def naive_mae(series):
        series = np.asarray(series, dtype=float)
        return float(np.mean(np.abs(series[1:] - series[:-1])))
'''


def _baselines(naive=_NAIVE, seasonal=_SEASONAL, naive_mae=_NAIVE_MAE):
    return "import numpy as np\n" + "".join(textwrap.dedent(s) for s in (naive, seasonal, naive_mae))


_MAE = '''
    def mae(y_true, y_pred):
        return float(np.mean(np.abs(y_true - y_pred)))
'''
_RMSE = '''
    def rmse(y_true, y_pred):
        return float(np.sqrt(np.mean((y_true - y_pred) ** 2)))
'''


def _metrics(mae=_MAE, rmse=_RMSE):
    return "import numpy as np\n" + "".join(textwrap.dedent(s) for s in (mae, rmse))


_LSTM = '''
    import keras
    def build_lstm(window, n_features, horizon=1, units=(50, 50), dropout=0.2):
        model = keras.Sequential([keras.Input(shape=(window, n_features))])
        for i, n in enumerate(units):
            model.add(keras.layers.LSTM(n, return_sequences=i < len(units) - 1{lstm}))
            model.add(keras.layers.Dropout(dropout))
        model.add(keras.layers.Dense({head}))
        model.compile(optimizer="adam", loss={loss!r})
        return model
'''


def _lstm(lstm="", head="horizon", loss="mse"):
    return _LSTM.format(lstm=lstm, head=head, loss=loss)


_TRAIN = '''
    from kerascourse.timeseries import build_lstm
    def train_forecaster(x_train, y_train, x_val, y_val):
        model = build_lstm(x_train.shape[1], 1, units=(16,), dropout=0.0, learning_rate=0.01)
        history = model.fit({fit}, epochs=10, batch_size=32, verbose=0)
        return model, history
'''

_SPLIT = '''
    import numpy as np
    from sklearn.preprocessing import MinMaxScaler, StandardScaler
    def split_and_scale(series, train_fraction=0.7, val_fraction=0.15):
        series = np.asarray(series, dtype=float)
        {body}
'''

LEARNER_MISTAKES = [
    # --- rnn_step ----------------------------------------------------------------------------------
    Mistake("rnn_step", "recurrent weights transposed", '''
        import numpy as np
        def rnn_step(x_t, h_prev, W, U, b):
            return np.tanh(x_t @ W + h_prev @ U.T + b)
    ''', ("transposed", "h_prev @ U")),
    Mistake("rnn_step", "bias added after the tanh", '''
        import numpy as np
        def rnn_step(x_t, h_prev, W, U, b):
            return np.tanh(np.dot(x_t, W) + np.dot(h_prev, U)) + b
    ''', ("bias", "inside the tanh")),
    Mistake("rnn_step", "element-wise * instead of the matrix product", '''
        import numpy as np
        def rnn_step(x_t, h_prev, W, U, b):
            return np.tanh(x_t * W + h_prev * U + b)
    ''', ("element-wise", "@")),

    # --- simple_rnn --------------------------------------------------------------------------------
    Mistake("simple_rnn", "state not carried: h0 used at every step", '''
        import numpy as np
        def simple_rnn(inputs, W, U, b, h0=None, return_sequences=False):
            h0 = np.zeros((inputs.shape[0], U.shape[0])) if h0 is None else h0
            states = [np.tanh(inputs[:, t] @ W + h0 @ U + b) for t in range(inputs.shape[1])]
            return np.stack(states, axis=1) if return_sequences else states[-1]
    ''', ("not carried",)),
    Mistake("simple_rnn", "states stacked along axis 0 (time first)", '''
        import numpy as np
        def simple_rnn(inputs, W, U, b, h0=None, return_sequences=False):
            h = np.zeros((inputs.shape[0], U.shape[0])) if h0 is None else h0
            states = []
            for t in range(inputs.shape[1]):
                h = np.tanh(inputs[:, t, :] @ W + h @ U + b)
                states.append(h)
            return np.array(states) if return_sequences else h
    ''', ("axis 0", "axis=1")),
    Mistake("simple_rnn", "initial state of ones instead of zeros", '''
        import numpy as np
        def simple_rnn(inputs, W, U, b, h0=None, return_sequences=False):
            h = np.ones((inputs.shape[0], U.shape[0])) if h0 is None else h0
            states = []
            for t in range(inputs.shape[1]):
                h = np.tanh(inputs[:, t, :] @ W + h @ U + b)
                states.append(h)
            return np.stack(states, axis=1) if return_sequences else h
    ''', ("initial state", "zeros")),

    # --- make_windows ------------------------------------------------------------------------------
    Mistake("make_windows", "the window includes its own target", '''
        import numpy as np
        def make_windows(series, window, horizon=1):
            # the window slides one step too far: its last value is its own first target
            n = len(series) - window - horizon + 1
            x = np.stack([series[i + 1: i + 1 + window] for i in range(n)])
            y = np.stack([series[i + window: i + window + horizon] for i in range(n)])
            return x[:, :, None], y
    ''', ("includes its own target",)),
    Mistake("make_windows", "the last window is missing", '''
        import numpy as np
        def make_windows(series, window, horizon=1):
            if len(series) < window + horizon:
                raise ValueError("series too short")
            x, y = [], []
            for i in range(len(series) - window - horizon):
                x.append(series[i: i + window])
                y.append(series[i + window: i + window + horizon])
            return np.array(x)[:, :, None], np.array(y)
    ''', ("one too few", "last window")),
    Mistake("make_windows", "a centred window that sees the future (look-ahead)", WINDOW_LOOK_AHEAD, ("look-ahead",)),
    Mistake("make_windows", "no feature axis on x", '''
        import numpy as np
        def make_windows(series, window, horizon=1):
            n = len(series) - window - horizon + 1
            if n < 1:
                raise ValueError("series too short")
            x = np.stack([series[i: i + window] for i in range(n)])
            y = np.stack([series[i + window: i + window + horizon] for i in range(n)])
            return x, y
    ''', ("feature axis",)),

    # --- split_and_scale ---------------------------------------------------------------------------
    Mistake("split_and_scale", "scaler fitted on the whole series", _SPLIT.format(body='''
        scaler = MinMaxScaler().fit(series.reshape(-1, 1))          # sees the test period too
        scaled = scaler.transform(series.reshape(-1, 1)).ravel()
        n_train, n_val = int(len(series) * train_fraction), int(len(series) * val_fraction)
        return scaled[:n_train], scaled[n_train:n_train + n_val], scaled[n_train + n_val:], scaler
    '''), ("fitted on the whole series",)),
    Mistake("split_and_scale", "shuffled before splitting", _SPLIT.format(body='''
        series = np.random.default_rng(0).permutation(series)
        n_train, n_val = int(len(series) * train_fraction), int(len(series) * val_fraction)
        train, val, test = series[:n_train], series[n_train:n_train + n_val], series[n_train + n_val:]
        scaler = MinMaxScaler().fit(train.reshape(-1, 1))
        f = lambda p: scaler.transform(p.reshape(-1, 1)).ravel()
        return f(train), f(val), f(test), scaler
    '''), ("never shuffled",)),
    Mistake("split_and_scale", "a StandardScaler instead of a MinMaxScaler", _SPLIT.format(body='''
        n_train, n_val = int(len(series) * train_fraction), int(len(series) * val_fraction)
        train, val, test = series[:n_train], series[n_train:n_train + n_val], series[n_train + n_val:]
        scaler = StandardScaler().fit(train.reshape(-1, 1))
        f = lambda p: scaler.transform(p.reshape(-1, 1)).ravel()
        return f(train), f(val), f(test), scaler
    '''), ("StandardScaler", "MinMaxScaler")),
    Mistake("split_and_scale", "periods left as columns (no ravel)", _SPLIT.format(body='''
        n_train, n_val = int(len(series) * train_fraction), int(len(series) * val_fraction)
        train, val, test = series[:n_train], series[n_train:n_train + n_val], series[n_train + n_val:]
        scaler = MinMaxScaler().fit(train.reshape(-1, 1))
        return (scaler.transform(train.reshape(-1, 1)), scaler.transform(val.reshape(-1, 1)),
                scaler.transform(test.reshape(-1, 1)), scaler)
    '''), ("1-D", "ravel")),

    # --- metrics -----------------------------------------------------------------------------------
    Mistake("metrics", "RMSE without the square root", _metrics(rmse='''
        def rmse(y_true, y_pred):
            return float(np.mean((y_true - y_pred) ** 2))
    '''), ("that is the MSE", "square root")),
    Mistake("metrics", "MAE without the absolute value", _metrics(mae='''
        def mae(y_true, y_pred):
            return float(np.mean(y_true - y_pred))
    '''), ("absolute value",)),
    Mistake("metrics", "mean per forecast step (axis=0), not over every value", _metrics(mae='''
        def mae(y_true, y_pred):
            return np.mean(np.abs(y_true - y_pred), axis=0)
    '''), ("axis", "every value")),

    # --- baselines ---------------------------------------------------------------------------------
    Mistake("baselines", "naive forecast from the first value of the window", _baselines(naive='''
        def naive_forecast(x, horizon=1):
            return np.repeat(x[:, 0, :], horizon, axis=1)
    '''), ("first value of each window",)),
    Mistake("baselines", "seasonal lag counted from the window's start", _baselines(seasonal='''
        def seasonal_naive_forecast(x, season, horizon=1):
            return x[:, [k % season for k in range(horizon)], 0]
    '''), ("one season", "window - season")),
    Mistake("baselines", "seasonal forecast without the modulo (runs off the window)", _baselines(seasonal='''
        def seasonal_naive_forecast(x, season, horizon=1):
            window = x.shape[1]
            return x[:, [window - season + k for k in range(horizon)], 0]
    '''), ("k % season",)),
    Mistake("baselines", "naive MAE divided by the number of values", _baselines(naive_mae='''
        def naive_mae(series):
            return float(np.sum(np.abs(np.diff(series))) / len(series))
    '''), ("only 3 forecasts",)),

    # --- build_lstm --------------------------------------------------------------------------------
    Mistake("build_lstm", "no return_sequences on the first LSTM", '''
        import keras
        def build_lstm(window, n_features, horizon=1, units=(50, 50), dropout=0.2):
            model = keras.Sequential([keras.Input(shape=(window, n_features))])
            for n in units:
                model.add(keras.layers.LSTM(n))
                model.add(keras.layers.Dropout(dropout))
            model.add(keras.layers.Dense(horizon))
            model.compile(optimizer="adam", loss="mse")
            return model
    ''', ("return_sequences=True",)),
    Mistake("build_lstm", "ReLU inside the LSTMs (a tutorial habit)", _lstm(lstm=', activation="relu"'),
            ("tanh", "relu")),
    Mistake("build_lstm", "compiled with the MAE loss", _lstm(loss="mae"), ("loss", "'mse'")),
    Mistake("build_lstm", "Dense(1) whatever the horizon", _lstm(head="1"), ("horizon",)),

    # --- train_forecaster --------------------------------------------------------------------------
    Mistake("train_forecaster", "too little training to beat the naive forecast", '''
        import keras
        def train_forecaster(x_train, y_train, x_val, y_val):
            model = keras.Sequential([keras.Input(x_train.shape[1:]), keras.layers.LSTM(4), keras.layers.Dense(1)])
            model.compile(optimizer="adam", loss="mse")
            history = model.fit(x_train, y_train, validation_data=(x_val, y_val), epochs=2, verbose=0)
            return model, history
    ''', ("clearly better",)),
    Mistake("train_forecaster", "validated on the training windows",
            _TRAIN.format(fit="x_train, y_train, validation_data=(x_train, y_train)"),
            ("validation_data", "training windows")),
    Mistake("train_forecaster", "validation_split instead of the validation windows",
            _TRAIN.format(fit="x_train, y_train, validation_split=0.2"),
            ("validation_split", "x_val")),

    # --- recursive_forecast ------------------------------------------------------------------------
    Mistake("recursive_forecast", "forecasts not fed back", '''
        import numpy as np
        def recursive_forecast(model, last_window, steps):
            window = np.asarray(last_window, dtype="float32")
            value = float(np.asarray(model(window[None, :, None]))[0, 0])
            return np.full(steps, value)
    ''', ("not fed back",)),
    Mistake("recursive_forecast", "no feature axis on the model's input", '''
        import numpy as np
        def recursive_forecast(model, last_window, steps):
            current = np.array(last_window, dtype="float32")
            out = []
            for _ in range(steps):
                p = float(model.predict(current[np.newaxis, :], verbose=0)[0, 0])
                out.append(p)
                current = np.append(current[1:], p)
            return np.array(out)
    ''', ("feature axis", "(1, window, 1)")),
    Mistake("recursive_forecast", "the window grows: the oldest value is never dropped", '''
        import numpy as np
        def recursive_forecast(model, last_window, steps):
            current = np.array(last_window, dtype="float32")
            out = []
            for _ in range(steps):
                p = float(np.asarray(model(current[None, :, None]))[0, 0])
                out.append(p)
                current = np.append(current, p)
            return np.array(out)
    ''', ("drop the oldest",)),
    Mistake("recursive_forecast", "the caller's window rolled in place", '''
        import numpy as np
        def recursive_forecast(model, last_window, steps):
            out = []
            for _ in range(steps):
                p = float(np.asarray(model(last_window[None, :, None]))[0, 0])
                out.append(p)
                last_window[:-1] = last_window[1:]
                last_window[-1] = p
            return np.array(out)
    ''', ("changed", "last_window", "copy")),

    # --- inverse_scale -----------------------------------------------------------------------------
    Mistake("inverse_scale", "always column 0 (Open's statistics)", '''
        import numpy as np
        def inverse_scale(scaler, predictions, column=0):
            flat = np.asarray(predictions, dtype=float).reshape(-1)
            full = np.zeros((flat.size, scaler.n_features_in_))
            full[:, 0] = flat
            return scaler.inverse_transform(full)[:, 0].reshape(np.shape(predictions))
    ''', ("Open's statistics",)),
    Mistake("inverse_scale", "scaler refitted on the predictions", '''
        import numpy as np
        def inverse_scale(scaler, predictions, column=0):
            flat = np.asarray(predictions, dtype=float).reshape(-1)
            full = np.zeros((flat.size, scaler.n_features_in_))
            full[:, column] = flat
            scaler.fit(full)
            return scaler.inverse_transform(full)[:, column].reshape(np.shape(predictions))
    ''', ("refitted", "inverse_transform")),
    Mistake("inverse_scale", "returned flat, not in the predictions' shape", '''
        import numpy as np
        def inverse_scale(scaler, predictions, column=0):
            flat = np.asarray(predictions, dtype=float).reshape(-1)
            full = np.zeros((flat.size, scaler.n_features_in_))
            full[:, column] = flat
            return scaler.inverse_transform(full)[:, column]
    ''', ("same shape as predictions",)),
    Mistake("inverse_scale", "the min-max formula by hand (only a MinMaxScaler has data_min_)", '''
        import numpy as np
        def inverse_scale(scaler, predictions, column=0):
            predictions = np.asarray(predictions, dtype=float)
            return predictions * scaler.data_range_[column] + scaler.data_min_[column]
    ''', ("StandardScaler", "inverse_transform")),
]

ROUNDS = mistake_rounds(LEARNER_MISTAKES)


@pytest.mark.parametrize("round_", ROUNDS, ids=round_ids(ROUNDS))
def test_learner_mistakes(tmp_path, course, round_):
    grade_mistake_round(tmp_path, course, "ch7", round_)
