"""Feature extraction: run the frozen base once, train a small classifier on what it sees.

Running VGG16's convolutional base is by far the expensive part of a forward pass.
When the images are not augmented, every epoch would compute the same features
again, so compute them once with ``base.predict``, flatten them to one vector per
image, and train a small dense classifier on those vectors: seconds instead of hours.

Run: kerascourse grade ch6 feature_extraction    Hint: kerascourse hint ch6.feature_extraction
"""

import keras
import numpy as np
from keras import layers


def extract_features(base: keras.Model, images: np.ndarray, batch_size: int = 32) -> np.ndarray:
    """Run ``base`` over ``images`` (already preprocessed) and return one flat feature vector per image.

    The result is a NumPy array of shape ``(len(images), number_of_features)``,
    e.g. ``(n, 1 * 1 * 512)`` for VGG16 without its top on 32×32 images.
    """
    features = base.predict(images, batch_size=batch_size, verbose=0)
    return features.reshape(len(images), -1)


def train_classifier(features: np.ndarray, labels: np.ndarray, num_classes: int, epochs: int = 30) -> keras.Model:
    """Train and return a small classifier on ``features`` (integer ``labels`` 0 .. num_classes - 1).

    Dense(256, relu) → Dropout(0.5) → Dense(num_classes, softmax), compiled with
    RMSprop and sparse categorical cross-entropy, fitted for ``epochs`` epochs.
    """
    model = keras.Sequential([
        keras.Input(shape=features.shape[1:]),
        layers.Dense(256, activation="relu"),
        layers.Dropout(0.5),
        layers.Dense(num_classes, activation="softmax"),
    ])
    model.compile(optimizer="rmsprop", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(features, labels, epochs=epochs, batch_size=32, verbose=0)
    return model
