"""kerascourse.timeseries: windows, splits, scaling, baselines, metrics, models, forecasting."""

import doctest
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from hypothesis.extra import numpy as hnp

from kerascourse import timeseries as ts
from kerascourse.timeseries import (SeriesScaler, build_lstm, chronological_split, forecast, mae, make_windows,
                                    mape, naive_forecast, rmse, seasonal_naive_forecast)


# --------------------------------------------------------------------------- make_windows

def _keras_windows(data, window, horizon, stride):
    """keras.utils.timeseries_dataset_from_array's sequences of window + horizon steps, cut in two."""
    import keras

    sequences = keras.utils.timeseries_dataset_from_array(
        data, None, sequence_length=window + horizon, sequence_stride=stride, batch_size=10_000)
    full = np.concatenate([batch.numpy() for batch in sequences])
    return full[:, :window], full[:, window:]


@settings(max_examples=25, deadline=None)
@given(n=st.integers(2, 60), window=st.integers(1, 20), horizon=st.integers(1, 6), stride=st.integers(1, 5),
       features=st.integers(1, 3), data=st.data())
def test_make_windows_equals_keras(n, window, horizon, stride, features, data):
    if n < window + horizon or stride >= n:
        return   # Keras refuses a stride as long as the data (ours: see test_no_look_ahead)
    series = data.draw(hnp.arrays(np.float32, (n, features), elements=st.floats(-100, 100, width=32)))
    x, y = make_windows(series, window, horizon, stride=stride)
    kx, ky = _keras_windows(series, window, horizon, stride)
    assert x.shape == kx.shape == ((n - window - horizon) // stride + 1, window, features)
    np.testing.assert_array_equal(x, kx)
    expected_y = ky[:, :, 0] if features == 1 else ky
    np.testing.assert_array_equal(y, expected_y)


def test_make_windows_one_step_target_equals_keras_targets_argument():
    """The Keras docs' recipe for one-step targets: data[:-1] as inputs, data[window:] as targets."""
    import keras

    series = np.arange(50, dtype=np.float32) ** 1.5
    window = 7
    ds = keras.utils.timeseries_dataset_from_array(series[:-1], series[window:], sequence_length=window,
                                                   batch_size=100)
    kx, ky = next(iter(ds))
    x, y = make_windows(series, window)
    np.testing.assert_array_equal(x[:, :, 0], kx.numpy())
    np.testing.assert_array_equal(y[:, 0], ky.numpy())


@settings(max_examples=40, deadline=None)
@given(n=st.integers(2, 80), window=st.integers(1, 30), horizon=st.integers(1, 8), stride=st.integers(1, 4))
def test_no_look_ahead(n, window, horizon, stride):
    """Using time indices as values: every input step precedes every target step, with no gap."""
    if n < window + horizon:
        with pytest.raises(ValueError, match="needs at least"):
            make_windows(np.arange(n), window, horizon, stride=stride)
        return
    x, y = make_windows(np.arange(n), window, horizon, stride=stride)
    assert len(x) == len(y) == (n - window - horizon) // stride + 1
    starts = np.arange(len(x)) * stride
    np.testing.assert_array_equal(x[:, :, 0], starts[:, None] + np.arange(window))
    np.testing.assert_array_equal(y, starts[:, None] + window + np.arange(horizon))
    assert (x[:, :, 0].max(axis=1) < y.min(axis=1)).all()
    # The last window uses the last possible target: nothing usable is dropped.
    assert y[-1, -1] > n - 1 - stride


def test_make_windows_shape_contract():
    series = np.random.default_rng(0).normal(size=(200, 3))
    x, y = make_windows(series, window=60, horizon=5)
    assert x.shape == (200 - 60 - 5 + 1, 60, 3)
    assert y.shape == (136, 5, 3)


def test_make_windows_is_a_read_only_view():
    series = np.random.default_rng(0).normal(size=(10_000, 2))
    x, y = make_windows(series, window=60, horizon=3, target_columns=1)
    assert np.shares_memory(x, series) and np.shares_memory(y, series)
    assert not x.flags.writeable
    with pytest.raises(ValueError):
        x[0, 0, 0] = 1.0


def test_target_columns():
    series = np.arange(30.0).reshape(10, 3)            # column c holds 3*t + c
    x, y = make_windows(series, window=4, horizon=2, target_columns=2)
    assert x.shape == (5, 4, 3) and y.shape == (5, 2)
    np.testing.assert_array_equal(y[0], [3 * 4 + 2, 3 * 5 + 2])
    _, y = make_windows(series, window=4, horizon=2, target_columns=[2, 0])
    assert y.shape == (5, 2, 2)
    np.testing.assert_array_equal(y[0, 0], [14, 12])
    _, y = make_windows(series, window=4, target_columns=-1)
    np.testing.assert_array_equal(y[:, 0], series[4:, 2])
    _, y = make_windows(series[:, :1], window=4)       # one column: y loses its feature axis
    assert y.shape == (6, 1)


@pytest.mark.parametrize("kwargs, message", [
    (dict(series=np.arange(5), window=5), "5 time steps, but a window of 5 plus a horizon of 1 needs at least 6"),
    (dict(series=np.arange(5), window=0), "window must be a positive integer"),
    (dict(series=np.arange(5), window=2.5), "window must be a positive integer"),
    (dict(series=np.arange(5), window=2, horizon=0), "horizon must be a positive integer"),
    (dict(series=np.arange(5), window=2, stride=-1), "stride must be a positive integer"),
    (dict(series=np.zeros((4, 2, 2)), window=2), "1-D .* or 2-D"),
    (dict(series=np.array([1.0, np.nan, 2, 3]), window=2), "NaN .* time step 1"),
    (dict(series=np.array(["a", "b", "c"]), window=1), "must hold numbers"),
    (dict(series=np.zeros((9, 2)), window=2, target_columns=2), "target column 2 does not exist"),
    (dict(series=np.zeros((9, 2)), window=2, target_columns=[]), "target_columns is empty"),
])
def test_make_windows_errors(kwargs, message):
    with pytest.raises(ValueError, match=message):
        make_windows(**kwargs)


# --------------------------------------------------------------------------- chronological_split

@settings(max_examples=40, deadline=None)
@given(n=st.integers(3, 200), train=st.floats(0.1, 0.8), val=st.floats(0.0, 0.19))
def test_split_is_chronological_and_complete(n, train, val):
    series = np.arange(n)
    n_train, n_val = int(n * train), int(n * val)
    if n_train == 0 or n_train + n_val >= n:
        with pytest.raises(ValueError):
            chronological_split(series, train, val)
        return
    a, b, c = chronological_split(series, train, val)
    assert (len(a), len(b)) == (n_train, n_val)
    np.testing.assert_array_equal(np.concatenate([a, b, c]), series)   # in order, nothing lost or shuffled


def test_split_context_and_counts():
    series = np.arange(100)
    train, val, test = chronological_split(series, train=60, val=20, context=10)
    assert (train[-1], val[0], val[-1], test[0], test[-1]) == (59, 50, 79, 70, 99)
    # With context = window, targets of the later periods are exactly that period.
    _, y_val = make_windows(val, window=10)
    np.testing.assert_array_equal(y_val[:, 0], np.arange(60, 80))
    assert np.shares_memory(train, series)


@pytest.mark.parametrize("kwargs, message", [
    (dict(train=0.0), "training period is empty"),
    (dict(train=0.9, val=0.1), "leave no test period"),
    (dict(train=1.5), "fraction in"),
    (dict(train=True), "fraction in"),
    (dict(val=-1), "must not be negative"),
    (dict(train=5, context=6), "longer than the training period"),
    (dict(context=-1), "non-negative integer"),
])
def test_split_errors(kwargs, message):
    with pytest.raises(ValueError, match=message):
        chronological_split(np.arange(20), **kwargs)


# --------------------------------------------------------------------------- SeriesScaler

@settings(max_examples=30, deadline=None)
@given(kind=st.sampled_from(["minmax", "standard"]), n=st.integers(2, 30), features=st.integers(1, 3),
       data=st.data())
def test_scaler_matches_scikit_learn_fitted_on_train(kind, n, features, data):
    from sklearn.preprocessing import MinMaxScaler, StandardScaler

    elements = st.floats(-1e3, 1e3).map(lambda v: round(v, 3))   # ranges no narrower than 1e-3
    train = data.draw(hnp.arrays(np.float64, (n, features), elements=elements))
    test = data.draw(hnp.arrays(np.float64, (5, features), elements=elements))
    ours = SeriesScaler(kind).fit(train)
    ref = (MinMaxScaler() if kind == "minmax" else StandardScaler()).fit(train)
    np.testing.assert_allclose(ours.transform(test), ref.transform(test), rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(ours.inverse_transform(ours.transform(test)), test, rtol=1e-7, atol=1e-7)
    # One column alone (a forecast of that feature), in any shape, is inverted with that column's numbers.
    c = features - 1
    forecast_of_c = ref.transform(test)[:, c].reshape(-1, 1).repeat(3, axis=1)
    np.testing.assert_allclose(ours.inverse_transform(forecast_of_c, column=c),
                               test[:, c:c + 1].repeat(3, axis=1), rtol=1e-7, atol=1e-6)


def test_scaler_on_series_and_windows():
    series = np.linspace(0, 20, 21)
    train, _, test = chronological_split(series, train=0.5, val=0.0)
    scaler = SeriesScaler().fit(train)
    assert scaler.transform(train).min() == 0 and scaler.transform(train).max() == 1
    assert scaler.transform(test).max() == pytest.approx(20 / 9)   # beyond [0, 1]: the future is not squeezed in
    x, y = make_windows(scaler.transform(series), window=3, horizon=2)
    np.testing.assert_allclose(scaler.inverse_transform(y), make_windows(series, 3, 2)[1])
    np.testing.assert_allclose(scaler.inverse_transform(x), make_windows(series, 3, 2)[0])


def test_scaler_errors():
    with pytest.raises(ValueError, match="not fitted"):
        SeriesScaler().transform([1.0])
    with pytest.raises(ValueError, match="kind must be"):
        SeriesScaler("robust")
    scaler = SeriesScaler().fit(np.zeros((5, 3)) + np.arange(3))
    with pytest.raises(ValueError, match="pass column="):
        scaler.inverse_transform(np.zeros((4, 2)))
    with pytest.raises(ValueError, match="column 3 does not exist"):
        scaler.inverse_transform(np.zeros(4), column=3)
    with pytest.raises(ValueError, match=r"\(time,\) or \(time, features\)"):
        SeriesScaler().fit(np.zeros((2, 2, 2)))
    # A constant column maps to 0 and back, never to NaN.
    np.testing.assert_array_equal(scaler.inverse_transform(scaler.transform(np.arange(3.0)[None])), [[0, 1, 2]])


# --------------------------------------------------------------------------- baselines

@settings(max_examples=30, deadline=None)
@given(n=st.integers(4, 60), window=st.integers(1, 10), horizon=st.integers(1, 5), data=st.data())
def test_naive_is_last_value(n, window, horizon, data):
    if n < window + horizon:
        return
    series = data.draw(hnp.arrays(np.float64, n, elements=st.floats(-10, 10)))
    x, y = make_windows(series, window, horizon)
    pred = naive_forecast(x, horizon)
    assert pred.shape == y.shape
    np.testing.assert_array_equal(pred, np.repeat(series[window - 1: n - horizon, None], horizon, axis=1))


def test_seasonal_naive_is_exact_on_a_periodic_series():
    series = np.tile([3.0, 1.0, 4.0, 1.0, 5.0], 10)
    x, y = make_windows(series, window=7, horizon=8)
    assert mae(y, seasonal_naive_forecast(x, season=5, horizon=8)) == 0.0
    assert mae(y, naive_forecast(x, horizon=8)) > 1.0


def test_baselines_follow_target_columns():
    series = np.stack([np.arange(20.0), -np.arange(20.0)], axis=1)
    x, y = make_windows(series, window=4, horizon=3, target_columns=1)
    pred = naive_forecast(x, horizon=3, target_columns=1)
    assert pred.shape == y.shape == (14, 3)
    np.testing.assert_array_equal(pred[:, 0], -np.arange(3.0, 17.0))
    assert seasonal_naive_forecast(x, 2, 3, target_columns=[0, 1]).shape == (14, 3, 2)
    with pytest.raises(ValueError, match="longer than the window"):
        seasonal_naive_forecast(x, season=5)
    with pytest.raises(ValueError, match=r"\(n, window, features\)"):
        naive_forecast(np.zeros(5))


# --------------------------------------------------------------------------- metrics

@settings(max_examples=30, deadline=None)
@given(data=st.data(), shape=st.sampled_from([(7,), (5, 3), (2, 4, 2)]))
def test_metrics_match_keras_and_scikit_learn(data, shape):
    import keras
    from sklearn.metrics import mean_absolute_error, mean_absolute_percentage_error, mean_squared_error

    values = st.floats(0.5, 100) | st.floats(-100, -0.5)
    t = data.draw(hnp.arrays(np.float64, shape, elements=values))
    p = data.draw(hnp.arrays(np.float64, shape, elements=st.floats(-100, 100)))
    flat_t, flat_p = t.reshape(-1, 1), p.reshape(-1, 1)
    assert mae(t, p) == pytest.approx(mean_absolute_error(flat_t, flat_p))
    assert rmse(t, p) == pytest.approx(np.sqrt(mean_squared_error(flat_t, flat_p)))
    assert mape(t, p) == pytest.approx(100 * mean_absolute_percentage_error(flat_t, flat_p))
    k = keras.metrics.MeanAbsolutePercentageError()
    k.update_state(t.reshape(-1).astype("float32"), p.reshape(-1).astype("float32"))
    assert mape(t, p) == pytest.approx(float(k.result()), rel=1e-4)
    k = keras.metrics.RootMeanSquaredError()
    k.update_state(t.astype("float32"), p.astype("float32"))
    assert rmse(t, p) == pytest.approx(float(k.result()), rel=1e-4)


def test_metric_guards():
    with pytest.raises(ValueError, match=r"shape \(3,\) but y_pred has shape \(3, 1\)"):
        mae(np.zeros(3), np.zeros((3, 1)))
    with pytest.raises(ValueError, match="undefined where y_true is 0 \\(1 of 2"):
        mape([0.0, 2.0], [1.0, 1.0])
    assert mape([0.0, 2.0], [1.0, 1.0], ignore_zeros=True) == 50.0
    with pytest.raises(ValueError, match="every value of y_true is 0"):
        mape([0.0, 0.0], [1.0, 1.0], ignore_zeros=True)
    with pytest.raises(ValueError, match="empty"):
        rmse([], [])
    with pytest.raises(ValueError, match="NaN"):
        mae([1.0, np.nan], [1.0, 1.0])


# --------------------------------------------------------------------------- build_lstm and forecast

def test_build_lstm_layers_and_parameters():
    import keras

    model = build_lstm(window=60, n_features=2, horizon=5)
    kinds = [type(layer) for layer in model.layers]
    assert kinds == [keras.layers.LSTM, keras.layers.Dropout, keras.layers.LSTM, keras.layers.Dropout,
                     keras.layers.Dense]
    assert model.input_shape == (None, 60, 2) and model.output_shape == (None, 5)
    assert [layer.return_sequences for layer in model.layers[::2][:2]] == [True, False]
    assert model.layers[1].rate == 0.2 and model.layers[4].activation is keras.activations.linear
    lstm = lambda f, u: 4 * (f * u + u * u + u)                      # noqa: E731
    assert model.count_params() == lstm(2, 50) + lstm(50, 50) + 50 * 5 + 5
    assert model.loss == "mse" and model.optimizer is not None


def test_build_lstm_variants_and_errors():
    import keras

    model = build_lstm(10, 1, horizon=3, units=8, dropout=0.0, n_targets=2, compile=False)
    assert [type(layer) for layer in model.layers] == [keras.layers.LSTM, keras.layers.Dense, keras.layers.Reshape]
    assert model.output_shape == (None, 3, 2) and getattr(model, "optimizer", None) is None
    with pytest.raises(ValueError, match="units is empty"):
        build_lstm(10, 1, units=())
    with pytest.raises(ValueError, match="dropout must be a rate"):
        build_lstm(10, 1, dropout=1.0)
    with pytest.raises(ValueError, match="window must be a positive integer"):
        build_lstm(0, 1)


def test_recursive_forecast_feeds_predictions_back():
    fibonacci = lambda w: w[:, -1, 0] + w[:, -2, 0]                  # noqa: E731
    out = forecast(fibonacci, np.array([[[1.0], [1.0]], [[0.0], [2.0]]]), steps=5, method="recursive")
    np.testing.assert_array_equal(out, [[2, 3, 5, 8, 13], [2, 4, 6, 10, 16]])


def test_forecast_with_keras_models():
    import keras

    # A linear model with known weights: next = mean of the window.
    model = keras.Sequential([keras.Input((4, 1)), keras.layers.Flatten(), keras.layers.Dense(1)])
    model.set_weights([np.full((4, 1), 0.25), np.zeros(1)])
    x = np.array([[[1.0], [2.0], [3.0], [4.0]]])
    out = forecast(model, x, steps=3, method="recursive")
    expected, window = [], [1.0, 2.0, 3.0, 4.0]
    for _ in range(3):
        expected.append(np.mean(window))
        window = window[1:] + [expected[-1]]
    np.testing.assert_allclose(out, [expected], rtol=1e-6)
    np.testing.assert_allclose(forecast(model, x), [[2.5]], rtol=1e-6)
    with pytest.raises(ValueError, match="method='recursive'"):
        forecast(model, x, steps=3)
    with pytest.raises(ValueError, match="needs steps="):
        forecast(model, x, method="recursive")
    two_features = keras.Sequential([keras.Input((4, 2)), keras.layers.Flatten(), keras.layers.Dense(1)])
    with pytest.raises(ValueError, match="must forecast all 2 input feature"):
        forecast(two_features, np.zeros((1, 4, 2)), steps=2, method="recursive")


def test_trained_lstm_beats_the_naive_baseline_on_the_shipped_series():
    """A few seconds of training on the offline seasonal series clearly beats 'next = last'."""
    import keras

    from kerascourse.datasets import seasonal_series

    window = 24
    train, _, test = chronological_split(seasonal_series(600), train=0.7, val=0.15, context=window)
    scaler = SeriesScaler().fit(train)
    x_train, y_train = make_windows(scaler.transform(train), window)
    x_test, y_test = make_windows(scaler.transform(test), window)
    keras.utils.set_random_seed(0)
    model = build_lstm(window, 1, units=(16,), dropout=0.0, learning_rate=0.01)
    model.fit(x_train, y_train, epochs=10, batch_size=32, verbose=0)
    truth = scaler.inverse_transform(y_test)
    lstm_error = mae(truth, scaler.inverse_transform(forecast(model, x_test)))
    naive_error = mae(truth, scaler.inverse_transform(naive_forecast(x_test)))
    assert lstm_error < 0.85 * naive_error, (lstm_error, naive_error)


# --------------------------------------------------------------------------- CSV loader

CSV = """Date,Open,High,Low,Close,Volume
2024-01-05,10,11,9,10.5,100
2024-01-02,9,10,8,9.5,120
2024-01-03,9.5,10,9,9.8,90
2024-01-11,11,12,10,,80
2024-01-10,10.5,11,10,11.2,70
"""


def test_load_price_csv_sorts_and_reports(tmp_path):
    path = tmp_path / "prices.csv"
    path.write_text(CSV)
    data = ts.load_price_csv(path, column="close")
    assert data.column == "Close" and not data.was_sorted and data.freq == "B"
    assert list(data.dates.strftime("%m-%d")) == ["01-02", "01-03", "01-05", "01-10", "01-11"]
    np.testing.assert_array_equal(data.series[:4], [9.5, 9.8, 10.5, 11.2])
    assert np.isnan(data.series[4]) and data.missing_values == 1
    # Business days: 4 Jan is missing (one day), then 8 and 9 Jan (two days). Weekends are not gaps.
    assert data.gaps["missing"].tolist() == [1, 2]
    assert data.gaps["start"].dt.strftime("%m-%d").tolist() == ["01-04", "01-08"]
    report = data.report()
    assert "2 gap(s), 3 missing date(s)" in report and "not in date order" in report and "1 empty value" in report
    assert ts.load_price_csv(path, column="Volume").series.tolist() == [120, 90, 100, 70, 80]


def test_load_price_csv_daily_data_and_errors(tmp_path):
    daily = tmp_path / "daily.csv"
    daily.write_text("date,value\n2024-01-06,1\n2024-01-07,2\n2024-01-10,3\n")   # includes a weekend
    data = ts.load_price_csv(daily, column="value")
    assert data.freq == "1D" and data.gaps["missing"].tolist() == [2]
    with pytest.raises(ValueError, match=r"no value column 'Close'; its columns are \['date', 'value'\]"):
        ts.load_price_csv(daily)
    repeated = tmp_path / "repeated.csv"
    repeated.write_text("Date,Close\n2024-01-02,1\n2024-01-02,2\n")
    with pytest.raises(ValueError, match="repeated date"):
        ts.load_price_csv(repeated)
    text = tmp_path / "text.csv"
    text.write_text('Date,Close\n2024-01-02,"1,000"\n2024-01-03,"1,001"\n')
    with pytest.raises(ValueError, match="not numeric"):
        ts.load_price_csv(text)
    bad_dates = tmp_path / "bad.csv"
    bad_dates.write_text("Date,Close\nyesterday,1\n")
    with pytest.raises(ValueError, match="could not parse the dates"):
        ts.load_price_csv(bad_dates)
    from kerascourse.datasets import DatasetNotFoundError
    with pytest.raises(DatasetNotFoundError, match="load_prices"):
        ts.load_price_csv(tmp_path / "absent.csv")


# --------------------------------------------------------------------------- docs

@pytest.mark.parametrize("module", ["_windows", "_scaling", "_baselines", "_metrics", "_models", "_io"])
def test_docstring_examples(module):
    import importlib

    mod = importlib.import_module(f"kerascourse.timeseries.{module}")
    result = doctest.testmod(mod, extraglobs={"np": np}, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0


def test_import_does_not_load_tensorflow():
    import subprocess
    import sys

    code = "import sys, kerascourse.timeseries, kerascourse.datasets; print('tensorflow' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
