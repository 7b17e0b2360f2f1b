"""Plausible wrong answers to chapter 4 fail, with a message that names the mistake."""

import pytest
from conftest import assert_named

NORMALIZE_WHOLE_DATA = '''
import numpy as np

def normalize(x_train, x_test):
    both = np.concatenate([x_train, x_test])
    mean, std = both.mean(axis=0), both.std(axis=0)
    return (x_train - mean) / std, (x_test - mean) / std
'''

KFOLD_OVERLAP = '''
import numpy as np

def kfold_indices(n_samples, k):
    size = n_samples // k
    indices = np.arange(n_samples)
    folds = []
    for i in range(k):
        val = indices[i * size:(i + 2) * size]          # two blocks: neighbouring folds overlap
        train = np.setdiff1d(indices, val)
        folds.append((train, val))
    return folds

def kfold_histories(build_model, x, y, k=4, epochs=10, batch_size=16):
    raise NotImplementedError("later")
'''

LOSS_ALWAYS_CATEGORICAL = '''
import keras
import numpy as np

def loss_for(labels):
    return "categorical_crossentropy"

def build_classifier(input_dim, num_classes, loss):
    model = keras.Sequential([keras.Input(shape=(input_dim,)), keras.layers.Dense(64, activation="relu"),
                              keras.layers.Dense(64, activation="relu"),
                              keras.layers.Dense(num_classes, activation="softmax")])
    model.compile(optimizer="rmsprop", loss=loss, metrics=["accuracy"])
    return model

def train_classifier(x, labels, num_classes, epochs=10, batch_size=32):
    model = build_classifier(x.shape[1], num_classes, loss_for(labels))
    return model, model.fit(x, labels, epochs=epochs, batch_size=batch_size, verbose=0)
'''

BEST_EPOCH_FROM_ZERO = '''
import numpy as np

def best_epoch(history):
    return int(np.argmin(getattr(history, "history", history)["val_loss"]))

def is_overfitting(history, tolerance=0.02):
    values = np.asarray(getattr(history, "history", history)["val_loss"], dtype=float)
    return bool(values[-1] > values.min() * (1 + tolerance))
'''

REGRESSOR_SIGMOID = '''
import keras

def build_regressor(input_dim):
    model = keras.Sequential([keras.Input(shape=(input_dim,)), keras.layers.Dense(64, activation="relu"),
                              keras.layers.Dense(64, activation="relu"), keras.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer="rmsprop", loss="mse", metrics=["mae"])
    return model
'''

EARLY_STOP_ON_TRAINING_LOSS = '''
import keras

def build_regularised(input_dim, num_classes, dropout=0.5, l2=0.001):
    raise NotImplementedError("later")

def early_stopping(patience=3):
    return keras.callbacks.EarlyStopping(monitor="loss", patience=patience, restore_best_weights=True)
'''


@pytest.mark.slow
def test_wrong_answers_fail_with_named_mistakes(make_workspace, grade):
    mistakes = {
        "normalize_split": (NORMALIZE_WHOLE_DATA, "whole data set"),
        "kfold": (KFOLD_OVERLAP, "overlap"),
        "multiclass": (LOSS_ALWAYS_CATEGORICAL, "integer labels such as [3, 0, 7] need 'sparse_categorical_crossentropy'"),
        "best_epoch": (BEST_EPOCH_FROM_ZERO, "Keras counts epochs from 1"),
        "regression_model": (REGRESSOR_SIGMOID, "sigmoid squeezes"),
        "regularisation": (EARLY_STOP_ON_TRAINING_LOSS, "monitor='val_loss'"),
    }
    ws = make_workspace("ch4", {name: source for name, (source, _) in mistakes.items()})
    result = grade("ch4", ws, exercises=list(mistakes))
    for name, (_, words) in mistakes.items():
        assert_named(result, name, "failed", words)
