"""Synthetic shapes: deterministic, balanced, noisy in the ways that matter, and written as PNG folders."""

import numpy as np
import pytest
from PIL import Image

from kerascourse.datasets import SHAPES, make_shapes, write_multiclass_shapes_folder, write_shapes_folder


def test_shapes_and_types():
    x, y = make_shapes(10, size=32)
    assert x.shape == (10, 32, 32, 3) and x.dtype == np.uint8
    assert y.shape == (10,) and y.dtype.kind == "i"
    assert np.bincount(y).tolist() == [5, 5]


def test_deterministic_for_a_seed():
    a, ya = make_shapes(6, size=24, seed=3)
    b, yb = make_shapes(6, size=24, seed=3)
    c, _ = make_shapes(6, size=24, seed=4)
    np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(ya, yb)
    assert not np.array_equal(a, c)


def test_noise_in_colour_position_and_size():
    x, y = make_shapes(40, size=32, noise=0.0)
    # with no pixel noise, every image has exactly a background and a foreground colour
    colours = [np.unique(img.reshape(-1, 3), axis=0) for img in x]
    assert all(len(c) == 2 for c in colours)
    backgrounds = {tuple(img[0, 0]) for img in x}
    assert len(backgrounds) > 30, "background colours vary"
    foreground = [(img != img[0, 0]).any(axis=-1) for img in x]
    areas = np.array([m.sum() for m in foreground])
    centres = np.array([np.argwhere(m).mean(axis=0) for m in foreground])
    assert areas.std() > 20 and centres.std(axis=0).min() > 2, "size and position vary"


def test_the_classes_differ_in_shape():
    """A circle fills π/4 of its bounding box, a square all of it, a triangle half."""
    x, y = make_shapes(30, size=64, classes=SHAPES, noise=0.0)
    fill = {}
    for img, label in zip(x, y):
        mask = (img != img[0, 0]).any(axis=-1)
        rows, cols = np.nonzero(mask)
        box = (np.ptp(rows) + 1) * (np.ptp(cols) + 1)
        fill.setdefault(SHAPES[label], []).append(mask.sum() / box)
    assert np.mean(fill["square"]) > 0.95
    assert 0.7 < np.mean(fill["circle"]) < 0.85
    assert 0.4 < np.mean(fill["triangle"]) < 0.6


def test_class_order_is_the_label_order():
    x, y = make_shapes(20, size=32, classes=("square", "circle"), noise=0.0)
    for img, label in zip(x, y):
        mask = (img != img[0, 0]).any(axis=-1)
        rows, cols = np.nonzero(mask)
        full = mask.sum() == (np.ptp(rows) + 1) * (np.ptp(cols) + 1)
        assert full == (label == 0)


@pytest.mark.parametrize("kwargs, message", [
    (dict(classes=("circle", "star")), "unknown shape"),
    (dict(classes=("circle",)), "at least two"),
    (dict(classes="circle"), "sequence"),
    (dict(size=8), "at least 16"),
    (dict(n=-1), "non-negative"),
    (dict(colours="blue"), "'random' or 'grey'"),
])
def test_bad_arguments(kwargs, message):
    args = dict(n=4) | kwargs
    with pytest.raises(ValueError, match=message):
        make_shapes(**args)


def test_write_folder_layout(tmp_path):
    root = write_shapes_folder(tmp_path / "shapes", splits={"train": 3, "validation": 2, "test": 1}, size=32)
    files = sorted(p.relative_to(root).as_posix() for p in root.rglob("*.png"))
    assert len(files) == (3 + 2 + 1) * 2
    assert "train/circle/circle_0002.png" in files and "test/square/square_0000.png" in files
    with Image.open(root / "train" / "square" / "square_0000.png") as img:
        assert img.size == (32, 32) and img.mode == "RGB"
    # the splits hold different pictures
    a = np.asarray(Image.open(root / "train" / "circle" / "circle_0000.png"))
    b = np.asarray(Image.open(root / "validation" / "circle" / "circle_0000.png"))
    assert not np.array_equal(a, b)


def test_write_folder_defaults_and_multiclass(tmp_path):
    root = write_shapes_folder(tmp_path / "one", 2, size=16)
    assert sorted(p.name for p in root.iterdir()) == ["train"]
    root = write_multiclass_shapes_folder(tmp_path / "three", splits={"train": 2}, size=16)
    assert sorted(p.name for p in (root / "train").iterdir()) == ["circle", "square", "triangle"]
    with pytest.raises(ValueError, match="either n_per_class or splits"):
        write_shapes_folder(tmp_path / "x", 2, splits={"train": 2})


def test_grey_variant_is_light_on_dark():
    x, _ = make_shapes(10, size=32, colours="grey", noise=0.0)
    for img in x:
        assert (img[..., 0] == img[..., 1]).all() and (img[..., 1] == img[..., 2]).all()
        assert img[0, 0, 0] < 80 and img.max() >= 175
