"""Synthetic pictures of shapes: an offline stand-in for cats-vs-dogs.

:func:`make_shapes` draws filled circles, squares and triangles with random
colour, position, size and background, so a small CNN has something real to
learn (the outline, not the colour or the place). :func:`write_shapes_folder`
saves them as PNG files in the layout every image tutorial uses::

    root/train/circle/circle_0000.png
    root/train/square/square_0000.png
    root/validation/...
    root/test/...

so ``ImageDataGenerator().flow_from_directory(root / "train", class_mode="binary")``
runs without downloading anything. Everything is deterministic for a given ``seed``.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

__all__ = ["SHAPES", "make_shapes", "write_shapes_folder", "write_multiclass_shapes_folder"]

SHAPES = ("circle", "square", "triangle")
DEFAULT_SPLITS = {"train": 100, "validation": 25, "test": 25}


def _check_classes(classes) -> tuple[str, ...]:
    if isinstance(classes, str):
        raise ValueError(f"classes should be a sequence of shape names such as ('circle', 'square'), got {classes!r}")
    classes = tuple(classes)
    unknown = [c for c in classes if c not in SHAPES]
    if unknown:
        raise ValueError(f"unknown shape(s) {unknown}: choose from {list(SHAPES)}")
    if len(classes) < 2 or len(set(classes)) != len(classes):
        raise ValueError(f"classes should name at least two different shapes, got {list(classes)}")
    return classes


def _check_size(size) -> int:
    if not isinstance(size, (int, np.integer)) or size < 16:
        raise ValueError(f"size should be an integer of at least 16 pixels, got {size!r}")
    return int(size)


def _mask(kind: str, size: int, rng: np.random.Generator) -> np.ndarray:
    """A boolean mask of one shape with random size and centre that stays inside the image."""
    radius = rng.uniform(0.18, 0.32) * size          # half the shape's width
    margin = radius + 1
    cy, cx = rng.uniform(margin, size - margin, 2)
    yy, xx = np.mgrid[0:size, 0:size] + 0.5
    dy, dx = yy - cy, xx - cx
    if kind == "circle":
        return dy * dy + dx * dx <= radius * radius
    if kind == "square":
        # a square of the same area as the circle would be smaller; same half-width keeps them the same size
        r = radius * 0.89
        return (np.abs(dy) <= r) & (np.abs(dx) <= r)
    # an upright isosceles triangle: apex at the top, base at the bottom
    top, bottom = cy - radius, cy + radius
    t = (yy - top) / (bottom - top)                    # 0 at the apex, 1 at the base
    return (t >= 0) & (t <= 1) & (np.abs(dx) <= t * radius)


def _colours(rng: np.random.Generator, colours: str) -> tuple[np.ndarray, np.ndarray]:
    """A background and a shape colour that differ enough to be seen (but carry no class information)."""
    if colours == "grey":   # a light shape on a dark background, grey levels jittered: the easy variant
        return np.full(3, rng.integers(0, 80)), np.full(3, rng.integers(175, 256))
    while True:
        background, foreground = rng.integers(0, 256, (2, 3))
        if np.abs(background - foreground).sum() >= 180:
            return background, foreground


def make_shapes(n: int, size: int = 64, classes=("circle", "square"), seed: int | None = 0,
                noise: float = 8.0, colours: str = "random") -> tuple[np.ndarray, np.ndarray]:
    """``n`` pictures of shapes and their labels.

    Args:
        n: how many images.
        size: height and width in pixels (at least 16).
        classes: the shapes to draw, in label order (label ``i`` is ``classes[i]``);
            any of "circle", "square", "triangle".
        seed: the random seed; the same seed gives the same pictures.
        noise: the standard deviation of the Gaussian pixel noise, on the 0–255 scale.
        colours: ``"random"`` (any shape colour on any background colour, the
            harder task) or ``"grey"`` (a light grey shape on a dark background,
            which a small CNN learns in a few epochs from a few hundred images).

    Returns:
        ``(x, y)``: ``x`` uint8 of shape ``(n, size, size, 3)``, ``y`` int64 of shape
        ``(n,)``, classes balanced (``i % len(classes)`` before shuffling).

    Example:
        >>> x, y = make_shapes(6, size=32)
        >>> x.shape, x.dtype, sorted(set(y.tolist()))
        ((6, 32, 32, 3), dtype('uint8'), [0, 1])
    """
    classes = _check_classes(classes)
    size = _check_size(size)
    if not isinstance(n, (int, np.integer)) or n < 0:
        raise ValueError(f"n should be a non-negative integer, got {n!r}")
    if colours not in ("random", "grey"):
        raise ValueError(f"colours should be 'random' or 'grey', got {colours!r}")
    rng = np.random.default_rng(seed)
    y = rng.permutation(np.arange(n) % len(classes)).astype("int64")
    x = np.empty((n, size, size, 3), dtype="uint8")
    for i, label in enumerate(y):
        background, foreground = _colours(rng, colours)
        mask = _mask(classes[label], size, rng)
        image = np.where(mask[..., None], foreground, background).astype("float32")
        image += rng.normal(0.0, noise, image.shape)
        x[i] = np.clip(np.rint(image), 0, 255).astype("uint8")
    return x, y


def write_shapes_folder(root, n_per_class: int | None = None, size: int = 64, classes=("circle", "square"),
                        splits: dict[str, int] | None = None, seed: int = 0, colours: str = "random") -> Path:
    """Write a folder of shape pictures as ``root/<split>/<class>/<class>_NNNN.png``.

    Args:
        root: the folder to write into (created if needed).
        n_per_class: images per class in every split; or give ``splits``.
        size: height and width in pixels.
        classes: the class folders to write, e.g. ``("circle", "square")``.
        splits: ``{"train": 100, "validation": 25, "test": 25}``: images per class
            in each split (the default when neither argument is given).
        seed: the random seed; each split draws different pictures.
        colours: ``"random"`` or ``"grey"``, as in :func:`make_shapes`.

    Returns:
        ``root`` as a ``Path``.

    Example:
        >>> import tempfile
        >>> root = write_shapes_folder(tempfile.mkdtemp(), splits={"train": 2, "test": 1}, size=32)
        >>> sorted(p.relative_to(root).as_posix() for p in root.rglob("*.png"))[:3]
        ['test/circle/circle_0000.png', 'test/square/square_0000.png', 'train/circle/circle_0000.png']
    """
    from PIL import Image

    classes = _check_classes(classes)
    size = _check_size(size)
    if splits is None:
        splits = DEFAULT_SPLITS if n_per_class is None else {"train": n_per_class}
    elif n_per_class is not None:
        raise ValueError("give either n_per_class or splits, not both")
    for name, count in splits.items():
        if not isinstance(count, (int, np.integer)) or count < 0:
            raise ValueError(f"splits[{name!r}] should be a non-negative number of images per class, got {count!r}")
    root = Path(os.fspath(root))
    for offset, (split, count) in enumerate(splits.items()):
        # One call per split, balanced: labels i % len(classes), so every class gets `count` images.
        x, y = make_shapes(count * len(classes), size=size, classes=classes,
                           seed=None if seed is None else seed * 1000 + offset, colours=colours)
        for label, name in enumerate(classes):
            folder = root / split / name
            folder.mkdir(parents=True, exist_ok=True)
            for j, image in enumerate(x[y == label]):
                Image.fromarray(image).save(folder / f"{name}_{j:04d}.png")
    return root


def write_multiclass_shapes_folder(root, n_per_class: int | None = None, size: int = 64,
                                   splits: dict[str, int] | None = None, seed: int = 0,
                                   colours: str = "random") -> Path:
    """The three-class variant of :func:`write_shapes_folder`: circle, square and triangle."""
    return write_shapes_folder(root, n_per_class, size=size, classes=SHAPES, splits=splits, seed=seed,
                               colours=colours)
