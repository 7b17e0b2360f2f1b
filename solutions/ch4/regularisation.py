"""Fighting overfitting: dropout, L2 weight decay and early stopping.

Dropout sets a random fraction of a layer's outputs to zero at each training
step; L2 regularisation adds ``l2 · Σ w²`` to the loss so weights stay small;
early stopping ends training when the validation loss stops improving and
restores the best weights. All three narrow the gap between training and
validation performance.

Run: kerascourse grade ch4 regularisation    Hint: kerascourse hint ch4.regularisation
"""

import keras


def build_regularised(input_dim: int, num_classes: int, dropout: float = 0.5, l2: float = 0.001) -> keras.Sequential:
    """Input → Dense 128 relu (L2) → Dropout → Dense 128 relu (L2) → Dropout → Dense num_classes softmax.

    Both hidden Dense layers get kernel_regularizer=keras.regularizers.L2(l2). Compile with
    rmsprop, sparse categorical cross-entropy and the accuracy metric.
    """
    model = keras.Sequential([
        keras.Input(shape=(input_dim,)),
        keras.layers.Dense(128, activation="relu", kernel_regularizer=keras.regularizers.L2(l2)),
        keras.layers.Dropout(dropout),
        keras.layers.Dense(128, activation="relu", kernel_regularizer=keras.regularizers.L2(l2)),
        keras.layers.Dropout(dropout),
        keras.layers.Dense(num_classes, activation="softmax"),
    ])
    model.compile(optimizer="rmsprop", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


def early_stopping(patience: int = 3) -> keras.callbacks.EarlyStopping:
    """An EarlyStopping callback on the validation loss, with this patience, restoring the best weights."""
    return keras.callbacks.EarlyStopping(monitor="val_loss", patience=patience, restore_best_weights=True)
