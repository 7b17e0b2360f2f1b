import keras
import numpy as np
from hypothesis import given, strategies as st
from sklearn.model_selection import KFold

from grader.checks import check, fit_arguments
from kerascourse.models import build_dense_regressor


def _folds(exercise, n, k):
    folds = exercise.kfold_indices(n, k)
    check(isinstance(folds, (list, tuple)), f"kfold_indices should return a list of (train, val) pairs; got "
                                            f"{type(folds).__name__}")
    check(len(folds) == k, f"kfold_indices({n}, {k}) returned {len(folds)} pairs; expected one per fold: {k}")
    for i, pair in enumerate(folds):
        check(isinstance(pair, (tuple, list)) and len(pair) == 2,
              f"kfold_indices({n}, {k}): fold {i} should be a pair (train_indices, val_indices); got {pair!r}")
        for part, indices in zip(("training", "validation"), pair):
            if not np.size(indices):   # an empty part has no dtype to speak of; the partition check names it
                continue
            kind = np.asarray(indices).dtype.kind
            check(kind != "b", f"kfold_indices({n}, {k}), fold {i}: the {part} part is an array of booleans (a "
                               f"mask); return the sample numbers themselves, e.g. np.flatnonzero(mask)")
            check(kind in "iu", f"kfold_indices({n}, {k}), fold {i}: the {part} indices have dtype "
                                f"{np.asarray(indices).dtype}; sample numbers are integers (np.arange(n))")
    return [(np.asarray(t).astype(int).ravel(), np.asarray(v).astype(int).ravel()) for t, v in folds]


def _check_partition(folds, n, k):
    counts = np.zeros(n, int)
    for i, (train, val) in enumerate(folds):
        check(len(np.intersect1d(train, val)) == 0,
              f"fold {i}: samples {np.intersect1d(train, val)[:5].tolist()} are in both the training and the "
              f"validation part: a model must never be validated on data it trained on")
        check(sorted(np.concatenate([train, val]).tolist()) == list(range(n)),
              f"fold {i}: training and validation parts together should hold every sample 0..{n - 1} once")
        np.add.at(counts, val, 1)
    twice = np.flatnonzero(counts > 1)
    never = np.flatnonzero(counts == 0)
    check(not twice.size, f"the validation folds overlap: sample(s) {twice[:5].tolist()} are validated more "
                          f"than once. Fold i should cover only its own block of samples")
    check(not never.size, f"sample(s) {never[:5].tolist()} are never validated: with {n} samples and {k} folds the "
                          f"{n % k} left over after n // k per fold must go into folds too (the first ones get one more)")


def test_every_sample_validated_once(exercise):
    """kfold_indices(10, 3): every sample is validated exactly once, never trained on in its own fold"""
    folds = _folds(exercise, 10, 3)
    _check_partition(folds, 10, 3)
    sizes = [len(v) for _, v in folds]
    check(sizes != [3, 3, 4], "the validation folds have sizes [3, 3, 4]: the leftover sample went to the last "
                              "fold. The n % k leftovers go one each to the first folds: sizes [4, 3, 3], as "
                              "scikit-learn's KFold")
    check(sizes == [4, 3, 3], f"the validation folds have sizes {sizes}; expected [4, 3, 3] (sizes differ by at "
                              f"most one, the bigger ones first, as scikit-learn's KFold)")
    check(folds[0][1].tolist() == [0, 1, 2, 3], f"the first fold should validate samples 0..3 in order; got "
                                                f"{folds[0][1].tolist()}")


@given(st.integers(2, 60), st.data())
def test_matches_scikit_learn(exercise, n, data):
    """for any n and k, the folds are those of scikit-learn's KFold(n_splits=k)"""
    k = data.draw(st.integers(2, min(n, 10)))
    folds = _folds(exercise, n, k)
    _check_partition(folds, n, k)
    for i, ((train, val), (ref_train, ref_val)) in enumerate(zip(folds, KFold(n_splits=k).split(np.zeros(n)))):
        check(sorted(val.tolist()) == ref_val.tolist(), f"kfold_indices({n}, {k}): fold {i} validates "
                                                        f"{sorted(val.tolist())[:8]}...; expected {ref_val.tolist()[:8]}...")


class _SpyModel:
    """Stands in for a Keras model and records what fit receives (and on which model)."""

    def __init__(self, log):
        self.log = log

    def compile(self, *args, **kwargs):
        pass

    def fit(self, *args, **kwargs):
        call = fit_arguments(args, kwargs)
        self.log.append(dict(call, x=np.asarray(call["x"]), y=np.asarray(call["y"]), model=self))
        epochs = call["epochs"]
        history = keras.callbacks.History()
        history.history = {"loss": [1.0 / (e + 1) for e in range(epochs)],
                           "val_loss": [1.5 / (e + 1) for e in range(epochs)]}
        return history

    def evaluate(self, *args, **kwargs):
        return [0.0, 0.0]

    def predict(self, x, *args, **kwargs):
        return np.zeros((len(x), 1))


def _spy_run(exercise, n=11, k=3, epochs=4):
    rng = np.random.RandomState(0)
    x = rng.normal(loc=[5.0, -3.0], scale=[2.0, 0.5], size=(n, 2))
    y = np.arange(n, dtype=float)   # the target is the sample's number, so each fold's samples can be read back
    log = []
    built = []

    def build_model():
        built.append(_SpyModel(log))
        return built[-1]

    result = exercise.kfold_histories(build_model, x, y, k=k, epochs=epochs, batch_size=4)
    return x, y, log, result, built


