"""Small convolutional networks, and how the data's shape fixes their architecture.

Two builders:

- :func:`build_cnn`, the classic cats-vs-dogs classifier of the Keras 2 tutorials::

      input 64×64×3 → Conv2D 32 3×3 ReLU (62×62×32) → MaxPooling 2×2 (31×31×32)
      → Flatten (30,752) → Dense 128 ReLU → Dense 1 sigmoid

- :func:`build_cifar_cnn`, a CIFAR-style stack of paired 3×3 convolutions::

      32×32×3 → [conv 32, conv 64, pool] 16×16 → [conv 128, conv 128, pool] 8×8
      → [conv 256, conv 256, pool] 4×4 → Flatten (4·4·256 = 4,096)
      → Dense 1024 → Dense 512 → Dense 10 softmax

Three numbers come from the data, not from the designer: the input channels (3
for RGB, 1 for grey), the flatten size (what is left of height and width after the
convolutions and poolings, times the last number of filters), and the number of
output units (one per class, or a single sigmoid unit for two classes).
:func:`flatten_size` computes the second one by hand.
"""

from __future__ import annotations

from collections.abc import Sequence

import keras

__all__ = ["build_cnn", "build_cifar_cnn", "flatten_size", "CIFAR_BLOCKS", "conv_output_size"]

# (filters of the first conv, filters of the second conv) per block; each block ends in a 2×2 pooling.
CIFAR_BLOCKS: tuple[tuple[int, int], ...] = ((32, 64), (128, 128), (256, 256))


def _input_shape(input_shape) -> tuple[int, int, int]:
    try:
        shape = tuple(int(d) for d in input_shape)
    except TypeError:
        raise ValueError(f"input_shape should be (height, width, channels), got {input_shape!r}") from None
    if len(shape) != 3 or min(shape) < 1:
        raise ValueError(f"input_shape should be (height, width, channels) with positive sizes, got {input_shape!r}"
                         + (" (leave out the batch size)" if len(shape) == 4 else ""))
    return shape


def _head(num_classes: int):
    """The output layer and loss that match ``num_classes``: one sigmoid unit for two classes."""
    if not isinstance(num_classes, int) or isinstance(num_classes, bool) or num_classes < 1:
        raise ValueError(f"num_classes should be a positive integer, got {num_classes!r}")
    if num_classes in (1, 2):
        return keras.layers.Dense(1, activation="sigmoid", name="output"), "binary_crossentropy"
    return keras.layers.Dense(num_classes, activation="softmax", name="output"), "categorical_crossentropy"


