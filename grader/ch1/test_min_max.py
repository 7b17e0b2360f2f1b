import numpy as np
from hypothesis import given, strategies as st
from hypothesis.extra import numpy as hnp
from sklearn.preprocessing import MinMaxScaler

from grader.checks import check, check_array

# Two decimals, as measured data has: no denormal ranges that make "constant" ambiguous.
values = st.floats(-1e3, 1e3, allow_nan=False, width=64).map(lambda v: round(v, 2))


WHOLE_ARRAY = "one min and max were used for the whole array: scale each feature (column, axis=0) separately"


def _splits(draw_shape):
    return hnp.arrays(np.float64, draw_shape, elements=values)


def test_statistics_from_train_only(exercise):
    """the test split is scaled with the training min and max, not its own"""
    train = np.array([[0.0, 10.0], [10.0, 20.0]])
    test = np.array([[20.0, 15.0], [5.0, 30.0]])
    # copies: in-place edits are test_inputs_unchanged's to report, not a source of wrong values here
    train_out, test_out = exercise.min_max_scale(train.copy(), test.copy())
    both = np.vstack([train, test])
    low, span = both.min(0), both.max(0) - both.min(0)
    together = ("the statistics came from train and test together: use the training split only (the test "
                "set must not influence preprocessing)")
    check_array(train_out, [[0, 0], [1, 1]], name="the scaled training split",
                mistakes={WHOLE_ARRAY: (train - train.min()) / (train.max() - train.min()),
                          together: (train - low) / span})
    own = (test - test.min(0)) / (test.max(0) - test.min(0))
    check_array(test_out, [[2.0, 0.5], [0.5, 2.0]], name="the scaled test split", mistakes={
        "the test split was scaled with its own min and max: use the training split's statistics "
        "(the test set must not influence preprocessing)": own,
        together: (test - low) / span,
        "the test split was clipped to [0, 1]: test values outside the training range stay outside it "
        "(2.0 here), the transform is the same (x - min) / (max - min)": [[1.0, 0.5], [0.5, 1.0]],
    })


def test_per_feature(exercise):
    """each column is scaled by its own min and max (axis 0), not by the whole array's"""
    train = np.array([[0.0, 100.0], [1.0, 300.0]])
    train_out, _ = exercise.min_max_scale(train.copy(), train.copy())
    check_array(train_out, [[0, 0], [1, 1]], name="min_max_scale of [[0, 100], [1, 300]]", mistakes={
        WHOLE_ARRAY: (train - train.min()) / (train.max() - train.min()),
        "rows were scaled instead of columns: features are columns, reduce over axis=0":
            (train - train.min(1, keepdims=True)) / (train.max(1, keepdims=True) - train.min(1, keepdims=True)),
    })


def test_constant_column(exercise):
    """a constant training column becomes 0, not NaN"""
    train = np.array([[5.0, 1.0], [5.0, 2.0], [5.0, 3.0]])
    train_out, test_out = exercise.min_max_scale(train.copy(), np.array([[5.0, 2.0]]))
    check_array(train_out, [[0.0, 0.0], [0.0, 0.5], [0.0, 1.0]],
                name="min_max_scale of a training split whose first column is constant (max == min)")
    check_array(test_out, [[0.0, 0.5]], name="the scaled test row")


def test_inputs_unchanged(exercise):
    """min_max_scale returns new arrays and leaves the ones it is given as they were"""
    train = np.array([[0.0, 10.0], [10.0, 20.0]])
    test = np.array([[5.0, 15.0]])
    keep_train, keep_test = train.copy(), test.copy()
    exercise.min_max_scale(train, test)
    check(np.array_equal(train, keep_train) and np.array_equal(test, keep_test),
          "min_max_scale changed the arrays it was given in place (-= or /=): the caller's data is gone. "
          "Compute new arrays instead: (train - low) / span")


@given(st.integers(2, 20), st.integers(1, 4), st.data())
def test_matches_scikit_learn(exercise, n, features, data):
    """for any data, both splits equal scikit-learn's MinMaxScaler fitted on train"""
    train = data.draw(_splits((n, features)))
    test = data.draw(_splits((3, features)))
    scaler = MinMaxScaler().fit(train)
    train_out, test_out = exercise.min_max_scale(train.copy(), test.copy())
    check_array(train_out, scaler.transform(train), name="the scaled training split", atol=1e-6)
    check_array(test_out, scaler.transform(test), name="the scaled test split", atol=1e-6)
