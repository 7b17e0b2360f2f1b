"""Neural networks from scratch: the naive tensor operations and layers of chapter 2.

*Deep Learning with Python* (chapter 2) rebuilds a dense network by hand before
using Keras: element-wise operations and dot products written as loops, a
``NaiveDense`` layer holding two ``tf.Variable`` objects, a ``NaiveSequential``
model, a ``BatchGenerator``, and a training loop that computes gradients with
``tf.GradientTape`` and applies them with ``assign_sub``. This module offers the
same pieces for your own code, done properly:

- the ``naive_*`` operations take and return NumPy arrays, check their inputs'
  ranks and shapes, and compute with explicit loops (they are for reading, not
  for speed: use ``np.maximum`` / ``np.dot`` in real code);
- :class:`NaiveDense` and :class:`NaiveSequential` compute exactly what a
  ``keras.Sequential`` of ``keras.layers.Dense`` layers computes with the same weights;
- :class:`BatchGenerator` walks through ``(x, y)`` in batches (the last one
  short), optionally reshuffled each epoch;
- :func:`update_weights` / :func:`one_training_step` are the book's SGD step,
  and :class:`NaiveTrainer` / :func:`fit` train with a ``tf.function``-compiled
  step, shuffling, plain SGD or any Keras optimizer, a :class:`History` of the
  loss and accuracy per epoch, and a rich progress bar that can be turned off.

Example:
    >>> import numpy as np
    >>> model = NaiveSequential([NaiveDense(64, 32, "relu", seed=0),
    ...                          NaiveDense(32, 10, "softmax", seed=1)])
    >>> x, y = np.random.rand(256, 64).astype("float32"), np.arange(256) % 10
    >>> history = fit(model, x, y, epochs=2, batch_size=64, learning_rate=0.1, verbose=False)
    >>> len(history.history["loss"]), round(float(np.sum(predict(model, x[:1]))), 4)
    (2, 1.0)
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable, Iterator, Sequence

import numpy as np

__all__ = [
    "naive_relu", "naive_add", "naive_broadcast", "naive_add_matrix_and_vector",
    "naive_vector_dot", "naive_matrix_vector_dot", "naive_matrix_dot",
    "NaiveDense", "NaiveSequential", "BatchGenerator",
    "update_weights", "one_training_step", "History", "NaiveTrainer", "fit", "evaluate", "predict",
]


# --------------------------------------------------------------------------- naive tensor operations

def _array(x, name: str, ndim: int, func: str) -> np.ndarray:
    x = np.asarray(x)
    if x.dtype.kind not in "biuf":
        raise ValueError(f"{func}: {name} must hold numbers; got dtype {x.dtype}")
    if x.ndim != ndim:
        what = {1: "a vector (rank 1)", 2: "a matrix (rank 2)"}[ndim]
        raise ValueError(f"{func}: {name} must be {what}; got rank {x.ndim} with shape {x.shape}")
    return x


def naive_relu(x) -> np.ndarray:
    """``max(x, 0)`` entry by entry, for a matrix, with explicit loops.

    ReLU keeps positive values unchanged (it is not capped at 1) and turns
    negative ones into 0. The input is not modified.

    Example:
        >>> naive_relu(np.array([[-1.0, 0.5], [2.0, -3.0]]))
        array([[0. , 0.5],
               [2. , 0. ]])
    """
    x = _array(x, "x", 2, "naive_relu").copy()  # never write into the caller's array
    for i in range(x.shape[0]):
        for j in range(x.shape[1]):
            x[i, j] = max(x[i, j], 0)
    return x


def naive_add(x, y) -> np.ndarray:
    """``x + y`` entry by entry for two matrices of the same shape, with explicit loops.

    Example:
        >>> naive_add(np.ones((2, 2)), np.eye(2))
        array([[2., 1.],
               [1., 2.]])
    """
    x = _array(x, "x", 2, "naive_add")
    y = _array(y, "y", 2, "naive_add")
    if x.shape != y.shape:
        raise ValueError(f"naive_add: x and y must have the same shape; got {x.shape} and {y.shape} "
                         f"(use naive_add_matrix_and_vector to add a vector to every row)")
    out = x.astype(np.result_type(x, y), copy=True)
    for i in range(x.shape[0]):
        for j in range(x.shape[1]):
            out[i, j] += y[i, j]
    return out


def naive_broadcast(y, rows: int) -> np.ndarray:
    """Repeat the vector ``y`` as ``rows`` identical rows: what broadcasting does implicitly.

    Example:
        >>> naive_broadcast(np.array([1, 2, 3]), 2)
        array([[1, 2, 3],
               [1, 2, 3]])
    """
    y = _array(y, "y", 1, "naive_broadcast")
    if isinstance(rows, bool) or int(rows) != rows or rows < 0:
        raise ValueError(f"naive_broadcast: rows must be a non-negative integer; got {rows!r}")
    out = np.empty((int(rows), y.shape[0]), dtype=y.dtype)
    for i in range(out.shape[0]):
        for j in range(out.shape[1]):
            out[i, j] = y[j]
    return out


def naive_add_matrix_and_vector(x, y) -> np.ndarray:
    """``x + y`` for a matrix ``x`` of shape (n, m) and a vector ``y`` of shape (m,).

    ``y`` is added to every row of ``x``, as NumPy's broadcasting does.

    Example:
        >>> naive_add_matrix_and_vector(np.zeros((2, 3)), np.array([1.0, 2.0, 3.0]))
        array([[1., 2., 3.],
               [1., 2., 3.]])
    """
    x = _array(x, "x", 2, "naive_add_matrix_and_vector")
    y = _array(y, "y", 1, "naive_add_matrix_and_vector")
    if x.shape[1] != y.shape[0]:
        raise ValueError(f"naive_add_matrix_and_vector: x has {x.shape[1]} columns but y has {y.shape[0]} "
                         f"entries (shapes {x.shape} and {y.shape}); they must be equal")
    out = x.astype(np.result_type(x, y), copy=True)
    for i in range(x.shape[0]):
        for j in range(x.shape[1]):
            out[i, j] += y[j]
    return out


def naive_vector_dot(x, y):
    """The dot product of two vectors of the same length: ``sum(x[i] * y[i])``.

    Example:
        >>> float(naive_vector_dot(np.array([1.0, 2.0, 3.0]), np.array([4.0, 5.0, 6.0])))
        32.0
    """
    x = _array(x, "x", 1, "naive_vector_dot")
    y = _array(y, "y", 1, "naive_vector_dot")
    if x.shape[0] != y.shape[0]:
        raise ValueError(f"naive_vector_dot: x has {x.shape[0]} entries but y has {y.shape[0]}; "
                         f"a dot product needs vectors of the same length")
    z = np.result_type(x, y).type(0)
    for i in range(x.shape[0]):
        z += x[i] * y[i]
    return z


def naive_matrix_vector_dot(x, y) -> np.ndarray:
    """The product of a matrix (n, m) and a vector (m,): a vector (n,) of row·y dot products.

    Example:
        >>> naive_matrix_vector_dot(np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([1.0, 1.0]))
        array([3., 7.])
    """
    x = _array(x, "x", 2, "naive_matrix_vector_dot")
    y = _array(y, "y", 1, "naive_matrix_vector_dot")
    if x.shape[1] != y.shape[0]:
        raise ValueError(f"naive_matrix_vector_dot: x has {x.shape[1]} columns but y has {y.shape[0]} "
                         f"entries (shapes {x.shape} and {y.shape}); they must be equal")
    z = np.zeros(x.shape[0], dtype=np.result_type(x, y))
    for i in range(x.shape[0]):
        z[i] = naive_vector_dot(x[i, :], y)
    return z


def naive_matrix_dot(x, y) -> np.ndarray:
    """The product of matrices (n, m) and (m, p): ``z[i, j] = x[i, :] · y[:, j]``, shape (n, p).

    Example:
        >>> naive_matrix_dot(np.array([[1.0, 2.0]]), np.array([[3.0], [4.0]]))
        array([[11.]])
    """
    x = _array(x, "x", 2, "naive_matrix_dot")
    y = _array(y, "y", 2, "naive_matrix_dot")
    if x.shape[1] != y.shape[0]:
        raise ValueError(f"naive_matrix_dot: x has {x.shape[1]} columns but y has {y.shape[0]} rows "
                         f"(shapes {x.shape} and {y.shape}); x.shape[1] must equal y.shape[0]")
    z = np.zeros((x.shape[0], y.shape[1]), dtype=np.result_type(x, y))
    for i in range(x.shape[0]):
        for j in range(y.shape[1]):
            z[i, j] = naive_vector_dot(x[i, :], y[:, j])
    return z


# --------------------------------------------------------------------------- layers and models

def _positive_int(value, name: str, owner: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ValueError(f"{owner}: {name} must be a positive integer; got {value!r}")
    return int(value)


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

        self.input_size = _positive_int(input_size, "input_size", "NaiveDense")
        self.output_size = _positive_int(output_size, "output_size", "NaiveDense")
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


# --------------------------------------------------------------------------- batches

class BatchGenerator:
    """Batches of ``(x, y)``: ``ceil(n / batch_size)`` per epoch, the last one shorter.

    ``next()`` returns the next batch, as in the book, and starts a new epoch after
    the last one; iterating (``for xb, yb in batches``) gives one whole epoch. With
    ``shuffle=True`` each epoch visits the samples in a new random order (from
    ``seed``); every sample appears exactly once per epoch either way.

    Example:
        >>> batches = BatchGenerator(np.arange(10), np.arange(10), batch_size=4)
        >>> batches.num_batches, [len(xb) for xb, yb in batches]
        (3, [4, 4, 2])
    """

    def __init__(self, x, y, batch_size: int = 128, *, shuffle: bool = False, seed: int | None = None):
        if len(x) != len(y):
            raise ValueError(f"BatchGenerator: x and y must have the same length; got {len(x)} and {len(y)}")
        if len(x) == 0:
            raise ValueError("BatchGenerator: x is empty")
        self.x = x
        self.y = y
        self.batch_size = _positive_int(batch_size, "batch_size", "BatchGenerator")
        self.num_batches = math.ceil(len(x) / self.batch_size)
        self.shuffle = bool(shuffle)
        self._rng = np.random.default_rng(seed)
        self.index = 0
        self._order = self._new_order()

    def __len__(self) -> int:
        return self.num_batches

    def _new_order(self) -> np.ndarray | None:
        return self._rng.permutation(len(self.x)) if self.shuffle else None

    def _take(self, start: int):
        stop = start + self.batch_size
        if self._order is None:
            return self.x[start:stop], self.y[start:stop]
        picked = self._order[start:stop]
        return self.x[picked], self.y[picked]

    def next(self):
        """The next ``(x_batch, y_batch)``; after the last batch, a new epoch begins."""
        if self.index >= len(self.x):
            self.index = 0
            self._order = self._new_order()
        batch = self._take(self.index)
        self.index += self.batch_size
        return batch

    def __iter__(self) -> Iterator:
        """One epoch, from its first batch (a fresh order when shuffling)."""
        if self.index != 0:
            self._order = self._new_order()
        self.index = 0
        for _ in range(self.num_batches):
            yield self.next()

    def __repr__(self) -> str:
        return (f"BatchGenerator(n={len(self.x)}, batch_size={self.batch_size}, "
                f"num_batches={self.num_batches}, shuffle={self.shuffle})")


# --------------------------------------------------------------------------- training, the book's way

def update_weights(gradients, weights, learning_rate: float = 1e-3) -> None:
    """Plain SGD by hand: ``w.assign_sub(learning_rate * g)`` for each pair.

    The step goes *against* the gradient (downhill), in place.

    Example:
        >>> import tensorflow as tf
        >>> w = tf.Variable([1.0, 2.0])
        >>> update_weights([tf.constant([10.0, -10.0])], [w], learning_rate=0.1)
        >>> w.numpy()
        array([0., 3.], dtype=float32)
    """
    gradients, weights = list(gradients), list(weights)
    if len(gradients) != len(weights):
        raise ValueError(f"update_weights: {len(gradients)} gradients for {len(weights)} weights")
    for i, (g, w) in enumerate(zip(gradients, weights)):
        if g is None:
            raise ValueError(f"update_weights: weight {i} has no gradient (it does not affect the loss)")
        w.assign_sub(learning_rate * g)


def _loss_function(loss):
    import keras

    if loss is None:
        loss = "sparse_categorical_crossentropy"
    return keras.losses.get(loss) if isinstance(loss, str) else loss


def _optimizer(optimizer, learning_rate):
    """None for plain SGD by hand, else a Keras optimizer."""
    import keras

    if optimizer is None:
        return None
    if isinstance(optimizer, str):
        return keras.optimizers.get({"class_name": optimizer, "config": {"learning_rate": learning_rate}})
    if isinstance(optimizer, keras.optimizers.Optimizer):
        return optimizer
    raise ValueError(f"optimizer must be None (plain SGD by hand), a Keras optimizer name such as 'adam', "
                     f"or a keras.optimizers.Optimizer; got {optimizer!r}")


def one_training_step(model, images_batch, labels_batch, learning_rate: float = 1e-3, *,
                      loss="sparse_categorical_crossentropy", optimizer=None) -> float:
    """One step of the book's training loop, eagerly; returns the batch's mean loss.

    The predictions and the mean loss are computed under a ``tf.GradientTape``;
    the gradients of the loss with respect to ``model.weights`` then update the
    weights with :func:`update_weights` (or ``optimizer.apply_gradients``).
    """
    import tensorflow as tf

    loss_fn = _loss_function(loss)
    opt = _optimizer(optimizer, learning_rate)
    with tf.GradientTape() as tape:
        predictions = model(images_batch)
        average_loss = tf.reduce_mean(loss_fn(labels_batch, predictions))
    gradients = tape.gradient(average_loss, model.weights)
    if opt is None:
        update_weights(gradients, model.weights, learning_rate)
    else:
        opt.apply_gradients(zip(gradients, model.weights))
    return float(average_loss)


def predict(model, x, batch_size: int | None = None) -> np.ndarray:
    """The model's outputs for ``x`` as a NumPy array, computed ``batch_size`` samples at a time."""
    if len(x) == 0:
        raise ValueError("predict: x is empty")
    if batch_size is None:
        return np.asarray(model(x))
    batch_size = _positive_int(batch_size, "batch_size", "predict")
    return np.concatenate([np.asarray(model(x[i:i + batch_size])) for i in range(0, len(x), batch_size)])


