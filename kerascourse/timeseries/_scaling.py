"""A scaler for series and windows, fitted on the training period only."""

from __future__ import annotations

import numpy as np

from kerascourse.preprocessing import MinMaxScaler, StandardScaler

__all__ = ["SeriesScaler"]

_KINDS = {"minmax": MinMaxScaler, "standard": StandardScaler}


class SeriesScaler:
    """Scale a time series with statistics from its training period, and undo it.

    A thin wrapper around :class:`kerascourse.preprocessing.MinMaxScaler` or
    :class:`~kerascourse.preprocessing.StandardScaler` that speaks the shapes of
    forecasting: a 1-D series, a ``(time, features)`` array, windows
    ``(n, window, features)``, and predictions of *one* column, ``(n, horizon)``.

    Fit it on the training period only. Fitting on the whole series lets the test
    period's minimum and maximum shape the training inputs: a leak of the future
    that makes backtests look better than deployment will ever be. Values of later
    periods may fall outside ``feature_range``; that is expected.

    Args:
        kind: ``"minmax"`` (to ``feature_range``) or ``"standard"`` (z-scores).
        feature_range: the target range of ``"minmax"``.

    Example:
        >>> train, test = np.array([10.0, 20.0, 30.0]), np.array([40.0])
        >>> scaler = SeriesScaler().fit(train)
        >>> scaler.transform(test).tolist()
        [1.5]
        >>> scaler.inverse_transform(np.array([[0.5, 1.5]])).tolist()
        [[20.0, 40.0]]
    """

    def __init__(self, kind: str = "minmax", feature_range=(0.0, 1.0)):
        if kind not in _KINDS:
            raise ValueError(f"kind must be one of {sorted(_KINDS)}; got {kind!r}")
        self.kind = kind
        self.feature_range = feature_range

    def fit(self, train) -> "SeriesScaler":
        """Learn the statistics of the training period, ``(time,)`` or ``(time, features)``."""
        arr = np.asarray(train, dtype=np.float64)
        if arr.ndim not in (1, 2):
            raise ValueError(f"fit expects the training period as (time,) or (time, features); "
                             f"got shape {arr.shape}")
        self.univariate_ = arr.ndim == 1
        columns = arr.reshape(len(arr), -1)
        scaler = MinMaxScaler(self.feature_range) if self.kind == "minmax" else StandardScaler()
        self.scaler_ = scaler.fit(columns)
        self.n_features_ = columns.shape[1]
        # Both scalers are affine per column: scaled = (x - center) / width.
        if self.kind == "minmax":
            low, high = self.feature_range
            range_ = np.where(self.scaler_.data_range_ == 0, 1.0, self.scaler_.data_range_)
            self.width_ = range_ / (high - low)
            self.center_ = self.scaler_.data_min_ - low * self.width_
        else:
            self.width_, self.center_ = self.scaler_.scale_, self.scaler_.mean_
        return self

    def _check(self):
        if not hasattr(self, "scaler_"):
            raise ValueError("this SeriesScaler is not fitted yet: call fit(train_period) first")

    def _coefficients(self, arr: np.ndarray, column):
        """The (width, center) that broadcast against ``arr`` for the chosen column(s)."""
        if column is not None:
            if not -self.n_features_ <= column < self.n_features_:
                raise ValueError(f"column {column} does not exist: the scaler was fitted on "
                                 f"{self.n_features_} feature(s)")
            return self.width_[column], self.center_[column]
        if self.n_features_ == 1:
            return self.width_[0], self.center_[0]
        if arr.ndim == 0 or arr.shape[-1] != self.n_features_:
            raise ValueError(f"the scaler was fitted on {self.n_features_} features, so the last axis "
                             f"must have {self.n_features_} values; got shape {arr.shape}. To transform "
                             f"one column (e.g. predictions of the target), pass column=<its index>")
        return self.width_, self.center_

    def transform(self, values, column: int | None = None) -> np.ndarray:
        """Scale ``values`` with the training statistics; any shape whose last axis is the features.

        With one feature (or ``column`` given) every value is scaled the same way,
        whatever the shape: a series, windows, or ``(n, horizon)`` targets.
        """
        self._check()
        arr = np.asarray(values, dtype=np.float64)
        width, center = self._coefficients(arr, column)
        return (arr - center) / width

    def inverse_transform(self, values, column: int | None = None) -> np.ndarray:
        """Map scaled values back to the original units (e.g. predictions back to prices).

        Args:
            values: scaled values of any shape (see :meth:`transform`).
            column: when the scaler was fitted on several features but ``values``
                hold only one of them (a forecast of the Close price), that
                feature's index.
        """
        self._check()
        arr = np.asarray(values, dtype=np.float64)
        width, center = self._coefficients(arr, column)
        return arr * width + center

    def fit_transform(self, train) -> np.ndarray:
        """``fit(train)`` then ``transform(train)``. Use it on the training period only."""
        return self.fit(train).transform(train)

    def __repr__(self):
        return f"SeriesScaler(kind={self.kind!r}, feature_range={self.feature_range!r})"
