"""Vectors in, numbers out: small tabular datasets that are always available offline.

- :func:`load_tabular` splits one of scikit-learn's bundled datasets (breast
  cancer, wine, diabetes, digits, iris) into training and test parts;
- :func:`load_boston_housing` reads ``boston_housing.npz`` from the Keras cache,
  giving the same split as ``keras.datasets.boston_housing.load_data``;
- :func:`complementary_colours` generates the colour regression of the lessons:
  RGB in, the complementary colour ``(max + min) - channel`` out;
- :func:`gaussian_clouds` generates two overlapping 2-D point clouds for a linear
  classifier.

Example:
    >>> (x_train, y_train), (x_test, y_test) = load_tabular("wine")
    >>> x_train.shape, x_test.shape
    ((133, 13), (45, 13))
"""

from __future__ import annotations

import numpy as np

from kerascourse.datasets.local import find_local_file

__all__ = ["TABULAR_DATASETS", "load_tabular", "load_boston_housing", "complementary", "complementary_colours",
           "gaussian_clouds"]

# name -> (scikit-learn loader, is it a classification task?)
TABULAR_DATASETS = {
    "breast_cancer": ("load_breast_cancer", True),
    "wine": ("load_wine", True),
    "digits": ("load_digits", True),
    "iris": ("load_iris", True),
    "diabetes": ("load_diabetes", False),
}


def _check_fraction(value: float, name: str) -> float:
    if not 0.0 < value < 1.0:
        raise ValueError(f"{name} must be between 0 and 1 (exclusive); got {value!r}")
    return float(value)


def load_tabular(name: str, test_size: float = 0.25, seed: int = 0):
    """One of scikit-learn's bundled datasets, split into training and test parts.

    Classification sets are split stratified (each class in the same proportion
    on both sides). Features are float32; labels int64 for classification and
    float32 targets for regression. The data is not scaled: fit a scaler on
    ``x_train`` and apply it to both parts.

    Args:
        name: ``"breast_cancer"`` (binary, 30 features), ``"wine"`` (3 classes, 13),
            ``"digits"`` (10 classes, 8×8 pixels as 64), ``"iris"`` (3 classes, 4),
            ``"diabetes"`` (regression, 10 features).

    Returns:
        ``(x_train, y_train), (x_test, y_test)``.
    """
    from sklearn import datasets
    from sklearn.model_selection import train_test_split

    if name not in TABULAR_DATASETS:
        raise ValueError(f"unknown dataset {name!r}; choose one of {sorted(TABULAR_DATASETS)}")
    loader, classification = TABULAR_DATASETS[name]
    x, y = getattr(datasets, loader)(return_X_y=True)
    x = x.astype(np.float32)
    y = y.astype(np.int64 if classification else np.float32)
    x_train, x_test, y_train, y_test = train_test_split(
        x, y, test_size=_check_fraction(test_size, "test_size"), random_state=seed,
        stratify=y if classification else None)
    return (x_train, y_train), (x_test, y_test)


def load_boston_housing(path=None, test_split: float = 0.2, seed: int = 113):
    """Boston house prices (13 features, price in $1000s) from ``boston_housing.npz``.

    The file is read from the Keras cache (``~/.keras/datasets``) or ``path``; the
    split is the one ``keras.datasets.boston_housing.load_data`` makes (shuffled
    with ``seed``, the last ``test_split`` for testing): 404 training and 102 test
    samples by default.

    Raises:
        DatasetNotFoundError: the file is not on this machine (nothing is downloaded).
    """
    test_split = _check_fraction(test_split, "test_split")
    file = find_local_file("boston_housing.npz", path,
                           offline_alternative='load_tabular("diabetes"), a regression set scikit-learn ships')
    with np.load(file, allow_pickle=False) as data:
        x, y = data["x"], data["y"]
    order = np.arange(len(x))
    np.random.RandomState(seed).shuffle(order)
    x, y = x[order], y[order]
    cut = int(len(x) * (1 - test_split))
    return (x[:cut], y[:cut]), (x[cut:], y[cut:])


def complementary(rgb) -> np.ndarray:
    """The complementary colour of each RGB row: ``(max + min) - channel``.

    It keeps the colour's lightness and turns its hue by 180°: red (1, 0, 0) becomes
    cyan (0, 1, 1); a grey is its own complement.

    Example:
        >>> complementary(np.array([[1.0, 0.0, 0.0], [0.2, 0.6, 0.4]]))
        array([[0. , 1. , 1. ],
               [0.6, 0.2, 0.4]])
    """
    rgb = np.asarray(rgb)
    if rgb.dtype.kind not in "iuf":
        raise ValueError(f"colours must be numbers; got dtype {rgb.dtype}")
    if rgb.ndim < 1 or rgb.shape[-1] != 3:
        raise ValueError(f"colours must have 3 channels (R, G, B) on the last axis; got shape {rgb.shape}")
    return rgb.max(axis=-1, keepdims=True) + rgb.min(axis=-1, keepdims=True) - rgb


def complementary_colours(n_samples: int = 2000, seed: int = 0):
    """Random RGB colours in [0, 1) and their complementary colours, both ``(n, 3)`` float32.

    An exact, noise-free regression task for a 3→64→32→16→3 network.

    Example:
        >>> x, y = complementary_colours(5)
        >>> x.shape, y.shape, bool(np.allclose(y, complementary(x)))
        ((5, 3), (5, 3), True)
    """
    if isinstance(n_samples, bool) or not isinstance(n_samples, (int, np.integer)) or n_samples < 1:
        raise ValueError(f"n_samples must be a positive integer; got {n_samples!r}")
    x = np.random.RandomState(seed).uniform(size=(n_samples, 3)).astype(np.float32)
    return x, complementary(x).astype(np.float32)


def gaussian_clouds(n_per_class: int = 1000, means=((0.0, 3.0), (3.0, 0.0)), cov=((1.0, 0.5), (0.5, 1.0)),
                    seed: int = 0):
    """Two 2-D Gaussian point clouds with a shared covariance: class 0 and class 1.

    The book's first linear classifier data (means (0, 3) and (3, 0)). Samples are
    class 0 then class 1, not shuffled.

    Returns:
        ``x`` of shape ``(2n, 2)`` float32 and ``y`` of shape ``(2n,)`` int64.

    Example:
        >>> x, y = gaussian_clouds(3)
        >>> x.shape, y.tolist()
        ((6, 2), [0, 0, 0, 1, 1, 1])
    """
    if isinstance(n_per_class, bool) or not isinstance(n_per_class, (int, np.integer)) or n_per_class < 1:
        raise ValueError(f"n_per_class must be a positive integer; got {n_per_class!r}")
    means = np.asarray(means, dtype=float)
    cov = np.asarray(cov, dtype=float)
    if means.shape != (2, 2) or cov.shape != (2, 2):
        raise ValueError(f"means must be two 2-D points and cov a 2×2 matrix; got {means.shape} and {cov.shape}")
    if not np.allclose(cov, cov.T) or np.any(np.linalg.eigvalsh(cov) < 0):
        raise ValueError("cov must be symmetric positive semi-definite")
    rng = np.random.RandomState(seed)
    x = np.vstack([rng.multivariate_normal(m, cov, size=n_per_class) for m in means]).astype(np.float32)
    y = np.repeat(np.arange(2), n_per_class).astype(np.int64)
    return x, y
