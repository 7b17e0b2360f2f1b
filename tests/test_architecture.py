"""The house rules: the library stands alone, imports go one way, no circles, no borrowed privates.

The import graph is read statically from every ``import`` statement in
``kerascourse/`` and ``grader/``, including the ones inside functions (a lazy
import is still a dependency, and the usual way to hide a circle).
"""

import ast
import fnmatch
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("kerascourse", "grader")
COURSE_ROOTS = {"grader", "exercises", "solutions"}

# The course machinery's layers, from the top (the command line) down to the library.
# A module may import only from layers below its own; README "How it is built" shows the same picture.
LAYERS = [
    ["grader.cli"],                                                         # the command line
    ["grader.notebook"],                                                    # the course in a notebook
    ["grader.watch", "grader.batch", "grader.doctor", "grader.lessons",     # commands with a module of their own
     "grader.autograder"],
    ["grader.hints", "grader.runner"],                                      # hints; the isolated child process
    ["grader.forkserver"],                                                  # grading processes forked, Keras imported
    ["grader.plugin"],                                                      # the pytest plugin, in the child
    ["grader.remote", "grader.spawner"],                                    # the learner process: starting it, asking it
    ["grader.worker"],                                                      # the learner process's own side
    ["grader.guard", "grader.seal", "grader.learner", "grader.wire", "grader.mirror",  # own work; seals; data
     "grader.tamper"],
    ["grader.ownwork"],                                                     # own work, read from the source
    ["grader.ch[0-9]*"],                                                    # the checks, chapter by chapter
    ["grader.checks", "grader.explain"],                                    # what the checks are written with
    ["grader.workspace"],                                                   # a learner's folder
    ["grader.pack", "grader.course"],                                       # the course registry
    ["grader.report", "grader.export"],                                     # what the results become
    ["grader.results"],                                                     # the results
    ["grader.files", "grader.lazy_tensorflow", "grader"],                   # atomic files; Keras without TensorFlow
    ["kerascourse", "kerascourse.*"],                                       # the library
]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def is_package(path: Path) -> bool:
    return path.name == "__init__.py"


MODULES = {module_name(p): p for pkg in PACKAGES for p in sorted((ROOT / pkg).rglob("*.py"))}


def resolve(name: str) -> str | None:
    """The deepest module of ours that ``name`` lies in (``kerascourse.naive.NaiveDense`` -> ``kerascourse.naive``)."""
    while name:
        if name in MODULES:
            return name
        name = name.rpartition(".")[0]
    return None


def imports(module: str):
    """``(target module, imported name or None, line)`` for every import of one of our modules."""
    path = MODULES[module]
    package = module if is_package(path) else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                target = resolve(alias.name)
                if target:
                    yield target, None, node.lineno
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[:len(package.split(".")) - (node.level - 1)]
                base = ".".join(anchor + ([base] if base else []))
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                if submodule in MODULES:
                    yield submodule, None, node.lineno
                elif resolve(base):
                    yield resolve(base), alias.name, node.lineno


def edges():
    return {(module, target, name, line) for module in MODULES for target, name, line in imports(module)}


def layer_of(module: str) -> int:
    for i, layer in enumerate(LAYERS):
        for pattern in layer:
            if fnmatch.fnmatchcase(module, pattern):
                return i
    raise AssertionError(f"{module} is in no layer of tests/test_architecture.py: add it where it belongs")


def test_the_graph_sees_the_code():
    # A test that cannot fail proves nothing: the graph must hold the imports we know are there.
    found = {(m, t) for m, t, _, _ in edges()}
    assert ("grader.cli", "grader.runner") in found
    assert ("grader.workspace", "grader.course") in found
    assert ("kerascourse.images", "kerascourse.images._generator") in found
    assert len(MODULES) > 60


def test_the_library_imports_nothing_of_the_course():
    bad = [f"{MODULES[m].relative_to(ROOT)}:{line} imports {t}" for m, t, _, line in edges()
           if m.split(".")[0] == "kerascourse" and t.split(".")[0] != "kerascourse"]
    for module, path in MODULES.items():
        if module.split(".")[0] != "kerascourse":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level else [])
            bad += [f"{path.relative_to(ROOT)}:{node.lineno} imports {n}" for n in names
                    if n.split(".")[0] in COURSE_ROOTS]
    assert not bad, "the library must stand alone:\n" + "\n".join(sorted(set(bad)))


@pytest.mark.slow
def test_importing_every_library_module_loads_no_course_module():
    code = (
        "import importlib, json, pkgutil, sys, kerascourse\n"
        "names = [m.name for m in pkgutil.walk_packages(kerascourse.__path__, 'kerascourse.')]\n"
        "for name in names: importlib.import_module(name)\n"
        "print(json.dumps({'imported': names, 'course': sorted(m for m in sys.modules "
        "if m.split('.')[0] in ('grader', 'exercises', 'solutions'))}))\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300,
                          env={**__import__("os").environ, "TF_CPP_MIN_LOG_LEVEL": "3"})
    assert proc.returncode == 0, proc.stderr[-3000:]
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    assert len(report["imported"]) > 30 and "kerascourse.naive" in report["imported"]
    assert report["course"] == [], f"importing the library loaded {report['course']}"


def test_there_is_no_import_circle():
    graph: dict[str, set[str]] = {m: set() for m in MODULES}
    for module, target, _, _ in edges():
        graph[module].add(target)
    # Tarjan's strongly connected components: any component of two or more modules is a circle.
    index, low, stack, on_stack, circles = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1 or node in graph[node]:
                circles.append(sorted(component))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    for node in graph:
        if node not in index:
            visit(node)
    assert not circles, "import circles: " + "; ".join(" <-> ".join(c) for c in circles)


def test_imports_go_one_way():
    upward = {f"{MODULES[m].relative_to(ROOT)}:{line} ({m}) imports {t}, which is not in a layer below it"
              for m, t, _, line in edges() if m != t and layer_of(t) <= layer_of(m) and
              not (layer_of(t) == layer_of(m) and _same_layer_allowed(m, t))}
    assert not upward, "imports must go down the layers:\n" + "\n".join(sorted(upward))


def _same_layer_allowed(module: str, target: str) -> bool:
    # Inside the library, and inside the course registry (a pack is built from grader.course), modules
    # of one layer may import each other; the circle test above still forbids any loop.
    return module.startswith("kerascourse") or {module, target} == {"grader.pack", "grader.course"}


def _package_of(module: str) -> str:
    return module if is_package(MODULES[module]) else module.rpartition(".")[0]


def test_no_module_borrows_another_packages_private_names():
    bad = set()
    for module, target, name, line in edges():
        where = f"{MODULES[module].relative_to(ROOT)}:{line}"
        parts = target.split(".")
        for i, part in enumerate(parts):
            owner = ".".join(parts[:i])
            if part.startswith("_") and not (module == owner or module.startswith(owner + ".")):
                bad.add(f"{where} imports the private module {target}")
        if name and name.startswith("_") and not name.startswith("__") and _package_of(module) != _package_of(target):
            bad.add(f"{where} imports the private name {name} from {target}")
    assert not bad, "a private name stays in its package; make it public or move it:\n" + "\n".join(sorted(bad))
