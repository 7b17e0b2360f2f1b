"""Own work: an exercise is passed by the learner's code, not by importing the library's answer.

Three layers are tested: the static reading of a file (fast, no TensorFlow), the
rules of every exercise of the course against its own solution and stub, and
real grading in a child process, where the runtime guard catches what a reading
cannot see (names built at run time, helper modules that re-export the answer,
a refusal the learner's code catches and hides).
"""

from __future__ import annotations

import ast
import importlib.util
import textwrap

import pytest

from conftest import _Graded, build_workspace
from grader.course import Course
from grader.ownwork import Rules, find_shortcuts, library_names

COURSE = Course.load()
EXERCISES = [ex for ch in COURSE.chapters for ex in ch.exercises]
RULES = {ex.id: Rules.for_exercise(ex) for ex in EXERCISES}
ELEMENTWISE = RULES["ch2.elementwise"]
DOT = RULES["ch2.dot_products"]


def names(source: str, rules: Rules) -> list[tuple[int, str]]:
    return [(f.line, f.name) for f in find_shortcuts(textwrap.dedent(source), rules)]


# ----------------------------------------------------------------------------- the static reading

@pytest.mark.parametrize("source, expected", [
    ("from kerascourse.naive import naive_relu\n", [(1, "kerascourse.naive.naive_relu")]),
    ("from kerascourse.naive.ops import naive_add as add\n", [(1, "kerascourse.naive.ops.naive_add")]),
    ("import kerascourse.naive as k\nnaive_relu = k.naive_relu\n", [(2, "kerascourse.naive.naive_relu")]),
    ("import kerascourse\ndef naive_relu(x):\n    return kerascourse.naive.naive_relu(x)\n",
     [(3, "kerascourse.naive.naive_relu")]),
    ("import importlib\nk = importlib.import_module('kerascourse.naive')\nnaive_add = k.naive_add\n",
     [(3, "kerascourse.naive.naive_add")]),
    ("import kerascourse.naive as k\nrelu = getattr(k, 'naive_relu')\n", [(2, "kerascourse.naive.naive_relu")]),
    ("from kerascourse.naive import *\n", [(1, "kerascourse.naive.naive_add"), (1, "kerascourse.naive.naive_relu")]),
    ("from numpy import maximum as m\ndef naive_relu(x):\n    return m(x, 0)\n",
     [(1, "numpy.maximum"), (3, "numpy.maximum")]),
    ("import numpy as np\ndef naive_relu(x):\n    return np.maximum(x, 0.0)\n", [(3, "numpy.maximum")]),
    ("import tensorflow as tf\ndef naive_relu(x):\n    return tf.nn.relu(x).numpy()\n", [(3, "tensorflow.nn.relu")]),
    ("from numpy import *\ndef naive_relu(x):\n    return maximum(x, 0)\n", [(3, "numpy.maximum")]),
])
def test_reading_follows_imports_aliases_and_attribute_chains(source, expected):
    assert names(source, ELEMENTWISE) == expected


@pytest.mark.parametrize("source, expected", [
    ("def naive_matrix_dot(x, y):\n    return x @ y\n", [(2, "@")]),
    ("def naive_matrix_dot(x, y):\n    z = x.copy()\n    z @= y\n    return z\n", [(3, "@")]),
    ("def naive_matrix_dot(x, y):\n    return x.dot(y)\n", [(2, ".dot")]),
    ("def naive_matrix_dot(x, y):\n    return x.__matmul__(y)\n", [(2, "@")]),
    ("def naive_matrix_dot(x, y):\n    return getattr(x, 'dot')(y)\n", [(2, ".dot")]),
    ("import tensorflow as tf\ndef naive_matrix_dot(x, y):\n    return tf.keras.ops.matmul(x, y)\n",
     [(3, "keras.ops.matmul")]),
    ("import numpy\ndef naive_matrix_dot(x, y):\n    return numpy.linalg.multi_dot([x, y])\n",
     [(3, "numpy.linalg.multi_dot")]),
])
def test_reading_sees_the_operators_and_methods_an_exercise_refuses(source, expected):
    assert names(source, DOT) == expected


