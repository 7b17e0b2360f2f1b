import os

import keras
import numpy as np

from grader.checks import check

START_DIR = os.getcwd()


def test_value(exercise):
    """value() is 2"""
    check(exercise.value() == 2, "value() should return 2")


def test_no_state_leaked_from_the_first_exercise(exercise):
    """the working directory, print options, float type and random state are as the grader left them"""
    # Every check starts from the same seed, so verdicts do not depend on what ran before.
    expected = np.random.RandomState(0).randint(0, 10**9, 3)
    check(np.array_equal(np.random.randint(0, 10**9, 3), expected), "NumPy's random state leaked")
    check(os.getcwd() == START_DIR, f"the working directory leaked: {os.getcwd()}")
    check(np.get_printoptions()["precision"] == 8, "NumPy print options leaked")
    check(keras.config.floatx() == "float32", f"Keras floatx leaked: {keras.config.floatx()}")
