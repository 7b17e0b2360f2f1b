"""kerascourse.images from folders and data frames: against tf_keras, properties, bad files, training."""

from __future__ import annotations

import os
import tempfile
import warnings
from itertools import islice
from pathlib import Path

import keras
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from kerascourse.images import ImageDataGenerator

legacy = pytest.importorskip("tf_keras.preprocessing.image")
LegacyGenerator = legacy.ImageDataGenerator

SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def write_folder(root, counts, size=(10, 14), ext="png", value_of=None, seed=0):
    """``root/<class>/<class>_NN.<ext>`` with ``counts[class]`` random pictures each.

    ``value_of(class_index, i)`` gives an image filled with one grey value instead,
    so that a test can tell from a batch which file each image came from.
    """
    rng = np.random.default_rng(seed)
    root = Path(root)
    for c, (name, count) in enumerate(counts.items()):
        (root / name).mkdir(parents=True, exist_ok=True)
        for i in range(count):
            if value_of is None:
                pixels = rng.integers(0, 256, size + (3,), dtype=np.uint8)
            else:
                pixels = np.full(size + (3,), value_of(c, i), dtype=np.uint8)
            Image.fromarray(pixels).save(root / name / f"{name}_{i:02d}.{ext}")
    return root


def quiet(fn, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return fn(*args, **kwargs)


# ----------------------------------------------------------------------------- against tf_keras


@pytest.mark.parametrize("class_mode", ["categorical", "binary", "sparse", "input", None])
def test_directory_batches_equal_legacy(tmp_path, class_mode):
    write_folder(tmp_path, {"cats": 5, "dogs": 4})
    kwargs = dict(target_size=(8, 8), class_mode=class_mode, batch_size=4, shuffle=False)
    ours = ImageDataGenerator(rescale=1 / 255).flow_from_directory(tmp_path, **kwargs)
    theirs = LegacyGenerator(rescale=1 / 255).flow_from_directory(str(tmp_path), **kwargs)
    assert ours.class_indices == theirs.class_indices == {"cats": 0, "dogs": 1}
    assert ours.filenames == theirs.filenames
    np.testing.assert_array_equal(ours.classes, theirs.classes)
    assert (ours.samples, ours.num_classes, len(ours)) == (theirs.samples, theirs.num_classes, len(theirs))
    for i in range(len(ours)):
        a, b = ours[i], theirs[i]
        if class_mode is None:
            np.testing.assert_allclose(a, b, rtol=1e-6)
        else:
            np.testing.assert_allclose(a[0], b[0], rtol=1e-6)
            np.testing.assert_allclose(a[1], b[1], rtol=1e-6)
            assert a[1].dtype == b[1].dtype


@pytest.mark.parametrize("color_mode, interpolation", [("grayscale", "nearest"), ("rgba", "bilinear"),
                                                       ("rgb", "bicubic")])
def test_color_modes_and_interpolations_equal_legacy(tmp_path, color_mode, interpolation):
    write_folder(tmp_path, {"a": 3, "b": 2})
    kwargs = dict(target_size=(6, 9), color_mode=color_mode, interpolation=interpolation, batch_size=5,
                  shuffle=False)
    a = ImageDataGenerator().flow_from_directory(tmp_path, **kwargs)[0]
    b = LegacyGenerator().flow_from_directory(str(tmp_path), **kwargs)[0]
    np.testing.assert_array_equal(a[0], b[0])


@pytest.mark.parametrize("spelling", ["{root}", "{root}/", "{root}/./", "{root}//"])
def test_filenames_of_nested_folders_equal_legacy(tmp_path, spelling):
    write_folder(tmp_path, {"cats": 2, "dogs": 1})
    (tmp_path / "cats" / "more" / "deeper").mkdir(parents=True)
    Image.new("RGB", (6, 6)).save(tmp_path / "cats" / "more" / "deeper" / "x.png")
    Image.new("RGB", (6, 6)).save(tmp_path / "cats" / "more" / "a.png")
    directory = spelling.format(root=tmp_path)
    ours = ImageDataGenerator().flow_from_directory(directory, target_size=(4, 4), shuffle=False)
    theirs = LegacyGenerator().flow_from_directory(directory, target_size=(4, 4), shuffle=False)
    assert ours.filenames == theirs.filenames
    assert "cats/more/deeper/x.png".replace("/", os.sep) in ours.filenames
    assert all(os.path.exists(os.path.join(directory, f)) for f in ours.filenames)

def test_jpeg_pixels_equal_legacy_without_fast_jpeg(tmp_path):
    # Large smooth JPEGs, resized down: fast_jpeg=False decodes exactly as keras.utils.load_img.
    for name in ("x", "y"):
        (tmp_path / name).mkdir()
        small = np.random.default_rng(len(name)).integers(0, 256, (8, 8, 3), dtype=np.uint8)
        Image.fromarray(small).resize((96, 96), Image.Resampling.BILINEAR).save(tmp_path / name / "p.jpg")
    kwargs = dict(target_size=(24, 24), batch_size=2, shuffle=False)
    exact = ImageDataGenerator().flow_from_directory(tmp_path, fast_jpeg=False, **kwargs)[0][0]
    np.testing.assert_array_equal(exact, LegacyGenerator().flow_from_directory(str(tmp_path), **kwargs)[0][0])
    fast = ImageDataGenerator().flow_from_directory(tmp_path, **kwargs)[0][0]
    # Decoded at reduced scale: not the same pixels, but the same picture.
    assert fast.shape == exact.shape and np.abs(fast - exact).mean() < 12


def test_flow_from_dataframe_matches_directory(tmp_path):
    write_folder(tmp_path, {"cats": 3, "dogs": 3})
    files = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.png"))
    frame = pd.DataFrame({"filename": files, "class": [f.split("/")[0] for f in files], "score": np.arange(6.0)})
    kwargs = dict(target_size=(8, 8), batch_size=6, shuffle=False)
    by_frame = ImageDataGenerator().flow_from_dataframe(frame, directory=tmp_path, **kwargs)
    by_dir = ImageDataGenerator().flow_from_directory(tmp_path, **kwargs)
    assert by_frame.class_indices == by_dir.class_indices
    np.testing.assert_array_equal(by_frame[0][0], by_dir[0][0])
    np.testing.assert_array_equal(by_frame[0][1], by_dir[0][1])
    raw = ImageDataGenerator().flow_from_dataframe(frame, directory=tmp_path, y_col="score", class_mode="raw",
                                                   **kwargs)
    np.testing.assert_array_equal(raw[0][1], np.arange(6.0))
    with pytest.raises(ValueError, match="x_col"):
        ImageDataGenerator().flow_from_dataframe(frame, x_col="path")


# ----------------------------------------------------------------------------- properties


@SETTINGS
@given(counts=st.lists(st.integers(1, 7), min_size=1, max_size=3), batch_size=st.integers(1, 8),
       seed=st.integers(0, 2**16))
def test_every_file_appears_once_per_epoch(counts, batch_size, seed):
    with tempfile.TemporaryDirectory() as root:
        # File number k of the folder is filled with grey value k (and labelled with its class).
        offsets = np.cumsum([0] + counts)
        write_folder(root, {f"c{c}": n for c, n in enumerate(counts)}, size=(4, 4),
                     value_of=lambda c, i: offsets[c] + i)
        gen = ImageDataGenerator(horizontal_flip=True, rotation_range=20)
        flow = quiet(gen.flow_from_directory, root, target_size=(4, 4), class_mode="sparse",
                     batch_size=batch_size, seed=seed)
        assert flow.samples == sum(counts) and len(flow) == -(-sum(counts) // batch_size)
        for _ in range(2):
            seen = []
            for batch_x, batch_y in islice(flow, len(flow)):  # one epoch; iter() is endless, as legacy
                values = batch_x[:, 0, 0, 0].round().astype(int)
                np.testing.assert_array_equal(np.searchsorted(offsets, values, side="right") - 1, batch_y)
                seen += values.tolist()
            assert sorted(seen) == list(range(sum(counts)))
            flow.on_epoch_end()


@SETTINGS
@given(counts=st.lists(st.integers(2, 9), min_size=2, max_size=3), split=st.floats(0.1, 0.9))
def test_validation_split_partitions_files_without_overlap(counts, split):
    with tempfile.TemporaryDirectory() as root:
        write_folder(root, {f"c{c}": n for c, n in enumerate(counts)}, size=(3, 3))
        gen = ImageDataGenerator(validation_split=split)
        kwargs = dict(target_size=(3, 3), class_mode="sparse")
        train = quiet(gen.flow_from_directory, root, subset="training", **kwargs)
        everything = quiet(gen.flow_from_directory, root, **kwargs)
        if sum(int(split * n) for n in counts) > 0:  # else there is no validation file at all
            val = quiet(gen.flow_from_directory, root, subset="validation", **kwargs)
            val_files = set(val.filenames)
        else:
            val_files = set()
        assert not val_files & set(train.filenames)
        assert val_files | set(train.filenames) == set(everything.filenames)
        # Per class, the first int(split * n) files are for validation, as in Keras 2.
        assert len(val_files) == sum(int(split * n) for n in counts)
        ref = quiet(LegacyGenerator(validation_split=split).flow_from_directory, root, subset="training", **kwargs)
        assert sorted(train.filenames) == sorted(ref.filenames)


def test_directory_seed_reproducible(tmp_path):
    write_folder(tmp_path, {"a": 6, "b": 6})
    gen = ImageDataGenerator(zoom_range=0.3, shear_range=0.3, horizontal_flip=True)
    a = gen.flow_from_directory(tmp_path, target_size=(8, 8), batch_size=5, seed=1)
    b = gen.flow_from_directory(tmp_path, target_size=(8, 8), batch_size=5, seed=1)
    for i in (2, 0, 1):
        np.testing.assert_array_equal(a[i][0], b[i][0])


def test_cache_gives_the_same_batches(tmp_path):
    write_folder(tmp_path, {"a": 5, "b": 4})
    gen = ImageDataGenerator(rotation_range=15)
    cached = gen.flow_from_directory(tmp_path, target_size=(8, 8), batch_size=4, seed=2, cache=True)
    plain = gen.flow_from_directory(tmp_path, target_size=(8, 8), batch_size=4, seed=2, cache=False)
    for epoch in range(2):
        for i in range(len(cached)):
            np.testing.assert_array_equal(cached[i][0], plain[i][0])
        cached.on_epoch_end()
        plain.on_epoch_end()
    assert cached._cached.all() and plain._cache is None


# ----------------------------------------------------------------------------- bad input


def test_missing_directory(tmp_path):
    with pytest.raises(FileNotFoundError, match="not found"):
        ImageDataGenerator().flow_from_directory(tmp_path / "nope")


def test_empty_directory(tmp_path):
    with pytest.raises(ValueError, match="No class subfolders"):
        ImageDataGenerator().flow_from_directory(tmp_path)


def test_images_without_class_subfolders(tmp_path):
    Image.new("RGB", (4, 4)).save(tmp_path / "a.png")
    with pytest.raises(ValueError, match="subfolder per class"):
        ImageDataGenerator().flow_from_directory(tmp_path)


def test_class_folders_without_images(tmp_path):
    (tmp_path / "cats").mkdir()
    (tmp_path / "dogs").mkdir()
    (tmp_path / "dogs" / "notes.txt").write_text("not an image")
    with pytest.raises(ValueError, match="No image files"):
        ImageDataGenerator().flow_from_directory(tmp_path)


def test_file_instead_of_directory(tmp_path):
    (tmp_path / "f.txt").write_text("x")
    with pytest.raises(ValueError, match="is a file"):
        ImageDataGenerator().flow_from_directory(tmp_path / "f.txt")


def test_corrupt_and_non_image_files(tmp_path):
    write_folder(tmp_path, {"cats": 3, "dogs": 3})
    (tmp_path / "cats" / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n not really a png")
    (tmp_path / "dogs" / "empty.jpg").write_bytes(b"")
    (tmp_path / "dogs" / "readme.txt").write_text("ignored: not an image extension")
    with pytest.warns(UserWarning, match=r"Skipping 2 unreadable[\s\S]*broken\.png[\s\S]*empty\.jpg"):
        flow = ImageDataGenerator().flow_from_directory(tmp_path, target_size=(8, 8), batch_size=4)
    assert flow.samples == 6
    assert not any(f.endswith((".txt", "broken.png", "empty.jpg")) for f in flow.filenames)
    assert sum(len(b[0]) for b in islice(flow, len(flow))) == 6


def test_truncated_jpeg_is_left_out_of_its_batch_not_a_crash(tmp_path):
    write_folder(tmp_path, {"a": 2, "b": 2})
    big = Image.fromarray(np.random.default_rng(0).integers(0, 256, (64, 64, 3), dtype=np.uint8))
    big.save(tmp_path / "a" / "cut.jpg", quality=95)
    data = (tmp_path / "a" / "cut.jpg").read_bytes()
    (tmp_path / "a" / "cut.jpg").write_bytes(data[: len(data) // 2])  # the header survives, the pixels do not
    flow = ImageDataGenerator().flow_from_directory(tmp_path, target_size=(8, 8), batch_size=5, shuffle=False,
                                                    class_mode="sparse")
    assert flow.samples == 5
    with pytest.warns(UserWarning, match="cut.jpg"):
        batch_x, batch_y = flow[0]
    assert len(batch_x) == len(batch_y) == 4
    np.testing.assert_array_equal(batch_y, [0, 0, 1, 1])


def test_bad_directory_arguments(tmp_path):
    write_folder(tmp_path, {"a": 2, "b": 2, "c": 2})
    gen = ImageDataGenerator()
    with pytest.raises(ValueError, match="exactly 2 classes, found 3"):
        gen.flow_from_directory(tmp_path, class_mode="binary")
    with pytest.raises(ValueError, match="class_mode"):
        gen.flow_from_directory(tmp_path, class_mode="onehot")
    with pytest.raises(ValueError, match="color_mode"):
        gen.flow_from_directory(tmp_path, color_mode="bgr")
    with pytest.raises(ValueError, match="target_size"):
        gen.flow_from_directory(tmp_path, target_size=64)
    with pytest.raises(FileNotFoundError, match="horse"):
        gen.flow_from_directory(tmp_path, classes=["a", "horse"])
    with pytest.raises(ValueError, match="validation_split"):
        gen.flow_from_directory(tmp_path, subset="validation")
    flow = gen.flow_from_directory(tmp_path, classes=["c", "a"], target_size=(4, 4))
    assert flow.class_indices == {"c": 0, "a": 1} and flow.samples == 4


# ----------------------------------------------------------------------------- training


def test_model_fit_trains_build_cnn_from_a_folder(tmp_path):
    # Bright pictures vs dark pictures: a tiny CNN learns it in one epoch.
    write_folder(tmp_path, {"dark": 24, "light": 24}, size=(40, 40),
                 value_of=lambda c, i: (20 + 3 * i) if c == 0 else (180 + 3 * i))
    train = ImageDataGenerator(rescale=1 / 255, shear_range=0.2, zoom_range=0.2, horizontal_flip=True)
    flow = train.flow_from_directory(tmp_path, target_size=(32, 32), class_mode="binary", batch_size=8, seed=0)
    assert isinstance(flow, keras.utils.PyDataset)
    try:
        from kerascourse.models import build_cnn
    except ImportError:  # the models module is written alongside; fall back to the same stack
        build_cnn = None
    if build_cnn is not None:
        model = build_cnn((32, 32, 3), 2, filters=4, units=8)
    else:
        model = keras.Sequential([keras.Input((32, 32, 3)), keras.layers.Conv2D(4, 3, activation="relu"),
                                  keras.layers.MaxPooling2D(2), keras.layers.Flatten(),
                                  keras.layers.Dense(8, activation="relu"), keras.layers.Dense(1, "sigmoid")])
        model.compile("adam", "binary_crossentropy", metrics=["accuracy"])
    keras.utils.set_random_seed(0)
    history = model.fit(flow, epochs=1, verbose=0)
    assert np.isfinite(history.history["loss"][0])
    test = ImageDataGenerator(rescale=1 / 255).flow_from_directory(tmp_path, target_size=(32, 32),
                                                                   class_mode="binary", shuffle=False)
    probabilities = model.predict(test, verbose=0).ravel()
    assert probabilities.shape == (48,)
    assert os.path.basename(test.filenames[0]).startswith("dark")