def test_own_helpers_and_allowed_numpy_are_not_refused():
    source = """
        import numpy as np

        def naive_vector_dot(x, y):
            z = 0.0
            for i in range(x.shape[0]):
                z += x[i] * y[i]
            return z

        def naive_matrix_dot(x, y):
            z = np.zeros((x.shape[0], y.shape[1]))
            for i in range(x.shape[0]):
                for j in range(y.shape[1]):
                    z[i, j] = naive_vector_dot(x[i, :], y[:, j])   # the learner's own helper
            return z
    """
    assert names(source, DOT) == []
    # Only this exercise's twins are refused: NaiveDense is a fair tool for naive_sequential.
    assert names("from kerascourse.naive import NaiveDense\n", RULES["ch2.naive_sequential"]) == []


def test_message_names_the_line_the_name_and_the_next_step():
    [finding] = find_shortcuts("def naive_matrix_dot(x, y):\n    return x @ y\n", DOT)
    assert finding.message.startswith("this exercise asks you to write the dot products with loops; line 2 uses "
                                      "`@` (the matrix product), which does it for you.")
    assert "Loop over the rows of x and the columns of y" in finding.message
    assert finding.message.endswith("(kerascourse hint ch2.dot_products)")
    [twin] = find_shortcuts("from kerascourse.naive import naive_relu\n", ELEMENTWISE)
    assert "line 1 imports `kerascourse.naive.naive_relu`, the library's own answer" in twin.message
    assert "write `naive_relu` yourself" in twin.message


def test_the_twins_are_found_from_the_library_source():
    found = library_names()
    assert {"kerascourse.naive.naive_relu", "kerascourse.naive.ops.naive_relu", "kerascourse.models.build_vgg16",
            "kerascourse.timeseries.make_windows", "kerascourse.preprocessing.one_hot"} <= found
    assert not any(name.rpartition(".")[2].startswith("_") for name in found)


# ----------------------------------------------------------------------------- every exercise's rules

def _after_docstring(tree: ast.Module) -> int:
    first = tree.body[0] if tree.body else None
    is_doc = isinstance(first, ast.Expr) and isinstance(getattr(first, "value", None), ast.Constant)
    return first.end_lineno if is_doc else 0


def _insert(source: str, lines: list[str]) -> tuple[str, int]:
    """``source`` with ``lines`` after its docstring; returns it and the line number of the first one."""
    rows = source.splitlines()
    at = _after_docstring(ast.parse(source))
    return "\n".join(rows[:at] + lines + rows[at:]) + "\n", at + 1


def _same_name_twin(ex, name: str) -> str | None:
    """The shortest public path of the library function or class with the exercise's name."""
    rules = RULES[ex.id]
    found = sorted((q for q in library_names() if q.rpartition(".")[2] == name and rules.twin_reason(q)),
                   key=lambda q: (q.count("."), q))
    return found[0] if found else None


def twin_submission(ex) -> tuple[str, int] | None:
    """The solution with each name that has a library twin replaced by an import of the twin."""
    rules = RULES[ex.id]
    source = ex.solution_path.read_text(encoding="utf-8")
    twins = {n: _same_name_twin(ex, n) for n in rules.names}
    twins = {n: t for n, t in twins.items() if t}
    if not twins and not rules.twins:
        return None
    tree = ast.parse(source)
    rows = source.splitlines()
    for node in sorted(tree.body, key=lambda n: -n.lineno):
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and node.name in twins:
            start = min([node.lineno] + [d.lineno for d in node.decorator_list])
            del rows[start - 1:node.end_lineno]
    imports = [f"from {t.rpartition('.')[0]} import {n}" for n, t in twins.items()]
    imports += [f"from {t.rpartition('.')[0]} import {t.rpartition('.')[2]}" for t in rules.twins]
    return _insert("\n".join(rows) + "\n", imports[:1] + imports[1:])


def shortcut_lines(ex) -> list[str]:
    """Lines that use the first thing the exercise refuses (empty when it refuses nothing)."""
    rules = RULES[ex.id]
    if not rules.refuse:
        return []
    refused = rules.refuse[0]
    if refused == "@":
        return ["_shortcut = lambda a, b: a @ b"]
    if refused.startswith("."):
        return [f"_shortcut = lambda a: a{refused}()"]
    module, _, attr = refused.rpartition(".")
    return [f"from {module} import {attr}", f"_shortcut = {attr}"]


def shortcut_submission(ex) -> tuple[str, int] | None:
    """The solution plus a use of the first thing the exercise refuses."""
    lines = shortcut_lines(ex)
    return _insert(ex.solution_path.read_text(encoding="utf-8"), lines) if lines else None


TWIN_EXERCISES = [ex for ex in EXERCISES if twin_submission(ex)]
BY_HAND_EXERCISES = [ex for ex in EXERCISES if RULES[ex.id].refuse]


