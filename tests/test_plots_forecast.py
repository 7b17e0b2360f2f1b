"""kerascourse.plots.forecast: history, truth, forecast and baseline, saved as PNG."""

import numpy as np
import pandas as pd
import pytest
from PIL import Image

from kerascourse import plots


def _lines(fig):
    return {line.get_label(): line for line in fig.axes[0].get_lines() if not line.get_label().startswith("_")}


def test_lines_are_where_they_belong():
    history, truth = np.arange(10.0), np.array([10.0, 11.0, 12.0])
    fig = plots.forecast(history, truth, truth + 0.5, baseline=np.full(3, 9.0))
    lines = _lines(fig)
    assert set(lines) == {"history", "truth", "forecast", "naive baseline"}
    np.testing.assert_array_equal(lines["history"].get_xdata(), np.arange(10))
    np.testing.assert_array_equal(lines["forecast"].get_xdata(), [10, 11, 12])
    np.testing.assert_array_equal(lines["forecast"].get_ydata(), [10.5, 11.5, 12.5])
    # The truth continues from the last observed point.
    np.testing.assert_array_equal(lines["truth"].get_xdata(), [9, 10, 11, 12])
    np.testing.assert_array_equal(lines["naive baseline"].get_ydata(), [9, 9, 9])


def test_saves_a_png(tmp_path):
    path = tmp_path / "forecast.png"
    out = plots.forecast(np.sin(np.arange(100) / 5), np.ones(20), np.ones(20), title="t", path=path)
    assert out == path
    with Image.open(path) as image:
        assert image.format == "PNG" and image.size == (900, 400)


def test_dates_and_column_shaped_input():
    dates = pd.bdate_range("2024-01-01", periods=15)
    fig = plots.forecast(np.arange(10.0), np.ones((5, 1)), np.ones((1, 5)), dates=dates, ylabel="price")
    assert fig.axes[0].get_ylabel() == "price" and fig.axes[0].get_xlabel() == "date"
    assert "baseline" not in " ".join(_lines(fig))


@pytest.mark.parametrize("kwargs, message", [
    (dict(prediction=np.ones(4)), "prediction has 4 values but truth has 3"),
    (dict(baseline=np.ones(2)), "baseline has 2 values"),
    (dict(prediction=np.ones((3, 2))), r"1-D sequence .* pred\[:, 0\]"),
    (dict(dates=np.arange(5)), "dates has 5 values; expected len"),
])
def test_errors(kwargs, message):
    args = dict(history=np.arange(10.0), truth=np.ones(3), prediction=np.ones(3)) | kwargs
    with pytest.raises(ValueError, match=message):
        plots.forecast(**args)


def test_no_pyplot():
    import subprocess
    import sys

    code = ("import sys, numpy as np; from kerascourse import plots; "
            "plots.forecast(np.ones(3), np.ones(2), np.ones(2)); print('matplotlib.pyplot' in sys.modules)")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True).stdout.strip() == "False"


def test_docstring_examples():
    import doctest

    from kerascourse.plots import _forecast

    assert doctest.testmod(_forecast).failed == 0
