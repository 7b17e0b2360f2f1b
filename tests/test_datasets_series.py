"""kerascourse.datasets.series: deterministic offline series and the shipped prices CSV."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from kerascourse import datasets
from kerascourse.datasets import series


@settings(max_examples=25, deadline=None)
@given(n=st.integers(1, 300), seed=st.integers(0, 2**31), period=st.integers(2, 50))
def test_seasonal_series_is_deterministic_and_has_its_parts(n, seed, period):
    a = datasets.seasonal_series(n, period=period, seed=seed)
    np.testing.assert_array_equal(a, datasets.seasonal_series(n, period=period, seed=seed))
    assert a.shape == (n,) and a.dtype == np.float64
    # Without noise it is exactly level + trend + a season of `period` steps.
    clean = datasets.seasonal_series(n, period=period, noise=0.0, trend=0.0, level=0.0)
    if n > period:
        np.testing.assert_allclose(clean[period:], clean[:-period], atol=1e-9)
    # The noise is the difference from the clean series with the same seed-free parts.
    residual = a - datasets.seasonal_series(n, period=period, noise=0.0)
    rng = np.random.default_rng(seed)
    np.testing.assert_allclose(residual, rng.normal(0.0, 0.2, n), atol=1e-9)


def test_seasonal_series_seeds_differ_and_trend_rises():
    assert not np.allclose(datasets.seasonal_series(100, seed=0), datasets.seasonal_series(100, seed=1))
    s = datasets.seasonal_series(24 * 20, noise=0.0, trend=0.01)
    season_means = s.reshape(20, 24).mean(axis=1)
    np.testing.assert_allclose(np.diff(season_means), 0.24, atol=1e-9)


def test_sine_wave():
    np.testing.assert_allclose(datasets.sine_wave(5, period=4), [0, 1, 0, -1, 0], atol=1e-12)
    noisy = datasets.sine_wave(1000, noise=0.1, seed=3)
    assert 0.08 < np.std(noisy - datasets.sine_wave(1000)) < 0.12
    np.testing.assert_array_equal(noisy, datasets.sine_wave(1000, noise=0.1, seed=3))


@pytest.mark.parametrize("call, message", [
    (lambda: datasets.seasonal_series(0), "n must be a positive integer"),
    (lambda: datasets.seasonal_series(10, period=1), "period must be an integer of at least 2"),
    (lambda: datasets.seasonal_series(10, noise=-1), "noise must be a non-negative"),
    (lambda: datasets.sine_wave(10, period=0), "period must be positive"),
    (lambda: datasets.synthetic_prices(0), "n_days must be a positive integer"),
])
def test_errors(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_shipped_csv_is_the_generator_output():
    shipped = pd.read_csv(datasets.prices_csv_path())
    generated = datasets.synthetic_prices()
    # Written with to_csv and read back: compare through the same round trip.
    pd.testing.assert_frame_equal(shipped, pd.read_csv(pd.io.common.StringIO(generated.to_csv(index=False))))


def test_prices_are_consistent_trading_data():
    frame = datasets.synthetic_prices()
    assert len(frame) == 750
    assert (frame["High"] >= frame[["Open", "Close"]].max(axis=1)).all()
    assert (frame["Low"] <= frame[["Open", "Close"]].min(axis=1)).all()
    assert (frame["Low"] > 0).all() and (frame["Volume"] > 0).all()
    dates = pd.to_datetime(frame["Date"])
    assert dates.is_monotonic_increasing and (dates.dt.day_of_week < 5).all()


def test_load_prices_reports_holidays_and_the_outage():
    data = datasets.load_prices()
    assert data.series.shape == (750,) and data.freq == "B" and data.was_sorted
    gaps = data.gaps.sort_values("missing", ascending=False)
    assert gaps.iloc[0]["missing"] == 5 and gaps.iloc[0]["start"] == pd.Timestamp("2022-03-14")
    assert set(gaps["missing"].iloc[1:]) == {1}      # 4 July on a weekday: a holiday, one business day
    assert "5 date(s) from 2022-03-14" in data.report()
    np.testing.assert_array_equal(datasets.load_prices("Open").series, datasets.synthetic_prices()["Open"])


def test_write_prices_csv_reproduces_the_file(tmp_path):
    path = series.write_prices_csv(tmp_path / "p.csv")
    assert path.read_bytes() == datasets.prices_csv_path().read_bytes()


def test_docstring_examples():
    import doctest

    assert doctest.testmod(series, extraglobs={"np": np}).failed == 0
