"""The training loop and the test: fit for some epochs, then measure accuracy.

An epoch is one pass over the training data, batch after batch. Accuracy is a
plain fraction: the share of samples whose most probable class (the argmax of
the model's output row) is the label. With ten classes, 0.1 is chance.

Run: kerascourse grade ch2 fit_evaluate    Hint: kerascourse hint ch2.fit_evaluate
"""

import numpy as np

from kerascourse.naive import BatchGenerator, one_training_step


def fit(model, images, labels, epochs: int, batch_size: int = 128, learning_rate: float = 1e-3) -> list:
    """Train for `epochs` passes over (images, labels), batch by batch, in order; return each epoch's mean loss.

    Use BatchGenerator(images, labels, batch_size) and one_training_step(model, x, y, learning_rate).
    """
    epoch_losses = []
    for _ in range(epochs):
        batches = BatchGenerator(images, labels, batch_size)
        losses = [float(one_training_step(model, x, y, learning_rate)) for x, y in batches]
        epoch_losses.append(float(np.mean(losses)))
    return epoch_losses


def evaluate(model, images, labels) -> float:
    """Return the accuracy: the fraction of images whose argmax prediction equals the label (a float in [0, 1])."""
    predictions = np.asarray(model(images))
    predicted_labels = np.argmax(predictions, axis=1)
    return float(np.mean(predicted_labels == labels))
