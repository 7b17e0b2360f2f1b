import time

import numpy as np

from grader.checks import check
from kerascourse.datasets import load_digits

TARGET = 0.95
_TRAINED = {}  # one training run per graded file, shared by the checks below


def _trained(exercise):
    key = getattr(exercise, "__file__", None) or id(exercise)
    if key not in _TRAINED:
        (x, y), (xt, yt) = load_digits(seed=0)
        start = time.perf_counter()
        model = exercise.train_digits(x.copy(), y.copy())
        _TRAINED[key] = (model, xt, yt, time.perf_counter() - start)
    return _TRAINED[key]


def test_outputs_probabilities(exercise):
    """the trained model gives each held-out digit 10 probabilities that sum to 1"""
    model, xt, _, _ = _trained(exercise)
    check(model is not None, "train_digits returned None: return the trained model")
    probabilities = np.asarray(model(xt))
    check(probabilities.shape == (len(xt), 10), f"the model should output (batch, 10) class probabilities; on "
                                                f"{len(xt)} images it gave shape {probabilities.shape}")
    check(np.allclose(probabilities.sum(axis=1), 1.0, atol=1e-3) and probabilities.min() >= 0,
          "each row of the model's output should be probabilities summing to 1: end with a softmax layer")


def test_reaches_target_accuracy(exercise):
    """the trained model reaches 95% accuracy on held-out digits"""
    model, xt, yt, seconds = _trained(exercise)
    check(model is not None, "train_digits returned None: return the trained model")
    accuracy = float(np.mean(np.argmax(np.asarray(model(xt)), axis=1) == yt))
    check(accuracy > 0.11, f"test accuracy {accuracy:.3f} is chance level (0.1 for ten classes): the model has not "
                           f"learned yet. With W uniform in [0, 0.1) and SGD at 1e-3 it learns very slowly: try Adam "
                           f"(a better optimiser), Glorot initialisation, shuffling or more epochs")
    check(accuracy >= TARGET, f"test accuracy {accuracy:.3f} is below the target {TARGET} (training took "
                              f"{seconds:.1f} s). Try Adam (a better optimiser), a better initialisation (Glorot), "
                              f"shuffling each epoch, smaller batches or more epochs")
