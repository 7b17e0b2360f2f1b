import keras
from hypothesis import given, strategies as st

from grader.checks import check, check_defaults
from kerascourse.training import best_epoch, diagnose

CURVE = {"loss": [0.9, 0.6, 0.45, 0.35, 0.28, 0.22, 0.17],
         "val_loss": [1.0, 0.75, 0.62, 0.58, 0.61, 0.67, 0.74]}


def test_known_curve(exercise):
    """validation loss 1.0, 0.75, 0.62, 0.58, 0.61, ...: the best epoch is 4 (counted from 1)"""
    got = exercise.best_epoch(CURVE)
    check(got != 7, "best_epoch returned 7, where the *training* loss is lowest; the epoch to stop at is where "
                    "the *validation* loss is lowest (history['val_loss'])")
    check(got != 3, "best_epoch returned 3, the index of the minimum (counted from 0); Keras counts epochs from 1, "
                    "so add 1")
    check(got != 1, "best_epoch returned 1: the highest validation loss is at epoch 1; take the minimum (np.argmin)")
    check(got == 4, f"best_epoch returned {got!r}; expected 4")
    check(type(got) is int, f"best_epoch returned {got!r}, a {type(got).__module__}.{type(got).__name__}; the stub "
                            f"promises a Python int (np.argmin gives a NumPy integer: wrap it, "
                            f"int(np.argmin(...)) + 1)")


def test_accepts_history_object(exercise):
    """best_epoch accepts a keras History as well as its dict"""
    history = keras.callbacks.History()
    history.history = dict(CURVE)
    try:
        got = exercise.best_epoch(history)
    except TypeError:
        check(False, "best_epoch(History) failed: a History keeps its dict in history.history")
    check(got == 4, f"best_epoch(a History) returned {got!r}; expected 4")


@given(st.lists(st.floats(0.01, 10, allow_nan=False), min_size=1, max_size=30))
def test_any_curve(exercise, val_loss):
    """for any validation curve, the best epoch is the first one with the lowest value"""
    history = {"loss": sorted(val_loss, reverse=True), "val_loss": val_loss}
    got = exercise.best_epoch(history)
    check(got == best_epoch(history), f"best_epoch({history}) returned {got!r}; expected {best_epoch(history)} "
                                      f"(the first epoch, from 1, with the lowest val_loss)")


def test_overfitting(exercise):
    """is_overfitting: True when validation loss rose clearly after its minimum, False while it still falls"""
    check_defaults(exercise.is_overfitting, name="is_overfitting", tolerance=0.02)
    got = exercise.is_overfitting(CURVE)
    check(bool(got) is True, f"validation loss went from 0.58 (epoch 4) up to 0.74 (epoch 7): that is overfitting, "
                             f"expected True; got {got!r}")
    check(type(got) is bool, f"is_overfitting(a curve that rose from 0.58 to 0.74) returned {got!r}, a "
                             f"{type(got).__module__}.{type(got).__name__}; the stub promises a Python bool (comparing "
                             f"NumPy numbers gives a NumPy bool: wrap it, bool(...))")
    falling = {"loss": [0.9, 0.6, 0.4], "val_loss": [1.0, 0.8, 0.7]}
    check(not exercise.is_overfitting(falling), "validation loss is still falling (1.0, 0.8, 0.7): not overfitting")
    gap_only = {"loss": [0.5, 0.2, 0.05], "val_loss": [0.9, 0.8, 0.79]}
    check(not exercise.is_overfitting(gap_only),
          "training loss far below validation loss is a gap, but while validation loss still falls the model is "
          "not (yet) overfitting: compare the last val_loss with its own minimum")
    relative = ("the tolerance is relative: overfitting when the last val_loss > min · (1 + tolerance), "
                "not min + tolerance")
    flat = {"loss": [0.5, 0.4, 0.3], "val_loss": [0.6, 0.5, 0.505]}
    check(not exercise.is_overfitting(flat), "0.505 is within 2% of the best 0.5: noise, not overfitting "
                                             "(use the tolerance)")
    risen = {"loss": [0.5, 0.4, 0.3], "val_loss": [0.6, 0.5, 0.515]}
    check(exercise.is_overfitting(risen), f"0.515 is 3% above the best 0.5, more than the default tolerance of 2%: "
                                          f"that is overfitting, expected True ({relative})")
    large = {"loss": [9.0, 6.0, 4.0], "val_loss": [10.0, 5.0, 5.05]}
    check(not exercise.is_overfitting(large), f"5.05 is 1% above the best 5.0, within the default tolerance of 2%: "
                                              f"not overfitting, expected False ({relative})")
    check(not exercise.is_overfitting(CURVE, tolerance=0.5),
          "is_overfitting(the curve rising from 0.58 to 0.74, tolerance=0.5) should be False: 0.74 is 28% above the "
          "minimum, within 50%. Use the tolerance argument rather than a fixed 0.02")


@given(st.lists(st.floats(0.01, 10, allow_nan=False), min_size=2, max_size=30))
def test_overfitting_any_curve(exercise, val_loss):
    """for any validation curve, is_overfitting agrees with the lesson's rule"""
    history = {"loss": val_loss, "val_loss": val_loss}
    expected = diagnose(history, tolerance=0.02).overfitting
    got = bool(exercise.is_overfitting(history))
    check(got == expected, f"is_overfitting({val_loss}) returned {got}; expected {expected}: overfitting when the "
                           f"last val_loss is more than 2% above the minimum")
