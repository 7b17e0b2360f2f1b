"""Plausible wrong answers to chapter 4 fail, with a message that names the mistake.

LEARNER_MISTAKES holds what beginners really write, three per exercise, graded in rounds
(one child process per round, see conftest.mistake_rounds).
"""

import textwrap

import pytest
from conftest import Mistake, grade_mistake_round, mistake_rounds, round_ids


def _file(*parts: str) -> str:
    """One exercise file from a mistake and the correct functions it shares the file with."""
    return "\n".join(textwrap.dedent(part) for part in parts)


BINARY_BUILD = '''
def build_text_classifier(dimension):
    model = keras.Sequential([
        keras.Input(shape=(dimension,)),
        keras.layers.Dense(16, activation="relu"),
        keras.layers.Dense(16, activation="relu"),
        keras.layers.Dense(1, activation="sigmoid"),
    ])
    model.compile(optimizer="rmsprop", loss="binary_crossentropy", metrics=["accuracy"])
    return model
'''

BINARY_VECTORIZE = '''
def vectorize(sequences, dimension):
    results = np.zeros((len(sequences), dimension), dtype="float32")
    for i, sequence in enumerate(sequences):
        results[i, sequence] = 1.0
    return results
'''

BINARY_TRAIN = '''
def train_text_classifier(model, x, y, epochs=5, batch_size=32, verbose=0):
    return model.fit(x, y, epochs=epochs, batch_size=batch_size, validation_split=0.2, verbose=verbose)
'''

MULTICLASS_REST = '''
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

# tests/test_backends_grading.py grades this one under the other Keras backends too.
LOSS_ALWAYS_CATEGORICAL = _file('''
    import keras
    import numpy as np
    def loss_for(labels):
        return "categorical_crossentropy"
