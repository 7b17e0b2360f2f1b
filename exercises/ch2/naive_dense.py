"""NaiveDense: a dense layer with two tf.Variable weights, W and b.

A dense layer computes ``activation(inputs @ W + b)``. ``W`` has one row per input
feature and one column per unit, shape (input_size, output_size), so that a batch
of shape (batch, input_size) becomes (batch, output_size). ``b`` has one entry per unit.

Run: kerascourse grade ch2 naive_dense    Hint: kerascourse hint ch2.naive_dense
"""

import tensorflow as tf


class NaiveDense:
    """NaiveDense(input_size, output_size, activation): activation(inputs @ W + b).

    W: a tf.Variable (input_size, output_size), uniform in [0, 0.1); b: a tf.Variable of zeros (output_size,).
    activation is a function of a tensor, e.g. tf.nn.relu or tf.nn.softmax.
    """

    def __init__(self, input_size: int, output_size: int, activation):
        """Store the activation; create self.W uniform in [0, 0.1) and self.b zeros, both tf.Variable."""
        raise NotImplementedError("Store the activation; create self.W uniform in [0, 0.1) and self.b zeros, both tf.Variable")

    def __call__(self, inputs):
        """Return activation(inputs @ W + b)."""
        raise NotImplementedError("Return activation(inputs @ W + b)")

    @property
    def weights(self):
        """Return [W, b]."""
        raise NotImplementedError("Return [W, b]")
