"""Dense (fully connected) networks for vectors: classifiers and regressors.

The three shapes of problem in *Deep Learning with Python*, chapter 4, each a
stack of ``Dense`` layers with a last layer and loss that fit the target:

=========================  ==================  ===================================
problem                    last layer          loss
=========================  ==================  ===================================
binary classification      Dense(1, sigmoid)   binary_crossentropy
multiclass, integer labels Dense(k, softmax)   sparse_categorical_crossentropy
multiclass, one-hot labels Dense(k, softmax)   categorical_crossentropy
scalar regression          Dense(1), linear    mse (with mae as the metric)
=========================  ==================  ===================================

Every builder returns a compiled ``keras.Sequential`` (pass ``compile=False`` for
an uncompiled one) and accepts dropout and L2 weight decay for the hidden layers.

Example:
    >>> model = build_dense_classifier(784, 10, hidden=(128, 16))   # the MNIST classifier
    >>> [layer.units for layer in model.layers]
    [128, 16, 10]
    >>> build_dense_regressor(3, outputs=3, hidden=(64, 32, 16), optimizer="sgd").loss  # colours
    'mse'
"""

from __future__ import annotations

from collections.abc import Sequence

import keras
import numpy as np

__all__ = ["build_binary_classifier", "build_dense_classifier", "build_dense_regressor", "loss_for_labels"]

LABEL_FORMATS = {"integer": "sparse_categorical_crossentropy", "one_hot": "categorical_crossentropy"}


