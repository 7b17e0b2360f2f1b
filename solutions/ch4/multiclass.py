"""Multiclass classification: the loss must match the format of the labels.

With integer labels (``[3, 0, 7]``) the loss is ``sparse_categorical_crossentropy``;
with one-hot labels (``[[0, 0, 0, 1, ...], ...]``) it is
``categorical_crossentropy``. Both compute the same number; mixing them up makes
``fit`` fail with a shape error, or learn nonsense.

Run: kerascourse grade ch4 multiclass    Hint: kerascourse hint ch4.multiclass
"""

import keras
import numpy as np


def loss_for(labels: np.ndarray) -> str:
    """The name of the right cross-entropy for these labels: integer labels (1-D) or one-hot rows (2-D)."""
    labels = np.asarray(labels)
    if labels.ndim == 2 and labels.shape[1] > 1:
        return "categorical_crossentropy"
    return "sparse_categorical_crossentropy"


def build_classifier(input_dim: int, num_classes: int, loss: str) -> keras.Sequential:
    """Input (input_dim,) → Dense 64 relu → Dense 64 relu → Dense num_classes softmax;
    compiled with rmsprop, this loss and the accuracy metric."""
    model = keras.Sequential([
        keras.Input(shape=(input_dim,)),
        keras.layers.Dense(64, activation="relu"),
        keras.layers.Dense(64, activation="relu"),
        keras.layers.Dense(num_classes, activation="softmax"),
    ])
    model.compile(optimizer="rmsprop", loss=loss, metrics=["accuracy"])
    return model


def train_classifier(x: np.ndarray, labels: np.ndarray, num_classes: int, epochs: int = 10,
                     batch_size: int = 32):
    """Build a classifier whose loss fits `labels` (integer or one-hot), fit it silently; return (model, history)."""
    model = build_classifier(x.shape[1], num_classes, loss_for(labels))
    history = model.fit(x, labels, epochs=epochs, batch_size=batch_size, verbose=0)
    return model, history
