"""Every chapter of every pack is complete: stub, solution, checks, hints, mirrored names."""

import ast

import pytest

from grader.course import Course

COURSE = Course.load()
EXERCISES = [ex for ch in COURSE.chapters for ex in ch.exercises]


def test_core_pack_loads_without_problems():
    assert not COURSE.problems, COURSE.problems
    assert [ch.id for ch in COURSE.chapters][:1] == ["ch1"]


@pytest.mark.parametrize("chapter", COURSE.chapters, ids=lambda ch: ch.id)
def test_chapter_size_and_files(chapter):
    assert 6 <= len(chapter.exercises) <= 12, f"{chapter.id} has {len(chapter.exercises)} exercises"
    listed = {ex.filename for ex in chapter.exercises}
    on_disk = {p.name for p in chapter.stubs_dir.glob("*.py") if p.name != "__init__.py"}
    assert on_disk == listed, f"stubs not in chapter.toml: {on_disk - listed}; listed without a stub: {listed - on_disk}"
    tests = {p.name[len("test_"):] for p in chapter.tests_dir.glob("test_*.py")}
    assert tests == listed, f"checks without an exercise: {tests - listed}; exercises without checks: {listed - tests}"


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda ex: ex.id)
def test_exercise_is_complete(exercise):
    assert exercise.stub_path.is_file() and exercise.solution_path.is_file() and exercise.tests_path.is_file()
    assert exercise.goal, f"{exercise.id} has no goal"
    assert 1 <= len(exercise.hints) <= 3, f"{exercise.id} should have one to three hints"
    assert exercise.points > 0


def _interface(path):
    """What a learner sees of a file besides the bodies: docstrings, signatures, decorators, imports, constants.

    One entry per module, class, function and method, keyed by its qualified name;
    the bodies (what the stub leaves out and the solution fills in) are not part of it.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = {"<module>": {"docstring": ast.get_docstring(tree),
                          "imports": [ast.unparse(n) for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))],
                          "constants": [ast.unparse(n) for n in tree.body if isinstance(n, (ast.Assign, ast.AnnAssign))]}}

    def walk(body, prefix):
        for node in body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                name = prefix + node.name
                found[name] = {"docstring": ast.get_docstring(node),
                               "decorators": [ast.unparse(d) for d in node.decorator_list]}
                if isinstance(node, ast.ClassDef):
                    found[name]["bases"] = [ast.unparse(b) for b in node.bases + node.keywords]
                    walk(node.body, name + ".")
                else:
                    found[name]["signature"] = ast.unparse(node.args)
                    found[name]["returns"] = ast.unparse(node.returns) if node.returns else None
    walk(tree.body, "")
    return found


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda ex: ex.id)
def test_stub_mirrors_solution(exercise):
    """A stub and its solution differ only in the bodies: same names, signatures, docstrings, imports."""
    stub, solution = _interface(exercise.stub_path), _interface(exercise.solution_path)
    assert [n for n in stub if n != "<module>"], f"{exercise.stub_path} defines nothing"
    assert set(stub) == set(solution), \
        f"{exercise.id}: only in the stub {sorted(set(stub) - set(solution))}, " \
        f"only in the solution {sorted(set(solution) - set(stub))}"
    for name in stub:
        for part, value in stub[name].items():
            assert value == solution[name][part], \
                f"{exercise.id}: {name}'s {part} differs between the stub and the solution:\n" \
                f"stub:     {value!r}\nsolution: {solution[name][part]!r}"


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda ex: ex.id)
def test_stub_raises_not_implemented(exercise):
    source = exercise.stub_path.read_text(encoding="utf-8")
    assert "NotImplementedError" in source, f"{exercise.stub_path} never raises NotImplementedError"
    assert ast.get_docstring(ast.parse(source)), f"{exercise.stub_path} has no module docstring"


def _imported_modules(path):
    """Every module name an import statement in ``path`` names, one list per statement."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            yield [node.module or ""]


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda ex: ex.id)
def test_checks_never_import_exercises_or_solutions(exercise):
    for names in _imported_modules(exercise.tests_path):
        assert not any(n.split(".")[0] in ("exercises", "solutions") for n in names), \
            f"{exercise.tests_path} imports {names}: checks get the module from the `exercise` fixture"
    assert "load_data(" not in exercise.tests_path.read_text() and "get_file(" not in exercise.tests_path.read_text()


def test_library_never_imports_grader_exercises_or_solutions():
    from pathlib import Path
    import kerascourse

    for path in Path(kerascourse.__file__).parent.rglob("*.py"):
        for names in _imported_modules(path):
            roots = {n.split(".")[0] for n in names}
            bad = roots & {"grader", "exercises", "solutions"}
            assert not bad, f"{path} imports {bad}: the library must not depend on them"
