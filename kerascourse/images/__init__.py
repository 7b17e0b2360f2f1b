"""Images for Keras 3: a fast, Keras-2-compatible ``ImageDataGenerator`` and file helpers.

Keras 3 dropped ``ImageDataGenerator``, yet most tutorials still start with::

    train_gen = ImageDataGenerator(rescale=1 / 255, shear_range=0.2, zoom_range=0.2,
                                   horizontal_flip=True)
    train = train_gen.flow_from_directory("data/train", target_size=(64, 64),
                                          batch_size=32, class_mode="binary")
    model.fit(train, epochs=10)

This package runs that code unchanged on Keras 3. The iterators are
``keras.utils.PyDataset`` objects; each batch's random transforms are one
vectorised step (one affine matrix per image, one resampling for the batch:
OpenCV's ``warpAffine`` over all cores when ``opencv-python-headless`` is
installed, an XLA kernel otherwise), and files are decoded by a thread pool,
at reduced scale for large JPEGs, one batch ahead of the one being augmented,
which makes it many times faster than the legacy generator and ahead of the
Keras 3 preprocessing layers and albumentations (see ``benchmarks/bench_images.py``).

The whole legacy contract is here: every ``ImageDataGenerator`` argument, every
``class_mode``, sample weights, extra inputs, ``next(iterator)``, the legacy
argument order of the iterator classes and of ``load_img`` & co., and the
module-level transforms (``random_rotation``, ``apply_affine_transform``, ...).
"""

from kerascourse.images._generator import ImageDataGenerator
from kerascourse.images._io import array_to_img, img_to_array, load_img, save_img
from kerascourse.images._iterators import (BatchIndexError, DataFrameIterator, DirectoryIterator, ImageIterator,
                                           NumpyArrayIterator)
from kerascourse.images._standalone import (apply_affine_transform, apply_brightness_shift, apply_channel_shift,
                                            flip_axis, random_brightness, random_channel_shift, random_rotation,
                                            random_shear, random_shift, random_zoom)

# The legacy base class's name, for code that subclasses or checks it.
Iterator = ImageIterator

__all__ = ["ImageDataGenerator", "load_img", "img_to_array", "array_to_img", "save_img",
           "ImageIterator", "Iterator", "NumpyArrayIterator", "DirectoryIterator", "DataFrameIterator",
           "BatchIndexError", "apply_affine_transform", "random_rotation", "random_shift", "random_shear",
           "random_zoom", "apply_channel_shift", "random_channel_shift", "apply_brightness_shift",
           "random_brightness", "flip_axis"]
