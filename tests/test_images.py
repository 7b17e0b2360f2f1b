"""kerascourse.images from arrays: transforms against tf_keras's legacy generator, properties, bad input."""

from __future__ import annotations

import math
import warnings
from itertools import islice

import keras
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from kerascourse.images import ImageDataGenerator, array_to_img, img_to_array, load_img, save_img

legacy = pytest.importorskip("tf_keras.preprocessing.image")
LegacyGenerator = legacy.ImageDataGenerator

FILL_MODES = ["nearest", "reflect", "constant", "wrap"]
SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def images(n=8, size=12, channels=3, seed=0):
    return np.random.default_rng(seed).uniform(0, 255, (n, size, size, channels)).astype("float32")


# ----------------------------------------------------------------------------- against tf_keras


def test_rescale_only_batches_equal_legacy():
    x = images(10).round()
    ours = ImageDataGenerator(rescale=1 / 255).flow(x, np.arange(10), batch_size=4, shuffle=False)
    theirs = LegacyGenerator(rescale=1 / 255).flow(x, np.arange(10), batch_size=4, shuffle=False)
    assert len(ours) == len(theirs) == 3
    for i in range(3):
        np.testing.assert_allclose(ours[i][0], theirs[i][0], rtol=1e-6)
        np.testing.assert_array_equal(ours[i][1], theirs[i][1])


@pytest.mark.parametrize("flip", [{"flip_horizontal": True}, {"flip_vertical": True},
                                  {"flip_horizontal": True, "flip_vertical": True}])
def test_flips_equal_legacy(flip):
    x = images(1, size=9)[0]
    np.testing.assert_array_equal(ImageDataGenerator().apply_transform(x, flip),
                                  LegacyGenerator().apply_transform(x, flip))


@pytest.mark.parametrize("fill_mode", FILL_MODES)
@pytest.mark.parametrize("params", [
    {"theta": 25.0},
    {"tx": 2.5, "ty": -1.75},
    {"zx": 1.25, "zy": 0.8},
    {"shear": 12.0},
    {"theta": -30.0, "tx": 1.5, "shear": 8.0, "zx": 0.9, "zy": 1.1, "flip_horizontal": True},
])
def test_fixed_affine_transforms_equal_legacy(params, fill_mode):
    x = images(1, size=16)[0]
    ours = ImageDataGenerator(fill_mode=fill_mode, cval=5.0).apply_transform(x, params)
    theirs = LegacyGenerator(fill_mode=fill_mode, cval=5.0).apply_transform(x, params)
    # Same matrices, same bilinear interpolation, same fill modes: equal up to float32 rounding.
    np.testing.assert_allclose(ours, theirs, atol=2e-3)


@SETTINGS
@given(theta=st.floats(-45, 45), tx=st.floats(-4, 4), ty=st.floats(-4, 4), shear=st.floats(-20, 20),
       zx=st.floats(0.7, 1.3), zy=st.floats(0.7, 1.3), fill_mode=st.sampled_from(["nearest", "reflect", "constant"]))
def test_any_affine_transform_equals_legacy(theta, tx, ty, shear, zx, zy, fill_mode):
    x = images(1, size=10, seed=1)[0]
    params = {"theta": theta, "tx": tx, "ty": ty, "shear": shear, "zx": zx, "zy": zy}
    ours = ImageDataGenerator(fill_mode=fill_mode).apply_transform(x, params)
    theirs = LegacyGenerator(fill_mode=fill_mode).apply_transform(x, params)
    differ = np.abs(ours - theirs) > 1e-2
    if fill_mode == "constant":
        # A source coordinate within float rounding of the border may fall either side of it.
        assert differ.mean() < 0.05
    else:
        assert not differ.any()


@pytest.mark.parametrize("shape", [(6, 10), (9, 4), (7, 7)])
def test_rotation_turns_about_the_true_centre_of_any_image(shape):
    # The legacy code centres columns with the height, so on a non-square image its
    # 180° turn is off by a shift; ours is the exact half-turn for every shape.
    x = np.random.default_rng(0).uniform(0, 255, shape + (2,)).astype("float32")
    np.testing.assert_allclose(ImageDataGenerator().apply_transform(x, {"theta": 180.0}), x[::-1, ::-1], atol=1e-3)


