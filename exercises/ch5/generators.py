"""Image data generators: augment the training images, only rescale the test images.

Augmentation (shearing, zooming, flipping) shows the network new variants of the
training pictures every epoch, so it learns the shape and not the exact pixels.
The test images must look like the pictures the model will meet in use: they get
the same rescaling as the training images and nothing else.

Run: kerascourse grade ch5 generators    Hint: kerascourse hint ch5.generators
"""

from kerascourse.images import ImageDataGenerator


def train_generator():
    """An ImageDataGenerator for training: rescale by 1/255, shear 0.2, zoom 0.2, horizontal flips."""
    raise NotImplementedError("An ImageDataGenerator for training: rescale by 1/255, shear 0.2, zoom 0.2, horizontal flips")


def test_generator():
    """An ImageDataGenerator for validation and test images: the same rescale, no augmentation."""
    raise NotImplementedError("An ImageDataGenerator for validation and test images: the same rescale, no augmentation")
