"""Counting parameters by formula: what a Conv2D and a Dense layer learn.

A Conv2D layer with ``filters`` filters of size ``kh × kw`` on an input with
``in_channels`` channels learns ``kh·kw·in_channels`` weights per filter plus one
bias per filter. A Dense layer learns one weight per input per unit, plus one bias
per unit. The image size does not appear: a filter's weights are shared across
every position of the image.

Run: kerascourse grade ch6 param_count    Hint: kerascourse hint ch6.param_count
"""


def conv2d_params(kernel_size: int, in_channels: int, filters: int) -> int:
    """Trainable parameters of ``Conv2D(filters, (kernel_size, kernel_size))`` on ``in_channels`` channels.

    Example: ``conv2d_params(3, 3, 64) == 1792`` (VGG16's block1_conv1 on an RGB image).
    """
    weights = kernel_size * kernel_size * in_channels * filters
    return weights + filters


def dense_params(in_features: int, units: int) -> int:
    """Trainable parameters of ``Dense(units)`` fed by ``in_features`` numbers.

    Example: ``dense_params(4096, 1000) == 4097000`` (VGG16's predictions layer).
    """
    return in_features * units + units
