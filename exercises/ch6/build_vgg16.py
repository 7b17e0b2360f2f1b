"""VGG16 from its specification, layer by layer, with the names Keras uses.

Five blocks of 3×3 convolutions ('same' padding, ReLU), each closed by a 2×2 max
pooling with stride 2. With the top: Flatten, Dense 4096, Dense 4096 (ReLU), and a
softmax over the classes. Name the layers as ``keras.applications.VGG16`` does
(``block1_conv1``, ..., ``block1_pool``, ..., ``flatten``, ``fc1``, ``fc2``,
``predictions``) and weights saved from it load into your model.

Run: kerascourse grade ch6 build_vgg16    Hint: kerascourse hint ch6.build_vgg16
"""

import keras
from keras import layers

# (block name, filters, number of 3×3 convolutions)
SPEC = [("block1", 64, 2), ("block2", 128, 2), ("block3", 256, 3), ("block4", 512, 3), ("block5", 512, 3)]


def build_vgg16(input_shape=(224, 224, 3), num_classes=1000, include_top=True) -> keras.Model:
    """Build VGG16 as a functional ``keras.Model`` from ``SPEC``.

    ``include_top=False`` stops after ``block5_pool`` (the convolutional base).
    Example: ``build_vgg16().count_params() == 138357544``.
    """
    raise NotImplementedError("Loop over SPEC: Conv2D layers then a MaxPooling2D per block; then the top")
