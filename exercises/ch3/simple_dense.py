"""Writing a Keras layer: SimpleDense, a Dense layer in a dozen lines.

A layer creates its weights in ``build(input_shape)`` (only then is the input
size known), computes in ``call(inputs)``, and returns in ``get_config()``
everything ``__init__`` needs, so that a saved model can be loaded again.

Run: kerascourse grade ch3 simple_dense    Hint: kerascourse hint ch3.simple_dense
"""

import keras


class SimpleDense(keras.layers.Layer):
    """outputs = activation(inputs @ kernel + bias), with kernel (input_dim, units) and bias (units,).

    SimpleDense(units, activation=None): activation is a name such as "relu", or None.
    """

    def __init__(self, units: int, activation=None, **kwargs):
        """Store units and the activation (use keras.activations.get); create no weights here."""
        raise NotImplementedError("Store units and the activation (use keras.activations.get); create no weights here")

    def build(self, input_shape):
        """Create self.kernel (input_shape[-1], units), random, and self.bias (units,), zeros, with add_weight."""
        raise NotImplementedError("Create self.kernel (input_shape[-1], units), random, and self.bias (units,), zeros, with add_weight")

    def call(self, inputs):
        """Return activation(inputs @ kernel + bias)."""
        raise NotImplementedError("Return activation(inputs @ kernel + bias)")

    def get_config(self):
        """Return the base config plus units and the activation's name (keras.activations.serialize)."""
        raise NotImplementedError("Return the base config plus units and the activation's name (keras.activations.serialize)")
