"""Plausible wrong answers to chapter 7 fail, with a message that names the mistake.

Each workspace holds the reference solutions with some files replaced by a wrong
answer; a workspace holds one mistake per exercise, so the three make_windows
mistakes need three workspaces (graded for the replaced exercises only).
"""

import pytest

pytestmark = pytest.mark.slow   # spawns grading processes that import TensorFlow

WINDOW_OWN_TARGET = '''
    import numpy as np
    def make_windows(series, window, horizon=1):
        # the window slides one step too far: its last value is its own first target
        n = len(series) - window - horizon + 1
        x = np.stack([series[i + 1: i + 1 + window] for i in range(n)])
        y = np.stack([series[i + window: i + window + horizon] for i in range(n)])
        return x[:, :, None], y
'''

WINDOW_OFF_BY_ONE = '''
    import numpy as np
    def make_windows(series, window, horizon=1):
        # the targets start one step late: step i + window is never forecast
        n = len(series) - window - horizon
        x = np.stack([series[i: i + window] for i in range(n)])
        y = np.stack([series[i + window + 1: i + window + 1 + horizon] for i in range(n)])
        return x[:, :, None], y
'''

WINDOW_LOOK_AHEAD = '''
    import numpy as np
    def make_windows(series, window, horizon=1):
        # a "centred" window: the target sits in the middle, the window sees the future after it
        n = len(series) - window - horizon + 1
        x = np.stack([series[i: i + window] for i in range(n)])
        y = np.stack([series[i + window // 2: i + window // 2 + horizon] for i in range(n)])
        return x[:, :, None], y
'''

SCALER_ON_ALL_DATA = '''
    import numpy as np
    from sklearn.preprocessing import MinMaxScaler
    def split_and_scale(series, train_fraction=0.7, val_fraction=0.15):
        series = np.asarray(series, dtype=float)
        scaler = MinMaxScaler().fit(series.reshape(-1, 1))          # sees the test period too
        scaled = scaler.transform(series.reshape(-1, 1)).ravel()
        n_train, n_val = int(len(series) * train_fraction), int(len(series) * val_fraction)
        return scaled[:n_train], scaled[n_train:n_train + n_val], scaled[n_train + n_val:], scaler
'''

SHUFFLED_SPLIT = '''
    import numpy as np
    from sklearn.preprocessing import MinMaxScaler
    def split_and_scale(series, train_fraction=0.7, val_fraction=0.15):
        series = np.random.default_rng(0).permutation(np.asarray(series, dtype=float))
        n_train, n_val = int(len(series) * train_fraction), int(len(series) * val_fraction)
        train, val, test = series[:n_train], series[n_train:n_train + n_val], series[n_train + n_val:]
        scaler = MinMaxScaler().fit(train.reshape(-1, 1))
        f = lambda p: scaler.transform(p.reshape(-1, 1)).ravel()
        return f(train), f(val), f(test), scaler
'''

