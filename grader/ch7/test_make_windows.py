import keras
import numpy as np
from hypothesis import given, strategies as st

from grader.checks import CheckFailed, check, check_array, check_raises


def _diagnose(x, y, n, window, horizon):
    """Called on np.arange(n) (each value is its own time index): say which rule the windows break."""
    name = f"make_windows(np.arange({n}), window={window}, horizon={horizon})"
    count = n - window - horizon + 1
    if not isinstance(x, np.ndarray) or not isinstance(y, np.ndarray):
        raise CheckFailed(f"{name} should return two NumPy arrays (x, y); got {type(x).__name__} and "
                          f"{type(y).__name__}")
    if x.ndim == 2 and x.shape == (count, window):
        raise CheckFailed(f"{name}: x has shape {x.shape}; an LSTM wants a feature axis too: "
                          f"({count}, {window}, 1). Add it with x[:, :, np.newaxis]")
    check_array(x, name=f"x from {name}")
    if x.ndim != 3 or x.shape[1:] != (window, 1):
        check_array(x, name=f"x from {name}", shape=(count, window, 1))
    if y.ndim == 3 and y.shape[1:] == (horizon, 1):
        y = y[:, :, 0]
    check_array(y, name=f"y from {name}")
    if y.ndim == 1 and len(y) == len(x):
        raise CheckFailed(f"{name}: y has shape {y.shape}; it needs a horizon axis, shape ({len(x)}, {horizon}), "
                          f"even for one step: y[i] = series[i + window : i + window + horizon] (a slice, not "
                          f"series[i + window])")
    if y.ndim != 2 or y.shape[1] != horizon:
        check_array(y, name=f"y from {name}", shape=(len(x), horizon))
    if len(y) != len(x):
        raise CheckFailed(f"{name}: x has {len(x)} windows but y has {len(y)} targets; one target per window")
    if len(x) == 0:
        raise CheckFailed(f"{name} returned no windows; expected {count}")
    # What the windows contain first (the deeper mistake), then how many there are.
    _check_contents(name, x[:, :, 0], y, window, horizon)
    if len(x) != count:
        if len(x) == count - 1:
            raise CheckFailed(f"{name}: {len(x)} windows, one too few: the last window (inputs "
                              f"{n - window - horizon}..{n - horizon - 1}, targets up to {n - 1}) is missing. "
                              f"There are len(series) - window - horizon + 1 windows")
        raise CheckFailed(f"{name}: expected {count} windows (len(series) - window - horizon + 1), got {len(x)}")


def _check_contents(name, inputs, targets, window, horizon):
    count = len(inputs)
    for i in range(count):
        first_target, last_input = targets[i].min(), inputs[i].max()
        if last_input > first_target:
            raise CheckFailed(f"{name}: look-ahead: window {i} uses time step {int(last_input)}, after the "
                              f"step {int(first_target)} it must forecast (inputs {inputs[i].astype(int).tolist()}, "
                              f"targets {targets[i].astype(int).tolist()}). Inputs must only come from the "
                              f"past: x[i] = series[i : i + window], y[i] = series[i + window : i + window + horizon]")
        if first_target in inputs[i]:
            raise CheckFailed(f"{name}: window {i} includes its own target: its inputs are "
                              f"{inputs[i].astype(int).tolist()} and its targets "
                              f"{targets[i].astype(int).tolist()}. The targets must come strictly after "
                              f"the window: y[i] starts at series[i + window]")
    expected_x = np.arange(count)[:, None] + np.arange(window)
    if not np.array_equal(inputs, expected_x):
        i = int(np.argwhere((inputs != expected_x).any(axis=1))[0, 0])
        raise CheckFailed(f"{name}: window {i} should hold steps {expected_x[i].tolist()}, got "
                          f"{inputs[i].astype(int).tolist()}: x[i] = series[i : i + window]")
    expected_y = np.arange(count)[:, None] + window + np.arange(horizon)
    if not np.array_equal(targets, expected_y):
        gap = int(targets[0, 0] - inputs[0, -1])
        if gap > 1:
            raise CheckFailed(f"{name}: off-by-one horizon: the targets of window 0 are "
                              f"{targets[0].astype(int).tolist()} but its inputs end at step {int(inputs[0, -1])}, "
                              f"so {gap - 1} step(s) in between are never forecast. The targets are the "
                              f"{horizon} step(s) right after the window: series[i + window : i + window + horizon]")
        raise CheckFailed(f"{name}: the targets of window 0 should be {expected_y[0].tolist()}, got "
                          f"{targets[0].astype(int).tolist()}")


def test_worked_example(exercise):
    """make_windows(np.arange(6), window=3) gives the lesson's three windows"""
    x, y = exercise.make_windows(np.arange(6.0), 3)
    _diagnose(x, y, 6, 3, 1)


def test_no_target_in_window_no_look_ahead(exercise):
    """with a horizon of 3, inputs are the past and targets the next 3 steps, no gap, no overlap"""
    x, y = exercise.make_windows(np.arange(20.0), 5, horizon=3)
    _diagnose(x, y, 20, 5, 3)


@given(st.integers(2, 40), st.integers(1, 12), st.integers(1, 5))
def test_any_lengths(exercise, n, window, horizon):
    """for any series length, window and horizon the windows follow the rules"""
    if n < window + horizon:
        return
    x, y = exercise.make_windows(np.arange(float(n)), window, horizon)
    _diagnose(x, y, n, window, horizon)


def test_matches_keras(exercise):
    """the windows equal keras.utils.timeseries_dataset_from_array's for the same task"""
    series = np.sin(np.arange(50) / 3.0).astype("float32")
    window, horizon = 10, 2
    x, y = exercise.make_windows(series, window, horizon)
    sequences = keras.utils.timeseries_dataset_from_array(series, None, sequence_length=window + horizon,
                                                          batch_size=1000)
    full = next(iter(sequences)).numpy()
    check_array(x, full[:, :window, None], name="x for a sine wave (window 10, horizon 2)", atol=1e-6)
    check_array(np.asarray(y).reshape(len(full), horizon), full[:, window:],
                name="y for a sine wave (window 10, horizon 2)", atol=1e-6)


def test_too_short(exercise):
    """a series shorter than window + horizon raises a ValueError"""
    check_raises(ValueError, exercise.make_windows, np.arange(5.0), 5, 1,
                 name="make_windows(np.arange(5), window=5)",
                 why="5 steps cannot hold a window of 5 plus one target: no window fits")
    x, _ = exercise.make_windows(np.arange(6.0), 5, 1)
    check(len(x) == 1, "make_windows(np.arange(6), window=5) should give exactly one window")