def evaluate(model, images, labels, batch_size: int | None = None) -> float:
    """The fraction of samples whose highest-scoring class is the label (0.1 is chance for 10 classes).

    Example:
        >>> model = NaiveSequential([NaiveDense(2, 2, "softmax")])
        >>> 0.0 <= evaluate(model, np.eye(2, dtype="float32"), np.array([0, 1])) <= 1.0
        True
    """
    labels = np.asarray(labels)
    if len(images) != len(labels):
        raise ValueError(f"evaluate: {len(images)} images but {len(labels)} labels")
    predicted = np.argmax(predict(model, images, batch_size), axis=1)
    return float(np.mean(predicted == labels.reshape(-1)))


# --------------------------------------------------------------------------- training, done properly

class History:
    """What :func:`fit` returns: ``history.history["loss"][i]`` is the loss of epoch ``i + 1``.

    The same shape as Keras's ``History``, so :mod:`kerascourse.training` and
    :func:`kerascourse.plots.training_curves` read it.
    """

    def __init__(self):
        self.history: dict[str, list[float]] = {}
        self.epoch: list[int] = []

    def append(self, epoch: int, logs: dict) -> None:
        self.epoch.append(epoch)
        for key, value in logs.items():
            self.history.setdefault(key, []).append(float(value))

    def __repr__(self) -> str:
        last = {k: round(v[-1], 4) for k, v in self.history.items()}
        return f"History(epochs={len(self.epoch)}, last={last})"


