"""Training, done properly: :class:`NaiveTrainer` and :func:`fit` with a compiled step, and :class:`History`."""

from __future__ import annotations

import numpy as np

from kerascourse.naive._validation import positive_int
from kerascourse.naive.batches import BatchGenerator
from kerascourse.naive.progress import ProgressBar
from kerascourse.naive.sgd import _loss_function, _optimizer


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
        >>> from kerascourse.naive.layers import NaiveDense, NaiveSequential
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
        batch_size = positive_int(batch_size, "batch_size", "evaluate")
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
        epochs = positive_int(epochs, "epochs", "fit")
        x_all, y_all = self._tensors(x, y, "fit")
        # Batches of sample indices: the step gathers them from the tensors above.
        positions = np.arange(int(x_all.shape[0]), dtype=np.int32)
        batches = BatchGenerator(positions, positions, batch_size, shuffle=shuffle, seed=seed)
        if validation_data is not None:
            if len(validation_data) != 2:
                raise ValueError("validation_data must be a pair (x_val, y_val)")
            validation = self._tensors(*validation_data, "fit(validation_data)")
        history = History()
        with ProgressBar(verbose, epochs * batches.num_batches) as bar:
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
