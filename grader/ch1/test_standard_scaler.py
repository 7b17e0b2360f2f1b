import numpy as np
from hypothesis import given, strategies as st
from hypothesis.extra import numpy as hnp
from sklearn.preprocessing import StandardScaler

from grader.checks import check, check_array

# Two decimals, as measured data has: no denormal ranges that make "constant" ambiguous.
values = st.floats(-1e3, 1e3, allow_nan=False, width=64).map(lambda v: round(v, 2))


def test_fit_returns_self_and_learns(exercise):
    """fit(x) returns the scaler itself and stores mean_ and std_ per column"""
    x = np.array([[1.0, 10.0], [3.0, 30.0]])
    scaler = exercise.ZScoreScaler()
    returned = scaler.fit(x)
    check(returned is scaler, "fit() should `return self`, so that ZScoreScaler().fit(x).transform(x) works")
    check_array(np.asarray(scaler.mean_), [2.0, 20.0], name="mean_ after fit([[1, 10], [3, 30]])",
                mistakes={"mean_ is per row: features are columns, use axis=0": [5.5, 16.5]})
    check_array(np.asarray(scaler.std_), [1.0, 10.0], name="std_ after fit([[1, 10], [3, 30]])", mistakes={
        "this is the sample std (ddof=1); use the population std, x.std(axis=0), as scikit-learn does":
            x.std(axis=0, ddof=1)})


def test_transform_uses_training_statistics(exercise):
    """transform(test) uses the mean and std learned from the training data"""
    train = np.array([[0.0], [2.0], [4.0]])
    test = np.array([[10.0], [12.0]])
    scaler = exercise.ZScoreScaler().fit(train)
    out = scaler.transform(test)
    expected = (test - 2.0) / np.sqrt(8 / 3)
    check_array(out, expected, name="transform(test) after fit(train)", mistakes={
        "transform() standardised the test data with its own statistics: use mean_ and std_ from fit":
            (test - test.mean(0)) / test.std(0)})


def test_constant_column(exercise):
    """a constant column gets std_ = 1 and transforms to 0, not NaN"""
    x = np.array([[7.0, 1.0], [7.0, 3.0]])
    scaler = exercise.ZScoreScaler().fit(x)
    check_array(np.asarray(scaler.std_), [1.0, 1.0], name="std_ after fit([[7, 1], [7, 3]])",
                mistakes={"the constant column's std_ should be 1 (not 0): 0 would divide by zero": [0.0, 1.0]})
    check_array(scaler.transform(x), [[0.0, -1.0], [0.0, 1.0]], name="transform of a constant column")


@given(st.integers(2, 20), st.integers(1, 4), st.data())
def test_matches_scikit_learn_and_inverts(exercise, n, features, data):
    """transform equals scikit-learn's StandardScaler, and inverse_transform(transform(x)) ≈ x"""
    x = data.draw(hnp.arrays(np.float64, (n, features), elements=values))
    reference = StandardScaler().fit(x)
    scaler = exercise.ZScoreScaler().fit(x)
    z = scaler.transform(x)
    check_array(z, reference.transform(x), name="transform(x)", atol=1e-6)
    check_array(scaler.inverse_transform(z), x, name="inverse_transform(transform(x))", atol=1e-6, rtol=1e-6)


def test_inverse_transform(exercise):
    """inverse_transform multiplies by std_ then adds mean_: z = 1 gives back mean + std"""
    x = np.array([[1.0, 10.0], [3.0, 30.0]])
    scaler = exercise.ZScoreScaler().fit(x)
    z = np.array([[1.0, -2.0]])
    mean, std = np.array([2.0, 20.0]), np.array([1.0, 10.0])
    check_array(scaler.inverse_transform(z), [[3.0, 0.0]], name="inverse_transform([[1, -2]]) after "
                "fit([[1, 10], [3, 30]]) (mean_ [2, 20], std_ [1, 10])", mistakes={
                    "the order is reversed: undo the division first, then the subtraction: z * std_ + mean_":
                        (z + mean) * std,
                    "inverse_transform divides again: it undoes transform, so multiply by std_ and add mean_":
                        z / std + mean,
                    "inverse_transform subtracts the mean: transform subtracted it, so add it back":
                        z * std - mean})