def conv_output_size(size: int, kernel_size: int = 3, stride: int = 1, padding: str = "valid") -> int:
    """The height (or width) after a convolution or pooling window slides over ``size`` pixels.

    ``"valid"`` keeps only the positions where the window fits: ``(size - kernel) // stride + 1``;
    ``"same"`` pads so that only the stride shrinks the image: ``ceil(size / stride)``.

    Example:
        >>> conv_output_size(64, 3), conv_output_size(62, 2, stride=2), conv_output_size(32, 3, padding="same")
        (62, 31, 32)
    """
    if padding == "same":
        return -(-size // stride)
    if padding != "valid":
        raise ValueError(f"padding should be 'valid' or 'same', got {padding!r}")
    return max(0, (size - kernel_size) // stride + 1)


def flatten_size(input_shape, conv_stack: Sequence) -> int:
    """How many numbers ``Flatten`` receives after a stack of convolutions and poolings.

    Args:
        input_shape: ``(height, width, channels)`` of one image.
        conv_stack: the layers in order, each one of
            ``("conv", filters, kernel_size[, padding[, stride]])`` or
            ``("pool", pool_size[, stride])`` (stride defaults to the pool size,
            as in ``MaxPooling2D``; padding is always "valid").

    A convolution sets the number of channels to its filters and, with "valid"
    padding, trims ``kernel_size - 1`` pixels; a pooling divides height and width
    (rounding down) and keeps the channels.

    Example:
        >>> flatten_size((64, 64, 3), [("conv", 32, 3), ("pool", 2)])   # build_cnn: 31·31·32
        30752
        >>> stack = [("conv", 32, 3, "same"), ("conv", 64, 3, "same"), ("pool", 2),
        ...          ("conv", 128, 3, "same"), ("conv", 128, 3, "same"), ("pool", 2),
        ...          ("conv", 256, 3, "same"), ("conv", 256, 3, "same"), ("pool", 2)]
        >>> flatten_size((32, 32, 3), stack)                              # 4·4·256
        4096
    """
    height, width, channels = _input_shape(input_shape)
    for step in conv_stack:
        kind, *args = step
        if kind == "conv":
            filters, kernel = int(args[0]), int(args[1])
            padding = args[2] if len(args) > 2 else "valid"
            stride = int(args[3]) if len(args) > 3 else 1
            height = conv_output_size(height, kernel, stride, padding)
            width = conv_output_size(width, kernel, stride, padding)
            channels = filters
        elif kind == "pool":
            pool = int(args[0])
            stride = int(args[1]) if len(args) > 1 else pool
            height = conv_output_size(height, pool, stride)
            width = conv_output_size(width, pool, stride)
        else:
            raise ValueError(f"each step of conv_stack should start with 'conv' or 'pool', got {step!r}")
        if height < 1 or width < 1:
            raise ValueError(f"the image is too small for this stack: after {step!r} it is {height}×{width}")
    return height * width * channels


def build_cnn(input_shape=(64, 64, 3), num_classes: int = 2, *, filters: int = 32, units: int = 128,
              optimizer="adam", learning_rate: float | None = None, compile: bool = True) -> keras.Sequential:
    """The cats-vs-dogs classifier: one convolution, one pooling, two dense layers.

    ``Conv2D(32, 3×3, relu) → MaxPooling2D(2×2) → Flatten → Dense(128, relu)``, then
    ``Dense(1, sigmoid)`` with binary cross-entropy for two classes (``num_classes``
    1 or 2, labels 0/1 as ``class_mode="binary"`` yields), otherwise
    ``Dense(num_classes, softmax)`` with categorical cross-entropy (one-hot labels,
    as ``class_mode="categorical"`` yields).

    Example:
        >>> model = build_cnn((64, 64, 3), 2)
        >>> [layer.__class__.__name__ for layer in model.layers]
        ['Conv2D', 'MaxPooling2D', 'Flatten', 'Dense', 'Dense']
        >>> model.count_params()   # 896 + 0 + 0 + 30752·128 + 128 + 129
        3937409
    """
    shape = _input_shape(input_shape)
    output, loss = _head(num_classes)
    if min(shape[:2]) < 4:
        raise ValueError(f"input_shape {shape} is too small: a 3×3 convolution then a 2×2 pooling need 4×4 pixels")
    model = keras.Sequential([
        keras.Input(shape=shape),
        keras.layers.Conv2D(filters, (3, 3), activation="relu", name="conv"),
        keras.layers.MaxPooling2D((2, 2), name="pool"),
        keras.layers.Flatten(name="flatten"),
        keras.layers.Dense(units, activation="relu", name="dense"),
        output,
    ], name="cnn")
    if compile:
        model.compile(optimizer=_optimizer(optimizer, learning_rate), loss=loss, metrics=["accuracy"])
    return model


def build_cifar_cnn(input_shape=(32, 32, 3), num_classes: int = 10, *, blocks=CIFAR_BLOCKS,
                    units: Sequence[int] = (1024, 512), optimizer="adam", learning_rate: float | None = None,
                    compile: bool = True) -> keras.Sequential:
    """A CIFAR-style stack: pairs of 3×3 convolutions, each pair followed by a 2×2 pooling.

    The convolutions use ``padding="same"`` (only the poolings shrink the image), so
    a 32×32 input is 16, 8, then 4 pixels wide after the three blocks and flattens
    to 4·4·256 = 4,096 numbers, fed to ``Dense(1024) → Dense(512) → Dense(num_classes)``.

    Example:
        >>> model = build_cifar_cnn()
        >>> model.get_layer("flatten").output.shape
        (None, 4096)
    """
    shape = _input_shape(input_shape)
    output, loss = _head(num_classes)
    steps = []
    for pair in blocks:
        steps += [("conv", f, 3, "same") for f in pair] + [("pool", 2)]
    flatten_size(shape, steps)  # raises a clear error when the image is too small for the poolings
    layers = [keras.Input(shape=shape)]
    for b, pair in enumerate(blocks, start=1):
        for c, f in enumerate(pair, start=1):
            layers.append(keras.layers.Conv2D(f, (3, 3), padding="same", activation="relu",
                                              name=f"block{b}_conv{c}"))
        layers.append(keras.layers.MaxPooling2D((2, 2), name=f"block{b}_pool"))
    layers.append(keras.layers.Flatten(name="flatten"))
    layers += [keras.layers.Dense(u, activation="relu", name=f"fc{i}") for i, u in enumerate(units, start=1)]
    layers.append(output)
    model = keras.Sequential(layers, name="cifar_cnn")
    if compile:
        model.compile(optimizer=_optimizer(optimizer, learning_rate), loss=loss, metrics=["accuracy"])
    return model


def _optimizer(optimizer, learning_rate):
    if learning_rate is None:
        return optimizer
    if not isinstance(optimizer, str):
        raise ValueError("learning_rate can only be given with an optimizer name such as 'adam'")
    return keras.optimizers.get({"class_name": optimizer, "config": {"learning_rate": learning_rate}})
