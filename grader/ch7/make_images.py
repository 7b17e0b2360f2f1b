"""Regenerate the pictures of the chapter 7 lesson: python grader/ch7/make_images.py

Both are drawn by kerascourse.plots.forecast from the course's offline data:
a small LSTM against the naive forecast on the seasonal series, and the naive
forecast on the synthetic prices, which "hugs" the truth without any model.
"""

import os
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")


from kerascourse import plots
from kerascourse.datasets import load_prices, seasonal_series
from kerascourse.timeseries import (SeriesScaler, build_lstm, chronological_split, forecast, mae, make_windows,
                                    naive_forecast)

HERE = Path(__file__).resolve().parent / "images"
WINDOW = 24


def seasonal_forecast():
    import keras

    series = seasonal_series(600)
    train, _, test = chronological_split(series, train=0.7, val=0.15, context=WINDOW)
    scaler = SeriesScaler().fit(train)
    x_train, y_train = make_windows(scaler.transform(train), WINDOW)
    x_test, y_test = make_windows(scaler.transform(test), WINDOW)
    keras.utils.set_random_seed(0)
    model = build_lstm(WINDOW, 1, units=(16,), dropout=0.0, learning_rate=0.01)
    model.fit(x_train, y_train, epochs=10, batch_size=32, verbose=0)
    pred = scaler.inverse_transform(forecast(model, x_test))[:, 0]
    naive = scaler.inverse_transform(naive_forecast(x_test))[:, 0]
    truth = scaler.inverse_transform(y_test)[:, 0]
    title = (f"Seasonal series, one step ahead: LSTM MAE {mae(truth, pred):.2f}, "
             f"naive MAE {mae(truth, naive):.2f}")
    return plots.forecast(test[:WINDOW], truth, pred, naive, title=title, path=HERE / "forecast_seasonal.png")


def prices_naive():
    data = load_prices()
    x, y = make_windows(data.series, 60)
    naive = naive_forecast(x)[:, 0]
    last = 120   # the last 120 trading days
    title = f"Synthetic prices: the naive forecast 'hugs' the truth (MAE {mae(y[-last:, 0], naive[-last:]):.2f})"
    return plots.forecast(data.series[-last - 60:-last], y[-last:, 0], naive[-last:], title=title,
                          ylabel="Close", path=HERE / "prices_naive.png")


if __name__ == "__main__":
    HERE.mkdir(exist_ok=True)
    for path in (seasonal_forecast(), prices_naive()):
        print("wrote", path)
