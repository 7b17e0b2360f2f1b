"""Layers and models by hand: :class:`NaiveDense` and :class:`NaiveSequential`."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from kerascourse.naive._validation import positive_int


def _activation(activation) -> Callable:
    import keras

    if activation is None:
        return lambda x: x
    if isinstance(activation, str):
        return keras.activations.get(activation)
    if not callable(activation):
        raise ValueError(f"activation must be None, a name such as 'relu', or a function; got {activation!r}")
    return activation


def _kernel_initializer(initializer, seed):
    import keras

    if isinstance(initializer, str) and initializer == "uniform":
        # The book's choice: W uniform in [0, 0.1). Every weight is positive, which is
        # one reason the book's network learns slowly (see the chapter 2 homework).
        return keras.initializers.RandomUniform(0.0, 0.1, seed=seed)
    init = keras.initializers.get(initializer)
    if seed is not None and "seed" in init.get_config():
        init = init.__class__.from_config({**init.get_config(), "seed": seed})
    return init


class NaiveDense:
    """A dense layer by hand: ``activation(inputs @ W + b)``.

    ``W`` is a ``tf.Variable`` of shape ``(input_size, output_size)``, uniform in
    [0, 0.1) as in the book unless ``kernel_initializer`` says otherwise (any
    Keras initializer name or object, e.g. ``"glorot_uniform"``); ``b`` is a
    ``tf.Variable`` of zeros of shape ``(output_size,)``. With the same weights it
    computes exactly what ``keras.layers.Dense(output_size, activation)`` does.

    Args:
        input_size: how many numbers each input sample has.
        output_size: how many numbers the layer outputs per sample (its units).
        activation: None (identity), a Keras name such as ``"relu"``, or a function
            of a tensor such as ``tf.nn.softmax``.
        kernel_initializer: ``"uniform"`` (the book's U[0, 0.1)) or a Keras initializer.
        seed: makes the initial ``W`` reproducible.

    Example:
        >>> layer = NaiveDense(3, 2, "relu", seed=0)
        >>> [tuple(w.shape) for w in layer.weights]
        [(3, 2), (2,)]
        >>> tuple(layer(np.ones((4, 3), "float32")).shape)
        (4, 2)
    """

    def __init__(self, input_size: int, output_size: int, activation=None, *,
                 kernel_initializer="uniform", seed: int | None = None, dtype: str = "float32"):
        import tensorflow as tf

        self.input_size = positive_int(input_size, "input_size", "NaiveDense")
        self.output_size = positive_int(output_size, "output_size", "NaiveDense")
        self.activation = _activation(activation)
        init = _kernel_initializer(kernel_initializer, seed)
        self.W = tf.Variable(init((self.input_size, self.output_size), dtype=dtype), name="W")
        self.b = tf.Variable(tf.zeros((self.output_size,), dtype=dtype), name="b")

    def __call__(self, inputs):
        import tensorflow as tf

        inputs = tf.convert_to_tensor(inputs, dtype=self.W.dtype)
        if inputs.shape.rank is not None and inputs.shape.rank < 2:
            raise ValueError(f"NaiveDense expects a batch of shape (batch, {self.input_size}); "
                             f"got shape {tuple(inputs.shape)}")
        width = inputs.shape[-1]
        if width is not None and width != self.input_size:
            raise ValueError(f"NaiveDense(input_size={self.input_size}) got inputs with {width} features "
                             f"(shape {tuple(inputs.shape)})")
        return self.activation(tf.matmul(inputs, self.W) + self.b)

    @property
    def weights(self) -> list:
        """``[W, b]``: the variables training updates, in this order."""
        return [self.W, self.b]

    def get_weights(self) -> list[np.ndarray]:
        """``[W, b]`` as NumPy arrays (the order of ``keras.layers.Dense.get_weights``)."""
        return [w.numpy() for w in self.weights]

    def set_weights(self, weights: Sequence) -> None:
        """Assign ``[W, b]`` from arrays of the same shapes (for example a Keras ``Dense``'s)."""
        _set_weights(self.weights, weights, "NaiveDense")

    def __repr__(self) -> str:
        return f"NaiveDense(input_size={self.input_size}, output_size={self.output_size})"


def _set_weights(variables, values, owner: str) -> None:
    values = list(values)
    if len(values) != len(variables):
        raise ValueError(f"{owner}.set_weights: expected {len(variables)} arrays, got {len(values)}")
    for i, (variable, value) in enumerate(zip(variables, values)):
        value = np.asarray(value)
        if tuple(value.shape) != tuple(variable.shape):
            raise ValueError(f"{owner}.set_weights: array {i} has shape {value.shape}; "
                             f"the variable has shape {tuple(variable.shape)}")
        variable.assign(value.astype(variable.dtype.as_numpy_dtype))


class NaiveSequential:
    """A model that calls its layers one after the other.

    Any object with ``__call__`` and a ``weights`` list works as a layer.

    Example:
        >>> model = NaiveSequential([NaiveDense(4, 3, "relu"), NaiveDense(3, 2, "softmax")])
        >>> len(model.weights)
        4
    """

    def __init__(self, layers: Sequence):
        layers = list(layers)
        if not layers:
            raise ValueError("NaiveSequential needs at least one layer")
        for i, layer in enumerate(layers):
            if not callable(layer) or not hasattr(layer, "weights"):
                raise ValueError(f"NaiveSequential: layer {i} ({layer!r}) must be callable and have `weights`")
        self.layers = layers

    def __call__(self, inputs):
        x = inputs
        for layer in self.layers:
            x = layer(x)
        return x

    @property
    def weights(self) -> list:
        """Every layer's weights, first layer first."""
        return [w for layer in self.layers for w in layer.weights]

    def get_weights(self) -> list[np.ndarray]:
        """All weights as NumPy arrays, in the order of ``keras.Sequential.get_weights``."""
        return [w.numpy() for w in self.weights]

    def set_weights(self, weights: Sequence) -> None:
        """Assign all weights, e.g. ``model.set_weights(keras_model.get_weights())``."""
        _set_weights(self.weights, weights, "NaiveSequential")

    def __repr__(self) -> str:
        return f"NaiveSequential({self.layers!r})"