class NaiveTrainer:
    """Trains a model that has ``weights`` (a :class:`NaiveSequential`, ...) with a compiled step.

    The step (predictions and loss under a ``tf.GradientTape``, then the update) is
    a ``tf.function``; the whole training set is converted to tensors once and
    each batch is gathered inside the graph, so a step costs about what a step of
    ``keras.Model.fit`` costs.

    Args:
        model: a callable with a ``weights`` list of ``tf.Variable``.
        optimizer: None for plain SGD by hand (``assign_sub``), a Keras optimizer
            name (``"adam"``, ``"rmsprop"``, ``"sgd"``) built with ``learning_rate``,
            or a ``keras.optimizers.Optimizer``.
        learning_rate: the step size for plain SGD or a named optimizer.
        loss: a Keras loss name or a function ``(y_true, y_pred) -> per-sample losses``;
            the default expects class probabilities and integer labels.
        metrics: ``("accuracy",)`` to record the fraction of correct argmax
            predictions (the default for the default loss), or ``()``.
        jit_compile: compile the step with XLA as well.

    Example:
        >>> model = NaiveSequential([NaiveDense(4, 3, "softmax", seed=0)])
        >>> trainer = NaiveTrainer(model, optimizer="adam", learning_rate=0.01)
        >>> x, y = np.random.rand(32, 4).astype("float32"), np.arange(32) % 3
        >>> sorted(trainer.fit(x, y, epochs=2, batch_size=8, verbose=False).history)
        ['accuracy', 'loss']
    """

    def __init__(self, model, optimizer=None, learning_rate: float = 1e-3,
                 loss="sparse_categorical_crossentropy", metrics=None, jit_compile: bool = False):
        import tensorflow as tf

        if not callable(model) or not hasattr(model, "weights"):
            raise ValueError(f"NaiveTrainer: the model must be callable and have `weights`; got {model!r}")
        if not (isinstance(learning_rate, (int, float)) and learning_rate > 0):
            raise ValueError(f"learning_rate must be a positive number; got {learning_rate!r}")
        self.model = model
        self.learning_rate = float(learning_rate)
        self.optimizer = _optimizer(optimizer, self.learning_rate)
        self.loss = _loss_function(loss)
        if metrics is None:
            metrics = ("accuracy",) if loss == "sparse_categorical_crossentropy" else ()
        unknown = set(metrics) - {"accuracy"}
        if unknown:
            raise ValueError(f"NaiveTrainer: unknown metrics {sorted(unknown)}; only 'accuracy' is offered")
        self.metrics = tuple(metrics)
        # Running sums for the current epoch, kept on the device: no host sync per step.
        self._loss_sum = tf.Variable(0.0, dtype="float64", trainable=False)
        self._correct = tf.Variable(0, dtype="int64", trainable=False)
        self._count = tf.Variable(0, dtype="int64", trainable=False)
        self._train_step = tf.function(self._step, jit_compile=jit_compile, reduce_retracing=True)
        self._eval_step = tf.function(self._measure, reduce_retracing=True)

    def _measure(self, x, y):
        import tensorflow as tf

        predictions = self.model(x)
        losses = self.loss(y, predictions)
        batch = tf.shape(predictions)[0]
        self._loss_sum.assign_add(tf.cast(tf.reduce_mean(losses), "float64") * tf.cast(batch, "float64"))
        self._count.assign_add(tf.cast(batch, "int64"))
        if self.metrics:
            hits = tf.equal(tf.argmax(predictions, axis=-1), tf.cast(tf.reshape(y, [-1]), "int64"))
            self._correct.assign_add(tf.reduce_sum(tf.cast(hits, "int64")))

    def _step(self, x_all, y_all, indices):
        import tensorflow as tf

        x = tf.gather(x_all, indices)
        y = tf.gather(y_all, indices)
        with tf.GradientTape() as tape:
            predictions = self.model(x)
            average_loss = tf.reduce_mean(self.loss(y, predictions))
        weights = self.model.weights
        gradients = tape.gradient(average_loss, weights)
        if self.optimizer is None:
            for g, w in zip(gradients, weights):
                w.assign_sub(self.learning_rate * g)
        else:
            self.optimizer.apply_gradients(zip(gradients, weights))
        batch = tf.shape(indices)[0]
        self._loss_sum.assign_add(tf.cast(average_loss, "float64") * tf.cast(batch, "float64"))
        self._count.assign_add(tf.cast(batch, "int64"))
        if self.metrics:
            hits = tf.equal(tf.argmax(predictions, axis=-1), tf.cast(tf.reshape(y, [-1]), "int64"))
            self._correct.assign_add(tf.reduce_sum(tf.cast(hits, "int64")))
        return average_loss

    def _reset(self):
        self._loss_sum.assign(0.0)
        self._correct.assign(0)
        self._count.assign(0)

    def _logs(self, prefix: str = "") -> dict:
        count = max(int(self._count.numpy()), 1)
        logs = {prefix + "loss": float(self._loss_sum.numpy()) / count}
        if self.metrics:
            logs[prefix + "accuracy"] = int(self._correct.numpy()) / count
        return logs

    def _tensors(self, x, y, name: str):
        import tensorflow as tf

        x, y = np.asarray(x), np.asarray(y)
        if len(x) != len(y):
            raise ValueError(f"{name}: x has {len(x)} samples but y has {len(y)}")
        if len(x) == 0:
            raise ValueError(f"{name}: x is empty")
        dtype = self.model.weights[0].dtype if self.model.weights else "float32"
        return tf.convert_to_tensor(x, dtype=dtype), tf.convert_to_tensor(y)

    def train_step(self, x, y) -> float:
        """One compiled training step on the batch ``(x, y)``; returns its mean loss (before the update)."""
        x, y = self._tensors(x, y, "train_step")
        return float(self._train_step(x, y, np.arange(len(x), dtype=np.int32)))

    def evaluate(self, x, y, batch_size: int = 1024) -> dict[str, float]:
        """``{"loss": ..., "accuracy": ...}`` over ``(x, y)``, without changing the weights."""
        batch_size = _positive_int(batch_size, "batch_size", "evaluate")
        x, y = self._tensors(x, y, "evaluate")
        self._reset()
        for start in range(0, int(x.shape[0]), batch_size):
            self._eval_step(x[start:start + batch_size], y[start:start + batch_size])
        return self._logs()

    def fit(self, x, y, epochs: int = 1, batch_size: int = 128, *, shuffle: bool = True, seed: int | None = None,
            validation_data=None, verbose="auto") -> History:
        """Train for ``epochs`` passes over ``(x, y)``; returns a :class:`History`.

        Args:
            shuffle: visit the samples in a new random order each epoch (from ``seed``);
                without it every epoch sees the same batches in the same order, as in the book.
            validation_data: ``(x_val, y_val)`` measured after each epoch (``val_loss``, ...).
            verbose: ``"auto"`` shows a rich progress bar when the output is a terminal,
                True always, False never.
        """
        epochs = _positive_int(epochs, "epochs", "fit")
        x_all, y_all = self._tensors(x, y, "fit")
        # Batches of sample indices: the step gathers them from the tensors above.
        positions = np.arange(int(x_all.shape[0]), dtype=np.int32)
        batches = BatchGenerator(positions, positions, batch_size, shuffle=shuffle, seed=seed)
        if validation_data is not None:
            if len(validation_data) != 2:
                raise ValueError("validation_data must be a pair (x_val, y_val)")
            validation = self._tensors(*validation_data, "fit(validation_data)")
        history = History()
        with _progress_bar(verbose, epochs * batches.num_batches) as bar:
            for epoch in range(epochs):
                self._reset()
                for indices, _ in batches:
                    self._train_step(x_all, y_all, indices)
                    bar.advance()
                logs = self._logs()
                if validation_data is not None:
                    logs.update({f"val_{k}": v for k, v in self.evaluate(*validation).items()})
                history.append(epoch, logs)
                bar.show(epoch + 1, epochs, logs)
        return history


