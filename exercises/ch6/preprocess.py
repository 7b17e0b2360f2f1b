"""VGG16's preprocessing: RGB → BGR, then subtract the ImageNet mean pixel.

VGG16 was trained (in Caffe) on images in BGR order with the mean pixel of
ImageNet subtracted, and pixels left on the 0–255 scale. Its pre-trained filters
only make sense on inputs prepared the same way, so this is what
``keras.applications.vgg16.preprocess_input`` does. Dividing by 255 is a different
preprocessing: the filters would see almost black, colour-swapped images.

Run: kerascourse grade ch6 preprocess    Hint: kerascourse hint ch6.preprocess
"""

import numpy as np

# The ImageNet mean pixel, in BGR order (blue, green, red).
MEAN_BGR = np.array([103.939, 116.779, 123.68], dtype="float32")


def preprocess_input(images: np.ndarray) -> np.ndarray:
    """Caffe-style preprocessing of RGB images (last axis = 3 channels, values 0–255).

    Returns a new float32 array: channels reversed to BGR, then ``MEAN_BGR``
    subtracted channel by channel. The input array is not modified.
    Example: a red pixel ``[255, 0, 0]`` becomes ``[-103.939, -116.779, 131.32]``.
    """
    raise NotImplementedError("Reverse the channel axis (RGB → BGR) and subtract MEAN_BGR, as float32")


def prepare_image(image: np.ndarray) -> np.ndarray:
    """Turn one RGB image of shape ``(height, width, 3)`` into a preprocessed batch of one.

    The result has shape ``(1, height, width, 3)``: models predict on batches.
    """
    raise NotImplementedError("Add a batch axis in front, then preprocess")
