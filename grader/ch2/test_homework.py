import time

import numpy as np

from grader.checks import check
from kerascourse.datasets import load_digits

TARGET = 0.95


def test_reaches_target_accuracy(exercise):
    """the trained model reaches 95% accuracy on held-out digits"""
    (x, y), (xt, yt) = load_digits(seed=0)
    start = time.perf_counter()
    model = exercise.train_digits(x.copy(), y.copy())
    seconds = time.perf_counter() - start
    check(model is not None, "train_digits returned None: return the trained model")
    probabilities = np.asarray(model(xt))
    check(probabilities.shape == (len(xt), 10), f"the model should output (batch, 10) class probabilities; on "
                                                f"{len(xt)} images it gave shape {probabilities.shape}")
    accuracy = float(np.mean(np.argmax(probabilities, axis=1) == yt))
    check(accuracy > 0.11, f"test accuracy {accuracy:.3f} is chance level (0.1 for ten classes): the model has not "
                           f"learned yet. With W uniform in [0, 0.1) and SGD at 1e-3 it learns very slowly: try Adam (a better optimiser), "
                           f"Glorot initialisation, shuffling or more epochs")
    check(accuracy >= TARGET, f"test accuracy {accuracy:.3f} is below the target {TARGET} (training took "
                              f"{seconds:.1f} s). Try Adam (a better optimiser), a better initialisation (Glorot), "
                              f"shuffling each epoch, smaller batches or more epochs")
