"""build_cnn, build_cifar_cnn and flatten_size: layer by layer, parameter by parameter."""

import keras
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from kerascourse.models import build_cifar_cnn, build_cnn, conv_output_size, flatten_size


def _table(model):
    return [(type(layer).__name__, tuple(layer.output.shape[1:]), layer.count_params()) for layer in model.layers]


def test_build_cnn_layer_by_layer():
    model = build_cnn((64, 64, 3), 2)
    assert _table(model) == [
        ("Conv2D", (62, 62, 32), 3 * 3 * 3 * 32 + 32),
        ("MaxPooling2D", (31, 31, 32), 0),
        ("Flatten", (31 * 31 * 32,), 0),
        ("Dense", (128,), 30752 * 128 + 128),
        ("Dense", (1,), 128 + 1),
    ]
    assert model.count_params() == 3_937_409
    conv = model.layers[0].get_config()
    assert tuple(conv["kernel_size"]) == (3, 3) and conv["activation"] == "relu" and conv["padding"] == "valid"
    assert model.layers[-1].get_config()["activation"] == "sigmoid"
    assert model.loss == "binary_crossentropy"


@pytest.mark.parametrize("num_classes", [1, 2])
def test_two_classes_get_one_sigmoid_unit(num_classes):
    model = build_cnn((32, 32, 3), num_classes)
    assert model.layers[-1].output.shape[-1] == 1 and model.loss == "binary_crossentropy"


def test_many_classes_get_softmax():
    model = build_cnn((32, 32, 1), 5)
    assert model.layers[-1].output.shape[-1] == 5
    assert model.layers[-1].get_config()["activation"] == "softmax"
    assert model.loss == "categorical_crossentropy"
    probs = model.predict(np.zeros((2, 32, 32, 1), "float32"), verbose=0)
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, rtol=1e-5)


def test_uncompiled_and_learning_rate():
    assert not build_cnn((16, 16, 3), 2, compile=False).compiled
    model = build_cnn((16, 16, 3), 2, learning_rate=0.01)
    assert float(model.optimizer.learning_rate) == pytest.approx(0.01)


def test_cifar_stack_matches_the_specification():
    model = build_cifar_cnn()
    rows = _table(model)
    assert [r[0] for r in rows] == ["Conv2D", "Conv2D", "MaxPooling2D"] * 3 + ["Flatten", "Dense", "Dense", "Dense"]
    assert [r[1] for r in rows] == [(32, 32, 32), (32, 32, 64), (16, 16, 64), (16, 16, 128), (16, 16, 128),
                                    (8, 8, 128), (8, 8, 256), (8, 8, 256), (4, 4, 256), (4096,), (1024,), (512,),
                                    (10,)]
    assert model.get_layer("flatten").output.shape[-1] == 4 * 4 * 256
    # every conv is 3×3 with padding "same": only the poolings shrink the image
    for layer in model.layers:
        if isinstance(layer, keras.layers.Conv2D):
            cfg = layer.get_config()
            assert tuple(cfg["kernel_size"]) == (3, 3) and cfg["padding"] == "same"
    expected = (896 + 18496 + 73856 + 147584 + 295168 + 590080 + 4096 * 1024 + 1024 + 1024 * 512 + 512
                + 512 * 10 + 10)
    assert model.count_params() == expected == 5_851_338
    assert model.loss == "categorical_crossentropy"


def test_cifar_other_shapes():
    model = build_cifar_cnn((64, 48, 1), 3)
    assert model.get_layer("flatten").output.shape[-1] == 8 * 6 * 256
    with pytest.raises(ValueError, match="too small"):
        build_cifar_cnn((4, 4, 3), 10)


def test_flatten_size_examples():
    assert flatten_size((64, 64, 3), [("conv", 32, 3), ("pool", 2)]) == 30752
    assert flatten_size((32, 32, 3), [("conv", 32, 3, "same"), ("pool", 2)] * 3) == 4 * 4 * 32
    assert flatten_size((150, 150, 3), [("conv", 32, 3), ("pool", 2), ("conv", 64, 3), ("pool", 2),
                                        ("conv", 128, 3), ("pool", 2), ("conv", 128, 3), ("pool", 2)]) == 7 * 7 * 128
    assert conv_output_size(7, 2, 2) == 3   # pooling an odd size rounds down


@settings(max_examples=25, deadline=None)
@given(height=st.integers(8, 40), width=st.integers(8, 40), channels=st.integers(1, 4),
       kernel=st.integers(1, 3), stride=st.integers(1, 2), padding=st.sampled_from(["valid", "same"]),
       pool=st.integers(1, 3))
def test_flatten_size_matches_keras(height, width, channels, kernel, stride, padding, pool):
    stack = [("conv", 5, kernel, padding, stride), ("pool", pool)]
    model = keras.Sequential([
        keras.Input((height, width, channels)),
        keras.layers.Conv2D(5, kernel, strides=stride, padding=padding),
        keras.layers.MaxPooling2D(pool),
        keras.layers.Flatten(),
    ])
    assert flatten_size((height, width, channels), stack) == model.layers[-1].output.shape[-1]


@pytest.mark.parametrize("bad, message", [
    (dict(input_shape=(64, 64)), "height, width, channels"),
    (dict(input_shape=(None, 64, 64, 3)), "height, width, channels"),
    (dict(input_shape=(2, 2, 3)), "too small"),
    (dict(num_classes=0), "num_classes"),
    (dict(num_classes=2.0), "num_classes"),
])
def test_bad_arguments(bad, message):
    args = dict(input_shape=(64, 64, 3), num_classes=2) | bad
    with pytest.raises(ValueError, match=message):
        build_cnn(**args)


def test_flatten_size_bad_steps():
    with pytest.raises(ValueError, match="'conv' or 'pool'"):
        flatten_size((32, 32, 3), [("dense", 10)])
    with pytest.raises(ValueError, match="too small"):
        flatten_size((4, 4, 3), [("conv", 8, 3), ("pool", 2), ("pool", 2)])
