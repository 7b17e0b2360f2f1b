import keras
import numpy as np
import pytest

from kerascourse.layers import SimpleDense

X = np.random.RandomState(0).normal(size=(6, 5)).astype("float32")


def test_weights_made_in_build():
    layer = SimpleDense(3)
    assert layer.weights == []
    layer(X)
    assert [tuple(w.shape) for w in layer.weights] == [(5, 3), (3,)]


@pytest.mark.parametrize("activation", [None, "relu", "tanh", "softmax"])
def test_matches_keras_dense(activation):
    ours = SimpleDense(4, activation=activation)
    ours(X)
    dense = keras.layers.Dense(4, activation=activation)
    dense(X)
    dense.set_weights(ours.get_weights())
    np.testing.assert_allclose(keras.ops.convert_to_numpy(ours(X)), keras.ops.convert_to_numpy(dense(X)),
                               rtol=1e-6, atol=1e-6)


def test_no_bias():
    layer = SimpleDense(2, use_bias=False)
    layer(X)
    assert len(layer.weights) == 1


def test_config_and_save_round_trip(tmp_path):
    model = keras.Sequential([keras.Input((5,)), SimpleDense(8, activation="relu", kernel_initializer="he_normal"),
                              SimpleDense(2)])
    config = model.layers[0].get_config()
    assert config["units"] == 8 and config["activation"] == "relu"
    clone = SimpleDense.from_config(config)
    assert clone.units == 8 and clone.get_config()["kernel_initializer"] == config["kernel_initializer"]
    path = tmp_path / "m.keras"
    model.save(path)
    loaded = keras.models.load_model(path)   # registered: no custom_objects needed
    assert isinstance(loaded.layers[0], SimpleDense)
    np.testing.assert_allclose(loaded.predict(X, verbose=0), model.predict(X, verbose=0), rtol=1e-6)


def test_trains():
    keras.utils.set_random_seed(0)
    x = np.random.RandomState(1).normal(size=(64, 2)).astype("float32")
    y = x @ np.array([[2.0], [-1.0]], "float32") + 0.5
    model = keras.Sequential([keras.Input((2,)), SimpleDense(1)])
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss="mse")
    model.fit(x, y, epochs=30, batch_size=64, verbose=0)
    kernel, bias = model.layers[0].get_weights()
    np.testing.assert_allclose(kernel.ravel(), [2.0, -1.0], atol=0.05)
    np.testing.assert_allclose(bias, [0.5], atol=0.05)


@pytest.mark.parametrize("units", [0, -1, 2.5, True])
def test_bad_units(units):
    with pytest.raises(ValueError, match="units"):
        SimpleDense(units)
