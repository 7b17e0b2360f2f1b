"""Fine-tuning: unfreeze the last block of the base, and recompile with a low learning rate.

Once the new head has been trained on the frozen base, the last convolutional block
(block5, the most task-specific filters) can be adjusted to the new task too.
Unfreeze it and nothing before it, then recompile: in Keras a change of
``trainable`` takes effect at ``compile``. Use a learning rate 10–100 times lower
than for the head (1e-5 with RMSprop), so the pre-trained filters are nudged,
not overwritten.

Run: kerascourse grade ch6 fine_tune    Hint: kerascourse hint ch6.fine_tune
"""

import keras


def fine_tune(model: keras.Model, base: keras.Model, learning_rate: float = 1e-5) -> keras.Model:
    """Make ``base``'s layers from ``block5_conv1`` on trainable (the earlier ones frozen), recompile, return ``model``.

    ``model`` contains ``base`` (as ``add_head`` builds). Recompile ``model`` with
    ``keras.optimizers.RMSprop(learning_rate)``, ``loss="sparse_categorical_crossentropy"``
    and ``metrics=["accuracy"]``.
    """
    raise NotImplementedError("Unfreeze block5 (and only block5) of the base, then recompile with a low learning rate")