def test_width_shifts_move_columns_and_height_shifts_move_rows():
    rows_differ = np.repeat(np.arange(8, dtype="float32")[:, None, None], 8, axis=1)  # constant along each row
    cols_differ = np.transpose(rows_differ, (1, 0, 2))
    width = ImageDataGenerator(width_shift_range=0.4, fill_mode="nearest")
    height = ImageDataGenerator(height_shift_range=0.4, fill_mode="nearest")
    for seed in range(5):
        np.testing.assert_allclose(width.random_transform(rows_differ, seed=seed), rows_differ, atol=1e-4)
        np.testing.assert_allclose(height.random_transform(cols_differ, seed=seed), cols_differ, atol=1e-4)
    assert any(not np.allclose(width.random_transform(cols_differ, seed=s), cols_differ) for s in range(5))


@pytest.mark.parametrize("params", [{"channel_shift_intensity": 30.0}, {"brightness": 0.6}, {"brightness": 1.4}])
def test_channel_shift_and_brightness_equal_legacy(params):
    x = images(1, size=8).round()[0]
    np.testing.assert_allclose(ImageDataGenerator().apply_transform(x, params),
                               LegacyGenerator().apply_transform(x, params), atol=1e-4)


def test_featurewise_statistics_equal_legacy():
    x = images(20, size=6)
    ours = ImageDataGenerator(featurewise_center=True, featurewise_std_normalization=True, rescale=1 / 255)
    theirs = LegacyGenerator(featurewise_center=True, featurewise_std_normalization=True, rescale=1 / 255)
    ours.fit(x)
    theirs.fit(x)
    np.testing.assert_allclose(ours.mean, theirs.mean, rtol=1e-5)
    np.testing.assert_allclose(ours.std, theirs.std, rtol=1e-5)
    np.testing.assert_allclose(ours.standardize(x[0]), theirs.standardize(x[0].copy()), rtol=1e-4, atol=1e-5)


def test_samplewise_standardize_is_per_image_like_legacy():
    x = images(3, size=5)
    gen = ImageDataGenerator(samplewise_center=True, samplewise_std_normalization=True)
    ref = LegacyGenerator(samplewise_center=True, samplewise_std_normalization=True)
    batch = gen.standardize(x)
    for i in range(3):
        np.testing.assert_allclose(batch[i], ref.standardize(x[i].copy()), rtol=1e-4, atol=1e-5)
    np.testing.assert_array_equal(x, images(3, size=5))  # the input is left alone


def test_zoom_range_normalised_like_keras2():
    assert ImageDataGenerator(zoom_range=0.2).zoom_range == pytest.approx([0.8, 1.2])
    assert ImageDataGenerator(zoom_range=[0.5, 1.5]).zoom_range == [0.5, 1.5]
    assert ImageDataGenerator().zoom_range == [1, 1]
    assert ImageDataGenerator(zoom_range=0.3).zoom_range == pytest.approx(LegacyGenerator(zoom_range=0.3).zoom_range)


def test_arguments_are_stored_as_attributes():
    kwargs = dict(rotation_range=10, width_shift_range=0.1, height_shift_range=0.2, shear_range=0.2,
                  horizontal_flip=True, vertical_flip=True, fill_mode="reflect", cval=3.0, rescale=1 / 255,
                  validation_split=0.25, channel_shift_range=4.0, brightness_range=(0.5, 1.5), dtype="float64")
    gen = ImageDataGenerator(**kwargs)
    for name, value in kwargs.items():
        assert getattr(gen, name) == value, name


# ----------------------------------------------------------------------------- properties


@SETTINGS
@given(seed=st.integers(0, 2**16), size=st.integers(2, 9), channels=st.sampled_from([1, 3]),
       key=st.sampled_from(["flip_horizontal", "flip_vertical"]))
def test_flip_twice_is_identity(seed, size, channels, key):
    x = images(1, size=size, channels=channels, seed=seed)[0]
    gen = ImageDataGenerator()
    np.testing.assert_array_equal(gen.apply_transform(gen.apply_transform(x, {key: True}), {key: True}), x)


@SETTINGS
@given(seed=st.integers(0, 2**16), fill_mode=st.sampled_from(FILL_MODES), rotation=st.floats(0, 90),
       shift=st.floats(0, 0.5), shear=st.floats(0, 45), zoom=st.floats(0, 0.5))
def test_outputs_stay_in_rescaled_range(seed, fill_mode, rotation, shift, shear, zoom):
    x = np.random.default_rng(seed).integers(0, 256, (5, 8, 8, 3)).astype("uint8")
    gen = ImageDataGenerator(rescale=1 / 255, rotation_range=rotation, width_shift_range=shift,
                             height_shift_range=shift, shear_range=shear, zoom_range=zoom, horizontal_flip=True,
                             vertical_flip=True, fill_mode=fill_mode, cval=0.0)
    batch = gen.flow(x, batch_size=5, seed=seed)[0]
    assert batch.dtype == np.float32
    assert batch.min() >= -1e-6 and batch.max() <= 1 + 1e-6


