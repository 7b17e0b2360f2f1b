"""Offline time series: a sine wave, a noisy seasonal series with trend, synthetic daily prices.

All are generated from a seed (the same numbers on every machine), so exercises,
tests and lessons can quote them. ``prices.csv`` ships with the package: the
output of :func:`synthetic_prices` in the usual Date/Open/High/Low/Close/Volume
layout, for practising the CSV workflow of the classic LSTM tutorial offline.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

__all__ = ["sine_wave", "seasonal_series", "synthetic_prices", "prices_csv_path", "load_prices"]

PRICES_FILE = Path(__file__).resolve().parent / "data" / "prices.csv"


def _check_length(n, name="n"):
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise ValueError(f"{name} must be a positive integer; got {n!r}")


def sine_wave(n: int = 500, period: float = 50.0, amplitude: float = 1.0, phase: float = 0.0,
              noise: float = 0.0, seed: int = 0) -> np.ndarray:
    """``amplitude * sin(2π t / period + phase)`` for ``t = 0 .. n-1``, plus optional Gaussian noise.

    The first forecasting task: perfectly regular, so a model that cannot learn it
    has a bug, not a data problem.

    Example:
        >>> np.round(sine_wave(5, period=4), 6).tolist()
        [0.0, 1.0, 0.0, -1.0, -0.0]
    """
    _check_length(n)
    if period <= 0:
        raise ValueError(f"period must be positive; got {period}")
    if noise < 0:
        raise ValueError(f"noise must be a non-negative standard deviation; got {noise}")
    t = np.arange(n, dtype=np.float64)
    wave = amplitude * np.sin(2 * np.pi * t / period + phase)
    if noise:
        wave = wave + np.random.default_rng(seed).normal(0.0, noise, n)
    return wave


def seasonal_series(n: int = 1000, period: int = 24, level: float = 10.0, trend: float = 0.001,
                    amplitude: float = 2.0, noise: float = 0.2, seed: int = 0) -> np.ndarray:
    """A series with a level, a linear trend, a season and noise: ``level + trend·t + season(t) + ε``.

    The season is a main sine of ``period`` steps plus a smaller second harmonic (so
    it is not a pure sine); the noise is Gaussian with standard deviation
    ``noise``. Deterministic for a given ``seed``.

    With the defaults (hourly-like data, a daily season of 24 steps) the naive
    "next = last" forecast has an MAE of about 0.4, the seasonal naive one about
    0.2 (the noise level); a small LSTM trained for a few seconds gets below 0.3.

    Example:
        >>> s = seasonal_series(48, noise=0.0, trend=0.0)
        >>> bool(np.allclose(s[:24], s[24:]))     # without trend and noise: one season repeated
        True
    """
    _check_length(n)
    if isinstance(period, bool) or not isinstance(period, (int, np.integer)) or period < 2:
        raise ValueError(f"period must be an integer of at least 2 steps; got {period!r}")
    if noise < 0:
        raise ValueError(f"noise must be a non-negative standard deviation; got {noise}")
    t = np.arange(n, dtype=np.float64)
    angle = 2 * np.pi * t / period
    season = amplitude * (np.sin(angle) + 0.3 * np.sin(2 * angle + 0.5))
    rng = np.random.default_rng(seed)
    return level + trend * t + season + rng.normal(0.0, noise, n)


def synthetic_prices(n_days: int = 750, start: str = "2021-01-04", initial: float = 100.0,
                     drift: float = 0.0003, volatility: float = 0.015, seed: int = 7):
    """Daily prices on business days: a random walk in log-price with drift, as a DataFrame.

    Columns ``Date, Open, High, Low, Close, Volume`` as a trading site exports
    them. Each day opens near the previous close; High and Low bracket Open and
    Close. Market holidays (1 January, 4 July and 25 December, when they fall on
    a weekday) are missing, as in real data: they show up as one-day gaps; so is
    one week of March 2022 (an outage in the data feed), a gap a loader must report.
    A random walk is, by construction, best forecast by its last value: the point
    of the lesson on baselines.

    Example:
        >>> frame = synthetic_prices(30)
        >>> list(frame.columns)
        ['Date', 'Open', 'High', 'Low', 'Close', 'Volume']
        >>> bool((frame["High"] >= frame[["Open", "Close"]].max(axis=1)).all())
        True
    """
    import pandas as pd

    _check_length(n_days, "n_days")
    rng = np.random.default_rng(seed)
    dates = pd.bdate_range(start, periods=int(n_days * 1.05) + 10)
    holiday = ((dates.month == 1) & (dates.day == 1)) | ((dates.month == 12) & (dates.day == 25)) | \
              ((dates.month == 7) & (dates.day == 4))
    outage = (dates >= "2022-03-14") & (dates <= "2022-03-18")
    dates = dates[~holiday & ~outage][:n_days]
    log_returns = rng.normal(drift, volatility, n_days)
    close = initial * np.exp(np.cumsum(log_returns))
    previous = np.concatenate([[initial], close[:-1]])
    open_ = previous * np.exp(rng.normal(0.0, volatility / 4, n_days))
    spread = np.abs(rng.normal(0.0, volatility / 2, (2, n_days)))
    high = np.maximum(open_, close) * (1 + spread[0])
    low = np.minimum(open_, close) * (1 - spread[1])
    volume = rng.lognormal(np.log(1e6), 0.3, n_days).astype(np.int64)
    return pd.DataFrame({
        "Date": dates.strftime("%Y-%m-%d"),
        "Open": np.round(open_, 2), "High": np.round(high, 2), "Low": np.round(low, 2),
        "Close": np.round(close, 2), "Volume": volume,
    })


def prices_csv_path() -> Path:
    """The path of the shipped ``prices.csv`` (750 business days of :func:`synthetic_prices`)."""
    return PRICES_FILE


def load_prices(column: str = "Close"):
    """The shipped synthetic prices, read with :func:`kerascourse.timeseries.load_price_csv`.

    Example:
        >>> data = load_prices()
        >>> data.series.shape, data.freq
        ((750,), 'B')
    """
    from kerascourse.timeseries import load_price_csv

    return load_price_csv(PRICES_FILE, column=column)


def write_prices_csv(path: str | Path = PRICES_FILE) -> Path:
    """(Re)generate the shipped CSV from :func:`synthetic_prices` with its default arguments."""
    synthetic_prices().to_csv(path, index=False)
    return Path(path)
