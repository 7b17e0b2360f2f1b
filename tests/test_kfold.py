import keras
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from sklearn.model_selection import KFold

from kerascourse.models import KFoldResult, build_dense_regressor, cross_validate, kfold_indices
from kerascourse.preprocessing import StandardScaler
from kerascourse.training import best_epoch, diagnose, history_dict, progress, RichProgress


@settings(max_examples=50, deadline=None)
@given(st.integers(2, 80), st.data(), st.booleans(), st.integers(0, 5))
def test_folds_match_scikit_learn_and_partition(n, data, shuffle, seed):
    k = data.draw(st.integers(2, min(n, 12)))
    folds = kfold_indices(n, k, shuffle=shuffle, seed=seed)
    reference = KFold(n_splits=k, shuffle=shuffle, random_state=seed if shuffle else None).split(np.zeros(n))
    counts = np.zeros(n, int)
    for (train, val), (ref_train, ref_val) in zip(folds, reference):
        np.testing.assert_array_equal(np.sort(val), np.sort(ref_val))
        np.testing.assert_array_equal(np.sort(train), np.sort(ref_train))
        assert not set(train) & set(val)
        counts[val] += 1
    assert np.all(counts == 1)   # every sample validated exactly once


@pytest.mark.parametrize("n, k", [(3, 4), (5, 1), (5, 2.0), (True, 2)])
def test_bad_folds(n, k):
    with pytest.raises(ValueError):
        kfold_indices(n, k)


def test_cross_validate_scales_per_fold_and_averages():
    keras.utils.set_random_seed(0)
    rng = np.random.RandomState(0)
    x = rng.normal(loc=50.0, scale=10.0, size=(48, 3)).astype("float32")
    y = (x - 50).sum(axis=1) / 10
    built = []

    def build():
        built.append(build_dense_regressor(3, hidden=(8,)))
        return built[-1]

    result = cross_validate(build, x, y, k=3, epochs=3, batch_size=16, scaler=StandardScaler())
    assert len(built) == 3 and len(result.histories) == 3 and len(result.scores) == 3
    assert all(len(h["val_loss"]) == 3 for h in result.histories)
    # The score is the last epoch's validation loss of each fold.
    for history, score in zip(result.histories, result.scores):
        assert score["loss"] == pytest.approx(history["val_loss"][-1], rel=1e-4)
    np.testing.assert_allclose(result.mean_history("val_loss"),
                               np.mean([h["val_loss"] for h in result.histories], axis=0))
    assert 1 <= result.best_epoch() <= 3
    assert set(result.mean_history_dict()) >= {"loss", "val_loss", "mae", "val_mae"}


def test_cross_validate_rejects_a_reused_model():
    model = build_dense_regressor(2, hidden=(4,))
    x = np.zeros((8, 2), "float32")
    with pytest.raises(ValueError, match="same model twice"):
        cross_validate(lambda: model, x, np.zeros(8), k=2, epochs=1)
    with pytest.raises(ValueError, match="same number of samples"):
        cross_validate(lambda: model, x, np.zeros(7), k=2)


def test_best_epoch_and_diagnosis():
    h = {"loss": [1.0, 0.6, 0.4, 0.3, 0.2], "val_loss": [1.1, 0.8, 0.7, 0.75, 0.9]}
    assert best_epoch(h) == 3
    d = diagnose(h)
    assert d.overfitting and not d.still_improving and d.best_epoch == 3
    assert d.gap == pytest.approx(0.7)
    assert "overfitting" in d.verdict
    assert diagnose({"loss": [1, 0.5], "val_loss": [1, 0.9]}).still_improving
    assert best_epoch({"val_accuracy": [0.5, 0.9, 0.9]}, "val_accuracy") == 2   # ties: the earliest
    assert best_epoch({"val_loss": [float("nan"), 0.5, 0.7]}) == 2
    history = keras.callbacks.History()
    history.history = h
    assert best_epoch(history) == 3


@pytest.mark.parametrize("history, match", [
    ({}, "empty"), ({"loss": [1.0], "val_loss": [1.0, 2.0]}, "different lengths"), ([1, 2], "History"),
    ({"loss": [1.0]}, "validation_split"),
])
def test_history_errors(history, match):
    with pytest.raises(ValueError, match=match):
        best_epoch(history)


def test_kfold_result_errors():
    with pytest.raises(ValueError, match="no folds"):
        KFoldResult().mean_history()


def test_progress_settings():
    assert progress(0) == (0, [])
    verbose, callbacks = progress("rich")
    assert verbose == 0 and isinstance(callbacks[0], RichProgress)
    with pytest.raises(ValueError):
        progress("loud")
    assert history_dict({"a": [1, 2]}) == {"a": [1.0, 2.0]}


def test_rich_progress_runs_quietly():
    import io
    from rich.console import Console

    buffer = io.StringIO()
    model = build_dense_regressor(2, hidden=(4,))
    x = np.zeros((8, 2), "float32")
    model.fit(x, np.zeros(8), epochs=2, verbose=0, callbacks=[RichProgress(console=Console(file=buffer))])
    assert "2/2" in buffer.getvalue()
