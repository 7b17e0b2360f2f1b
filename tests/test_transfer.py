"""Transfer-learning helpers on a 32×32 VGG16 base (no top: 14.7 M parameters, fast on a CPU)."""

import warnings

import numpy as np
import pytest

import keras

from kerascourse.models import (FineTuningWarning, build_vgg16, extract_features, feature_extractor,
                                trainable_param_count, transfer_model, unfreeze)

SMALL = (32, 32, 3)
BLOCK5_PARAMS = 3 * (3 * 3 * 512 * 512 + 512)  # 7,079,424


@pytest.fixture(scope="module")
def base():
    keras.utils.set_random_seed(0)
    return build_vgg16(input_shape=SMALL, include_top=False)


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(0)
    x = rng.uniform(-100, 150, size=(16, *SMALL)).astype("float32")
    y = rng.integers(0, 3, size=16)
    return x, y


def _np(variable):
    return keras.ops.convert_to_numpy(variable).copy()


def _snapshot(model):
    return [_np(w) for w in model.weights]


# --- feature_extractor / extract_features -----------------------------------------------------------

def test_feature_extractor_defaults_to_the_base_output(base, data):
    extractor = feature_extractor(base)
    assert extractor.output.shape == (None, 1, 1, 512)
    assert extractor.trainable is False and extractor.trainable_weights == []
    np.testing.assert_allclose(extractor.predict(data[0], verbose=0), base.predict(data[0], verbose=0), rtol=1e-6)


def test_feature_extractor_at_an_inner_layer_equals_a_keras_submodel(base, data):
    extractor = feature_extractor(base, layer="block4_pool")
    reference = keras.Model(base.input, base.get_layer("block4_pool").output)
    assert extractor.output.shape == (None, 2, 2, 512)
    np.testing.assert_allclose(extractor.predict(data[0], verbose=0), reference.predict(data[0], verbose=0),
                               rtol=1e-6)
    assert base.trainable  # the base itself is left as it was


def test_feature_extractor_names_the_layers_when_the_name_is_wrong(base):
    with pytest.raises(ValueError, match="block4_pool"):
        feature_extractor(base, layer="block4_pooling")
    with pytest.raises(ValueError, match="keras.Model"):
        feature_extractor(np.zeros(3))


def test_extract_features_from_an_array_equals_predict(base, data):
    features = extract_features(base, data[0], batch_size=5)
    assert isinstance(features, np.ndarray) and features.shape == (16, 1, 1, 512)
    np.testing.assert_allclose(features, base.predict(data[0], verbose=0), rtol=1e-5, atol=1e-6)


