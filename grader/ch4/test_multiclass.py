import keras
import numpy as np

from grader.checks import (check, check_compiled, check_hidden_activations, check_model_layers, loss_name,
                           metric_names, recording_fit)
from kerascourse.datasets import load_tabular
from kerascourse.preprocessing import one_hot

MISMATCH_INT = ("integer labels such as [3, 0, 7] need 'sparse_categorical_crossentropy'; "
                "'categorical_crossentropy' expects one-hot rows, one column per class")
MISMATCH_ONE_HOT = ("one-hot labels (one row of 0s and a single 1 per sample) need 'categorical_crossentropy'; "
                    "'sparse_categorical_crossentropy' expects integer labels")
ACCURACY = ("accuracy", "acc", "sparse_categorical_accuracy", "categorical_accuracy")


def _digits():
    (x_train, y_train), (x_test, y_test) = load_tabular("digits", test_size=0.3, seed=0)
    return (x_train / 16.0, y_train), (x_test / 16.0, y_test)


def test_loss_for_integer_labels(exercise):
    """integer labels → 'sparse_categorical_crossentropy'"""
    got = exercise.loss_for(np.array([3, 0, 7, 1]))
    check(got != "categorical_crossentropy", f"loss_for([3, 0, 7, 1]) returned 'categorical_crossentropy': {MISMATCH_INT}")
    check(got == "sparse_categorical_crossentropy", f"loss_for([3, 0, 7, 1]) returned {got!r}; {MISMATCH_INT}")
    two = exercise.loss_for(np.array([0, 1, 1, 0]))
    check(two == "sparse_categorical_crossentropy",
          f"loss_for([0, 1, 1, 0]) returned {two!r}: two-class integer labels are still integer labels (a 1-D "
          f"array), even though every value is 0 or 1 like in a one-hot row. Decide by the shape (labels.ndim), "
          f"not by the values; {MISMATCH_INT}")


def test_loss_for_one_hot_labels(exercise):
    """one-hot labels → 'categorical_crossentropy'"""
    got = exercise.loss_for(one_hot(np.array([3, 0, 7, 1]), 10))
    check(got != "sparse_categorical_crossentropy",
          f"loss_for(one-hot labels of shape (4, 10)) returned 'sparse_categorical_crossentropy': {MISMATCH_ONE_HOT}")
    check(got == "categorical_crossentropy", f"loss_for(one-hot labels) returned {got!r}; {MISMATCH_ONE_HOT}")
    two = exercise.loss_for(one_hot(np.array([1, 0, 1]), 2))
    check(two == "categorical_crossentropy", f"loss_for(one-hot labels of shape (3, 2)) returned {two!r}: two "
                                             f"one-hot columns are still one-hot rows; {MISMATCH_ONE_HOT}")


def test_architecture(exercise):
    """build_classifier: Dense 64 relu → Dense 64 relu → Dense num_classes softmax; rmsprop and accuracy"""
    model = exercise.build_classifier(64, 10, "categorical_crossentropy")
    dense = keras.layers.Dense
    name = "build_classifier(64, 10, 'categorical_crossentropy')"
    check_model_layers(model, [(dense, (64,)), (dense, (64,)), (dense, (10,))], name=name)
    hidden = [layer for layer in model.layers if isinstance(layer, dense)]
    check_hidden_activations(hidden[:2], name=name)
    last = hidden[2].get_config()["activation"]
    check(last == "softmax", f"the output uses {last!r}: one probability per class, summing to 1, needs 'softmax'")
    check_compiled(model, name=name)
    check_compiled(model, name=f"{name} (the stub asks for optimizer='rmsprop')", optimizer="rmsprop")
    metrics = metric_names(model)
    check(any(m in ACCURACY for m in metrics), f"{name} was compiled without the accuracy metric (its metrics: "
                                               f"{metrics}): compile with metrics=['accuracy']")


def test_uses_the_loss_it_is_given(exercise):
    """build_classifier compiles with the loss argument, whichever it is"""
    for loss in ("sparse_categorical_crossentropy", "categorical_crossentropy"):
        model = exercise.build_classifier(8, 3, loss)
        got = loss_name(model)
        check(got == loss, f"build_classifier(8, 3, {loss!r}) compiled with the loss {got!r}: compile with the "
                           f"loss it is given, model.compile(..., loss=loss), so that train_classifier can choose it")


def _train_and_score(exercise, labels_format):
    (x_train, y_train), (x_test, y_test) = _digits()
    labels = y_train if labels_format == "integer" else one_hot(y_train, 10)
    try:
        with recording_fit() as calls:
            model, history = exercise.train_classifier(x_train, labels, 10, epochs=4)
    except ValueError as exc:
        text = str(exc)
        if "shape" in text or "rank" in text.lower():
            check(False, f"fit failed with {labels_format} labels ({text.splitlines()[0][:160]}): "
                         + (MISMATCH_INT if labels_format == "integer" else MISMATCH_ONE_HOT))
        raise
    check(isinstance(history, keras.callbacks.History), "train_classifier should return (model, history)")
    fits = [call for call in calls if call["model"] is model]
    check(fits, "train_classifier returned a model that model.fit never trained: return the model you fitted")
    check(fits[-1]["epochs"] == 4, f"train_classifier(..., epochs=4) called fit with epochs={fits[-1]['epochs']}: "
                                   f"pass epochs=epochs on")
    loss = loss_name(model)
    want = "sparse_categorical_crossentropy" if labels_format == "integer" else "categorical_crossentropy"
    check(loss == want, f"trained on {labels_format} labels with {loss!r}: "
                        + (MISMATCH_INT if labels_format == "integer" else MISMATCH_ONE_HOT))
    predictions = np.asarray(model.predict(x_test, verbose=0)).argmax(axis=1)
    return float(np.mean(predictions == y_test))


def test_trains_on_integer_labels(exercise):
    """train_classifier learns the 10 digits from integer labels (test accuracy ≥ 85%; chance is 10%)"""
    accuracy = _train_and_score(exercise, "integer")
    check(accuracy >= 0.85, f"test accuracy with integer labels is {accuracy:.1%}; expected at least 85%")


def test_trains_on_one_hot_labels(exercise):
    """train_classifier learns the 10 digits from one-hot labels too (test accuracy ≥ 85%)"""
    accuracy = _train_and_score(exercise, "one-hot")
    check(accuracy >= 0.85, f"test accuracy with one-hot labels is {accuracy:.1%}; expected at least 85%")
