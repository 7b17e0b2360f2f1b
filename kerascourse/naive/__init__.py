"""Neural networks from scratch: the naive tensor operations and layers of chapter 2.

*Deep Learning with Python* (chapter 2) rebuilds a dense network by hand before
using Keras: element-wise operations and dot products written as loops, a
``NaiveDense`` layer holding two ``tf.Variable`` objects, a ``NaiveSequential``
model, a ``BatchGenerator``, and a training loop that computes gradients with
``tf.GradientTape`` and applies them with ``assign_sub``. This package offers the
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

One module per idea: ``ops`` (the naive operations), ``layers`` (``NaiveDense``,
``NaiveSequential``), ``batches`` (``BatchGenerator``), ``sgd`` (the book's step,
``predict``, ``evaluate``), ``trainer`` (``History``, ``NaiveTrainer``, ``fit``)
and ``progress`` (the progress bar). Import from ``kerascourse.naive`` itself.

Example:
    >>> import numpy as np
    >>> model = NaiveSequential([NaiveDense(64, 32, "relu", seed=0),
    ...                          NaiveDense(32, 10, "softmax", seed=1)])
    >>> x, y = np.random.rand(256, 64).astype("float32"), np.arange(256) % 10
    >>> history = fit(model, x, y, epochs=2, batch_size=64, learning_rate=0.1, verbose=False)
    >>> len(history.history["loss"]), round(float(np.sum(predict(model, x[:1]))), 4)
    (2, 1.0)
"""

from kerascourse.naive.batches import BatchGenerator
from kerascourse.naive.layers import NaiveDense, NaiveSequential
from kerascourse.naive.ops import (naive_add, naive_add_matrix_and_vector, naive_broadcast, naive_matrix_dot,
                                   naive_matrix_vector_dot, naive_relu, naive_vector_dot)
from kerascourse.naive.sgd import evaluate, one_training_step, predict, update_weights
from kerascourse.naive.trainer import History, NaiveTrainer, fit

__all__ = [
    "naive_relu", "naive_add", "naive_broadcast", "naive_add_matrix_and_vector",
    "naive_vector_dot", "naive_matrix_vector_dot", "naive_matrix_dot",
    "NaiveDense", "NaiveSequential", "BatchGenerator",
    "update_weights", "one_training_step", "History", "NaiveTrainer", "fit", "evaluate", "predict",
]