class _Batches(keras.utils.PyDataset):
    def __init__(self, x, y, batch_size):
        super().__init__()
        self.x, self.y, self.batch_size = x, y, batch_size

    def __len__(self):
        return -(-len(self.x) // self.batch_size)

    def __getitem__(self, i):
        s = slice(i * self.batch_size, (i + 1) * self.batch_size)
        return self.x[s], self.y[s]


@pytest.mark.parametrize("as_list", [False, True])
def test_extract_features_from_batches_keeps_features_and_labels_together(base, data, as_list):
    x, y = data
    batches = _Batches(x, y, batch_size=6)  # 6 + 6 + 4: the last batch is short
    if as_list:
        batches = iter([batches[i] for i in range(len(batches))])
    features, labels = extract_features(base, batches)
    assert features.shape == (16, 1, 1, 512)
    np.testing.assert_array_equal(labels, y)
    np.testing.assert_allclose(features, base.predict(x, verbose=0), rtol=1e-5, atol=1e-6)


# --- transfer_model ---------------------------------------------------------------------------------

def test_transfer_model_freezes_the_base_and_counts_only_the_head(base):
    model = transfer_model(base, num_classes=3, head=(64,))
    assert base.trainable is False
    assert model.output.shape == (None, 3)
    # head: Flatten(1·1·512) → Dense 64 → Dense 3
    assert trainable_param_count(model) == (512 * 64 + 64) + (64 * 3 + 3)
    assert model.count_params() == 14_714_688 + trainable_param_count(model)
    assert model.get_layer("predictions").get_config()["activation"] == "softmax"


def test_fit_changes_the_head_and_not_the_base(base, data):
    keras.utils.set_random_seed(1)
    model = transfer_model(base, num_classes=3, head=(32,), dropout=0.0)
    model.compile(optimizer=keras.optimizers.Adam(1e-2), loss="sparse_categorical_crossentropy")
    base_before = _snapshot(base)
    head_before = [_np(w) for w in model.trainable_weights]
    model.fit(data[0], data[1], epochs=1, batch_size=8, verbose=0)
    for before, after in zip(base_before, _snapshot(base)):
        np.testing.assert_array_equal(before, after)
    assert all(not np.array_equal(b, _np(a)) for b, a in zip(head_before, model.trainable_weights))


def test_binary_head_and_global_pooling(base):
    model = transfer_model(base, num_classes=1, head=(), pooling="avg")
    assert model.output.shape == (None, 1)
    assert model.get_layer("predictions").get_config()["activation"] == "sigmoid"
    assert trainable_param_count(model) == 512 + 1


def test_head_can_be_a_keras_layer(base):
    head = keras.Sequential([keras.layers.GlobalMaxPooling2D(), keras.layers.Dense(8, activation="relu")])
    model = transfer_model(base, num_classes=4, head=head)
    assert trainable_param_count(model) == (512 * 8 + 8) + (8 * 4 + 4)


@pytest.mark.parametrize("kwargs, phrase", [
    (dict(num_classes=0), "num_classes"),
    (dict(num_classes=2, pooling="sum"), "pooling"),
    (dict(num_classes=2, dropout=1.0), "dropout"),
    (dict(num_classes=2, head=(0,)), "units"),
])
def test_transfer_model_rejects_bad_arguments(base, kwargs, phrase):
    with pytest.raises(ValueError, match=phrase):
        transfer_model(base, **kwargs)


# --- unfreeze ---------------------------------------------------------------------------------------

def test_unfreeze_opens_the_last_block_only_and_reminds_about_the_learning_rate(data):
    inner = build_vgg16(input_shape=SMALL, include_top=False)
    model = transfer_model(inner, num_classes=3, head=(16,), dropout=0.0)
    model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="sparse_categorical_crossentropy")
    head_params = trainable_param_count(model)
    with pytest.warns(FineTuningWarning, match=r"learning rate.*1e-05.*compiled with learning rate 0.001"):
        returned = unfreeze(model, "block5_conv1")
    assert returned is model
    trainable = [layer.name for layer in inner.layers if layer.trainable]
    assert trainable == ["block5_conv1", "block5_conv2", "block5_conv3", "block5_pool"]
    assert trainable_param_count(model) == BLOCK5_PARAMS + head_params

    # After recompiling with a low rate, fit changes block 5 and leaves block 4 alone.
    model.compile(optimizer=keras.optimizers.Adam(1e-5), loss="sparse_categorical_crossentropy")
    block4 = _np(inner.get_layer("block4_conv3").kernel)
    block5 = _np(inner.get_layer("block5_conv3").kernel)
    model.fit(data[0], data[1], epochs=1, batch_size=16, verbose=0)
    np.testing.assert_array_equal(block4, _np(inner.get_layer("block4_conv3").kernel))
    assert not np.array_equal(block5, _np(inner.get_layer("block5_conv3").kernel))


def test_unfreeze_a_base_directly_and_from_an_earlier_block():
    base = build_vgg16(input_shape=SMALL, include_top=False)
    base.trainable = False
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # warn=False really is silent
        unfreeze(base, "block4_conv1", warn=False)
    assert [layer.name for layer in base.layers if layer.trainable][0] == "block4_conv1"
    # block 4: conv1 sees 256 channels, conv2 and conv3 see 512
    block4 = (3 * 3 * 256 * 512 + 512) + 2 * (3 * 3 * 512 * 512 + 512)
    assert block4 == 5_899_776
    assert trainable_param_count(base) == block4 + BLOCK5_PARAMS


def test_unfreeze_names_the_layers_when_the_name_is_wrong(base):
    model = transfer_model(base, num_classes=2)
    with pytest.raises(ValueError, match="block5_conv1"):
        unfreeze(model, "block6_conv1")
