import keras
import numpy as np

from grader.checks import (check, check_array, check_compiled, check_dtype, check_hidden_activations,
                           check_model_layers, loss_name, metric_names, recording_fit)
from kerascourse.datasets import load_sentiment
from kerascourse.models import build_binary_classifier
from kerascourse.preprocessing import multi_hot

DIM = 200
ACCURACY = ("accuracy", "acc", "binary_accuracy")


def _data():
    (x_train, y_train), (x_test, y_test) = load_sentiment(num_words=DIM, n_samples=1000)
    return (x_train, y_train), (x_test, y_test)


def test_vectorize(exercise):
    """vectorize gives one float32 multi-hot row per review: a 1 for every word code that occurs"""
    sequences = [[1, 5, 5, 9], [1, 2]]
    name = "vectorize([[1, 5, 5, 9], [1, 2]], 10)"
    out = exercise.vectorize(sequences, 10)
    check_array(out, multi_hot(sequences, 10), name=name, dtype_kind="fb",
                mistakes={"a repeated word was counted twice: multi-hot only marks that a word occurs":
                          np.array([[0, 1, 0, 0, 0, 2, 0, 0, 0, 1], [0, 1, 1, 0, 0, 0, 0, 0, 0, 0]])})
    check_dtype(out, "float32", name=f"{name} (the stub promises float32, what the Dense layers compute in)")


def test_architecture(exercise):
    """the model is Dense 16 relu → Dense 16 relu → Dense 1 sigmoid on (dimension,) inputs"""
    model = exercise.build_text_classifier(DIM)
    dense = keras.layers.Dense
    name = f"build_text_classifier({DIM})"
    check_model_layers(model, [(dense, (16,)), (dense, (16,)), (dense, (1,))], name=name)
    hidden = [layer for layer in model.layers if isinstance(layer, dense)]
    check_hidden_activations(hidden[:2], name=name)
    last = hidden[2].get_config()["activation"]
    check(last != "softmax", "the output is softmax over ONE unit, which is always 1.0 whatever the input: "
                             "a single probability needs activation='sigmoid'")
    check(last == "sigmoid", f"the output layer uses {last!r}; a probability between 0 and 1 for the positive "
                             f"class needs activation='sigmoid'")


def test_compiled_for_binary(exercise):
    """compiled with rmsprop, binary cross-entropy and the accuracy metric"""
    model = exercise.build_text_classifier(DIM)
    name = f"build_text_classifier({DIM})"
    check_compiled(model, name=name)
    loss = loss_name(model)
    check(loss != "categorical_crossentropy", "categorical_crossentropy over a single output is always 0, so "
                                              "nothing is learned: a yes/no target needs 'binary_crossentropy'")
    check(loss == "binary_crossentropy", f"the loss is {loss!r}; a sigmoid probability of a yes/no label is trained "
                                         f"with 'binary_crossentropy'")
    check_compiled(model, name=f"{name} (the stub asks for optimizer='rmsprop')", optimizer="rmsprop")
    metrics = metric_names(model)
    check(any(m in ACCURACY for m in metrics), f"{name} was compiled without the accuracy metric (its metrics: "
                                               f"{metrics}): compile with metrics=['accuracy']")


def test_train_fit_arguments(exercise):
    """train_text_classifier fits the given model once with validation_split=0.2, epochs and batch_size, and returns
    fit's History"""
    rng = np.random.default_rng(0)
    x = rng.integers(0, 2, size=(20, DIM)).astype("float32")
    y = rng.integers(0, 2, size=20)
    model = build_binary_classifier(DIM)
    call_text = "train_text_classifier(model, x, y, epochs=3, batch_size=8)"
    with recording_fit(train=False) as calls:
        history = exercise.train_text_classifier(model, x, y, epochs=3, batch_size=8)
    check(len(calls) == 1, f"{call_text} called model.fit {len(calls)} times; expected once")
    fit = calls[0]
    check(fit["model"] is model, f"{call_text} trained another model than the one it was given: call model.fit on it")
    given = fit["validation_data"]
    if given is not None:
        x_val = np.asarray(given[0]) if isinstance(given, (tuple, list)) and given else None
        if x_val is not None and x_val.shape == x.shape and np.array_equal(x_val, x):
            check(False, f"{call_text} passed validation_data=(x, y), the training samples themselves: a score on "
                         f"data the model trains on says nothing about new reviews. Hold 20% out of training "
                         f"with fit(..., validation_split=0.2)")
        check(False, f"{call_text} passed its own validation_data to fit; the exercise holds out the last 20% "
                     f"with fit(..., validation_split=0.2)")
    check(np.isclose(float(fit["validation_split"]), 0.2),
          f"{call_text} called fit with validation_split={fit['validation_split']}; expected 0.2 (20% of the "
          f"reviews held out to measure overfitting)")
    check(fit["epochs"] == 3, f"{call_text} called fit with epochs={fit['epochs']}: pass epochs=epochs on")
    check(fit["batch_size"] == 8, f"{call_text} called fit with batch_size={fit['batch_size']}: pass "
                                  f"batch_size=batch_size on")
    check(history is fit["returned"], f"{call_text} returned {type(history).__name__}; return what model.fit "
                                      f"returns (the History)")


def test_learns_sentiment(exercise):
    """your model, trained 10 epochs on 750 reviews, classifies at least 80% of unseen reviews correctly"""
    (x_train, y_train), (x_test, y_test) = _data()
    model = exercise.build_text_classifier(DIM)
    history = exercise.train_text_classifier(model, exercise.vectorize(x_train, DIM), y_train, epochs=10)
    check(isinstance(history, keras.callbacks.History) and "val_loss" in history.history,
          "train_text_classifier should return the History of a fit with validation_split=0.2 (with val_loss)")
    probabilities = np.asarray(model.predict(exercise.vectorize(x_test, DIM), verbose=0)).reshape(-1)
    accuracy = float(np.mean((probabilities > 0.5) == (y_test == 1)))
    check(accuracy >= 0.80, f"test accuracy is {accuracy:.1%}; expected at least 80% (50% is chance for two classes)")
