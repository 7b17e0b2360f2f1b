"""Getting data ready for a network: encodings, pixel scaling, feature scaling.

NumPy in, NumPy out. The scalers follow scikit-learn's estimator contract
(``fit`` / ``transform`` / ``inverse_transform``, learned attributes ending in
``_``), so they drop into a scikit-learn ``Pipeline``; they are fitted on the
training split only and applied unchanged to every other split.

Example:
    >>> import numpy as np
    >>> one_hot(np.array([0, 2, 1]))
    array([[1., 0., 0.],
           [0., 0., 1.],
           [0., 1., 0.]], dtype=float32)
    >>> multi_hot([[1, 3], [0]], dimension=4)
    array([[0., 1., 0., 1.],
           [1., 0., 0., 0.]], dtype=float32)
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.base import BaseEstimator, OneToOneFeatureMixin, TransformerMixin
from sklearn.utils.validation import check_is_fitted

__all__ = [
    "one_hot", "multi_hot", "vectorize_sequences", "LabelEncoder", "scale_pixels",
    "MinMaxScaler", "StandardScaler",
]


def _integer_labels(labels, what: str = "labels") -> np.ndarray:
    """Validate class labels: a 1-D sequence of non-negative integers (no NaN, not ragged)."""
    try:
        arr = np.asarray(labels)
    except ValueError as exc:  # NumPy refuses ragged nested lists
        raise ValueError(f"{what} must be a flat sequence of integers; got ragged input ({exc})") from None
    if arr.dtype == object:
        raise ValueError(f"{what} must be a flat sequence of integers; got ragged or mixed input")
    if arr.ndim == 2 and arr.shape[1] == 1:  # a column of labels, as Keras accepts
        arr = arr[:, 0]
    if arr.ndim != 1:
        raise ValueError(f"{what} must be 1-D (one label per sample); got shape {arr.shape}")
    if arr.dtype.kind == "b" or arr.dtype.kind not in "iuf":
        raise ValueError(f"{what} must be integers; got dtype {arr.dtype}")
    if arr.dtype.kind == "f":
        if np.isnan(arr).any():
            raise ValueError(f"{what} contain NaN")
        if not np.all(arr == np.round(arr)):
            raise ValueError(f"{what} must be whole numbers; got fractional values such as "
                             f"{arr[arr != np.round(arr)][0]}")
    arr = arr.astype(np.int64)
    if arr.size and arr.min() < 0:
        raise ValueError(f"{what} must be non-negative; got {arr.min()}")
    return arr


def one_hot(labels, num_classes: int | None = None, dtype="float32") -> np.ndarray:
    """Encode integer class labels as one-hot rows (like ``keras.utils.to_categorical``).

    One-hot encoding is an *encoding* of categories, not a normalisation: each
    row has a single 1, in the column of its class.

    Args:
        labels: a 1-D sequence of integer labels in ``[0, num_classes)``.
        num_classes: the number of classes; inferred as ``max(labels) + 1`` when None.
        dtype: the dtype of the result.

    Returns:
        An array of shape ``(len(labels), num_classes)``.

    Raises:
        ValueError: for negative, fractional or NaN labels, ragged input, or a label
            that is ``>= num_classes``.

    Example:
        >>> one_hot([1, 0], num_classes=3)
        array([[0., 1., 0.],
               [1., 0., 0.]], dtype=float32)
    """
    y = _integer_labels(labels)
    if num_classes is None:
        if y.size == 0:
            raise ValueError("cannot infer num_classes from no labels: pass num_classes")
        num_classes = int(y.max()) + 1
    if int(num_classes) != num_classes or num_classes < 1:
        raise ValueError(f"num_classes must be a positive integer; got {num_classes!r}")
    num_classes = int(num_classes)
    if y.size and y.max() >= num_classes:
        raise ValueError(f"label {int(y.max())} is out of range for num_classes={num_classes} "
                         f"(labels must be 0 .. {num_classes - 1})")
    out = np.zeros((y.size, num_classes), dtype=dtype)
    out[np.arange(y.size), y] = 1
    return out


def multi_hot(sequences: Sequence[Sequence[int]], dimension: int, dtype="float32") -> np.ndarray:
    """Encode sequences of integer indices as multi-hot rows (the book's ``vectorize_sequences``).

    Row ``i`` has a 1 at every index that occurs in ``sequences[i]`` (repeats count once).

    Example:
        >>> multi_hot([[0, 2, 2]], dimension=3)
        array([[1., 0., 1.]], dtype=float32)
    """
    if int(dimension) != dimension or dimension < 1:
        raise ValueError(f"dimension must be a positive integer; got {dimension!r}")
    if isinstance(sequences, np.ndarray) and sequences.ndim == 1 and sequences.dtype != object:
        raise ValueError("multi_hot expects a sequence of sequences (one list of indices per sample); "
                         "got a flat array: for one label per sample use one_hot")
    out = np.zeros((len(sequences), int(dimension)), dtype=dtype)
    for i, sequence in enumerate(sequences):
        indices = _integer_labels(list(sequence), what=f"sequence {i}")
        if indices.size and indices.max() >= dimension:
            raise ValueError(f"sequence {i} contains index {int(indices.max())}, which does not fit "
                             f"in dimension={dimension} (indices must be 0 .. {int(dimension) - 1})")
        out[i, indices] = 1
    return out


vectorize_sequences = multi_hot


class LabelEncoder:
    """Map class names to integers 0..n-1 and back, remembering the classes.

    Classes are sorted, so the mapping does not depend on the order of the data
    (as in scikit-learn's ``LabelEncoder``).

    Example:
        >>> enc = LabelEncoder().fit(["dog", "cat", "dog"])
        >>> enc.classes_.tolist(), enc.transform(["cat", "dog"]).tolist()
        (['cat', 'dog'], [0, 1])
        >>> enc.inverse_transform([1, 0]).tolist()
        ['dog', 'cat']
    """

    def fit(self, labels) -> "LabelEncoder":
        arr = np.asarray(labels)
        if arr.ndim != 1 or arr.size == 0:
            raise ValueError(f"labels must be a non-empty 1-D sequence; got shape {arr.shape}")
        self.classes_ = np.unique(arr)
        return self

    def transform(self, labels) -> np.ndarray:
        self._check_fitted()
        arr = np.asarray(labels)
        codes = np.searchsorted(self.classes_, arr)
        codes = np.clip(codes, 0, len(self.classes_) - 1)
        unknown = arr[self.classes_[codes] != arr] if arr.size else arr
        if unknown.size:
            raise ValueError(f"unknown label {unknown[0]!r}: the encoder was fitted on "
                             f"{self.classes_.tolist()}")
        return codes.astype(np.int64)

    def fit_transform(self, labels) -> np.ndarray:
        return self.fit(labels).transform(labels)

    def inverse_transform(self, codes) -> np.ndarray:
        self._check_fitted()
        codes = _integer_labels(codes, what="codes")
        if codes.size and codes.max() >= len(self.classes_):
            raise ValueError(f"code {int(codes.max())} is out of range: there are {len(self.classes_)} classes")
        return self.classes_[codes]

    def _check_fitted(self):
        if not hasattr(self, "classes_"):
            raise ValueError("this LabelEncoder is not fitted yet: call fit(labels) first")


def scale_pixels(images, max_value: float = 255.0, dtype="float32") -> np.ndarray:
    """Scale pixel values from ``[0, max_value]`` to ``[0, 1]`` (divide by 255 for 8-bit images).

    Example:
        >>> scale_pixels(np.array([0, 51, 255], dtype=np.uint8))
        array([0. , 0.2, 1. ], dtype=float32)
    """
    arr = np.asarray(images)
    if arr.dtype.kind not in "iuf":
        raise ValueError(f"images must hold numbers; got dtype {arr.dtype}")
    if arr.dtype.kind == "f" and np.isnan(arr).any():
        raise ValueError("images contain NaN")
    if arr.size and (arr.min() < 0 or arr.max() > max_value):
        raise ValueError(f"pixel values must lie in [0, {max_value:g}]; got [{arr.min()}, {arr.max()}]")
    return (arr / np.asarray(max_value, dtype=dtype)).astype(dtype)


def _features(X, estimator) -> np.ndarray:
    arr = np.asarray(X, dtype=np.float64)
    if arr.ndim == 1:
        raise ValueError(f"{estimator} expects a 2-D array (samples, features); got a 1-D array. "
                         "Reshape with x.reshape(-1, 1) for a single feature.")
    if arr.ndim != 2:
        raise ValueError(f"{estimator} expects a 2-D array (samples, features); got shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{estimator} got NaN or infinite values: clean or impute them first")
    return arr


class _Scaler(OneToOneFeatureMixin, TransformerMixin, BaseEstimator):
    """Shared checks of the two scalers (scikit-learn's contract)."""

    def _validate(self, X, fitting: bool) -> np.ndarray:
        arr = _features(X, type(self).__name__)
        if fitting:
            if arr.shape[0] == 0:
                raise ValueError(f"{type(self).__name__}.fit needs at least one sample")
            self.n_features_in_ = arr.shape[1]
        else:
            check_is_fitted(self)
            if arr.shape[1] != self.n_features_in_:
                raise ValueError(f"X has {arr.shape[1]} features, but {type(self).__name__} was fitted "
                                 f"with {self.n_features_in_}")
        return arr


class MinMaxScaler(_Scaler):
    """Scale each feature to ``feature_range`` using the training data's min and max.

    Statistics come from ``fit`` (the training split) only; ``transform`` applies
    them unchanged, so test values may fall outside ``feature_range``. A constant
    feature maps to the range's lower end instead of dividing by zero.

    Example:
        >>> scaler = MinMaxScaler().fit([[0.0], [10.0]])
        >>> scaler.transform([[5.0], [20.0]]).ravel().tolist()
        [0.5, 2.0]
    """

    def __init__(self, feature_range=(0.0, 1.0)):
        self.feature_range = feature_range

    def fit(self, X, y=None):
        low, high = self.feature_range
        if not low < high:
            raise ValueError(f"feature_range must be (min, max) with min < max; got {self.feature_range}")
        arr = self._validate(X, fitting=True)
        self.data_min_ = arr.min(axis=0)
        self.data_max_ = arr.max(axis=0)
        self.data_range_ = self.data_max_ - self.data_min_
        safe_range = np.where(self.data_range_ == 0, 1.0, self.data_range_)
        self.scale_ = (high - low) / safe_range
        self.min_ = low - self.data_min_ * self.scale_
        return self

    def transform(self, X):
        return self._validate(X, fitting=False) * self.scale_ + self.min_

    def inverse_transform(self, X):
        return (self._validate(X, fitting=False) - self.min_) / self.scale_


class StandardScaler(_Scaler):
    """Standardise each feature to zero mean and unit variance (the z-score), from training statistics.

    Uses the population standard deviation (``ddof=0``), as scikit-learn does; a
    constant feature gets a scale of 1, so it maps to 0 and never to NaN.

    Example:
        >>> scaler = StandardScaler().fit([[1.0], [3.0]])
        >>> scaler.mean_.tolist(), scaler.scale_.tolist()
        ([2.0], [1.0])
        >>> scaler.inverse_transform(scaler.transform([[5.0]])).tolist()
        [[5.0]]
    """

    def fit(self, X, y=None):
        arr = self._validate(X, fitting=True)
        self.mean_ = arr.mean(axis=0)
        self.var_ = arr.var(axis=0)
        std = np.sqrt(self.var_)
        self.scale_ = np.where(std < 10 * np.finfo(np.float64).eps * np.maximum(1.0, np.abs(self.mean_)),
                               1.0, std)
        return self

    def transform(self, X):
        return (self._validate(X, fitting=False) - self.mean_) / self.scale_

    def inverse_transform(self, X):
        return self._validate(X, fitting=False) * self.scale_ + self.mean_
