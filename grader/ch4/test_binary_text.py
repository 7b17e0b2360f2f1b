import keras
import numpy as np

from grader.checks import check, check_array, check_model_layers
from kerascourse.datasets import load_sentiment
from kerascourse.models import build_binary_classifier
from kerascourse.preprocessing import multi_hot

DIM = 200


def _loss_name(model) -> str:
    loss = model.get_compile_config().get("loss")
    if isinstance(loss, dict):
        import re
        return re.sub(r"(?<!^)(?=[A-Z])", "_", loss.get("class_name", "")).lower()
    if isinstance(loss, str):
        loss = keras.losses.get(loss)
    return getattr(loss, "__name__", type(loss).__name__)


def _data():
    (x_train, y_train), (x_test, y_test) = load_sentiment(num_words=DIM, n_samples=1000)
    return (x_train, y_train), (x_test, y_test)


def test_vectorize(exercise):
    """vectorize gives one multi-hot row per review: a 1 for every word code that occurs"""
    sequences = [[1, 5, 5, 9], [1, 2]]
    check_array(exercise.vectorize(sequences, 10), multi_hot(sequences, 10), name="vectorize([[1, 5, 5, 9], [1, 2]], 10)",
                dtype_kind="f", mistakes={"a repeated word was counted twice: multi-hot only marks that a word occurs":
                                          np.array([[0, 1, 0, 0, 0, 2, 0, 0, 0, 1], [0, 1, 1, 0, 0, 0, 0, 0, 0, 0]])})


def test_architecture(exercise):
    """the model is Dense 16 relu → Dense 16 relu → Dense 1 sigmoid on (dimension,) inputs"""
    model = exercise.build_text_classifier(DIM)
    dense = keras.layers.Dense
    check_model_layers(model, [(dense, (16,)), (dense, (16,)), (dense, (1,))], name=f"build_text_classifier({DIM})")
    acts = [layer.get_config()["activation"] for layer in model.layers]
    check(acts[:2] == ["relu", "relu"], f"the hidden layers should use relu; they use {acts[:2]}")
    check(acts[2] != "softmax", "the output is softmax over ONE unit, which is always 1.0 whatever the input: "
                                "a single probability needs activation='sigmoid'")
    check(acts[2] == "sigmoid", f"the output layer uses {acts[2]!r}; a probability between 0 and 1 for the positive "
                                f"class needs activation='sigmoid'")


def test_compiled_for_binary(exercise):
    """compiled with binary cross-entropy and the accuracy metric"""
    model = exercise.build_text_classifier(DIM)
    check(getattr(model, "optimizer", None) is not None, "build_text_classifier should return a compiled model (call model.compile)")
    loss = _loss_name(model)
    check(loss != "categorical_crossentropy", "categorical_crossentropy over a single output is always 0, so "
                                              "nothing is learned: a yes/no target needs 'binary_crossentropy'")
    check(loss == "binary_crossentropy", f"the loss is {loss!r}; a sigmoid probability of a yes/no label is trained "
                                         f"with 'binary_crossentropy'")
    metrics = model.get_compile_config().get("metrics") or []
    check(any("acc" in str(m).lower() for m in metrics), f"add metrics=['accuracy'] (the metrics are {metrics})")


def test_train_returns_history(exercise):
    """train_text_classifier fits with validation_split=0.2 and returns the History"""
    (x_train, y_train), _ = _data()
    model = build_binary_classifier(DIM)
    history = exercise.train_text_classifier(model, multi_hot(x_train, DIM), y_train, epochs=2)
    check(isinstance(history, keras.callbacks.History), f"return what model.fit returns (a History); got "
                                                        f"{type(history).__name__}")
    check("val_loss" in history.history, "the History has no val_loss: fit with validation_split=0.2")
    check(len(history.history["loss"]) == 2, f"train_text_classifier(..., epochs=2) ran "
                                             f"{len(history.history['loss'])} epochs")


def test_learns_sentiment(exercise):
    """your model, trained 10 epochs on 750 reviews, classifies at least 80% of unseen reviews correctly"""
    (x_train, y_train), (x_test, y_test) = _data()
    model = exercise.build_text_classifier(DIM)
    exercise.train_text_classifier(model, exercise.vectorize(x_train, DIM), y_train, epochs=10)
    probabilities = np.asarray(model.predict(exercise.vectorize(x_test, DIM), verbose=0)).reshape(-1)
    accuracy = float(np.mean((probabilities > 0.5) == (y_test == 1)))
    check(accuracy >= 0.80, f"test accuracy is {accuracy:.1%}; expected at least 80% (50% is chance for two classes)")