def test_the_course_declares_rules_where_the_library_has_the_answer():
    assert len(TWIN_EXERCISES) >= 25 and len(BY_HAND_EXERCISES) >= 20
    for exercise_id in ("ch2.elementwise", "ch2.dot_products", "ch5.conv2d", "ch5.max_pool", "ch7.simple_rnn"):
        assert RULES[exercise_id].refuse and RULES[exercise_id].by_hand, exercise_id


@pytest.mark.parametrize("ex", EXERCISES, ids=lambda ex: ex.id)
def test_solutions_and_stubs_are_their_own_work(ex):
    for path in (ex.solution_path, ex.stub_path):
        assert find_shortcuts(path.read_text(encoding="utf-8"), RULES[ex.id]) == [], path


@pytest.mark.parametrize("ex", TWIN_EXERCISES, ids=lambda ex: ex.id)
def test_every_twin_import_is_read(ex):
    source, line = twin_submission(ex)
    findings = find_shortcuts(source, RULES[ex.id])
    assert findings and findings[0].line == line and "the library's own answer" in findings[0].message


@pytest.mark.parametrize("ex", BY_HAND_EXERCISES, ids=lambda ex: ex.id)
def test_every_refused_shortcut_is_read(ex):
    source, line = shortcut_submission(ex)
    findings = find_shortcuts(source, RULES[ex.id])
    assert findings and findings[0].line == line, (ex.id, findings)
    assert findings[0].name.lstrip(".") in RULES[ex.id].refuse[0].lstrip(".") or findings[0].name == "@"


# ----------------------------------------------------------------------------- graded in a child process

def _grade(ws, chapter_id: str, exercises: list[str]) -> _Graded:
    from grader.runner import GradeOptions, grade_chapter

    return _Graded(grade_chapter(COURSE.chapter(chapter_id), GradeOptions(workspace=ws, exercises=exercises,
                                                                          device="cpu")))


def submission(ex) -> tuple[str, list[tuple[int, str]]] | None:
    """Twin imports and a refused shortcut in one file; returns it and the (line, phrase) each must be named with."""
    twin = twin_submission(ex)
    source = twin[0] if twin else ex.solution_path.read_text(encoding="utf-8")
    expected = [(twin[1], "the library's own answer")] if twin else []
    lines = shortcut_lines(ex)
    if lines:  # after the docstring, so above the twin imports: those move down
        source, at = _insert(source, lines)
        expected = [(line + len(lines), phrase) for line, phrase in expected] + [(at, "which does it for you")]
    return (source, expected) if expected else None


@pytest.mark.slow
@pytest.mark.parametrize("chapter", COURSE.chapters, ids=lambda ch: ch.id)
def test_twin_imports_and_shortcuts_fail_with_the_line(chapter, tmp_path):
    """Per chapter, one workspace where each file imports its twin and uses a refused shortcut, graded once."""
    submissions = {ex.name: submission(ex) for ex in chapter.exercises}
    submissions = {name: s for name, s in submissions.items() if s}
    ws = build_workspace(tmp_path / "ws", COURSE, chapter.id, {n: s for n, (s, _) in submissions.items()})
    graded = _grade(ws, chapter.id, sorted(submissions))
    for name, (source, expected) in submissions.items():
        ex = graded.exercise(name)
        assert ex.status == "failed", (name, ex.status, ex.message)
        own = ex.checks[0]
        assert own.name == "own_work" and own.message == ex.message, (name, [c.name for c in ex.checks])
        assert f"kerascourse hint {chapter.id}.{name}" in ex.message
        first_line = min(line for line, _ in expected)
        assert own.location.endswith(f"line {first_line}"), (name, own.location, expected)
        for line, phrase in expected:
            assert f"line {line}" in ex.message, (name, line, ex.message)
        assert any(phrase in ex.message for _, phrase in expected), (name, ex.message)