def test_histories_fresh_model_per_fold(exercise):
    """kfold_histories builds a new model for each fold, fits it silently, and returns each fold's history dict"""
    x, y, log, result, built = _spy_run(exercise)
    check(len(log) == 3, f"with k=3, model.fit should be called 3 times, on 3 fresh models; it was called "
                         f"{len(log)} time(s)")
    models = {id(entry["model"]) for entry in log}
    check(len(models) == 3, f"build_model() was called {len(built)} time(s) and the 3 folds trained "
                            f"{len(models)} model(s): a model that already trained on another fold has seen this "
                            f"fold's validation samples. Call build_model() inside the loop, once per fold")
    check(isinstance(result, list) and len(result) == 3, f"kfold_histories should return a list of 3 history dicts; "
                                                         f"got {type(result).__name__} of length "
                                                         f"{len(result) if hasattr(result, '__len__') else '?'}")
    check(all(isinstance(h, dict) and "val_loss" in h for h in result),
          "each item should be the fold's history.history dict (with 'loss' and 'val_loss')")
    check(all(entry["epochs"] == 4 for entry in log), f"kfold_histories(..., epochs=4) called fit with epochs "
                                                      f"{[entry['epochs'] for entry in log]}: pass epochs on")
    check(all(entry["batch_size"] == 4 for entry in log), f"kfold_histories(..., batch_size=4) called fit with "
                                                          f"batch_size {[entry['batch_size'] for entry in log]}: "
                                                          f"pass batch_size on")
    check(all(entry["verbose"] == 0 for entry in log), f"fit silently: model.fit(..., verbose=0); it got verbose "
                                                       f"{[entry['verbose'] for entry in log]}")


def test_histories_use_the_folds(exercise):
    """fold i trains on the other folds and validates on fold i (validation_data)"""
    x, y, log, _, _ = _spy_run(exercise)
    check(all(entry["validation_data"] is not None for entry in log),
          "model.fit got no validation_data: pass validation_data=(x_val, y_val) for the fold")
    expected = [(np.r_[4:11], np.r_[0:4]), (np.r_[0:4, 8:11], np.r_[4:8]), (np.r_[0:8], np.r_[8:11])]
    for i, (entry, (train, val)) in enumerate(zip(log, expected)):
        got_train = np.sort(entry["y"].astype(int))
        got_val = np.sort(np.asarray(entry["validation_data"][1]).astype(int))
        check(len(np.intersect1d(got_train, got_val)) == 0,
              f"fold {i} trains on samples it validates on ({np.intersect1d(got_train, got_val).tolist()})")
        check(got_val.tolist() == val.tolist(), f"fold {i} validated on samples {got_val.tolist()}; expected "
                                                f"{val.tolist()} (use kfold_indices)")
        check(got_train.tolist() == train.tolist(), f"fold {i} trained on samples {got_train.tolist()}; expected "
                                                    f"{train.tolist()}")


def test_histories_normalise_inside_each_fold(exercise):
    """each fold is z-scored with its own training part's mean and std, not the whole data's"""
    x, y, log, _, _ = _spy_run(exercise)
    for i, entry in enumerate(log):
        train_ids = entry["y"].astype(int)
        val_ids = np.asarray(entry["validation_data"][1]).astype(int)
        raw_train, raw_val = x[train_ids], x[val_ids]
        mean, std = raw_train.mean(axis=0), raw_train.std(axis=0)
        got_train, got_val = entry["x"], np.asarray(entry["validation_data"][0])
        check(not np.allclose(got_train, raw_train), f"fold {i}: the features were not normalised: z-score them "
                                                     f"with the mean and std of the fold's training part")
        whole_mean, whole_std = x.mean(axis=0), x.std(axis=0)
        check(not np.allclose(got_train, (raw_train - whole_mean) / whole_std, atol=1e-6),
              f"fold {i}: the features were normalised with the mean and std of the whole data set, which "
              f"includes this fold's validation samples. Compute them from the fold's training part only")
        check(np.allclose(got_train, (raw_train - mean) / std, atol=1e-6),
              f"fold {i}: the training part should be (x_train − mean) / std with the training part's own statistics")
        check(not np.allclose(got_val, (raw_val - raw_val.mean(axis=0)) / raw_val.std(axis=0), atol=1e-6)
              or len(val_ids) < 2,
              f"fold {i}: the validation part was normalised with its own statistics; use the training part's")
        check(np.allclose(got_val, (raw_val - mean) / std, atol=1e-6),
              f"fold {i}: the validation part should be scaled with the training part's mean and std")


def test_histories_with_keras(exercise):
    """kfold_histories runs with real Keras models: 2 folds × 1 epoch"""
    rng = np.random.RandomState(1)
    x = rng.uniform(size=(40, 3)).astype("float32")
    y = x.sum(axis=1)
    result = exercise.kfold_histories(lambda: build_dense_regressor(3, hidden=(8,)), x, y, k=2, epochs=1, batch_size=8)
    check(len(result) == 2 and all(len(h["val_loss"]) == 1 for h in result),
          "with k=2 and epochs=1, expected 2 histories of 1 epoch each")
