"""kerascourse.models.vgg against keras.applications.VGG16 (always with weights=None: no download)."""

import re

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import keras

from kerascourse.models import (VGG16_SPEC, WeightsNotFoundError, build_vgg16, conv2d_params, dense_params,
                                imagenet_weights_path, preprocess_input, vgg16_flatten_size, vgg16_layer_table,
                                vgg16_param_count)
from kerascourse.models.vgg import WEIGHTS_FILE, WEIGHTS_FILE_NO_TOP

SMALL = (32, 32, 3)


def _without(config, *keys):
    return {k: v for k, v in config.items() if k not in keys}


def assert_same_architecture(ours, reference):
    """Layer by layer: the same class, name, output shape, configuration and parameter count."""
    assert len(ours.layers) == len(reference.layers), ([l.name for l in ours.layers], [l.name for l in reference.layers])
    for mine, theirs in zip(ours.layers, reference.layers):
        assert type(mine) is type(theirs), (mine.name, type(mine), type(theirs))
        if type(mine).__name__ == "InputLayer":
            assert tuple(mine.output.shape) == tuple(theirs.output.shape)
            continue
        # Unnamed layers (the global pooling) get a counter suffix from Keras: compare without it.
        assert re.sub(r"_\d+$", "", mine.name) == re.sub(r"_\d+$", "", theirs.name)
        assert tuple(mine.output.shape) == tuple(theirs.output.shape), mine.name
        assert _without(mine.get_config(), "name") == _without(theirs.get_config(), "name"), mine.name
        assert mine.count_params() == theirs.count_params(), mine.name
    assert ours.count_params() == reference.count_params()


@pytest.fixture(scope="module")
def full_pair():
    """The 224×224 models with the top, built once for the module (138 M parameters each)."""
    return build_vgg16(), keras.applications.VGG16(weights=None)


@pytest.fixture(scope="module")
def small_reference():
    return keras.applications.VGG16(weights=None, include_top=False, input_shape=SMALL)


def test_full_model_matches_keras_layer_by_layer(full_pair):
    ours, reference = full_pair
    assert_same_architecture(ours, reference)
    assert ours.count_params() == 138_357_544
    assert ours.name == "vgg16"


def test_full_model_has_13_convolutions_5_poolings_3_dense(full_pair):
    kinds = [type(layer).__name__ for layer in full_pair[0].layers]
    assert (kinds.count("Conv2D"), kinds.count("MaxPooling2D"), kinds.count("Dense")) == (13, 5, 3)
    assert full_pair[0].output.shape == (None, 1000)


def test_layer_table_matches_the_built_model(full_pair):
    ours = full_pair[1]  # the Keras reference itself
    rows = vgg16_layer_table()
    layers = [layer for layer in ours.layers if type(layer).__name__ != "InputLayer"]
    assert [r["name"] for r in rows] == [layer.name for layer in layers]
    for row, layer in zip(rows, layers):
        assert row["type"] == type(layer).__name__
        assert row["output_shape"] == tuple(layer.output.shape[1:]), row["name"]
        assert row["params"] == layer.count_params(), row["name"]


def test_parameter_counts_by_formula():
    assert vgg16_param_count() == 138_357_544
    assert vgg16_param_count(include_top=False) == 14_714_688
    blocks = vgg16_param_count(by_block=True)
    assert blocks == {"block1": 38_720, "block2": 221_440, "block3": 1_475_328, "block4": 5_899_776,
                      "block5": 7_079_424, "top": 123_642_856}
    assert sum(blocks.values()) == 138_357_544
    # Without the top the count does not depend on the image size: the filters are shared.
    assert vgg16_param_count(SMALL, include_top=False) == vgg16_param_count((300, 200, 3), include_top=False)
    assert vgg16_param_count(include_top=False, input_shape=(None, None, 3)) == 14_714_688


def test_small_base_matches_keras(small_reference):
    ours = build_vgg16(input_shape=SMALL, include_top=False)
    assert_same_architecture(ours, small_reference)
    assert ours.count_params() == 14_714_688
    assert ours.output.shape == (None, 1, 1, 512)


@pytest.mark.parametrize("pooling", ["avg", "max"])
def test_pooling_matches_keras(pooling):
    ours = build_vgg16(input_shape=SMALL, include_top=False, pooling=pooling)
    reference = keras.applications.VGG16(weights=None, include_top=False, input_shape=SMALL, pooling=pooling)
    assert_same_architecture(ours, reference)
    assert ours.output.shape == (None, 512)


def test_small_top_with_ten_classes_matches_keras():
    ours = build_vgg16(input_shape=SMALL, num_classes=10)
    reference = keras.applications.VGG16(weights=None, input_shape=SMALL, classes=10)
    assert_same_architecture(ours, reference)
    assert ours.get_layer("flatten").output.shape == (None, 512)


