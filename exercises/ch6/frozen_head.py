"""A new classifier on a frozen convolutional base.

The base (VGG16 without its top) already knows how to see edges, textures and
shapes; the new task needs only a new head. Freeze the base
(``base.trainable = False``) *before* compiling, so ``fit`` changes the head's
weights and nothing else, then put Flatten → Dense(256, ReLU) → Dense(num_classes,
softmax) on top. Dropout in the head is welcome.

Run: kerascourse grade ch6 frozen_head    Hint: kerascourse hint ch6.frozen_head
"""

import keras
from keras import layers


def add_head(base: keras.Model, num_classes: int) -> keras.Model:
    """Freeze ``base`` and return a new model: base → Flatten → Dense(256, relu) → Dense(num_classes, softmax).

    The model's input is an image of the shape the base expects; only the two
    Dense layers are trainable.
    """
    raise NotImplementedError("Freeze the base, then build base → Flatten → Dense(256) → Dense(num_classes)")
