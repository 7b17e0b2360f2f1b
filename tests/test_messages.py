"""When the learner's code raises, the message names the call, the input, the line and the likely mistake.

The translations are checked against the errors the real libraries raise today (Keras, TensorFlow, NumPy),
so a library that rewords its message makes these tests fail rather than the learner's message go vague.
"""

import json
import xml.etree.ElementTree as ET

import numpy as np
import pytest

from grader.explain import describe_value, explain_exception, learner_call
from grader.results import CheckResult, ChapterResult, ExerciseResult, plain_text


def _raised(func):
    try:
        func()
    except Exception as exc:  # noqa: BLE001 - the error under test
        return exc
    raise AssertionError("did not raise")


def test_keras_missing_batch_axis():
    import keras

    model = keras.Sequential([keras.Input((8, 8, 3)), keras.layers.Conv2D(2, 3), keras.layers.Flatten(),
                              keras.layers.Dense(1)])
    exc = _raised(lambda: model.predict(np.zeros((8, 8, 3), "float32"), verbose=0))
    text = explain_exception(exc)
    assert text is not None and "batch axis" in text and "(1, 8, 8, 3)" in text, (text, str(exc))


def test_keras_dense_missing_batch_axis():
    import keras

    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2)])
    exc = _raised(lambda: model(np.zeros((4,), "float32")))
    text = explain_exception(exc)
    assert text is not None and "batch" in text, (text, str(exc))


@pytest.mark.parametrize("product", [
    lambda: np.zeros((2, 3)) @ np.zeros((2, 3)),
    lambda: np.dot(np.zeros((2, 3)), np.zeros((2, 3))),
    lambda: __import__("tensorflow").matmul(np.zeros((2, 3)), np.zeros((2, 3))),
], ids=["numpy @", "numpy dot", "tf.matmul"])
def test_matrix_product_of_mismatched_shapes(product):
    text = explain_exception(_raised(product))
    assert text is not None and "transposed" in text, text


@pytest.mark.parametrize("combine", [
    lambda: np.zeros((2, 3)) + np.zeros((2,)),
    lambda: __import__("tensorflow").add(np.zeros((2, 3)), np.zeros((2,))),
], ids=["numpy", "tensorflow"])
def test_shapes_that_do_not_broadcast(combine):
    text = explain_exception(_raised(combine))
    assert text is not None and "(2, 3)" in text and "(2,)" in text and "broadcast" in text, text


def test_integer_labels_with_categorical_crossentropy():
    import keras

    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, activation="softmax")])
    model.compile(optimizer="sgd", loss="categorical_crossentropy")
    exc = _raised(lambda: model.fit(np.zeros((8, 4)), np.zeros((8, 1)), verbose=0))
    text = explain_exception(exc)
    assert text is not None and "sparse_categorical_crossentropy" in text, (text, str(exc))


def test_an_unknown_error_is_not_explained():
    assert explain_exception(KeyError("weights")) is None
    assert explain_exception(ValueError("expected shape=(oops")) is None


def test_values_are_described_briefly():
    assert describe_value(np.zeros((2, 3), np.float32)) == "an array of shape (2, 3), float32"
    assert describe_value(np.array([5, 3, 2])) == "an array [5, 3, 2] (int64)"
    assert describe_value(3) == "3" and describe_value("abc") == "'abc'"
    assert describe_value(list(range(100))) == "a list of 100 items"


def test_learner_call_names_the_function_and_its_inputs(tmp_path):
    path = tmp_path / "mine.py"
    path.write_text("def naive_add(x, y):\n    return x[0][5] + y\n")
    namespace = {}
    exec(compile(path.read_text(), str(path), "exec"), namespace)
    exc = _raised(lambda: namespace["naive_add"](np.zeros((2, 3)), 4))
    assert learner_call(exc.__traceback__, tmp_path) == "naive_add(x=an array of shape (2, 3), float64, y=4)"
    assert learner_call(exc.__traceback__, tmp_path / "elsewhere") == ""


def test_escape_codes_never_reach_machine_readable_results():
    from grader.export import to_gradescope, to_json, to_junit, to_summary_csv

    coloured = "\x1b[31mwrong\x1b[0m values \x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\ and a bell\x07"
    assert plain_text(coloured) == "wrong values link and a bell"
    check = CheckResult("test_x", "x", "failed", coloured, "ch1/x.py, line 1", coloured)
    assert "\x1b" not in check.message + check.details
    exercise = ExerciseResult("ch1.x", "x", "X", "failed", message=coloured, checks=[check])
    chapter = ChapterResult("ch1", "One", "ws", exercises=[exercise], fatal=coloured, notes=[coloured])
    outputs = [to_json([chapter]), to_junit([chapter]), to_gradescope([chapter]), to_summary_csv([("a", chapter)]),
               json.dumps(chapter.to_json(verbose=True))]
    for text in outputs:
        assert "\x1b" not in text and "\\u001b" not in text and "\x07" not in text, text
    ET.fromstring(to_junit([chapter]).split("\n", 1)[1])  # well-formed XML


CRASHING_ADD = '''
import numpy as np

def naive_relu(x):
    if x.ndim != 2:
        raise ValueError("\\x1b[31mnot a matrix\\x1b[0m")
    x = x.copy()
    for i in range(x.shape[0]):
        for j in range(x.shape[1]):
            x[i, j] = max(x[i, j], 0)
    return x

def naive_add(x, y):
    if x.ndim != 2 or y.ndim != 2 or x.shape != y.shape:
        raise ValueError("shapes")
    x = x.copy()
    for i in range(x.shape[0]):
        for j in range(x.shape[0]):      # the number of rows, used for the columns too
            x[i, j] += y[i, j]
    return x
'''


def test_a_crash_in_a_check_names_call_input_and_line(tmp_path, course):
    from conftest import grade_mistakes

    from grader.export import to_json, to_junit

    graded = grade_mistakes(tmp_path, course, "ch2", {"elementwise": CRASHING_ADD}, exercises=["elementwise"])
    ex = graded.exercise("elementwise")
    assert ex.status == "failed"
    crashes = [c.message for c in ex.checks if "IndexError" in c.message]
    assert crashes, [c.message for c in ex.checks]
    message = crashes[0]
    assert "naive_add(x=" in message and "IndexError" in message, message
    assert "ch2/elementwise.py, line 19" in message, message
    assert "the failing input: " in message and "<module" not in message, message
    text = to_json([graded.result]) + to_junit([graded.result])
    assert "\x1b" not in text and "\\u001b" not in text
