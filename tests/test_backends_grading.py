"""The Keras-level chapters graded under JAX (and PyTorch, when it is installed), in real child processes.

Each Keras-level chapter is graded twice per backend: once as a workspace of the
reference solutions with a few representative wrong answers swapped in (the
solutions must pass, the wrong answers must fail with the mistake named), once
as a fresh workspace of stubs (all "not attempted"). ch3's linear_classifier is
TensorFlow by nature: it is graded with TensorFlow in a second child, and the
result says so.

JAX compiles every new shape; grading shares one on-disk compilation cache (see
grader.runner), so only the first chapter pays the full price.
"""

from __future__ import annotations

import importlib.util

import pytest
from conftest import assert_named, grade_mistakes
from test_wrong_answers_ch3 import DECISION_LINE_AT_ZERO, LAYER_WEIGHTS_IN_INIT
from test_wrong_answers_ch4 import LOSS_ALWAYS_CATEGORICAL
from test_wrong_answers_ch5 import MISTAKES as CH5_MISTAKES
from test_wrong_answers_ch6 import WORKSPACE_A as CH6_MISTAKES
from test_wrong_answers_ch7 import WINDOW_LOOK_AHEAD

pytestmark = pytest.mark.slow   # spawns grading processes

KERAS_LEVEL = ["ch3", "ch4", "ch5", "ch6", "ch7"]

# A few representative wrong answers per chapter: {exercise: (source, phrase the message must contain)}.
MISTAKES = {
    "ch3": {"simple_dense": (LAYER_WEIGHTS_IN_INIT, "create them in build"),
            "linear_classifier": (DECISION_LINE_AT_ZERO, "(0.5 − b) / W[1]")},   # graded with TensorFlow
    "ch4": {"multiclass": (LOSS_ALWAYS_CATEGORICAL, "need 'sparse_categorical_crossentropy'")},
    "ch5": {"flatten": (CH5_MISTAKES["flatten"], "keep the batch axis"),
            "build_cnn": (CH5_MISTAKES["build_cnn"], "softmax over one unit")},
    "ch6": {"frozen_head": (CH6_MISTAKES["frozen_head"], "the base was left trainable"),
            "param_count": (CH6_MISTAKES["param_count"], "the biases are missing")},
    "ch7": {"make_windows": (WINDOW_LOOK_AHEAD, "look-ahead")},
}

BACKENDS = [
    pytest.param("jax", marks=pytest.mark.skipif(importlib.util.find_spec("jax") is None,
                                                 reason="JAX is not installed (pip install -e \".[jax]\")")),
]
TORCH = pytest.mark.skipif(importlib.util.find_spec("torch") is None,
                           reason="PyTorch is not installed (pip install -e \".[torch]\")")


def _check_backends(graded, chapter, backend: str) -> None:
    """The report shows the backend asked for; TensorFlow-only exercises say they ran under TensorFlow."""
    assert graded.backend == backend
    for ex in graded.exercises:
        assert ex.backend == (chapter.exercise(ex.name).backend or backend), ex.id
    pinned = [ex for ex in graded.exercises if ex.backend != backend]
    assert bool(graded.notes) == bool(pinned), graded.notes
    for ex in pinned:
        assert ex.id in graded.notes[0]


def _solutions_and_mistakes(tmp_path, course, chapter_id: str, backend: str, exercises=None) -> None:
    mistakes = MISTAKES[chapter_id]
    graded = grade_mistakes(tmp_path / "ws", course, chapter_id, {n: s for n, (s, _) in mistakes.items()},
                            backend=backend, exercises=exercises)
    assert not graded.fatal, graded.fatal
    for name, (_, phrase) in mistakes.items():
        if exercises is None or name in exercises:
            assert_named(graded, name, "failed", phrase)
    wrong = {ex.id: (ex.status, ex.message) for ex in graded.exercises
             if ex.name not in mistakes and ex.status != "passed"}
    assert not wrong, f"reference solutions that do not pass under {backend}: {wrong}"
    _check_backends(graded, course.chapter(chapter_id), backend)


def _stubs(tmp_path, course, chapter_id: str, backend: str) -> None:
    from grader.runner import GradeOptions, grade_chapter
    from grader.workspace import init_workspace

    chapter = course.chapter(chapter_id)
    init_workspace(tmp_path / "ws", course, chapters=[chapter])
    result = grade_chapter(chapter, GradeOptions(workspace=tmp_path / "ws", device="cpu", backend=backend))
    assert not result.fatal, result.fatal
    assert {ex.name: ex.status for ex in result.exercises} == {ex.name: "not attempted" for ex in chapter.exercises}
    _check_backends(result, chapter, backend)


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("chapter_id", KERAS_LEVEL)
def test_solutions_pass_and_mistakes_are_named(tmp_path, course, chapter_id, backend):
    _solutions_and_mistakes(tmp_path, course, chapter_id, backend)


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("chapter_id", KERAS_LEVEL)
def test_stubs_are_not_attempted(tmp_path, course, chapter_id, backend):
    _stubs(tmp_path, course, chapter_id, backend)


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_tensorflow_chapter_is_graded_with_tensorflow(tmp_path, course, backend):
    """ch2 is GradientTape through and through: asked for another backend, it is graded with TensorFlow."""
    from grader.runner import GradeOptions, grade_chapter

    result = grade_chapter(course.chapter("ch2"), GradeOptions(solutions=True, device="cpu", backend=backend,
                                                               exercises=["gradient_tape", "naive_dense"]))
    assert [ex.status for ex in result.exercises] == ["passed", "passed"]
    assert result.backend == "tensorflow"
    assert result.notes and result.notes[0].startswith("ch2 is TensorFlow by nature")


@TORCH
def test_torch_grades_a_keras_level_chapter(tmp_path, course):
    """One representative chapter under PyTorch: ch5 (convolutions, the CNN, the generators)."""
    names = [ex.name for ex in course.chapter("ch5").exercises if ex.name != "train_shapes"]
    _solutions_and_mistakes(tmp_path, course, "ch5", "torch", exercises=names)


@TORCH
def test_torch_stubs_are_not_attempted(tmp_path, course):
    _stubs(tmp_path, course, "ch3", "torch")


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_check_that_seeds_makes_training_reproducible(tmp_path, course, backend):
    """ch7's train_forecaster seeds before the learner's code trains; on JAX, fit shuffles with NumPy's
    generator, which the learner process must seed too: two gradings train the same model."""
    from pathlib import Path

    solution = Path(course.chapter("ch7").exercise("train_forecaster").solution_path).read_text()
    reports_loss = solution.replace("    return model, history",
                                    "    raise ValueError(f\"final loss {history.history['loss'][-1]!r}\")")
    assert reports_loss != solution
    losses = []
    for attempt in range(2):
        graded = grade_mistakes(tmp_path / str(attempt), course, "ch7", {"train_forecaster": reports_loss},
                                exercises=["train_forecaster"], backend=backend)
        message = graded.exercise("train_forecaster").message
        assert "final loss" in message, message
        losses.append(message.split("final loss ")[1].split()[0])
    assert losses[0] == losses[1]
