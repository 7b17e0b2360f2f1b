import keras
import numpy as np
import pytest

from kerascourse.models import (build_binary_classifier, build_dense_classifier, build_dense_regressor,
                                loss_for_labels)
from kerascourse.preprocessing import one_hot


def _units_and_activations(model):
    return [(l.units, l.get_config()["activation"]) for l in model.layers if isinstance(l, keras.layers.Dense)]


def test_binary_classifier_is_the_books_imdb_model():
    model = build_binary_classifier(10000)
    assert _units_and_activations(model) == [(16, "relu"), (16, "relu"), (1, "sigmoid")]
    assert model.loss == "binary_crossentropy"
    assert model.count_params() == 10000 * 16 + 16 + 16 * 16 + 16 + 17


def test_mnist_classifier_784_128_16_10():
    model = build_dense_classifier(784, 10, hidden=(128, 16), labels="one_hot")
    assert _units_and_activations(model) == [(128, "relu"), (16, "relu"), (10, "softmax")]
    assert model.loss == "categorical_crossentropy"
    assert build_dense_classifier(784, 10).loss == "sparse_categorical_crossentropy"


def test_colour_regressor_and_learning_rate():
    model = build_dense_regressor(3, outputs=3, hidden=(64, 32, 16), optimizer="sgd", learning_rate=0.05)
    assert _units_and_activations(model) == [(64, "relu"), (32, "relu"), (16, "relu"), (3, "linear")]
    assert type(model.optimizer).__name__ == "SGD"
    assert float(model.optimizer.learning_rate) == pytest.approx(0.05)
    assert model.count_params() == 2915


def test_dropout_and_l2():
    model = build_dense_classifier(20, 3, hidden=(8, 8), dropout=0.25, l2=1e-3)
    kinds = [type(l).__name__ for l in model.layers]
    assert kinds == ["Dense", "Dropout", "Dense", "Dropout", "Dense"]
    assert all(l.rate == 0.25 for l in model.layers if isinstance(l, keras.layers.Dropout))
    hidden = [l for l in model.layers if isinstance(l, keras.layers.Dense)][:-1]
    penalty = float(sum(keras.ops.convert_to_numpy(v) for v in model.losses))
    expected = 1e-3 * sum(float(np.sum(keras.ops.convert_to_numpy(l.kernel) ** 2)) for l in hidden)
    assert penalty == pytest.approx(expected, rel=1e-4)
    assert model.layers[-1].kernel_regularizer is None   # the output layer is left alone


def test_uncompiled():
    assert getattr(build_dense_regressor(4, compile=False), "optimizer", None) is None


def test_one_hot_and_integer_labels_train_alike():
    rng = np.random.RandomState(0)
    x = rng.normal(size=(120, 4)).astype("float32")
    y = (x[:, 0] > 0).astype(int) + (x[:, 1] > 0).astype(int)
    for labels, fmt in ((y, "integer"), (one_hot(y, 3), "one_hot")):
        keras.utils.set_random_seed(0)
        model = build_dense_classifier(4, 3, hidden=(16,), labels=fmt, learning_rate=0.01, optimizer="adam")
        model.fit(x, labels, epochs=20, batch_size=32, verbose=0)
        assert model.evaluate(x, labels, verbose=0)[1] > 0.85


@pytest.mark.parametrize("call, match", [
    (lambda: build_dense_classifier(10, 1), "at least 2"),
    (lambda: build_dense_classifier(10, 3, labels="onehot"), "labels must be"),
    (lambda: build_dense_regressor(0), "input_dim"),
    (lambda: build_dense_regressor(3, hidden=(8, -1)), "hidden"),
    (lambda: build_binary_classifier(3, dropout=1.0), "dropout"),
    (lambda: build_binary_classifier(3, l2=-1), "l2"),
    (lambda: build_binary_classifier(3, optimizer=keras.optimizers.SGD(), learning_rate=0.1), "learning_rate"),
])
def test_bad_arguments(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_loss_for_labels():
    assert loss_for_labels(np.array([0, 2, 1])) == "sparse_categorical_crossentropy"
    assert loss_for_labels(np.array([[0], [2]])) == "sparse_categorical_crossentropy"
    assert loss_for_labels(one_hot(np.array([0, 2, 1]))) == "categorical_crossentropy"
    for bad in (np.array([[0.5, 0.5]]), np.array([-1, 2]), np.array(["a"]), np.zeros((2, 2, 2))):
        with pytest.raises(ValueError):
            loss_for_labels(bad)