@SETTINGS
@given(n=st.integers(1, 40), batch_size=st.integers(1, 12), seed=st.integers(0, 2**16))
def test_labels_follow_their_images_through_shuffling(n, batch_size, seed):
    # Image i is filled with the value i, so every pixel says which label belongs to it.
    x = np.broadcast_to(np.arange(n, dtype="float32")[:, None, None, None], (n, 6, 6, 1)).copy()
    gen = ImageDataGenerator(rotation_range=30, width_shift_range=0.2, zoom_range=0.2, horizontal_flip=True)
    flow = gen.flow(x, np.arange(n), batch_size=batch_size, shuffle=True, seed=seed)
    assert len(flow) == math.ceil(n / batch_size)
    for epoch in range(2):
        seen = []
        for batch_x, batch_y in islice(flow, len(flow)):  # one epoch; iter() is endless, as legacy
            np.testing.assert_allclose(batch_x[:, :, :, 0], np.broadcast_to(batch_y[:, None, None], batch_x.shape[:3]),
                                       atol=1e-4)
            seen += batch_y.tolist()
        assert sorted(seen) == list(range(n))  # each sample exactly once per epoch
        flow.on_epoch_end()


def test_seed_makes_batches_reproducible_and_epochs_differ():
    x = images(20, size=8)
    gen = ImageDataGenerator(rotation_range=40, zoom_range=0.3, horizontal_flip=True)
    a = gen.flow(x, np.arange(20), batch_size=8, seed=3)
    b = gen.flow(x, np.arange(20), batch_size=8, seed=3)
    # Order of access does not matter: batches depend on (seed, epoch, index) only.
    second_b, first_b = b[1], b[0]
    np.testing.assert_array_equal(a[0][0], first_b[0])
    np.testing.assert_array_equal(a[1][1], second_b[1])
    first_epoch = a[0]
    a.on_epoch_end()
    assert not np.array_equal(a[0][1], first_epoch[1])  # reshuffled
    np.testing.assert_array_equal(gen.random_transform(x[0], seed=5), gen.random_transform(x[0], seed=5))


def test_no_shuffle_keeps_order_and_last_batch_is_short():
    flow = ImageDataGenerator().flow(images(10), np.arange(10), batch_size=4, shuffle=False)
    assert [len(b[1]) for b in islice(flow, len(flow))] == [4, 4, 2]
    np.testing.assert_array_equal(np.concatenate([b[1] for b in islice(flow, len(flow))]), np.arange(10))
    with pytest.raises(IndexError):
        flow[3]


def test_flow_without_labels_and_with_sample_weights():
    x = images(6)
    assert ImageDataGenerator().flow(x, batch_size=4)[0].shape == (4, 12, 12, 3)
    bx, by, bw = ImageDataGenerator().flow(x, np.arange(6), batch_size=4, shuffle=False,
                                           sample_weight=np.linspace(0, 1, 6))[0]
    np.testing.assert_allclose(bw, np.linspace(0, 1, 6)[:4])


def test_flow_is_a_pydataset_that_model_fit_consumes():
    rng = np.random.default_rng(0)
    x = rng.integers(0, 256, (24, 8, 8, 3)).astype("uint8")
    y = (x.mean(axis=(1, 2, 3)) > 127).astype("float32")
    flow = ImageDataGenerator(rescale=1 / 255, horizontal_flip=True).flow(x, y, batch_size=8, seed=0)
    assert isinstance(flow, keras.utils.PyDataset)
    model = keras.Sequential([keras.Input((8, 8, 3)), keras.layers.Flatten(), keras.layers.Dense(1, "sigmoid")])
    model.compile("adam", "binary_crossentropy")
    history = model.fit(flow, epochs=2, verbose=0)
    assert len(history.history["loss"]) == 2 and np.isfinite(history.history["loss"]).all()


def test_validation_split_on_arrays_partitions_like_keras2():
    x = images(10)
    y = np.array([0, 1] * 5)
    gen = ImageDataGenerator(validation_split=0.3)
    val = gen.flow(x, y, batch_size=10, shuffle=False, subset="validation")
    train = gen.flow(x, y, batch_size=10, shuffle=False, subset="training")
    np.testing.assert_array_equal(val[0][0], x[:3])
    np.testing.assert_array_equal(train[0][0], x[3:])


def test_fit_with_augment_uses_rounds():
    gen = ImageDataGenerator(featurewise_center=True, rotation_range=10)
    gen.fit(images(4, size=6), augment=True, rounds=3, seed=0)
    assert gen.mean.shape == (1, 1, 3)