''', MULTICLASS_REST)

KFOLD_INDICES = '''
def kfold_indices(n_samples, k):
    sizes = np.full(k, n_samples // k)
    sizes[: n_samples % k] += 1
    indices = np.arange(n_samples)
    folds, start = [], 0
    for size in sizes:
        val = indices[start:start + size]
        folds.append((np.concatenate([indices[:start], indices[start + size:]]), val))
        start += size
    return folds
'''

KFOLD_HISTORIES = '''
def kfold_histories(build_model, x, y, k=4, epochs=10, batch_size=16):
    histories = []
    for train_idx, val_idx in kfold_indices(len(x), k):
        mean, std = x[train_idx].mean(axis=0), x[train_idx].std(axis=0)
        model = build_model()
        history = model.fit((x[train_idx] - mean) / std, y[train_idx],
                            validation_data=((x[val_idx] - mean) / std, y[val_idx]),
                            epochs=epochs, batch_size=batch_size, verbose=0)
        histories.append(history.history)
    return histories
'''

EARLY_STOPPING = '''
def early_stopping(patience=3):
    return keras.callbacks.EarlyStopping(monitor="val_loss", patience=patience, restore_best_weights=True)
'''

LEARNER_MISTAKES = [
    # --- binary_text
    Mistake("binary_text", "compiled with adam instead of rmsprop", _file('''
        import keras
        import numpy as np
        def build_text_classifier(dimension):
            model = keras.Sequential([
                keras.Input(shape=(dimension,)),
                keras.layers.Dense(16, activation="relu"),
                keras.layers.Dense(16, activation="relu"),
                keras.layers.Dense(1, activation="sigmoid"),
            ])
            model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
            return model
    ''', BINARY_VECTORIZE, BINARY_TRAIN), ("optimizer", "Adam", "rmsprop")),
    Mistake("binary_text", "the training data passed as validation data", _file('''
        import keras
        import numpy as np
        def train_text_classifier(model, x, y, epochs=5, batch_size=32, verbose=0):
            return model.fit(x, y, epochs=epochs, batch_size=batch_size, validation_data=(x, y), verbose=verbose)
    ''', BINARY_VECTORIZE, BINARY_BUILD), ("validation_data=(x, y)", "training samples", "validation_split=0.2")),
    Mistake("binary_text", "the book's vectorize_sequences: float64", _file('''
        import keras
        import numpy as np
        def vectorize(sequences, dimension):
            results = np.zeros((len(sequences), dimension))
            for i, sequence in enumerate(sequences):
                results[i, sequence] = 1.0
            return results
    ''', BINARY_BUILD, BINARY_TRAIN), ("float32", "float64")),
    # --- multiclass
    Mistake("multiclass", "always categorical_crossentropy", LOSS_ALWAYS_CATEGORICAL,
            ("integer labels such as [3, 0, 7] need 'sparse_categorical_crossentropy'",)),
    Mistake("multiclass", "the loss chosen from the values: two-class integer labels look one-hot", _file('''
        import keras
        import numpy as np
        def loss_for(labels):
            if np.max(labels) <= 1:
                return "categorical_crossentropy"
            return "sparse_categorical_crossentropy"
    ''', MULTICLASS_REST), ("two-class integer labels", "shape")),
    Mistake("multiclass", "hidden layers without an activation", _file('''
        import keras
        import numpy as np
        def loss_for(labels):
            labels = np.asarray(labels)
            return "categorical_crossentropy" if labels.ndim == 2 else "sparse_categorical_crossentropy"
        def build_classifier(input_dim, num_classes, loss):
            model = keras.Sequential([keras.Input(shape=(input_dim,)), keras.layers.Dense(64), keras.layers.Dense(64),
                                      keras.layers.Dense(num_classes, activation="softmax")])
            model.compile(optimizer="rmsprop", loss=loss, metrics=["accuracy"])
            return model
        def train_classifier(x, labels, num_classes, epochs=10, batch_size=32):
            model = build_classifier(x.shape[1], num_classes, loss_for(labels))
            return model, model.fit(x, labels, epochs=epochs, batch_size=batch_size, verbose=0)
    '''), ("hidden layer 1", "'linear'", "'relu'")),
    # --- normalize_split
    Mistake("normalize_split", "statistics of train and test together", '''
        import numpy as np
        def normalize(x_train, x_test):
            both = np.concatenate([x_train, x_test])
            mean, std = both.mean(axis=0), both.std(axis=0)
            return (x_train - mean) / std, (x_test - mean) / std
    ''', ("whole data set",)),
    Mistake("normalize_split", "the test split normalised with its own statistics", '''
        import numpy as np
        def normalize(x_train, x_test):
            def z(x):
                return (x - x.mean(axis=0)) / x.std(axis=0)
            return z(x_train), z(x_test)
    ''', ("its own mean and std",)),
    Mistake("normalize_split", "normalised in place, changing the caller's arrays", '''
        import numpy as np
        def normalize(x_train, x_test):
            mean, std = x_train.mean(axis=0), x_train.std(axis=0)
            x_train -= mean
            x_train /= std
            x_test -= mean
            x_test /= std
            return x_train, x_test
    ''', ("in place",)),
    # --- regression_model
    Mistake("regression_model", "a sigmoid output", '''
        import keras
        def build_regressor(input_dim):
            model = keras.Sequential([keras.Input(shape=(input_dim,)), keras.layers.Dense(64, activation="relu"),
                                      keras.layers.Dense(64, activation="relu"),
                                      keras.layers.Dense(1, activation="sigmoid")])
            model.compile(optimizer="rmsprop", loss="mse", metrics=["mae"])
            return model
    ''', ("sigmoid squeezes",)),
    Mistake("regression_model", "hidden layers without an activation", '''
        import keras
        def build_regressor(input_dim):
            model = keras.Sequential([keras.Input(shape=(input_dim,)), keras.layers.Dense(64), keras.layers.Dense(64),
                                      keras.layers.Dense(1)])
            model.compile(optimizer="rmsprop", loss="mse", metrics=["mae"])
            return model
    ''', ("hidden layer 1", "'linear'", "'relu'")),
    Mistake("regression_model", "compiled with adam", '''
        import keras
        def build_regressor(input_dim):
            model = keras.Sequential([keras.Input(shape=(input_dim,)), keras.layers.Dense(64, activation="relu"),
                                      keras.layers.Dense(64, activation="relu"), keras.layers.Dense(1)])
            model.compile(optimizer="adam", loss="mse", metrics=["mae"])
            return model
    ''', ("optimizer", "Adam", "rmsprop")),
    # --- kfold
    Mistake("kfold", "validation blocks two folds wide: neighbours overlap", _file('''
        import numpy as np
        def kfold_indices(n_samples, k):
            size = n_samples // k
            indices = np.arange(n_samples)
            folds = []
            for i in range(k):
                val = indices[i * size:(i + 2) * size]
                train = np.setdiff1d(indices, val)
                folds.append((train, val))
            return folds
    ''', KFOLD_HISTORIES), ("overlap",)),
    Mistake("kfold", "one model built before the loop, trained in every fold", _file('''
        import numpy as np
        def kfold_histories(build_model, x, y, k=4, epochs=10, batch_size=16):
            model = build_model()
            histories = []
            for train_idx, val_idx in kfold_indices(len(x), k):
                mean, std = x[train_idx].mean(axis=0), x[train_idx].std(axis=0)
                history = model.fit((x[train_idx] - mean) / std, y[train_idx],
                                    validation_data=((x[val_idx] - mean) / std, y[val_idx]),
                                    epochs=epochs, batch_size=batch_size, verbose=0)
                histories.append(history.history)
            return histories
    ''', KFOLD_INDICES), ("build_model() was called 1 time", "inside the loop")),
    Mistake("kfold", "the leftover samples all go to the last fold", _file('''
        import numpy as np
        def kfold_indices(n_samples, k):
            size = n_samples // k
            indices = np.arange(n_samples)
            folds = []
            for i in range(k):
                end = n_samples if i == k - 1 else (i + 1) * size
                val = indices[i * size:end]
                train = np.concatenate([indices[:i * size], indices[end:]])
                folds.append((train, val))
            return folds
    ''', KFOLD_HISTORIES), ("last fold", "first folds")),
    # --- best_epoch
    Mistake("best_epoch", "the epoch counted from 0", '''
        import numpy as np
        def best_epoch(history):
            return int(np.argmin(getattr(history, "history", history)["val_loss"]))
        def is_overfitting(history, tolerance=0.02):
            values = np.asarray(getattr(history, "history", history)["val_loss"], dtype=float)
            return bool(values[-1] > values.min() * (1 + tolerance))
    ''', ("Keras counts epochs from 1",)),
    Mistake("best_epoch", "a NumPy integer instead of an int", '''
        import numpy as np
        def best_epoch(history):
            values = getattr(history, "history", history)["val_loss"]
            return np.argmin(values) + 1
        def is_overfitting(history, tolerance=0.02):
            values = np.asarray(getattr(history, "history", history)["val_loss"], dtype=float)
            return bool(values[-1] > values.min() * (1 + tolerance))
    ''', ("int", "numpy")),
    Mistake("best_epoch", "the tolerance used as an absolute difference", '''
        import numpy as np
        def best_epoch(history):
            return int(np.argmin(getattr(history, "history", history)["val_loss"])) + 1
        def is_overfitting(history, tolerance=0.02):
            values = list(getattr(history, "history", history)["val_loss"])
            return values[-1] > min(values) + tolerance
    ''', ("relative",)),
    # --- regularisation
    Mistake("regularisation", "early stopping on the training loss", _file('''
        import keras
        def build_regularised(input_dim, num_classes, dropout=0.5, l2=0.001):
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
        def early_stopping(patience=3):
            return keras.callbacks.EarlyStopping(monitor="loss", patience=patience, restore_best_weights=True)
    '''), ("monitor='val_loss'",)),
    Mistake("regularisation", "hidden layers without relu", _file('''
        import keras
        def build_regularised(input_dim, num_classes, dropout=0.5, l2=0.001):
            model = keras.Sequential([
                keras.Input(shape=(input_dim,)),
                keras.layers.Dense(128, kernel_regularizer=keras.regularizers.L2(l2)),
                keras.layers.Dropout(dropout),
                keras.layers.Dense(128, kernel_regularizer=keras.regularizers.L2(l2)),
                keras.layers.Dropout(dropout),
                keras.layers.Dense(num_classes, activation="softmax"),
            ])
            model.compile(optimizer="rmsprop", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
            return model
    ''', EARLY_STOPPING), ("hidden layer 1", "'linear'", "'relu'")),
    Mistake("regularisation", "compiled without the accuracy metric", _file('''
        import keras
        def build_regularised(input_dim, num_classes, dropout=0.5, l2=0.001):
            model = keras.Sequential([
                keras.Input(shape=(input_dim,)),
                keras.layers.Dense(128, activation="relu", kernel_regularizer=keras.regularizers.L2(l2)),
                keras.layers.Dropout(dropout),
                keras.layers.Dense(128, activation="relu", kernel_regularizer=keras.regularizers.L2(l2)),
                keras.layers.Dropout(dropout),
                keras.layers.Dense(num_classes, activation="softmax"),
            ])
            model.compile(optimizer="rmsprop", loss="sparse_categorical_crossentropy")
            return model
    ''', EARLY_STOPPING), ("metrics=['accuracy']",)),
]

ROUNDS = mistake_rounds(LEARNER_MISTAKES)


@pytest.mark.slow
@pytest.mark.parametrize("round_", ROUNDS, ids=round_ids(ROUNDS))
def test_learner_mistakes(tmp_path, course, round_):
    grade_mistake_round(tmp_path, course, "ch4", round_)
