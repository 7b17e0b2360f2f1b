"""Own work, read from the source: a learner's file that imports the answer instead of writing it.

Every exercise refuses its *library twin*: a public name of ``kerascourse`` with
the same name as one of the stub's functions or classes (``kerascourse.naive.naive_relu``
for ``naive_relu``), or one that ``chapter.toml`` declares under
``[exercise.own_work] twins``. A "by hand" exercise also refuses what does its
whole job (``refuse = ["numpy.dot", "@", ".dot"]``). Nobody has to list the twins:
they are found by reading the library's source.

This module is the static half: it reads the learner's file with :mod:`ast`,
follows imports, aliases (``import numpy as np``, ``from numpy import matmul as m``),
attribute chains, ``getattr(np, "dot")`` and ``importlib.import_module("...")``
with constant arguments, and names the line of each use. :mod:`grader.guard` is
the runtime half, for what a static reading cannot see.

Example:
    >>> rules = Rules(exercise_id="ch2.dot_products", names=("naive_matrix_dot",),
    ...               refuse=("numpy.dot", "@"), by_hand="the matrix product with loops")
    >>> [f.name for f in find_shortcuts("import numpy as np\\nz = np.dot(x, y) + x @ y\\n", rules)]
    ['@', 'numpy.dot']
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

LIBRARY = "kerascourse"
OPERATORS = {"@": (ast.MatMult, ("__matmul__", "__rmatmul__", "__imatmul__"))}
# `tf.keras.layers.Dense` is `keras.layers.Dense`: one spelling for the rules.
ALIASES = {"tensorflow.keras": "keras", "tf_keras": "keras"}


@dataclass(frozen=True)
class Rules:
    """What one exercise's file may not use (see ``grader.course.OwnWork`` for where they come from)."""

    exercise_id: str
    names: tuple[str, ...]              # the stub's public functions and classes
    refuse: tuple[str, ...] = ()        # "numpy.dot", "scipy.signal", "@", ".dot"
    twins: tuple[str, ...] = ()         # declared library twins, "kerascourse.preprocessing.multi_hot"
    by_hand: str = ""                   # "the matrix product with loops"
    instead: str = ""                   # "loop over the rows of x and the columns of y"

    @classmethod
    def for_exercise(cls, exercise) -> "Rules":
        own = exercise.own_work
        return cls(exercise_id=exercise.id, names=tuple(exercise.public_names()), refuse=own.refuse,
                   twins=own.twins, by_hand=own.by_hand, instead=own.instead)

    @property
    def dotted_refusals(self) -> tuple[str, ...]:
        return tuple(r for r in self.refuse if r not in OPERATORS and not r.startswith("."))

    @property
    def methods(self) -> set[str]:
        found = {r[1:] for r in self.refuse if r.startswith(".")}
        for op in self.refuse:
            if op in OPERATORS:
                found.update(OPERATORS[op][1])
        return found

    def twin_reason(self, dotted: str) -> str | None:
        """Why ``dotted`` is a twin of this exercise, or None."""
        dotted = canonical(dotted)
        if any(dotted == t or dotted.startswith(t + ".") for t in self.twins):
            return "declared"
        root, _, name = dotted.rpartition(".")
        if root.split(".")[0] == LIBRARY and name in self.names and dotted in library_names():
            return "same name"
        return None

    def refusal(self, dotted: str) -> str | None:
        """The rule in ``refuse`` that ``dotted`` falls under, or None."""
        dotted = canonical(dotted)
        for rule in self.dotted_refusals:
            if dotted == rule or dotted.startswith(rule + "."):
                return rule
        return None


@dataclass(frozen=True)
class Finding:
    """One use of something the exercise refuses: where, what, and the sentence for the learner."""

    line: int
    name: str        # "numpy.dot", "@", ".dot", "kerascourse.naive.naive_relu"
    message: str
    file: str = ""   # the learner's file as the report shows it ("ch2/dot_products.py")


