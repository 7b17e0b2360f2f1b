"""Keras layers written from scratch, to show what a layer is.

:class:`SimpleDense` is ``keras.layers.Dense`` in a dozen lines: a layer creates
its weights in ``build`` (once it knows the size of its input), computes in
``call``, and describes itself in ``get_config`` so that a saved model can be
rebuilt. It is registered with Keras's serialisation under the name
``kerascourse>SimpleDense``, so ``keras.models.load_model`` finds it without
``custom_objects``.

Example:
    >>> import numpy as np
    >>> layer = SimpleDense(4, activation="relu")
    >>> tuple(layer(np.ones((2, 3), "float32")).shape)
    (2, 4)
"""

from __future__ import annotations

import keras

__all__ = ["SimpleDense"]


@keras.saving.register_keras_serializable(package="kerascourse")
class SimpleDense(keras.layers.Layer):
    """A fully connected layer: ``output = activation(inputs @ kernel + bias)``.

    Args:
        units: the number of outputs (neurons).
        activation: a name (``"relu"``), a callable, or None for the identity.
        use_bias: whether to add the bias vector.
        kernel_initializer, bias_initializer: how the weights start (Keras names).

    The kernel has shape ``(input_dim, units)`` and the bias ``(units,)``; they are
    created by :meth:`build` on the first call, because only then is ``input_dim``
    known. The numbers are those of ``keras.layers.Dense`` with the same weights.

    Example:
        >>> model = keras.Sequential([keras.Input((3,)), SimpleDense(2)])
        >>> [tuple(w.shape) for w in model.weights]
        [(3, 2), (2,)]
    """

    def __init__(self, units: int, activation=None, use_bias: bool = True,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros", **kwargs):
        super().__init__(**kwargs)
        if isinstance(units, bool) or int(units) != units or units < 1:
            raise ValueError(f"SimpleDense: units must be a positive integer; got {units!r}")
        self.units = int(units)
        self.activation = keras.activations.get(activation)
        self.use_bias = bool(use_bias)
        self.kernel_initializer = keras.initializers.get(kernel_initializer)
        self.bias_initializer = keras.initializers.get(bias_initializer)

    def build(self, input_shape):
        input_dim = input_shape[-1]
        if input_dim is None:
            raise ValueError("SimpleDense: the last axis of the input must have a known size")
        self.kernel = self.add_weight(name="kernel", shape=(input_dim, self.units),
                                      initializer=self.kernel_initializer)
        self.bias = (self.add_weight(name="bias", shape=(self.units,), initializer=self.bias_initializer)
                     if self.use_bias else None)

    def call(self, inputs):
        outputs = keras.ops.matmul(inputs, self.kernel)
        if self.bias is not None:
            outputs = outputs + self.bias
        return self.activation(outputs)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape[:-1]) + (self.units,)

    def get_config(self):
        # Everything __init__ needs to rebuild the layer; the weights are saved separately.
        config = super().get_config()
        config.update(
            units=self.units,
            activation=keras.activations.serialize(self.activation),
            use_bias=self.use_bias,
            kernel_initializer=keras.initializers.serialize(self.kernel_initializer),
            bias_initializer=keras.initializers.serialize(self.bias_initializer),
        )
        return config
