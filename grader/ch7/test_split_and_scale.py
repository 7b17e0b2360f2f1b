import numpy as np
from sklearn.preprocessing import MinMaxScaler

from grader.checks import CheckFailed, check, check_array

# A rising series: the test period lies above everything the training period has seen.
SERIES = 100.0 + np.arange(100) + 5.0 * np.sin(np.arange(100))


def _scaled(fit_on, part):
    lo, hi = fit_on.min(), fit_on.max()
    return (part - lo) / (hi - lo)


def _call(exercise):
    out = exercise.split_and_scale(SERIES, 0.7, 0.15)
    check(isinstance(out, tuple) and len(out) == 4,
          "split_and_scale should return four things: (train, val, test, scaler)")
    scaler = out[3]
    check(isinstance(scaler, MinMaxScaler),
          f"the fourth value is a {type(scaler).__name__}; the exercise asks for a MinMaxScaler fitted on the "
          f"training period (it maps train's min and max to 0 and 1; a StandardScaler centres on the mean instead)")
    return out


def test_sizes_and_order(exercise):
    """70 / 15 / 15 values, in time order: train is the oldest period and test the newest"""
    train, val, test, scaler = _call(exercise)
    for part, size, label in ((train, 70, "train"), (val, 15, "val"), (test, 15, "test")):
        if isinstance(part, np.ndarray) and part.shape == (size, 1):
            raise CheckFailed(f"the {label} period has shape {part.shape}, a column; the stub returns 1-D arrays, "
                              f"shape ({size},): scaler.transform gives a column, flatten it with .ravel()")
        check_array(part, name=f"the {label} period", shape=(size,), dtype_kind="f")
    restored = scaler.inverse_transform(np.asarray(train).reshape(-1, 1)).ravel()
    check(np.allclose(np.sort(restored), np.sort(SERIES[:70])),
          "the training period should be the first 70 values of the series: split by position, in time "
          "order. A time series split is never shuffled (no permutation, no train_test_split(shuffle=True))")
    check(np.allclose(restored, SERIES[:70]),
          "the training period holds the right values in the wrong order: a time series split is never "
          "shuffled (no train_test_split(shuffle=True), no permutation)")


def _leaks(part):
    """The values a scaled period takes under each plausible wrong fit."""
    return {
        "the scaler was fitted on the whole series: it has seen the test period's minimum and maximum, a "
        "leak of the future. Fit it on the training period only": _scaled(SERIES, part),
        "the scaler was fitted on train and validation together: fit it on the training period only":
            _scaled(SERIES[:85], part),
        "each period was scaled with its own min and max: fit one scaler on the training period and "
        "transform the other periods with it": _scaled(part, part),
    }


def test_scaler_fitted_on_train_only(exercise):
    """the scaler learns min and max from the training period only"""
    train, val, test, _ = _call(exercise)
    # The test period first: that is where a leak shows most clearly.
    for scaled, part, label in ((test, SERIES[85:], "test"), (val, SERIES[70:85], "validation"),
                                (train, SERIES[:70], "training")):
        wrong = _leaks(part)
        if label == "training":
            wrong.popitem()          # the training period *is* scaled with its own min and max
        check_array(np.asarray(scaled, dtype=float).reshape(-1), _scaled(SERIES[:70], part),
                    name=f"the scaled {label} period", mistakes=wrong)


def test_future_may_leave_the_range(exercise):
    """test values above the training maximum scale above 1, and that is correct"""
    _, _, test, _ = _call(exercise)
    check(np.max(test) > 1.2, f"the test period rises above everything in training, so its scaled values "
                              f"should exceed 1 (about 1.3 here); the largest is {np.max(test):.3f}. Do not "
                              f"refit or clip the scaler for the test period")


def test_scaler_inverts(exercise):
    """the returned scaler maps scaled test values back to the original ones"""
    _, _, test, scaler = _call(exercise)
    check(hasattr(scaler, "inverse_transform"), "return the fitted scaler itself as the fourth value")
    back = scaler.inverse_transform(np.asarray(test, dtype=float).reshape(-1, 1)).ravel()
    check_array(back, SERIES[85:], name="scaler.inverse_transform(test)", atol=1e-6)
    reference = MinMaxScaler().fit(SERIES[:70].reshape(-1, 1))
    check_array(np.asarray(scaler.transform(SERIES[:3].reshape(-1, 1))).ravel(),
                reference.transform(SERIES[:3].reshape(-1, 1)).ravel(), name="scaler.transform", atol=1e-9)


def test_other_fractions(exercise):
    """the sizes follow int(n * fraction) for other fractions too"""
    train, val, test, _ = exercise.split_and_scale(np.arange(50.0), 0.6, 0.2)
    sizes = tuple(np.size(p) for p in (train, val, test))
    check(sizes == (30, 10, 10), f"with 50 values, train_fraction=0.6, val_fraction=0.2 the sizes should be "
                                 f"(30, 10, 10); got {sizes}")


def test_lengths_that_do_not_divide(exercise):
    """33 values at 0.7 / 0.15: int() rounds down (23 and 4) and the test period takes the rest (6)"""
    train, val, test, _ = exercise.split_and_scale(np.arange(33.0), 0.7, 0.15)
    sizes = tuple(np.size(p) for p in (train, val, test))
    cause = ""
    if sizes == (round(33 * 0.7), round(33 * 0.15), 33 - round(33 * 0.7) - round(33 * 0.15)):
        cause = ": round() was used; int(len(series) * fraction) rounds down"
    elif sum(sizes) != 33:
        cause = f": they add up to {sum(sizes)}, not 33; the test period is everything after validation"
    check(sizes == (23, 4, 6), f"with 33 values, train_fraction=0.7, val_fraction=0.15 the sizes should be "
                               f"(23, 4, 6), int(23.1), int(4.95) and the rest; got {sizes}{cause}")
