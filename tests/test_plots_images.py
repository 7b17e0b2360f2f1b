"""image_grid and augmented_grid write valid PNGs with one titled panel per image."""

import numpy as np
import pytest
from PIL import Image

from kerascourse.datasets import make_shapes
from kerascourse.plots import augmented_grid, image_grid

PNG = b"\x89PNG\r\n\x1a\n"


def _is_png(path):
    assert path.read_bytes()[:8] == PNG
    with Image.open(path) as img:
        img.verify()


def test_image_grid_png(tmp_path):
    x, y = make_shapes(6, size=32)
    out = image_grid(x, y, path=tmp_path / "grid.png", class_names=["circle", "square"], title="Shapes")
    assert out == tmp_path / "grid.png"
    _is_png(out)


def test_image_grid_labels_and_scales():
    x, y = make_shapes(5, size=16)
    fig = image_grid(x / 255.0, np.eye(2)[y], class_names={"circle": 0, "square": 1}, ncols=3)
    titles = [ax.get_title() for ax in fig.axes if ax.images]
    assert titles == [["circle", "square"][label] for label in y]
    shown = fig.axes[0].images[0].get_array()
    np.testing.assert_allclose(shown, x[0] / 255.0)
    # grey, standardised images are stretched to 0..1, with string labels
    grey = np.random.default_rng(0).normal(size=(3, 8, 8, 1))
    fig = image_grid(grey, ["a", "b", "c"])
    values = np.concatenate([np.asarray(ax.images[0].get_array()).ravel() for ax in fig.axes if ax.images])
    assert values.min() >= 0 and values.max() <= 1
    assert [ax.get_title() for ax in fig.axes if ax.images] == ["a", "b", "c"]


@pytest.mark.parametrize("images, labels, message", [
    (np.zeros((2, 8, 8, 2)), None, "1 or 3 channels"),
    (np.zeros((8, 8)), None, "shape"),
    (np.zeros((0, 8, 8, 3)), None, "empty"),
    (np.zeros((2, 8, 8, 3)), [0], "one label per image"),
    (np.full((1, 8, 8, 3), np.nan), None, "NaN"),
])
def test_image_grid_bad_input(images, labels, message):
    with pytest.raises(ValueError, match=message):
        image_grid(images, labels)


class _FlipEveryOther:
    """A stand-in generator with the .flow API: flips every other image left-right."""

    rescale = 1 / 255

    def flow(self, x, batch_size=32, shuffle=True, seed=None):
        x = x * self.rescale
        x[1::2] = x[1::2, :, ::-1]
        return [(x[:batch_size],)]


def test_augmented_grid_png(tmp_path):
    x, _ = make_shapes(1, size=32)
    out = augmented_grid(_FlipEveryOther(), x[0], n=4, path=tmp_path / "aug.png")
    _is_png(out)
    fig = augmented_grid(_FlipEveryOther(), x[0], n=4)
    panels = [ax for ax in fig.axes if ax.images]
    assert [ax.get_title() for ax in panels] == ["original", "variant 1", "variant 2", "variant 3", "variant 4"]
    np.testing.assert_allclose(panels[0].images[0].get_array(), x[0] / 255, atol=1e-6)
    np.testing.assert_allclose(panels[2].images[0].get_array(), x[0, :, ::-1] / 255, atol=1e-6)


def test_augmented_grid_bad_input():
    with pytest.raises(ValueError, match="one picture"):
        augmented_grid(_FlipEveryOther(), np.zeros((2, 2, 8, 8, 3)))
    with pytest.raises(ValueError, match="positive"):
        augmented_grid(_FlipEveryOther(), np.zeros((8, 8, 3)), n=0)