MAIN = {
    "rnn_step": '''
        import numpy as np
        def rnn_step(x_t, h_prev, W, U, b):
            return np.tanh(x_t @ W + h_prev @ U.T + b)
    ''',
    "simple_rnn": '''
        import numpy as np
        def simple_rnn(inputs, W, U, b, h0=None, return_sequences=False):
            h0 = np.zeros((inputs.shape[0], U.shape[0])) if h0 is None else h0
            states = [np.tanh(inputs[:, t] @ W + h0 @ U + b) for t in range(inputs.shape[1])]
            return np.stack(states, axis=1) if return_sequences else states[-1]
    ''',
    "make_windows": WINDOW_OWN_TARGET,
    "split_and_scale": SCALER_ON_ALL_DATA,
    "metrics": '''
        import numpy as np
        def mae(y_true, y_pred):
            return float(np.mean(np.abs(y_true - y_pred)))
        def rmse(y_true, y_pred):
            return float(np.mean((y_true - y_pred) ** 2))
    ''',
    "baselines": '''
        import numpy as np
        def naive_forecast(x, horizon=1):
            return np.repeat(x[:, 0, :], horizon, axis=1)
        def seasonal_naive_forecast(x, season, horizon=1):
            return x[:, [x.shape[1] - season + k % season for k in range(horizon)], 0]
        def naive_mae(series):
            return float(np.mean(np.abs(np.diff(series))))
    ''',
    "build_lstm": '''
        import keras
        def build_lstm(window, n_features, horizon=1, units=(50, 50), dropout=0.2):
            model = keras.Sequential([keras.Input(shape=(window, n_features))])
            for n in units:
                model.add(keras.layers.LSTM(n))
                model.add(keras.layers.Dropout(dropout))
            model.add(keras.layers.Dense(horizon))
            model.compile(optimizer="adam", loss="mse")
            return model
    ''',
    "train_forecaster": '''
        import keras
        def train_forecaster(x_train, y_train, x_val, y_val):
            model = keras.Sequential([keras.Input(x_train.shape[1:]), keras.layers.LSTM(4), keras.layers.Dense(1)])
            model.compile(optimizer="adam", loss="mse")
            history = model.fit(x_train, y_train, validation_data=(x_val, y_val), epochs=2, verbose=0)
            return model, history
    ''',
    "recursive_forecast": '''
        import numpy as np
        def recursive_forecast(model, last_window, steps):
            window = np.asarray(last_window, dtype="float32")
            value = float(np.asarray(model(window[None, :, None]))[0, 0])
            return np.full(steps, value)
    ''',
    "inverse_scale": '''
        import numpy as np
        def inverse_scale(scaler, predictions, column=0):
            flat = np.asarray(predictions, dtype=float).reshape(-1)
            full = np.zeros((flat.size, scaler.n_features_in_))
            full[:, 0] = flat
            return scaler.inverse_transform(full)[:, 0].reshape(np.shape(predictions))
    ''',
}

EXPECTED = {
    "rnn_step": "transposed",
    "simple_rnn": "not carried",
    "make_windows": "includes its own target",
    "split_and_scale": "fitted on the whole series",
    "metrics": "that is the MSE",
    "baselines": "first value of each window",
    "build_lstm": "return_sequences=True",
    "train_forecaster": "clearly better",
    "recursive_forecast": "not fed back",
    "inverse_scale": "Open's statistics",
}


@pytest.fixture(scope="module")
def graded_main(course, tmp_path_factory):
    return _grade(course, tmp_path_factory, MAIN, list(MAIN))


def _grade(course, tmp_path_factory, replacements, exercises):
    import shutil
    import textwrap

    from grader.runner import GradeOptions, grade_chapter
    from grader.workspace import init_workspace

    chapter = course.chapter("ch7")
    ws = tmp_path_factory.mktemp("ch7-mistakes")
    init_workspace(ws, course, chapters=[chapter])
    target = ws / chapter.relative_dir
    for ex in chapter.exercises:
        shutil.copyfile(ex.solution_path, target / ex.filename)
    for name, source in replacements.items():
        (target / f"{name}.py").write_text(textwrap.dedent(source), encoding="utf-8")
    result = grade_chapter(chapter, GradeOptions(workspace=ws, device="cpu", exercises=exercises))
    return {ex.name: ex for ex in result.exercises}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_mistake_is_named(graded_main, name):
    ex = graded_main[name]
    assert ex.status == "failed", (ex.status, ex.message)
    assert EXPECTED[name] in ex.message, ex.message


@pytest.fixture(scope="module")
def graded_more(course, tmp_path_factory):
    """The other two window mistakes (one workspace each), the shuffled split alongside the first."""
    first = _grade(course, tmp_path_factory, {"make_windows": WINDOW_OFF_BY_ONE, "split_and_scale": SHUFFLED_SPLIT},
                   ["make_windows", "split_and_scale"])
    second = _grade(course, tmp_path_factory, {"make_windows": WINDOW_LOOK_AHEAD}, ["make_windows"])
    return {"off_by_one_horizon": first["make_windows"], "shuffled_split": first["split_and_scale"],
            "look_ahead": second["make_windows"]}


@pytest.mark.parametrize("mistake, phrase", [
    ("off_by_one_horizon", "off-by-one horizon"),
    ("look_ahead", "look-ahead"),
    ("shuffled_split", "never shuffled"),
])
def test_more_mistakes(graded_more, mistake, phrase):
    ex = graded_more[mistake]
    assert ex.status == "failed", (ex.status, ex.message)
    assert phrase in ex.message, ex.message