def test_any_image_size_without_the_top():
    model = build_vgg16(input_shape=(None, None, 3), include_top=False)
    assert model.output.shape == (None, None, None, 512)
    assert model.predict(np.zeros((1, 64, 96, 3), "float32"), verbose=0).shape == (1, 2, 3, 512)


@settings(max_examples=8, deadline=None)
@given(st.integers(32, 90), st.integers(32, 90), st.sampled_from([1, 3, 4]))
def test_layer_table_shapes_match_keras_for_any_size(height, width, channels):
    reference = keras.applications.VGG16(weights=None, include_top=False, input_shape=(height, width, channels))
    layers = [layer for layer in reference.layers if type(layer).__name__ != "InputLayer"]
    rows = vgg16_layer_table((height, width, channels), include_top=False)
    assert [(r["name"], r["output_shape"], r["params"]) for r in rows] == \
        [(layer.name, tuple(layer.output.shape[1:]), layer.count_params()) for layer in layers]
    assert vgg16_flatten_size(height, width) == int(np.prod(layers[-1].output.shape[1:]))


def test_flatten_size():
    assert vgg16_flatten_size(224, 224) == 7 * 7 * 512 == 25_088
    assert vgg16_flatten_size(32, 32) == 512
    with pytest.raises(ValueError, match="at least 32"):
        vgg16_flatten_size(31, 224)


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 7), st.integers(1, 7), st.integers(1, 16), st.integers(1, 16), st.booleans())
def test_conv2d_params_matches_keras(kh, kw, in_channels, filters, use_bias):
    layer = keras.layers.Conv2D(filters, (kh, kw), use_bias=use_bias)
    layer.build((None, 16, 16, in_channels))
    assert conv2d_params((kh, kw), in_channels, filters, use_bias=use_bias) == layer.count_params()
    if kh == kw:
        assert conv2d_params(kh, in_channels, filters, use_bias=use_bias) == layer.count_params()


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 300), st.integers(1, 300), st.booleans())
def test_dense_params_matches_keras(in_features, units, use_bias):
    layer = keras.layers.Dense(units, use_bias=use_bias)
    layer.build((None, in_features))
    assert dense_params(in_features, units, use_bias=use_bias) == layer.count_params()


# --- weights ----------------------------------------------------------------------------------------

def test_weights_saved_from_keras_load_and_give_identical_outputs(tmp_path, small_reference):
    rng = np.random.default_rng(0)
    path = tmp_path / "vgg16_random.weights.h5"
    small_reference.save_weights(path)
    ours = build_vgg16(input_shape=SMALL, include_top=False, weights=path)
    for mine, theirs in zip(ours.weights, small_reference.weights):
        np.testing.assert_array_equal(np.asarray(mine), np.asarray(theirs))
    x = rng.uniform(-120, 140, size=(4, *SMALL)).astype("float32")
    np.testing.assert_array_equal(ours.predict(x, verbose=0), small_reference.predict(x, verbose=0))


