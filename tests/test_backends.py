"""Choosing the Keras backend: the flag, KERAS_BACKEND, TensorFlow-only exercises, the report, doctor.

Fast: nothing here starts a grading process (tests/test_backends_jax.py and
tests/test_backends_torch.py grade under the other backends).
"""

from __future__ import annotations

from io import StringIO

import pytest

from grader.course import CourseError, Pack
from grader.report import render_chapter
from grader.results import ChapterResult, ExerciseResult
from grader.runner import (GradeOptions, backend_groups, backend_installed, backend_note, child_environment,
                           requested_backend)

# What is TensorFlow by nature: tf.GradientTape and tf.Variable in the exercise itself.
TENSORFLOW_ONLY = {"ch2": "all", "ch3": {"linear_classifier"}}


def test_tensorflow_only_exercises_are_declared(course):
    for chapter in course.chapters:
        pinned = {ex.name for ex in chapter.exercises if ex.backend == "tensorflow"}
        expected = TENSORFLOW_ONLY.get(chapter.id, set())
        if expected == "all":
            assert chapter.backend == "tensorflow"
            expected = {ex.name for ex in chapter.exercises}
        assert pinned == expected, chapter.id


def test_a_solution_that_uses_tensorflow_is_declared(course):
    """A solution that imports TensorFlow is an exercise that cannot run on another backend."""
    for chapter in course.chapters:
        for ex in chapter.exercises:
            source = ex.solution_path.read_text(encoding="utf-8")
            if "import tensorflow" in source:
                assert ex.backend == "tensorflow", f"{ex.id} uses TensorFlow: add backend = \"tensorflow\""


def test_an_unknown_backend_in_chapter_toml_is_refused(tmp_path):
    for folder in ("exercises/ch1", "solutions/ch1", "grader/ch1"):
        (tmp_path / folder).mkdir(parents=True)
    (tmp_path / "grader/ch1/chapter.toml").write_text(
        'title = "T"\nbackend = "theano"\n[[exercise]]\nname = "a"\n', encoding="utf-8")
    pack = Pack.from_root(tmp_path, id="demo", title="Demo", version="1")
    with pytest.raises(CourseError, match="backend must be one of"):
        pack.chapters


def test_requested_backend_flag_then_environment_then_tensorflow(monkeypatch):
    monkeypatch.delenv("KERAS_BACKEND", raising=False)
    assert requested_backend(GradeOptions()) == "tensorflow"
    monkeypatch.setenv("KERAS_BACKEND", "jax")
    assert requested_backend(GradeOptions()) == "jax"
    assert requested_backend(GradeOptions(backend="torch")) == "torch"


def test_child_environment_carries_the_backend(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("JAX_COMPILATION_CACHE_DIR", raising=False)
    env = child_environment(GradeOptions(backend="jax"))
    assert env["KERAS_BACKEND"] == "jax"
    # JAX compiles every new shape: a cache on disk makes a re-grade fast.
    assert env["JAX_COMPILATION_CACHE_DIR"] == str(tmp_path / "kerascourse" / "jax")
    env = child_environment(GradeOptions(backend="jax"), backend="tensorflow")
    assert env["KERAS_BACKEND"] == "tensorflow" and "JAX_COMPILATION_CACHE_DIR" not in env


def test_a_users_own_jax_cache_is_kept(monkeypatch, tmp_path):
    monkeypatch.setenv("JAX_COMPILATION_CACHE_DIR", str(tmp_path / "mine"))
    assert child_environment(GradeOptions(backend="jax"))["JAX_COMPILATION_CACHE_DIR"] == str(tmp_path / "mine")


def test_tensorflow_only_exercises_get_a_group_of_their_own(course):
    ch3 = course.chapter("ch3")
    names = [ex.name for ex in ch3.exercises]
    groups = backend_groups(ch3, names, "jax")
    assert [backend for backend, _ in groups] == ["jax", "tensorflow"]
    assert groups[1][1] == ["linear_classifier"]
    assert backend_note(ch3, "jax", groups) == ("ch3.linear_classifier is TensorFlow by nature (tf.GradientTape, "
                                                "tf.Variable), so graded with TensorFlow, not JAX.")
    # Asked for TensorFlow, or not grading the pinned exercise: one group, no note.
    assert backend_groups(ch3, names, "tensorflow") == [("tensorflow", names)]
    assert backend_note(ch3, "jax", backend_groups(ch3, ["softmax"], "jax")) == ""


def test_a_tensorflow_chapter_is_graded_with_tensorflow(course):
    ch2 = course.chapter("ch2")
    groups = backend_groups(ch2, ["gradient_tape", "naive_dense"], "torch")
    assert groups == [("tensorflow", ["gradient_tape", "naive_dense"])]
    assert backend_note(ch2, "torch", groups).startswith("ch2 is TensorFlow by nature")


def test_the_report_shows_the_backend_and_the_note():
    result = ChapterResult(chapter="ch3", title="Keras", workspace="ws", backend="jax", keras_version="3.x",
                           notes=["ch3.linear_classifier is TensorFlow by nature"])
    result.exercises.append(ExerciseResult(id="ch3.softmax", name="softmax", title="s", status="passed",
                                           checks_passed=2, checks_total=2, backend="jax"))
    from grader.report import make_console

    console = make_console()
    console.file = StringIO()
    render_chapter(result, console=console)
    text = console.file.getvalue()
    assert "(jax backend)" in text
    assert "Note: ch3.linear_classifier is TensorFlow by nature" in text
    assert result.exercises[0].to_json(verbose=True)["backend"] == "jax"
    assert "backend" not in result.exercises[0].to_json()  # the JSON contract's keys are fixed


def test_grade_refuses_a_backend_that_is_not_installed(run_cli, monkeypatch):
    import grader.runner

    monkeypatch.setattr(grader.runner, "backend_installed", lambda backend: backend == "tensorflow")
    code, out, err = run_cli("grade", "ch1", "--solutions", "--backend", "torch")
    assert code == 2
    assert "torch backend is not installed" in err and 'kerascourse[torch]' in err


def test_grade_refuses_an_unknown_keras_backend_variable(run_cli, monkeypatch):
    monkeypatch.setenv("KERAS_BACKEND", "theano")
    code, out, err = run_cli("grade", "ch1", "--solutions")
    assert code == 2
    assert "KERAS_BACKEND is 'theano'" in err


def test_doctor_lists_the_backends(run_cli):
    code, out, err = run_cli("doctor")
    assert "Backends installed" in out
    assert "tensorflow" in out
    for backend in ("jax", "torch"):
        assert backend in out
        if not backend_installed(backend):
            assert f"kerascourse[{backend}]" in out