def canonical(dotted: str) -> str:
    for prefix, replacement in ALIASES.items():
        if dotted == prefix or dotted.startswith(prefix + "."):
            return replacement + dotted[len(prefix):]
    return dotted


@lru_cache(maxsize=1)
def library_names() -> frozenset[str]:
    """Every public ``kerascourse.module.name`` the library defines or re-exports, read from its source.

    Reading the files (not importing them) keeps this cheap and free of TensorFlow.
    """
    import kerascourse

    root = Path(kerascourse.__file__).resolve().parent
    found = set()
    for path in root.rglob("*.py"):
        parts = list(path.relative_to(root.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        module = ".".join(parts)
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"))
        except (OSError, SyntaxError):
            continue
        for node in tree.body:
            names = []
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                names = [node.name]
            elif isinstance(node, ast.ImportFrom):
                names = [a.asname or a.name for a in node.names]
            elif isinstance(node, ast.Assign):
                names = [t.id for t in node.targets if isinstance(t, ast.Name)]
            found.update(f"{module}.{n}" for n in names if not n.startswith("_") and n != "*")
    return frozenset(found)


def describe(rules: Rules, name: str, line: int, *, how: str = "uses", reason: str = "") -> str:
    """The learner's sentence for one finding."""
    hint = f"kerascourse hint {rules.exercise_id}"
    shown = f"`{name}`"
    if reason == "twin" or rules.twin_reason(name):
        own = name.rpartition(".")[2]
        what = f"`{own}`" if own in rules.names else "it"
        return (f"line {line} {how} {shown}, the library's own answer to this exercise: the grader checks "
                f"your code, so write {what} yourself ({hint})")
    asks = f"asks you to write {rules.by_hand}" if rules.by_hand else "asks you to write this yourself"
    if name == "@":
        shown = "`@` (the matrix product)"
    elif name.startswith("."):
        shown = f"the method `{name}()`"
    instead = rules.instead or "write it step by step yourself"
    return f"this exercise {asks}; line {line} {how} {shown}, which does it for you. " \
           f"{instead[0].upper()}{instead[1:]} ({hint})"


class _Reader(ast.NodeVisitor):
    """Walks a learner's file, resolving names to the dotted paths they stand for."""

    def __init__(self, rules: Rules):
        self.rules = rules
        self.aliases: dict[str, str] = {}        # local name -> dotted path ("np" -> "numpy")
        self.star_modules: list[str] = []
        self.assigned: set[str] = set()
        self.findings: dict[tuple[int, str], Finding] = {}

    # -- bookkeeping
    def flag(self, node, name: str, how: str = "uses") -> None:
        key = (node.lineno, name)
        if key not in self.findings:
            self.findings[key] = Finding(node.lineno, name, describe(self.rules, name, node.lineno, how=how))

    def check(self, node, dotted: str, how: str = "uses") -> bool:
        dotted = canonical(dotted)
        if self.rules.twin_reason(dotted) or self.rules.refusal(dotted):
            self.flag(node, dotted, how)
            return True
        return False

    def resolve(self, node) -> str | None:
        """``np.linalg.matmul`` -> ``numpy.linalg.matmul``; None for what is not an imported name."""
        if isinstance(node, ast.Name):
            return self.aliases.get(node.id)
        if isinstance(node, ast.Attribute):
            base = self.resolve(node.value)
            return f"{base}.{node.attr}" if base else None
        if isinstance(node, ast.Call):
            return self.resolve_call(node)
        return None

    def resolve_call(self, node: ast.Call) -> str | None:
        func = self.resolve(node.func) if not isinstance(node.func, ast.Call) else None
        name = node.func.id if isinstance(node.func, ast.Name) else None
        constant = [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
        if (func in ("importlib.import_module", "builtins.__import__") or name == "__import__") and constant:
            return constant[0]
        if name == "getattr" and len(node.args) >= 2 and len(constant) >= 1 \
                and isinstance(node.args[1], ast.Constant):
            base = self.resolve(node.args[0])
            return f"{base}.{node.args[1].value}" if base else None
        return None

    # -- imports
    def visit_Import(self, node):
        for alias in node.names:
            dotted = canonical(alias.name)
            if alias.asname:
                self.aliases[alias.asname] = dotted
            else:
                root = alias.name.split(".")[0]
                self.aliases[root] = canonical(root)
            self.check(node, dotted, how="imports")

    def visit_ImportFrom(self, node):
        if node.level:  # the learner's own sibling files
            return
        module = canonical(node.module or "")
        for alias in node.names:
            if alias.name == "*":
                self.star_modules.append(module)
                self._check_star(node, module)
                continue
            dotted = f"{module}.{alias.name}"
            self.aliases[alias.asname or alias.name] = dotted
            self.check(node, dotted, how="imports")

    def _check_star(self, node, module: str) -> None:
        # `from kerascourse.naive import *` brings the twin in under its own name.
        for name in self.rules.names:
            if self.rules.twin_reason(f"{module}.{name}"):
                self.flag(node, f"{module}.{name}", how="imports (with *)")

    # -- uses
    def visit_Assign(self, node):
        resolved = self.resolve(node.value)
        for target in node.targets:
            if isinstance(target, ast.Name):
                self.assigned.add(target.id)
                if resolved and isinstance(node.value, ast.Call):
                    self.aliases[target.id] = canonical(resolved)  # k = importlib.import_module("...")
        self.generic_visit(node)

    def visit_FunctionDef(self, node):
        self.assigned.add(node.name)
        self.generic_visit(node)

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_ClassDef(self, node):
        self.assigned.add(node.name)
        self.generic_visit(node)

    def visit_Attribute(self, node):
        dotted = self.resolve(node)
        if dotted and self.check(node, dotted):
            return
        if dotted is None and node.attr in self.rules.methods:
            shown = "@" if node.attr in OPERATORS["@"][1] and "@" in self.rules.refuse else f".{node.attr}"
            self.flag(node, shown)
        self.generic_visit(node)

    def visit_Name(self, node):
        if isinstance(node.ctx, ast.Load) and node.id in self.aliases:
            self.check(node, self.aliases[node.id])

    def visit_Call(self, node):
        dotted = self.resolve_call(node)
        if dotted:
            self.check(node, dotted)
        if isinstance(node.func, ast.Name) and node.func.id == "getattr" and len(node.args) >= 2 \
                and isinstance(node.args[1], ast.Constant) and node.args[1].value in self.rules.methods:
            self.flag(node, f".{node.args[1].value}")
        self.generic_visit(node)

    def visit_BinOp(self, node):
        if isinstance(node.op, ast.MatMult) and "@" in self.rules.refuse:
            self.flag(node, "@")
        self.generic_visit(node)

    def visit_AugAssign(self, node):
        if isinstance(node.op, ast.MatMult) and "@" in self.rules.refuse:
            self.flag(node, "@")
        self.generic_visit(node)

    def finish(self, tree) -> None:
        # A bare name that a star import brought in: `from numpy import *` then `dot(x, y)`.
        for module in self.star_modules:
            for node in ast.walk(tree):
                if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) \
                        and node.id not in self.assigned and node.id not in self.aliases:
                    self.check(node, f"{module}.{node.id}")


def find_shortcuts(source: str, rules: Rules, filename: str = "") -> list[Finding]:
    """Every use of a twin or a refused name in ``source``, in line order (empty when it does not parse)."""
    if not rules.names and not rules.refuse and not rules.twins:
        return []
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []  # the grader reports the syntax error itself
    reader = _Reader(rules)
    reader.visit(tree)
    reader.finish(tree)
    findings = sorted(reader.findings.values(), key=lambda f: (f.line, f.name))
    return [Finding(f.line, f.name, f.message, filename) for f in findings]