def _positive_int(value, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ValueError(f"{name} must be a positive integer; got {value!r}")
    return int(value)


def _optimizer(optimizer, learning_rate):
    """An optimizer from a name or an instance, with ``learning_rate`` set when given."""
    if learning_rate is None:
        return optimizer
    if not isinstance(optimizer, str):
        raise ValueError("learning_rate can only be given with an optimizer name such as 'sgd'; "
                         "set it on the optimizer instance instead")
    return keras.optimizers.get({"class_name": optimizer, "config": {"learning_rate": float(learning_rate)}})


def _dense_stack(input_dim, hidden: Sequence[int], activation, dropout: float, l2: float) -> list:
    input_dim = _positive_int(input_dim, "input_dim")
    if isinstance(hidden, (int, np.integer)):
        hidden = (hidden,)
    hidden = tuple(_positive_int(h, "each hidden layer size") for h in hidden)
    if not 0.0 <= dropout < 1.0:
        raise ValueError(f"dropout must be in [0, 1); got {dropout!r}")
    if l2 < 0:
        raise ValueError(f"l2 must be >= 0; got {l2!r}")
    layers = [keras.Input(shape=(input_dim,))]
    for units in hidden:
        regularizer = keras.regularizers.L2(l2) if l2 else None
        layers.append(keras.layers.Dense(units, activation=activation, kernel_regularizer=regularizer))
        if dropout:
            layers.append(keras.layers.Dropout(dropout))
    return layers


def _finish(layers, name, optimizer, learning_rate, loss, metrics, compile):
    model = keras.Sequential(layers, name=name)
    if compile:
        model.compile(optimizer=_optimizer(optimizer, learning_rate), loss=loss, metrics=list(metrics))
    return model


def build_binary_classifier(input_dim: int, hidden: Sequence[int] = (16, 16), *, activation="relu",
                            dropout: float = 0.0, l2: float = 0.0, optimizer="rmsprop",
                            learning_rate: float | None = None, metrics=("accuracy",), name=None,
                            compile: bool = True) -> keras.Sequential:
    """A dense network whose single sigmoid output is the probability of the positive class.

    The book's IMDB model is ``build_binary_classifier(10000)``: 16-16-1, rmsprop,
    binary cross-entropy.

    Example:
        >>> build_binary_classifier(100).output_shape
        (None, 1)
    """
    layers = _dense_stack(input_dim, hidden, activation, dropout, l2)
    layers.append(keras.layers.Dense(1, activation="sigmoid"))
    return _finish(layers, name, optimizer, learning_rate, "binary_crossentropy", metrics, compile)


def build_dense_classifier(input_dim: int, num_classes: int, hidden: Sequence[int] = (64, 64), *,
                           labels: str = "integer", activation="relu", dropout: float = 0.0, l2: float = 0.0,
                           optimizer="rmsprop", learning_rate: float | None = None, metrics=("accuracy",),
                           name=None, compile: bool = True) -> keras.Sequential:
    """A dense network with a softmax over ``num_classes`` classes.

    Args:
        labels: ``"integer"`` (labels like ``[3, 0, 2]``: sparse categorical
            cross-entropy) or ``"one_hot"`` (rows like ``[0, 0, 0, 1]``:
            categorical cross-entropy). The loss must match the labels you fit on.

    Example:
        >>> build_dense_classifier(64, 10, labels="one_hot").loss
        'categorical_crossentropy'
    """
    num_classes = _positive_int(num_classes, "num_classes")
    if num_classes < 2:
        raise ValueError("num_classes must be at least 2; for one yes/no output use build_binary_classifier")
    if labels not in LABEL_FORMATS:
        raise ValueError(f"labels must be 'integer' or 'one_hot'; got {labels!r}")
    layers = _dense_stack(input_dim, hidden, activation, dropout, l2)
    layers.append(keras.layers.Dense(num_classes, activation="softmax"))
    return _finish(layers, name, optimizer, learning_rate, LABEL_FORMATS[labels], metrics, compile)


def build_dense_regressor(input_dim: int, outputs: int = 1, hidden: Sequence[int] = (64, 64), *,
                          activation="relu", dropout: float = 0.0, l2: float = 0.0, optimizer="rmsprop",
                          learning_rate: float | None = None, loss="mse", metrics=("mae",), name=None,
                          compile: bool = True) -> keras.Sequential:
    """A dense network with a linear output: it can predict any real number.

    The book's Boston housing model is ``build_dense_regressor(13)``; the
    complementary-colour network of the lessons is
    ``build_dense_regressor(3, outputs=3, hidden=(64, 32, 16), optimizer="sgd")``.

    Example:
        >>> build_dense_regressor(13).layers[-1].get_config()["activation"]
        'linear'
    """
    outputs = _positive_int(outputs, "outputs")
    layers = _dense_stack(input_dim, hidden, activation, dropout, l2)
    layers.append(keras.layers.Dense(outputs))
    return _finish(layers, name, optimizer, learning_rate, loss, metrics, compile)


def loss_for_labels(labels) -> str:
    """The cross-entropy that fits these classification labels.

    Integer labels (shape ``(n,)`` or ``(n, 1)``) need
    ``"sparse_categorical_crossentropy"``; one-hot rows (shape ``(n, k)``, a single 1
    per row) need ``"categorical_crossentropy"``. Anything else is a ValueError.

    Example:
        >>> loss_for_labels(np.array([2, 0, 1]))
        'sparse_categorical_crossentropy'
        >>> loss_for_labels(np.eye(3))
        'categorical_crossentropy'
    """
    y = np.asarray(labels)
    if y.dtype.kind not in "biuf":
        raise ValueError(f"labels must be numbers; got dtype {y.dtype} (encode class names first)")
    if y.ndim == 1 or (y.ndim == 2 and y.shape[1] == 1):
        if y.size and (np.any(y < 0) or np.any(y != np.round(y))):
            raise ValueError("integer labels must be whole numbers >= 0")
        return LABEL_FORMATS["integer"]
    if y.ndim == 2:
        if not (np.isin(y, (0, 1)).all() and np.all(y.sum(axis=1) == 1)):
            raise ValueError("2-D labels must be one-hot rows: a single 1 in each row, zeros elsewhere")
        return LABEL_FORMATS["one_hot"]
    raise ValueError(f"labels must be 1-D integers or 2-D one-hot rows; got shape {y.shape}")
