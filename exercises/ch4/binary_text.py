"""Binary classification of short reviews: multi-hot vectors into a small dense network.

Each review is a list of word codes; multi-hot encoding turns it into a vector
with a 1 for each word that occurs. Two Dense(16, relu) layers then a single
sigmoid unit give the probability that the review is positive, trained with
binary cross-entropy.

Run: kerascourse grade ch4 binary_text    Hint: kerascourse hint ch4.binary_text
"""

import keras
import numpy as np

from kerascourse.preprocessing import multi_hot


def vectorize(sequences, dimension: int) -> np.ndarray:
    """Multi-hot encode the sequences of word codes into shape (len(sequences), dimension), float32."""
    raise NotImplementedError("Multi-hot encode the sequences of word codes into shape (len(sequences), dimension), float32")


def build_text_classifier(dimension: int) -> keras.Sequential:
    """Input (dimension,) → Dense 16 relu → Dense 16 relu → Dense 1 sigmoid; compiled with rmsprop,
    binary cross-entropy and the accuracy metric."""
    raise NotImplementedError("Input (dimension,) → Dense 16 relu → Dense 16 relu → Dense 1 sigmoid; compiled with rmsprop,")


def train_text_classifier(model: keras.Model, x: np.ndarray, y: np.ndarray, epochs: int = 5,
                          batch_size: int = 32, verbose=0) -> keras.callbacks.History:
    """Fit the model on (x, y) for `epochs` epochs with validation_split=0.2; return the History."""
    raise NotImplementedError("Fit the model on (x, y) for `epochs` epochs with validation_split=0.2; return the History")
