"""Images for Keras 3: a fast, Keras-2-compatible ``ImageDataGenerator`` and file helpers.

Keras 3 dropped ``ImageDataGenerator``, yet most tutorials still start with::

    train_gen = ImageDataGenerator(rescale=1 / 255, shear_range=0.2, zoom_range=0.2,
                                   horizontal_flip=True)
    train = train_gen.flow_from_directory("data/train", target_size=(64, 64),
                                          batch_size=32, class_mode="binary")
    model.fit(train, epochs=10)

This package runs that code unchanged on Keras 3. The iterators are
``keras.utils.PyDataset`` objects; each batch's random transforms are one
vectorised step (one affine matrix per image, one resampling for the batch) and
files are decoded by a thread pool, which makes it several times faster than the
legacy generator (see ``benchmarks/bench_images.py``).
"""

from kerascourse.images._generator import ImageDataGenerator
from kerascourse.images._io import array_to_img, img_to_array, load_img, save_img
from kerascourse.images._iterators import DataFrameIterator, DirectoryIterator, ImageIterator, NumpyArrayIterator

__all__ = ["ImageDataGenerator", "load_img", "img_to_array", "array_to_img", "save_img",
           "ImageIterator", "NumpyArrayIterator", "DirectoryIterator", "DataFrameIterator"]
