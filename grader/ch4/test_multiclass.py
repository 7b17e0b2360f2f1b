import keras
import numpy as np

from grader.checks import check, check_model_layers
from kerascourse.datasets import load_tabular
from kerascourse.preprocessing import one_hot

MISMATCH_INT = ("integer labels such as [3, 0, 7] need 'sparse_categorical_crossentropy'; "
                "'categorical_crossentropy' expects one-hot rows, one column per class")
MISMATCH_ONE_HOT = ("one-hot labels (one row of 0s and a single 1 per sample) need 'categorical_crossentropy'; "
                    "'sparse_categorical_crossentropy' expects integer labels")


def _loss_name(model) -> str:
    loss = model.get_compile_config().get("loss")
    if isinstance(loss, dict):
        import re
        return re.sub(r"(?<!^)(?=[A-Z])", "_", loss.get("class_name", "")).lower()
    if isinstance(loss, str):
        loss = keras.losses.get(loss)
    return getattr(loss, "__name__", type(loss).__name__)


def _digits():
    (x_train, y_train), (x_test, y_test) = load_tabular("digits", test_size=0.3, seed=0)
    return (x_train / 16.0, y_train), (x_test / 16.0, y_test)


def test_loss_for_integer_labels(exercise):
    """integer labels → 'sparse_categorical_crossentropy'"""
    got = exercise.loss_for(np.array([3, 0, 7, 1]))
    check(got != "categorical_crossentropy", f"loss_for([3, 0, 7, 1]) returned 'categorical_crossentropy': {MISMATCH_INT}")
    check(got == "sparse_categorical_crossentropy", f"loss_for([3, 0, 7, 1]) returned {got!r}; {MISMATCH_INT}")


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
    """build_classifier: Dense 64 relu → Dense 64 relu → Dense num_classes softmax, compiled with the given loss"""
    model = exercise.build_classifier(64, 10, "categorical_crossentropy")
    dense = keras.layers.Dense
    check_model_layers(model, [(dense, (64,)), (dense, (64,)), (dense, (10,))],
                       name="build_classifier(64, 10, ...)")
    last = model.layers[-1].get_config()["activation"]
    check(last == "softmax", f"the output uses {last!r}: one probability per class, summing to 1, needs 'softmax'")
    check(getattr(model, "optimizer", None) is not None, "build_classifier should return a compiled model")
    check(_loss_name(model) == "categorical_crossentropy", "build_classifier should compile with the loss it is given "
                                                           f"(got {_loss_name(model)!r})")


def _train_and_score(exercise, labels_format):
    (x_train, y_train), (x_test, y_test) = _digits()
    labels = y_train if labels_format == "integer" else one_hot(y_train, 10)
    try:
        model, history = exercise.train_classifier(x_train, labels, 10, epochs=4)
    except ValueError as exc:
        text = str(exc)
        if "shape" in text or "rank" in text.lower():
            check(False, f"fit failed with {labels_format} labels ({text.splitlines()[0][:160]}): "
                         + (MISMATCH_INT if labels_format == "integer" else MISMATCH_ONE_HOT))
        raise
    check(isinstance(history, keras.callbacks.History), "train_classifier should return (model, history)")
    loss = _loss_name(model)
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
