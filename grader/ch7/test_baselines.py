import numpy as np
from hypothesis import given, strategies as st

from grader.checks import CheckFailed, check_array, check_close, check_float
from kerascourse.datasets import seasonal_series
from kerascourse.timeseries import make_windows

WINDOWS = np.array([[[1.0], [2.0], [3.0], [4.0]],
                    [[5.0], [6.0], [7.0], [8.0]]])


def test_naive_is_last_value(exercise):
    """the naive forecast repeats each window's last value"""
    out = exercise.naive_forecast(WINDOWS, horizon=2)
    if isinstance(out, np.ndarray) and out.shape in ((2,), (2, 1)):
        raise CheckFailed(f"naive_forecast(windows [1..4] and [5..8], horizon=2) has shape {out.shape}: one value "
                          f"per window, but horizon=2 asks for 2 forecast steps per window, shape (2, 2). Repeat "
                          f"the last value horizon times: np.repeat(x[:, -1, :], horizon, axis=1)")
    check_array(out, [[4, 4], [8, 8]], name="naive_forecast(windows [1..4] and [5..8], horizon=2)", mistakes={
        "that is the first value of each window: the naive forecast uses the last one, x[:, -1]":
            [[1, 1], [5, 5]],
        "that is the window's mean: the naive forecast is the last value": [[2.5, 2.5], [6.5, 6.5]],
    })


@given(st.integers(1, 6), st.integers(1, 4), st.integers(0, 1000))
def test_naive_shape(exercise, window, horizon, seed):
    """for any window and horizon the naive forecast has shape (n, horizon), like y from make_windows"""
    x, y = make_windows(np.random.default_rng(seed).normal(size=20), window, horizon)
    out = exercise.naive_forecast(x, horizon)
    check_array(out, np.repeat(x[:, -1, :], horizon, axis=1), name=f"naive_forecast(x, horizon={horizon})",
                shape=y.shape)


SEASONAL_MISTAKES = {
    "off by one: the value one season before step 0 is x[:, window - season]": [[3, 4, 3]],
    "the season is not repeated: step k uses x[:, window - season + (k % season)]": [[4, 5, 5]],
    "that is the window's first season (x[:, k % season]): the forecast is the value one season before the "
    "forecast step, x[:, window - season + (k % season)]": [[1, 2, 1]],
}


def test_seasonal_naive(exercise):
    """the seasonal naive forecast is the value one season back; a horizon past the season repeats it"""
    x = np.array([[[1.0], [2.0], [3.0], [4.0], [5.0]]])
    out = exercise.seasonal_naive_forecast(x, season=2, horizon=2)
    check_array(out, [[4, 5]], name="seasonal_naive_forecast([1, 2, 3, 4, 5], season=2, horizon=2)",
                mistakes={text: np.asarray(wrong)[:, :2] for text, wrong in SEASONAL_MISTAKES.items()})
    name = "seasonal_naive_forecast([1, 2, 3, 4, 5], season=2, horizon=3)"
    try:
        out = exercise.seasonal_naive_forecast(x, season=2, horizon=3)
    except IndexError as exc:
        # A horizon of one season worked just above: only the steps past the season run off the window.
        raise CheckFailed(f"{name} raised IndexError ({exc}): with a horizon longer than the season, the steps "
                          f"past the window must wrap around to the last season again: "
                          f"x[:, window - season + (k % season)]") from None
    check_array(out, [[4, 5, 4]], name=name, mistakes=SEASONAL_MISTAKES)


def test_seasonal_naive_is_exact_on_a_clean_season(exercise):
    """on a noise-free seasonal series the seasonal naive forecast makes no error at all"""
    series = seasonal_series(200, period=24, trend=0.0, noise=0.0)
    x, y = make_windows(series, 48, 6)
    check_array(exercise.seasonal_naive_forecast(x, 24, 6), y, name="seasonal_naive_forecast(x, 24, 6)", atol=1e-9)


def test_naive_mae(exercise):
    """naive_mae([1, 3, 2, 5]) is 2: misses of 2, 1 and 3"""
    got = exercise.naive_mae(np.array([1.0, 3.0, 2.0, 5.0]))
    if np.isclose(float(np.asarray(got)), 6 / 4):
        check_close(got, 2.0, name="naive_mae([1, 3, 2, 5]) (you divided by 4 values; there are only 3 "
                                   "forecasts, from the second value on)")
    if np.isclose(float(np.asarray(got)), 4 / 3):
        check_close(got, 2.0, name="naive_mae([1, 3, 2, 5]) (the absolute value is missing)")
    check_close(got, 2.0, name="naive_mae([1, 3, 2, 5])")
    check_float(got, name="naive_mae([1, 3, 2, 5])")


def test_naive_mae_on_the_course_series(exercise):
    """the naive MAE of the course's seasonal series is about 0.41"""
    series = seasonal_series(1000)
    check_close(exercise.naive_mae(series), float(np.mean(np.abs(np.diff(series)))),
                name="naive_mae(seasonal_series(1000))", rtol=1e-9)