def test_preprocessing_function_runs_per_image_before_rescale():
    calls = []

    def invert(img):
        calls.append(img.shape)
        return 255 - img

    out = ImageDataGenerator(preprocessing_function=invert, rescale=1 / 255).flow(
        np.zeros((3, 4, 4, 1)), batch_size=3, shuffle=False)[0]
    assert calls == [(4, 4, 1)] * 3
    np.testing.assert_allclose(out, 1.0)


def test_unfitted_featurewise_generator_warns():
    with pytest.warns(UserWarning, match="fit"):
        ImageDataGenerator(featurewise_center=True).flow(images(2), batch_size=2)[0]


# ----------------------------------------------------------------------------- bad input


def test_mismatched_x_and_y_lengths():
    with pytest.raises(ValueError, match="same length.*5 images and 4 labels"):
        ImageDataGenerator().flow(images(5), np.arange(4))


@pytest.mark.parametrize("shape", [(5, 8, 8), (8, 8), (2, 5, 8, 8, 3)])
def test_wrong_rank(shape):
    with pytest.raises(ValueError, match="rank-4"):
        ImageDataGenerator().flow(np.zeros(shape))


def test_wrong_rank_for_single_image_methods():
    with pytest.raises(ValueError, match="rank 3"):
        ImageDataGenerator().random_transform(np.zeros((2, 4, 4, 3)))
    with pytest.raises(ValueError, match="rank-4"):
        ImageDataGenerator(featurewise_center=True).fit(np.zeros((4, 4, 3)))


@pytest.mark.parametrize("kwargs, match", [
    ({"fill_mode": "mirror"}, "fill_mode"),
    ({"zoom_range": [1.2]}, "zoom_range"),
    ({"zoom_range": [1.5, 0.5]}, "zoom_range"),
    ({"validation_split": 1.5}, "validation_split"),
    ({"rotation_range": -5}, "rotation_range"),
    ({"brightness_range": 0.5}, "brightness_range"),
    ({"rescale": "1/255"}, "rescale"),
])
def test_bad_generator_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        ImageDataGenerator(**kwargs)


def test_bad_flow_arguments():
    gen = ImageDataGenerator()
    with pytest.raises(ValueError, match="batch_size"):
        gen.flow(images(4), batch_size=0)
    with pytest.raises(ValueError, match="validation_split"):
        gen.flow(images(4), subset="validation")
    with pytest.raises(ValueError, match="subset"):
        ImageDataGenerator(validation_split=0.5).flow(images(4), subset="test")
    with pytest.raises(ValueError, match="different classes"):
        ImageDataGenerator(validation_split=0.5).flow(images(4), np.array([0, 0, 1, 1]), subset="training")
    with pytest.raises(ValueError, match="Unknown transform parameters"):
        gen.apply_transform(images(1)[0], {"rotation": 10})


# ----------------------------------------------------------------------------- file helpers


def test_load_img_and_img_to_array_match_keras_utils(tmp_path):
    path = tmp_path / "pic.png"
    Image.fromarray(np.random.default_rng(0).integers(0, 256, (20, 30, 3), dtype=np.uint8)).save(path)
    for kwargs in ({}, {"target_size": (8, 12)}, {"color_mode": "grayscale", "target_size": (5, 5)},
                   {"target_size": (9, 9), "interpolation": "bilinear"}):
        ours = img_to_array(load_img(path, **kwargs))
        theirs = keras.utils.img_to_array(keras.utils.load_img(path, **kwargs))
        np.testing.assert_array_equal(ours, theirs)
    with pytest.raises(FileNotFoundError):
        load_img(tmp_path / "missing.png")
    with pytest.raises(ValueError, match="color_mode"):
        load_img(path, color_mode="cmyk")


def test_array_to_img_and_save_img_round_trip(tmp_path):
    x = np.random.default_rng(1).integers(0, 256, (6, 7, 3)).astype("float32")
    np.testing.assert_array_equal(img_to_array(array_to_img(x, scale=False)),
                                  keras.utils.img_to_array(keras.utils.array_to_img(x, scale=False)))
    np.testing.assert_array_equal(img_to_array(array_to_img(x / 255)),
                                  keras.utils.img_to_array(keras.utils.array_to_img(x / 255)))
    save_img(tmp_path / "x.png", x, scale=False)
    np.testing.assert_array_equal(img_to_array(load_img(tmp_path / "x.png")), x)
    with pytest.raises(ValueError, match="rank-3"):
        array_to_img(np.zeros((2, 2)))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        save_img(tmp_path / "g.png", x[:, :, :1])