EVASIONS = {
    # A name built at run time: no reading can resolve it; the runtime guard refuses the call.
    "elementwise": '''
        import importlib
        import numpy as np

        _library = importlib.import_module("kerascourse." + "nai" + "ve")

        def naive_relu(x):
            return getattr(_library, "naive_" + "relu")(x)

        def naive_add(x, y):
            if x.ndim != 2 or x.shape != y.shape:
                raise ValueError("expected two matrices of the same shape")
            out = x.copy()
            for i in range(x.shape[0]):
                for j in range(x.shape[1]):
                    out[i, j] += y[i, j]
            return out
    ''',
    # A helper module of the learner's own that re-exports the library's answer.
    "broadcasting": '''
        from helpers import naive_add_matrix_and_vector
    ''',
    # The refusal is caught and hidden: the call is still remembered.
    "dot_products": '''
        import numpy as np

        _mod = __import__("num" + "py")

        def naive_vector_dot(x, y):
            if x.ndim != 1 or y.ndim != 1 or x.shape != y.shape:
                raise ValueError("expected two vectors of the same length")
            try:
                return float(getattr(_mod, "d" + "ot")(x, y))
            except Exception:
                return float(sum(x[i] * y[i] for i in range(x.shape[0])))

        def naive_matrix_vector_dot(x, y):
            if x.ndim != 2 or y.ndim != 1 or x.shape[1] != y.shape[0]:
                raise ValueError("shapes do not match")
            return np.array([naive_vector_dot(x[i, :], y) for i in range(x.shape[0])])

        def naive_matrix_dot(x, y):
            if x.ndim != 2 or y.ndim != 2 or x.shape[1] != y.shape[0]:
                raise ValueError("shapes do not match")
            z = np.zeros((x.shape[0], y.shape[1]))
            for i in range(x.shape[0]):
                for j in range(y.shape[1]):
                    z[i, j] = naive_vector_dot(x[i, :], y[:, j])
            return z
    ''',
    # A class that subclasses the twin, reached through a module name built at run time.
    "naive_dense": '''
        import importlib

        _library = importlib.import_module("kerascourse" + ".naive")

        class NaiveDense(getattr(_library, "Naive" + "Dense")):
            pass
    ''',
}


@pytest.mark.slow
def test_runtime_guard_catches_what_no_reading_sees(tmp_path):
    ws = build_workspace(tmp_path / "ws", COURSE, "ch2", EVASIONS)
    (ws / "ch2" / "helpers.py").write_text("from kerascourse.naive import naive_add_matrix_and_vector\n")
    graded = _grade(ws, "ch2", list(EVASIONS) + ["naive_sequential"])
    relu = graded.exercise("elementwise")
    assert relu.status == "failed" and "line 8 calls `kerascourse.naive.naive_relu`" in relu.message, relu.message
    # naive_add is the learner's own: its checks still pass beside the refused one.
    assert any(c.outcome == "passed" and "add" in c.name for c in relu.checks), [c.name for c in relu.checks]
    broadcast = graded.exercise("broadcasting")
    assert broadcast.status == "failed" and "line 2" in broadcast.message, broadcast.message
    assert "naive_add_matrix_and_vector" in broadcast.message and "the library's own answer" in broadcast.message
    dots = graded.exercise("dot_products")
    assert dots.status == "failed" and "numpy.dot" in dots.message and "line 10" in dots.message, dots.message
    assert dots.checks[-1].name == "own_work_while_running"
    dense = graded.exercise("naive_dense")
    assert dense.status == "failed" and "line 6 subclasses `kerascourse.naive.NaiveDense`" in dense.message, \
        dense.message
    # naive_sequential uses the library's NaiveDense, which is fair: it is not that exercise's answer.
    assert graded.exercise("naive_sequential").status == "passed", graded.exercise("naive_sequential").message


# On JAX, TensorFlow is not imported before the learner's code runs; its refused names are guarded the
# moment an import brings it in (grader.guard: pending names), not by importing it for every grading.
LATE_TENSORFLOW = {
    "conv1d": '''
        import importlib
        import numpy as np

        def conv1d(signal, kernel):
            tf = importlib.import_module("tensor" + "flow")
            x = np.asarray(signal, "float32").reshape(1, -1, 1)
            k = np.asarray(kernel, "float32").reshape(-1, 1, 1)
            return np.asarray(getattr(tf.nn, "conv" + "1d")(x, k, stride=1, padding="VALID"))[0, :, 0].astype(float)
    ''',
}


@pytest.mark.slow
@pytest.mark.skipif(importlib.util.find_spec("jax") is None, reason="JAX is not installed")
def test_refused_names_of_a_package_imported_late_are_still_refused(tmp_path):
    from grader.runner import GradeOptions, grade_chapter

    ws = build_workspace(tmp_path / "ws", COURSE, "ch5", LATE_TENSORFLOW)
    graded = _Graded(grade_chapter(COURSE.chapter("ch5"), GradeOptions(workspace=ws, exercises=["conv1d"],
                                                                       device="cpu", backend="jax")))
    conv = graded.exercise("conv1d")
    assert conv.status == "failed" and "calls `tensorflow.nn.conv1d`" in conv.message, conv.message
