"""VGG16 built from its specification, its preprocessing, and its parameter count.

VGG16 (Simonyan & Zisserman, 2014) is five blocks of 3×3 convolutions, each block
closed by a 2×2 max pooling that halves the image, then three dense layers::

    block1   64,  64          pool   224 → 112
    block2  128, 128          pool   112 →  56
    block3  256, 256, 256     pool    56 →  28
    block4  512, 512, 512     pool    28 →  14
    block5  512, 512, 512     pool    14 →   7
    top     flatten (7·7·512 = 25,088) → 4096 → 4096 → 1000 softmax

:func:`build_vgg16` turns :data:`VGG16_SPEC` into a Keras model whose layers,
names, shapes and configurations match ``keras.applications.VGG16`` one for one,
so weights saved from one load into the other. Nothing here downloads: the
ImageNet weights are read from the Keras cache or from a file you give.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

# (block name, filters, number of 3×3 convolutions); every block ends in a 2×2 max pooling.
VGG16_SPEC: tuple[tuple[str, int, int], ...] = (
    ("block1", 64, 2),
    ("block2", 128, 2),
    ("block3", 256, 3),
    ("block4", 512, 3),
    ("block5", 512, 3),
)
# The hidden dense layers of the classifier on top ("fc1", "fc2").
VGG16_TOP: tuple[int, ...] = (4096, 4096)

# Caffe-style preprocessing: the ImageNet mean pixel, in BGR order.
IMAGENET_MEAN_BGR = (103.939, 116.779, 123.68)

WEIGHTS_FILE = "vgg16_weights_tf_dim_ordering_tf_kernels.h5"
WEIGHTS_FILE_NO_TOP = "vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5"
_WEIGHTS_URL = "https://storage.googleapis.com/tensorflow/keras-applications/vgg16/"

_MIN_SIZE = 2 ** len(VGG16_SPEC)  # five poolings halve the image five times: 32 → 1


class WeightsNotFoundError(FileNotFoundError):
    """Pre-trained weights are not on this machine, and kerascourse never downloads."""


def keras_models_dir() -> Path:
    """The folder where Keras caches downloaded weights (``$KERAS_HOME/models``)."""
    home = os.environ.get("KERAS_HOME")
    return (Path(home) if home else Path.home() / ".keras") / "models"


def imagenet_weights_path(include_top: bool = True) -> Path:
    """The local path of VGG16's ImageNet weights, or :class:`WeightsNotFoundError`.

    Looks in the Keras cache only (where ``keras.applications.VGG16(weights="imagenet")``
    leaves the file after its first, online, run). Never downloads.
    """
    filename = WEIGHTS_FILE if include_top else WEIGHTS_FILE_NO_TOP
    path = keras_models_dir() / filename
    if path.is_file():
        return path
    size = "528 MB" if include_top else "56 MB"
    raise WeightsNotFoundError(
        f"VGG16 ImageNet weights not found: looked for {path}. kerascourse never downloads. "
        f"To provide them, on a machine with internet run "
        f"`keras.applications.VGG16(weights='imagenet', include_top={include_top})` once "
        f"(it caches the file there), or download {_WEIGHTS_URL}{filename} ({size}) and copy it "
        f"to {path}, or pass weights='/path/to/{filename}'. Offline, use weights=None "
        f"(random initialisation): everything in the course runs with it."
    )


def _check_input_shape(input_shape, include_top: bool) -> tuple:
    try:
        shape = tuple(None if d is None else int(d) for d in input_shape)
    except TypeError:
        raise ValueError(f"input_shape must be a tuple (height, width, channels); got {input_shape!r}") from None
    if len(shape) != 3:
        raise ValueError(f"input_shape must be (height, width, channels), three numbers; got {shape}")
    height, width, channels = shape
    if channels is None or channels < 1:
        raise ValueError(f"input_shape {shape}: the number of channels must be a positive number")
    for side, value in (("height", height), ("width", width)):
        if value is None:
            if include_top:
                raise ValueError(f"input_shape {shape}: with include_top=True the {side} must be known, "
                                 f"because Flatten feeds a Dense layer of fixed size")
        elif value < _MIN_SIZE:
            raise ValueError(f"input_shape {shape}: the {side} must be at least {_MIN_SIZE}, because "
                             f"{len(VGG16_SPEC)} poolings halve it {len(VGG16_SPEC)} times")
    return shape


def build_vgg16(input_shape=(224, 224, 3), num_classes: int = 1000, include_top: bool = True,
                weights=None, pooling: str | None = None, classifier_activation="softmax"):
    """Build VGG16 block by block from :data:`VGG16_SPEC`.

    Args:
        input_shape: ``(height, width, channels)``; height and width at least 32.
            Without the top they may be ``None`` (any image size).
        num_classes: units of the last Dense layer (``"predictions"``).
        include_top: add ``flatten``, ``fc1``, ``fc2`` and ``predictions``.
        weights: ``None`` (random initialisation), a path to a weights file
            (``.weights.h5`` saved by Keras 3, or a legacy Keras 2 ``.h5``), or
            ``"imagenet"``: the Keras cache file, if present, else
            :class:`WeightsNotFoundError` at once (never a download).
        pooling: without the top, ``None`` (a 4-D feature map), ``"avg"`` or ``"max"``
            (global pooling to one vector of 512 per image).
        classifier_activation: activation of ``predictions`` (``None`` for logits).

    Returns:
        A functional ``keras.Model`` named ``"vgg16"``, layer for layer the same as
        ``keras.applications.VGG16(weights=None, ...)``.

    Example:
        >>> base = build_vgg16(input_shape=(32, 32, 3), include_top=False)
        >>> base.output.shape, base.count_params()
        ((None, 1, 1, 512), 14714688)
    """
    import keras
    from keras import layers

    shape = _check_input_shape(input_shape, include_top)
    if int(num_classes) != num_classes or num_classes < 1:
        raise ValueError(f"num_classes must be a positive integer; got {num_classes!r}")
    if pooling not in (None, "avg", "max"):
        raise ValueError(f"pooling must be None, 'avg' or 'max'; got {pooling!r}")
    if weights is not None and not (isinstance(weights, (str, os.PathLike))):
        raise ValueError(f"weights must be None, 'imagenet' or a path to a weights file; got {weights!r}")
    if weights == "imagenet":
        if include_top and num_classes != 1000:
            raise ValueError(f"the ImageNet top classifies 1000 classes; got num_classes={num_classes}. "
                             f"Use include_top=False and put your own head on the base.")
        if include_top and shape[:2] != (224, 224):
            raise ValueError(f"the ImageNet top expects 224×224 images (fc1 is sized for 7·7·512 "
                             f"inputs); got input_shape={shape}. Use include_top=False for other sizes.")
        if shape[2] != 3:
            raise ValueError(f"the ImageNet weights expect 3 colour channels; got input_shape={shape}")
        weights_path = imagenet_weights_path(include_top)  # fail before spending time on the build
    elif weights is not None:
        weights_path = Path(weights).expanduser()
        if not weights_path.is_file():
            raise WeightsNotFoundError(f"weights file not found: {weights_path}")

    inputs = keras.Input(shape=shape)
    x = inputs
    for block, filters, convs in VGG16_SPEC:
        for i in range(1, convs + 1):
            x = layers.Conv2D(filters, (3, 3), activation="relu", padding="same", name=f"{block}_conv{i}")(x)
        x = layers.MaxPooling2D((2, 2), strides=(2, 2), name=f"{block}_pool")(x)
    if include_top:
        x = layers.Flatten(name="flatten")(x)
        for i, units in enumerate(VGG16_TOP, start=1):
            x = layers.Dense(units, activation="relu", name=f"fc{i}")(x)
        x = layers.Dense(int(num_classes), activation=classifier_activation, name="predictions")(x)
    elif pooling == "avg":
        x = layers.GlobalAveragePooling2D()(x)
    elif pooling == "max":
        x = layers.GlobalMaxPooling2D()(x)
    model = keras.Model(inputs, x, name="vgg16")
    if weights is not None:
        model.load_weights(str(weights_path))
    return model


def preprocess_input(x, data_format: str | None = None) -> np.ndarray:
    """Caffe-style preprocessing for VGG16: RGB → BGR, then subtract the ImageNet mean pixel.

    Numerically identical to ``keras.applications.vgg16.preprocess_input``: pixels
    stay on the 0–255 scale (no division by 255), the channel order is reversed,
    and ``(103.939, 116.779, 123.68)`` is subtracted from the B, G and R channels.
    Unlike Keras's NumPy path, the input array is never modified in place.

    Args:
        x: images with values in 0–255, shape ``(height, width, 3)`` or
            ``(batch, height, width, 3)`` (channels first with ``data_format``).
            Integer input becomes ``keras.config.floatx()`` (float32 unless you
            changed it); floating input keeps its dtype.
        data_format: ``"channels_last"`` or ``"channels_first"``; default: Keras's setting.

    Example:
        >>> preprocess_input(np.array([[[255, 0, 0]]], dtype="uint8"))  # one red pixel
        array([[[-103.939, -116.779,  131.32 ]]], dtype=float32)
    """
    import keras

    x = np.asarray(x)
    if data_format is None:
        data_format = keras.config.image_data_format()
    if data_format not in ("channels_last", "channels_first"):
        raise ValueError(f"data_format must be 'channels_last' or 'channels_first'; got {data_format!r}")
    if x.ndim not in (3, 4):
        raise ValueError(f"preprocess_input expects one image (3-D) or a batch (4-D); got shape {x.shape}")
    axis = -1 if data_format == "channels_last" else x.ndim - 3
    if x.shape[axis] != 3:
        raise ValueError(f"preprocess_input expects 3 colour channels on axis {axis} ({data_format}); "
                         f"got shape {x.shape}")
    if x.dtype.kind not in "iufb":
        raise ValueError(f"preprocess_input expects numbers; got dtype {x.dtype}")
    dtype = x.dtype if x.dtype.kind == "f" else np.dtype(keras.config.floatx())
    # As Keras computes it: convert (always a copy here, so the caller's array is never
    # written to), reverse the channels (RGB → BGR, a view), subtract each channel's mean
    # in place. The result is a reversed view of that fresh copy, as Keras returns.
    out = np.flip(x.astype(dtype, copy=True), axis=axis)
    channels = np.moveaxis(out, axis, 0)
    for c, mean in enumerate(IMAGENET_MEAN_BGR):
        channels[c] -= dtype.type(mean)
    return out


def conv2d_params(kernel_size, in_channels: int, filters: int, use_bias: bool = True) -> int:
    """Parameters of a Conv2D layer: ``kh·kw·in_channels·filters`` weights, plus one bias per filter.

    Example:
        >>> conv2d_params(3, 3, 64)   # block1_conv1: 3·3·3·64 + 64
        1792
    """
    kh, kw = (kernel_size, kernel_size) if np.isscalar(kernel_size) else kernel_size
    return int(kh) * int(kw) * int(in_channels) * int(filters) + (int(filters) if use_bias else 0)


def dense_params(in_features: int, units: int, use_bias: bool = True) -> int:
    """Parameters of a Dense layer: ``in_features·units`` weights, plus one bias per unit.

    Example:
        >>> dense_params(25088, 4096)  # fc1: 7·7·512 inputs
        102764544
    """
    return int(in_features) * int(units) + (int(units) if use_bias else 0)


def vgg16_layer_table(input_shape=(224, 224, 3), num_classes: int = 1000,
                      include_top: bool = True) -> list[dict]:
    """VGG16 layer by layer, computed from the specification with no model built.

    Returns one dict per layer (after the input): ``name``, ``type``, ``block``,
    ``output_shape`` (without the batch axis) and ``params`` (by the formulas of
    :func:`conv2d_params` and :func:`dense_params`).

    Example:
        >>> rows = vgg16_layer_table()
        >>> rows[0]
        {'name': 'block1_conv1', 'type': 'Conv2D', 'block': 'block1', 'output_shape': (224, 224, 64), 'params': 1792}
        >>> sum(r["params"] for r in rows)
        138357544
    """
    height, width, channels = _check_input_shape(input_shape, include_top)
    rows = []
    for block, filters, convs in VGG16_SPEC:
        for i in range(1, convs + 1):
            rows.append(dict(name=f"{block}_conv{i}", type="Conv2D", block=block,
                             output_shape=(height, width, filters),
                             params=conv2d_params(3, channels, filters)))
            channels = filters
        # 2×2 pooling with stride 2 and 'valid' padding: an odd side loses its last row.
        height = None if height is None else height // 2
        width = None if width is None else width // 2
        rows.append(dict(name=f"{block}_pool", type="MaxPooling2D", block=block,
                         output_shape=(height, width, channels), params=0))
    if include_top:
        features = height * width * channels
        rows.append(dict(name="flatten", type="Flatten", block="top", output_shape=(features,), params=0))
        for i, units in enumerate((*VGG16_TOP, int(num_classes)), start=1):
            name = "predictions" if i == len(VGG16_TOP) + 1 else f"fc{i}"
            rows.append(dict(name=name, type="Dense", block="top", output_shape=(units,),
                             params=dense_params(features, units)))
            features = units
    return rows


def vgg16_param_count(input_shape=(224, 224, 3), num_classes: int = 1000, include_top: bool = True,
                      by_block: bool = False):
    """VGG16's parameter count by formula: 138,357,544 with the top, 14,714,688 without.

    With ``by_block=True``, a dict ``{"block1": 38720, ..., "top": 123642856}``.
    Without the top the count does not depend on the image size: a convolution's
    weights are shared across all positions.

    Example:
        >>> vgg16_param_count(), vgg16_param_count(include_top=False)
        (138357544, 14714688)
    """
    rows = vgg16_layer_table(input_shape, num_classes, include_top)
    if not by_block:
        return sum(r["params"] for r in rows)
    blocks: dict[str, int] = {}
    for r in rows:
        blocks[r["block"]] = blocks.get(r["block"], 0) + r["params"]
    return blocks


def vgg16_flatten_size(height: int, width: int) -> int:
    """Features that ``flatten`` hands to ``fc1``: ``(h // 32)·(w // 32)·512`` (25,088 at 224×224).

    Example:
        >>> vgg16_flatten_size(224, 224), vgg16_flatten_size(32, 32)
        (25088, 512)
    """
    h, w = int(height), int(width)
    if h < _MIN_SIZE or w < _MIN_SIZE:
        raise ValueError(f"a {h}×{w} image is too small: VGG16 needs at least {_MIN_SIZE}×{_MIN_SIZE}")
    for _ in VGG16_SPEC:
        h, w = h // 2, w // 2
    return h * w * VGG16_SPEC[-1][1]


__all__ = [
    "VGG16_SPEC", "VGG16_TOP", "IMAGENET_MEAN_BGR", "WeightsNotFoundError", "build_vgg16",
    "preprocess_input", "imagenet_weights_path", "keras_models_dir", "conv2d_params", "dense_params",
    "vgg16_layer_table", "vgg16_param_count", "vgg16_flatten_size",
]
