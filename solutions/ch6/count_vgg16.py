"""VGG16's 138,357,544 parameters, block by block, by hand.

Five blocks of 3×3 convolutions (each ending in a 2×2 max pooling that halves the
image) then three dense layers. Each convolution sees the channels the layer before
it produced: 3 for the very first one (RGB), then the previous layer's filters.
The convolutions hold 14,714,688 parameters; the first dense layer alone, fed by the
7·7·512 = 25,088 numbers of the flattened feature map, holds 102,764,544.

Run: kerascourse grade ch6 count_vgg16    Hint: kerascourse hint ch6.count_vgg16
"""

# (filters, number of 3×3 convolutions) for block1 ... block5
VGG16_BLOCKS = [(64, 2), (128, 2), (256, 3), (512, 3), (512, 3)]
DENSE_UNITS = [4096, 4096]  # fc1 and fc2; then the predictions layer


def flatten_size(height: int, width: int) -> int:
    """How many numbers ``Flatten`` hands to fc1 for a ``height × width`` image.

    Five 2×2 poolings halve each side five times, rounding down (a 'valid' pooling
    drops an odd last row); the last block has 512 channels.
    Example: ``flatten_size(224, 224) == 7 * 7 * 512 == 25088``.
    """
    for _ in VGG16_BLOCKS:
        height, width = height // 2, width // 2
    return height * width * VGG16_BLOCKS[-1][0]


def vgg16_block_params(input_size: int = 224, num_classes: int = 1000) -> dict:
    """Parameters per block for a square ``input_size`` RGB image, with the top.

    Returns ``{"block1": ..., "block2": ..., "block3": ..., "block4": ..., "block5": ..., "top": ...}``
    where "top" is fc1 + fc2 + predictions. For 224 and 1000 classes the values add
    up to 138,357,544.
    """
    counts = {}
    channels = 3  # an RGB image
    for number, (filters, convs) in enumerate(VGG16_BLOCKS, start=1):
        total = 0
        for _ in range(convs):
            total += 3 * 3 * channels * filters + filters
            channels = filters
        counts[f"block{number}"] = total
    features = flatten_size(input_size, input_size)
    top = 0
    for units in DENSE_UNITS + [num_classes]:
        top += features * units + units
        features = units
    counts["top"] = top
    return counts
