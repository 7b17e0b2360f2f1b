"""K-fold cross-validation for Keras models on small datasets.

With a few hundred samples, one validation split is too small to trust: its
score depends on which samples it happened to get. K-fold validation cuts the
data into ``k`` folds, trains ``k`` fresh models, each validated on one fold and
trained on the other ``k - 1``, and averages. Every sample is validated exactly
once, and never by a model that trained on it.

Example:
    >>> [val.tolist() for _, val in kfold_indices(5, 2)]
    [[0, 1, 2], [3, 4]]
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from kerascourse.training import best_epoch as _best_epoch
from kerascourse.training import progress

__all__ = ["kfold_indices", "KFoldResult", "cross_validate"]


def kfold_indices(n_samples: int, k: int, *, shuffle: bool = False, seed: int | None = None
                  ) -> list[tuple[np.ndarray, np.ndarray]]:
    """Split ``range(n_samples)`` into ``k`` folds; return ``[(train_idx, val_idx), ...]``.

    The folds are contiguous blocks (of the shuffled order, with ``shuffle=True``)
    whose sizes differ by at most one: the first ``n_samples % k`` folds get one
    extra sample, so none is left out. The same folds as scikit-learn's
    ``KFold(n_splits=k, shuffle=shuffle, random_state=seed)``.

    Example:
        >>> train, val = kfold_indices(6, 3)[1]
        >>> train.tolist(), val.tolist()
        ([0, 1, 4, 5], [2, 3])
    """
    for value, name in ((n_samples, "n_samples"), (k, "k")):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
            raise ValueError(f"{name} must be an integer; got {value!r}")
    if k < 2:
        raise ValueError(f"k must be at least 2 (one fold to validate, the rest to train); got {k}")
    if n_samples < k:
        raise ValueError(f"cannot make {k} folds from {n_samples} samples: every fold needs at least one")
    order = np.arange(n_samples)
    if shuffle:
        np.random.RandomState(seed).shuffle(order)
    sizes = np.full(k, n_samples // k)
    sizes[: n_samples % k] += 1
    folds = []
    start = 0
    for size in sizes:
        val = order[start:start + size]
        train = np.concatenate([order[:start], order[start + size:]])
        folds.append((train, val))
        start += size
    return folds


@dataclass
class KFoldResult:
    """What :func:`cross_validate` learned: one history and one score per fold.

    Attributes:
        histories: ``histories[i]`` is fold ``i``'s ``{metric: [per epoch]}``.
        scores: ``scores[i]`` is ``model.evaluate`` on fold ``i``'s validation part.
        folds: the ``(train_idx, val_idx)`` pairs used.
    """

    histories: list[dict[str, list[float]]] = field(default_factory=list)
    scores: list[dict[str, float]] = field(default_factory=list)
    folds: list[tuple[np.ndarray, np.ndarray]] = field(default_factory=list)

    def mean_history(self, key: str = "val_loss") -> np.ndarray:
        """The per-epoch average of ``key`` over the folds (the book's averaged MAE curve)."""
        if not self.histories:
            raise ValueError("no folds were run")
        missing = [i for i, h in enumerate(self.histories) if key not in h]
        if missing:
            raise ValueError(f"{key!r} is not in the histories; they have {sorted(self.histories[0])}")
        length = min(len(h[key]) for h in self.histories)  # early stopping may end folds at different epochs
        return np.mean([h[key][:length] for h in self.histories], axis=0)

    def mean_score(self, key: str = "loss") -> float:
        """The average over folds of one evaluation score."""
        if not self.scores or key not in self.scores[0]:
            raise ValueError(f"{key!r} is not among the scores {sorted(self.scores[0]) if self.scores else []}")
        return float(np.mean([s[key] for s in self.scores]))

    def mean_history_dict(self) -> dict[str, list[float]]:
        """Every metric averaged per epoch: a dict to hand to plots or :func:`~kerascourse.training.diagnose`."""
        return {key: self.mean_history(key).tolist() for key in self.histories[0]}

    def best_epoch(self, monitor: str = "val_loss") -> int:
        """The epoch (from 1) where the fold-averaged ``monitor`` is best."""
        return _best_epoch({monitor: self.mean_history(monitor).tolist()}, monitor)


def _take(data, idx):
    return data[idx] if data is not None else None


def cross_validate(build_model, x, y, k: int = 4, *, epochs: int = 20, batch_size: int = 16, scaler=None,
                   shuffle: bool = True, seed: int | None = 0, verbose=0, callbacks=None,
                   **fit_kwargs) -> KFoldResult:
    """Train ``k`` fresh models with K-fold validation and collect their histories.

    Args:
        build_model: a function with no arguments that returns a new compiled
            model; it is called once per fold so no fold starts from weights
            another fold trained.
        x, y: the whole training data (NumPy arrays of the same length).
        scaler: optional scikit-learn-style transformer (e.g.
            ``kerascourse.preprocessing.StandardScaler()``). A fresh copy is fitted
            on each fold's training part only and applied to its validation part,
            so no statistic of the validation samples leaks into training.
        verbose: 0 (silent), 1/2 (Keras's output) or ``"rich"`` (a progress bar).
        callbacks: Keras callbacks for every fold (e.g. ``EarlyStopping``).
        fit_kwargs: anything else for ``model.fit``.

    Example:
        >>> from kerascourse.models import build_dense_regressor
        >>> x = np.random.rand(40, 3).astype("float32"); y = x.sum(axis=1)
        >>> result = cross_validate(lambda: build_dense_regressor(3, hidden=(8,)), x, y, k=4, epochs=2)
        >>> len(result.histories), len(result.histories[0]["val_loss"])
        (4, 2)
    """
    x = np.asarray(x)
    y = np.asarray(y)
    if len(x) != len(y):
        raise ValueError(f"x and y must have the same number of samples; got {len(x)} and {len(y)}")
    if not callable(build_model):
        raise ValueError("build_model must be a function that returns a new compiled model")
    keras_verbose, progress_callbacks = progress(verbose)
    result = KFoldResult()
    seen_models = []
    for fold, (train_idx, val_idx) in enumerate(kfold_indices(len(x), k, shuffle=shuffle, seed=seed)):
        x_train, x_val = x[train_idx], x[val_idx]
        if scaler is not None:
            from sklearn.base import clone

            fold_scaler = clone(scaler).fit(x_train)
            x_train, x_val = fold_scaler.transform(x_train), fold_scaler.transform(x_val)
        model = build_model()
        if any(model is m for m in seen_models):
            raise ValueError("build_model returned the same model twice: each fold needs a new model, "
                             "or later folds start from weights trained on their validation samples")
        seen_models.append(model)
        history = model.fit(x_train, y[train_idx], validation_data=(x_val, y[val_idx]), epochs=epochs,
                            batch_size=batch_size, verbose=keras_verbose,
                            callbacks=list(callbacks or []) + progress_callbacks, **fit_kwargs)
        result.histories.append({key: [float(v) for v in values] for key, values in history.history.items()})
        result.scores.append({key: float(v) for key, v in
                              model.evaluate(x_val, y[val_idx], verbose=0, return_dict=True).items()})
        result.folds.append((train_idx, val_idx))
    return result
