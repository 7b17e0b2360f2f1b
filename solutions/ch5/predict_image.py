"""Predicting one image: load it, make it an array, add the batch axis, rescale.

A model trained on batches of rescaled images expects exactly that at prediction
time: the same size, the same scale (1/255 if the training generator rescaled),
and a batch, even of one picture.

Run: kerascourse grade ch5 predict_image    Hint: kerascourse hint ch5.predict_image
"""

import numpy as np

from kerascourse.images import img_to_array, load_img


def predict_image(model, path, target_size, rescale=1.0 / 255):
    """The model's output for the image file at ``path``: a float, the probability of class 1.

    Load the file at ``target_size`` (height, width), convert it to an array,
    make it a batch of one, multiply by ``rescale`` as the training generator did,
    and call ``model.predict``.
    """
    image = load_img(path, target_size=target_size)
    x = img_to_array(image)
    batch = np.expand_dims(x, axis=0) * rescale
    return float(model.predict(batch, verbose=0)[0, 0])


def label_of(probability, class_indices):
    """The class name for a sigmoid output: the class with index 1 when probability > 0.5, else the one with index 0.

    ``class_indices`` is the ``{"cat": 0, "dog": 1}`` dict of ``flow_from_directory``.
    """
    names = {index: name for name, index in class_indices.items()}
    return names[1] if probability > 0.5 else names[0]