class _progress_bar:
    """A rich progress bar over all steps, or nothing at all."""

    def __init__(self, verbose, total: int):
        if verbose == "auto":
            verbose = sys.stdout.isatty()
        if verbose not in (True, False, 0, 1):
            raise ValueError(f"verbose must be True, False or 'auto'; got {verbose!r}")
        self.enabled = bool(verbose)
        self.total = total
        self._progress = self._task = None

    def __enter__(self):
        if self.enabled:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self._progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                      TimeElapsedColumn(), TextColumn("{task.fields[logs]}"))
            self._progress.start()
            self._task = self._progress.add_task("training", total=self.total, logs="")
        return self

    def advance(self):
        if self._progress is not None:
            self._progress.advance(self._task)

    def show(self, epoch: int, epochs: int, logs: dict):
        if self._progress is not None:
            text = "  ".join(f"{k} {v:.4f}" for k, v in logs.items())
            self._progress.update(self._task, description=f"epoch {epoch}/{epochs}", logs=text)

    def __exit__(self, *exc):
        if self._progress is not None:
            self._progress.stop()
        return False


def fit(model, images, labels, epochs: int = 1, batch_size: int = 128, *, learning_rate: float = 1e-3,
        optimizer=None, loss="sparse_categorical_crossentropy", shuffle: bool = True, seed: int | None = None,
        validation_data=None, verbose="auto", jit_compile: bool = False) -> History:
    """Train ``model`` with a compiled step; returns a :class:`History` of loss and accuracy per epoch.

    ``optimizer=None`` is the book's plain SGD by hand with ``learning_rate``;
    ``optimizer="adam"`` (or any Keras optimizer) is usually far faster to train.
    ``shuffle=False`` reproduces the book's loop (the same batches every epoch).
    See :class:`NaiveTrainer` for the details.
    """
    trainer = NaiveTrainer(model, optimizer=optimizer, learning_rate=learning_rate, loss=loss,
                           jit_compile=jit_compile)
    return trainer.fit(images, labels, epochs=epochs, batch_size=batch_size, shuffle=shuffle, seed=seed,
                       validation_data=validation_data, verbose=verbose)