def test_weights_from_our_model_load_into_keras(tmp_path):
    ours = build_vgg16(input_shape=SMALL, num_classes=5)
    path = tmp_path / "ours.weights.h5"
    ours.save_weights(path)
    reference = keras.applications.VGG16(weights=str(path), input_shape=SMALL, classes=5)
    x = np.random.default_rng(1).uniform(0, 255, size=(2, *SMALL)).astype("float32")
    np.testing.assert_allclose(ours.predict(x, verbose=0), reference.predict(x, verbose=0), rtol=1e-6, atol=1e-7)


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to download fails the test at once."""
    def refuse(*args, **kwargs):
        raise AssertionError(f"tried to download: {args} {kwargs}")

    import keras.src.utils.file_utils as file_utils
    monkeypatch.setattr(file_utils, "get_file", refuse)
    monkeypatch.setattr(keras.utils, "get_file", refuse)
    import urllib.request
    monkeypatch.setattr(urllib.request, "urlopen", refuse)


@pytest.mark.parametrize("include_top", [True, False])
def test_imagenet_without_cache_fails_at_once_naming_the_file(tmp_path, monkeypatch, no_network, include_top):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    filename = WEIGHTS_FILE if include_top else WEIGHTS_FILE_NO_TOP
    with pytest.raises(WeightsNotFoundError) as info:
        build_vgg16(weights="imagenet", include_top=include_top)
    message = str(info.value)
    assert str(tmp_path / "models" / filename) in message
    assert "never downloads" in message and "weights=None" in message
    assert isinstance(info.value, FileNotFoundError)


def test_imagenet_reads_a_legacy_h5_file_from_the_keras_cache(tmp_path, monkeypatch, no_network):
    """The real ImageNet file is a Keras 2 .h5; one with random weights stands in for it."""
    tf_keras = pytest.importorskip("tf_keras")
    legacy = tf_keras.applications.VGG16(weights=None, include_top=False, input_shape=SMALL)
    (tmp_path / "models").mkdir()
    legacy.save_weights(str(tmp_path / "models" / WEIGHTS_FILE_NO_TOP))
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    assert imagenet_weights_path(include_top=False) == tmp_path / "models" / WEIGHTS_FILE_NO_TOP
    ours = build_vgg16(input_shape=SMALL, include_top=False, weights="imagenet")
    x = np.random.default_rng(2).uniform(-120, 140, size=(3, *SMALL)).astype("float32")
    np.testing.assert_allclose(ours.predict(x, verbose=0), legacy.predict(x, verbose=0), rtol=1e-5, atol=1e-5)


def test_missing_weights_path_is_named(tmp_path):
    missing = tmp_path / "nothing_here.weights.h5"
    with pytest.raises(WeightsNotFoundError, match="nothing_here.weights.h5"):
        build_vgg16(input_shape=SMALL, include_top=False, weights=missing)


@pytest.mark.parametrize("kwargs, phrase", [
    (dict(input_shape=(16, 16, 3), include_top=False), "at least 32"),
    (dict(input_shape=(224, 224)), "three numbers"),
    (dict(input_shape=(None, None, 3)), "must be known"),
    (dict(input_shape=(224, 224, 0)), "channels"),
    (dict(num_classes=0), "num_classes"),
    (dict(include_top=False, input_shape=SMALL, pooling="mean"), "pooling"),
    (dict(weights="imagenet", num_classes=10), "1000 classes"),
    (dict(weights="imagenet", input_shape=SMALL), "224×224"),
    (dict(weights="imagenet", include_top=False, input_shape=(32, 32, 1)), "3 colour channels"),
    (dict(weights=3), "weights must be"),
])
def test_bad_arguments_raise_value_error(kwargs, phrase):
    with pytest.raises(ValueError, match=phrase):
        build_vgg16(**kwargs)


# --- preprocess_input -------------------------------------------------------------------------------

images = st.tuples(st.integers(1, 3), st.integers(1, 5), st.integers(1, 5)).flatmap(
    lambda s: st.lists(st.integers(0, 255), min_size=s[0] * s[1] * s[2] * 3, max_size=s[0] * s[1] * s[2] * 3)
    .map(lambda v: np.array(v).reshape(*s, 3)))


@settings(max_examples=40, deadline=None)
@given(images, st.sampled_from(["uint8", "int64", "float32", "float64"]))
def test_preprocess_input_equals_keras(batch, dtype):
    batch = batch.astype(dtype)
    before = batch.copy()
    ours = preprocess_input(batch)
    theirs = keras.applications.vgg16.preprocess_input(batch.copy())
    assert ours.dtype == theirs.dtype
    np.testing.assert_array_equal(ours, theirs)
    np.testing.assert_array_equal(batch, before)  # the input is left alone
    # One image (3-D) is preprocessed like a batch of one.
    np.testing.assert_array_equal(preprocess_input(batch[0]), ours[0])


@settings(max_examples=25, deadline=None)
@given(images)
def test_preprocess_input_channels_first_equals_keras(batch):
    batch = np.moveaxis(batch.astype("float32"), -1, 1)
    theirs = keras.applications.vgg16.preprocess_input(batch.copy(), data_format="channels_first")
    np.testing.assert_array_equal(preprocess_input(batch, data_format="channels_first"), theirs)
    single = keras.applications.vgg16.preprocess_input(batch[0].copy(), data_format="channels_first")
    np.testing.assert_array_equal(preprocess_input(batch[0], data_format="channels_first"), single)


def test_preprocess_input_worked_example():
    red = np.array([[[[255, 0, 0]]]], dtype="uint8")
    np.testing.assert_allclose(preprocess_input(red)[0, 0, 0], [0 - 103.939, 0 - 116.779, 255 - 123.68], rtol=1e-6)


@pytest.mark.parametrize("x, phrase", [
    (np.zeros((2, 4, 4, 1)), "3 colour channels"),
    (np.zeros((4, 3)), "one image"),
    (np.array([["a", "b", "c"]] * 2, dtype=object)[None], "numbers"),
])
def test_preprocess_input_rejects_bad_input(x, phrase):
    with pytest.raises(ValueError, match=phrase):
        preprocess_input(x)


def test_spec_is_vgg16():
    assert [convs for _, _, convs in VGG16_SPEC] == [2, 2, 3, 3, 3]
    assert [filters for _, filters, _ in VGG16_SPEC] == [64, 128, 256, 512, 512]


def test_preprocess_input_integer_input_follows_floatx():
    images = np.arange(2 * 2 * 3, dtype="uint8").reshape(1, 2, 2, 3)
    previous = keras.config.floatx()
    keras.config.set_floatx("float64")
    try:
        theirs = keras.applications.vgg16.preprocess_input(images.copy())
        ours = preprocess_input(images)
    finally:
        keras.config.set_floatx(previous)
    assert ours.dtype == theirs.dtype == np.float64
    np.testing.assert_array_equal(ours, theirs)
