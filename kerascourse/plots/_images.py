"""Image pictures: a grid of samples with their labels, and augmented variants of one image.

Matplotlib's object-oriented ``Figure`` API (no pyplot, no display). With ``path``
the PNG is written and ``path`` returned; without it the ``Figure`` is returned.
"""

from __future__ import annotations

import math
import os

import numpy as np

__all__ = ["image_grid", "augmented_grid"]


def _displayable(images) -> np.ndarray:
    """Images as floats in [0, 1] with shape (n, h, w, 3) or (n, h, w), whatever scale they came on."""
    images = np.asarray(images)
    if images.ndim not in (3, 4):
        raise ValueError(f"images should have shape (n, height, width[, channels]), got {images.shape}")
    if images.ndim == 4:
        if images.shape[-1] == 1:
            images = images[..., 0]
        elif images.shape[-1] != 3:
            raise ValueError(f"images should have 1 or 3 channels in the last axis, got shape {images.shape}")
    if images.shape[0] == 0:
        raise ValueError("images is empty: there is nothing to draw")
    images = images.astype("float64")
    if not np.all(np.isfinite(images)):
        raise ValueError("images contain NaN or infinite values")
    low, high = images.min(), images.max()
    # uint8-like 0..255 pixels are divided by 255; rescaled (0..1) pixels are shown as they are;
    # anything else (standardised, negative) is stretched to 0..1 so that it can be seen.
    if low >= 0 and high <= 1:
        return images
    if low >= 0 and high <= 255:
        return images / 255.0
    return (images - low) / (high - low if high > low else 1.0)


def _finish(fig, path):
    if path is not None:
        fig.savefig(os.fspath(path), format="png", dpi=100)
        return path
    return fig


def image_grid(images, labels=None, path=None, *, class_names=None, ncols: int | None = None,
               title: str | None = None, cell: float = 1.6):
    """Draw images in a grid, each with its label above it.

    Args:
        images: ``(n, height, width[, 1 or 3])`` pixels, 0–255 or rescaled to 0–1.
        labels: optional, one per image: integers, strings, or one-hot rows
            (shown as the class index, or its name from ``class_names``).
        path: where to write the PNG; without it the ``Figure`` is returned.
        class_names: names for integer labels, e.g. ``["circle", "square"]``,
            or the ``class_indices`` dict of ``flow_from_directory``.
        ncols: images per row (default: about a square grid, at most 8).
        title: a title over the grid.

    Example:
        >>> from kerascourse.datasets import make_shapes
        >>> x, y = make_shapes(8, size=32)
        >>> fig = image_grid(x, y, class_names=["circle", "square"])
        >>> len([ax for ax in fig.axes if ax.get_title()])
        8
    """
    from matplotlib.figure import Figure

    pixels = _displayable(images)
    n = len(pixels)
    if labels is not None:
        labels = np.asarray(labels)
        if labels.ndim == 2:                      # one-hot rows → class index
            labels = labels.argmax(axis=1)
        if len(labels) != n:
            raise ValueError(f"got {n} images but {len(labels)} labels: give one label per image")
    if isinstance(class_names, dict):             # class_indices {"circle": 0, ...} → ["circle", ...]
        class_names = [name for name, _ in sorted(class_names.items(), key=lambda item: item[1])]
    ncols = ncols or min(8, math.ceil(math.sqrt(n)))
    nrows = math.ceil(n / ncols)
    fig = Figure(figsize=(cell * ncols, cell * nrows + (0.4 if title else 0)), layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=False).ravel()
    grey = pixels.ndim == 3
    for i, ax in enumerate(axes):
        ax.set_axis_off()
        if i >= n:
            continue
        ax.imshow(pixels[i], cmap="gray" if grey else None, vmin=0, vmax=1, interpolation="nearest")
        if labels is not None:
            label = labels[i]
            if class_names is not None and np.issubdtype(np.asarray(label).dtype, np.number):
                value = float(label)
                index = int(round(value))
                text = class_names[index] if 0 <= index < len(class_names) else str(label)
                if value != index:                 # a binary label as a probability
                    text = f"{text} ({value:.2f})"
            else:
                text = str(label)
            ax.set_title(text, fontsize=9)
    if title:
        fig.suptitle(title)
    return _finish(fig, path)


def augmented_grid(generator, image, n: int = 8, path=None, *, seed: int = 0, ncols: int | None = None,
                   title: str | None = "Augmented variants of one image"):
    """Draw the original ``image`` and ``n`` random variants that ``generator`` makes of it.

    ``generator`` is anything with ``.flow(x, batch_size=..., shuffle=..., seed=...)``
    returning batches of images: :class:`kerascourse.images.ImageDataGenerator`
    or the legacy Keras 2 one. This is the picture that shows what augmentation
    does: the same cat, turned, shifted, zoomed and flipped.

    Example:
        >>> from kerascourse.images import ImageDataGenerator
        >>> from kerascourse.datasets import make_shapes
        >>> x, _ = make_shapes(1, size=32)
        >>> fig = augmented_grid(ImageDataGenerator(rotation_range=30, horizontal_flip=True), x[0], n=5)
        >>> len([ax for ax in fig.axes if ax.images])
        6
    """
    image = np.asarray(image)
    if image.ndim == 4 and image.shape[0] == 1:
        image = image[0]
    if image.ndim == 2:
        image = image[..., None]
    if image.ndim != 3:
        raise ValueError(f"image should be one picture of shape (height, width, channels), got {image.shape}")
    if not isinstance(n, (int, np.integer)) or n < 1:
        raise ValueError(f"n should be a positive number of variants, got {n!r}")
    batch = np.repeat(image[None].astype("float32"), n, axis=0)
    flow = generator.flow(batch, batch_size=n, shuffle=False, seed=seed)
    item = flow[0] if hasattr(flow, "__getitem__") else next(iter(flow))
    variants = item[0] if isinstance(item, tuple) else item
    variants = np.asarray(variants)
    # Show the original on the generator's scale, so that rescale=1/255 does not make it look different.
    rescale = getattr(generator, "rescale", None)
    original = image.astype("float32") * (rescale if rescale else 1.0)
    pictures = np.concatenate([original[None], variants], axis=0)
    labels = ["original"] + [f"variant {i + 1}" for i in range(len(variants))]
    # image_grid scales the original and its variants together, so they stay comparable.
    return image_grid(pictures, labels, path=path, ncols=ncols or min(n + 1, 5), title=title)
