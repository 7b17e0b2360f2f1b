"""NaiveSequential: layers called one after the other, and the book's two-layer model.

A model chains layers: the output of one is the input of the next. Its weights
are all its layers' weights, in order, which is what training updates.

Run: kerascourse grade ch2 naive_sequential    Hint: kerascourse hint ch2.naive_sequential
"""

import tensorflow as tf

from kerascourse.naive import NaiveDense


class NaiveSequential:
    """NaiveSequential(layers): calling it calls each layer in turn; weights lists every layer's weights."""

    def __init__(self, layers):
        """Store the list of layers."""
        raise NotImplementedError("Store the list of layers")

    def __call__(self, inputs):
        """Feed inputs through every layer, in order, and return the last output."""
        raise NotImplementedError("Feed inputs through every layer, in order, and return the last output")

    @property
    def weights(self):
        """Return the weights of every layer, first layer first, in one flat list."""
        raise NotImplementedError("Return the weights of every layer, first layer first, in one flat list")


def build_model(input_size: int = 784, hidden: int = 512, num_classes: int = 10) -> NaiveSequential:
    """Return the book's model: NaiveDense(input_size, hidden, relu) then NaiveDense(hidden, num_classes, softmax).

    The softmax turns each sample's scores (each row) into probabilities that sum to 1.
    """
    raise NotImplementedError("Return the book's model: NaiveDense(input_size, hidden, relu) then NaiveDense(hidden, num_classes...")
