import numpy as np
from hypothesis import given, strategies as st
from hypothesis.extra import numpy as hnp
from sklearn.preprocessing import StandardScaler

from grader.checks import check, check_array

WHOLE = ("the mean and std were computed on the whole data set (training and test together): the test "
         "samples' statistics leaked into training. Use x_train.mean(axis=0) and x_train.std(axis=0) only")
OWN = ("the test split was normalised with its own mean and std: apply the training statistics to it "
       "unchanged, as you would to new data arriving one sample at a time")
ROWS = "the statistics were taken per sample (row); features are columns: use axis=0"


def _mistakes(x_train, x_test):
    both = np.concatenate([x_train, x_test])
    m, s = both.mean(axis=0), both.std(axis=0)
    own = (x_test - x_test.mean(axis=0)) / x_test.std(axis=0)
    return m, s, own


def test_training_statistics_only(exercise):
    """the test split is scaled with the training mean and std (no statistics from the test data)"""
    x_train = np.array([[0.0, 10.0], [2.0, 30.0], [4.0, 20.0]])
    x_test = np.array([[10.0, 0.0], [12.0, 100.0]])
    mean, std = x_train.mean(axis=0), x_train.std(axis=0)
    m, s, own = _mistakes(x_train, x_test)
    out = exercise.normalize(x_train.copy(), x_test.copy())   # copies: test_inputs_unchanged checks in-place edits
    length = f" of length {len(out)}" if hasattr(out, "__len__") else ""
    check(isinstance(out, tuple) and len(out) == 2, f"normalize should return the tuple (x_train_normalised, "
                                                    f"x_test_normalised); got {type(out).__name__}{length}")
    train_n, test_n = out
    check_array(train_n, (x_train - mean) / std, name="normalize(x_train, x_test)[0]", mistakes={
        WHOLE: (x_train - m) / s,
        ROWS: (x_train - x_train.mean(axis=1, keepdims=True)) / x_train.std(axis=1, keepdims=True),
        "this is the sample std (ddof=1); use the population std x_train.std(axis=0), as scikit-learn does":
            (x_train - mean) / x_train.std(axis=0, ddof=1)})
    check_array(test_n, (x_test - mean) / std, name="normalize(x_train, x_test)[1]", mistakes={
        WHOLE: (x_test - m) / s, OWN: own})


def test_inputs_unchanged(exercise):
    """normalize does not modify the arrays it is given"""
    x_train = np.array([[1.0, 5.0], [3.0, 9.0]])
    x_test = np.array([[2.0, 2.0]])
    keep_train, keep_test = x_train.copy(), x_test.copy()
    exercise.normalize(x_train, x_test)
    check(np.array_equal(x_train, keep_train) and np.array_equal(x_test, keep_test),
          "normalize changed its input arrays in place (-= or /=): compute new arrays instead")


finite = st.floats(-1e3, 1e3, allow_nan=False, width=64).map(lambda v: round(v, 2))


@given(st.integers(2, 15), st.integers(1, 5), st.integers(1, 8), st.data())
def test_matches_scikit_learn(exercise, n_train, features, n_test, data):
    """for any data, the result equals scikit-learn's StandardScaler fitted on the training split"""
    x_train = data.draw(hnp.arrays(np.float64, (n_train, features), elements=finite))
    x_test = data.draw(hnp.arrays(np.float64, (n_test, features), elements=finite))
    if np.any(x_train.std(axis=0) < 1e-3):   # a constant training column has no scale to divide by
        x_train = x_train + np.arange(n_train)[:, None]
    scaler = StandardScaler().fit(x_train)
    train_n, test_n = exercise.normalize(x_train.copy(), x_test.copy())
    m, s, own = _mistakes(x_train, x_test)
    check_array(train_n, scaler.transform(x_train), name="normalize(...)[0]", atol=1e-6, rtol=1e-6,
                mistakes={WHOLE: (x_train - m) / np.where(s == 0, 1, s)})
    check_array(test_n, scaler.transform(x_test), name="normalize(...)[1]", atol=1e-6, rtol=1e-6,
                mistakes={WHOLE: (x_test - m) / np.where(s == 0, 1, s)})
