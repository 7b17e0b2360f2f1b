"""Training, the book's way: an eager SGD step by hand, then predicting and measuring accuracy."""

from __future__ import annotations

import numpy as np

from kerascourse.naive._validation import positive_int


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
    batch_size = positive_int(batch_size, "batch_size", "predict")
    return np.concatenate([np.asarray(model(x[i:i + batch_size])) for i in range(0, len(x), batch_size)])


def evaluate(model, images, labels, batch_size: int | None = None) -> float:
    """The fraction of samples whose highest-scoring class is the label (0.1 is chance for 10 classes).

    Example:
        >>> from kerascourse.naive.layers import NaiveDense, NaiveSequential
        >>> model = NaiveSequential([NaiveDense(2, 2, "softmax")])
        >>> 0.0 <= evaluate(model, np.eye(2, dtype="float32"), np.array([0, 1])) <= 1.0
        True
    """
    labels = np.asarray(labels)
    if len(images) != len(labels):
        raise ValueError(f"evaluate: {len(images)} images but {len(labels)} labels")
    predicted = np.argmax(predict(model, images, batch_size), axis=1)
    return float(np.mean(predicted == labels.reshape(-1)))
