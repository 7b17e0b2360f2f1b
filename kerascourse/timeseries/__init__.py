"""Time-series forecasting done right: windows without look-ahead, honest splits and baselines.

The classic LSTM tutorial scales a price series, cuts it into windows of 60
steps, stacks LSTM layers with dropout, forecasts and inverse-scales. Its usual
mistakes are all about time: a scaler that has seen the test period, windows
that leak their own target, and no comparison with the naive "tomorrow equals
today" forecast. These helpers make the right way the easy way::

    from kerascourse.datasets import seasonal_series
    from kerascourse.timeseries import (SeriesScaler, build_lstm, chronological_split,
                                        mae, make_windows, naive_forecast)

    series = seasonal_series(1200)
    train, val, test = chronological_split(series, train=0.7, val=0.15, context=60)
    scaler = SeriesScaler().fit(train)                 # the training period only
    x_train, y_train = make_windows(scaler.transform(train), window=60)
    x_test, y_test = make_windows(scaler.transform(test), window=60)
    model = build_lstm(window=60, n_features=1)
    model.fit(x_train, y_train, epochs=10, verbose=0)
    pred = scaler.inverse_transform(model.predict(x_test, verbose=0))
    truth = scaler.inverse_transform(y_test)
    print(mae(truth, pred), "vs naive", mae(truth, scaler.inverse_transform(naive_forecast(x_test))))

Importing this module does not import TensorFlow; :func:`build_lstm` does.
"""

from kerascourse.timeseries._baselines import naive_forecast, seasonal_naive_forecast
from kerascourse.timeseries._io import PriceData, find_gaps, load_price_csv
from kerascourse.timeseries._metrics import mae, mape, rmse
from kerascourse.timeseries._models import build_lstm, forecast
from kerascourse.timeseries._scaling import SeriesScaler
from kerascourse.timeseries._windows import chronological_split, make_windows

__all__ = [
    "make_windows", "chronological_split", "SeriesScaler", "naive_forecast", "seasonal_naive_forecast",
    "build_lstm", "forecast", "mae", "rmse", "mape", "load_price_csv", "find_gaps", "PriceData",
]
