"""Own work, at run time: refused callables refuse calls that come from the learner's files.

The static reading (:mod:`grader.ownwork`) names the line, but a file can reach
a name in ways no reading sees: ``importlib.import_module(name)`` with a name it
builds, ``getattr`` chains, a helper module of its own that re-exports the
library's answer. So while a chapter is graded, in the grading process only:

- every refused function (``numpy.dot``, ``kerascourse.naive.naive_relu``, ...) is
  replaced, in the modules that hold it, by a stand-in that looks at its caller:
  a call from the learner's file of an exercise that refuses it raises
  :class:`OwnWorkError` (and is remembered, even if the learner's code catches
  it); any other caller (the checks, Keras itself) gets the real function;
- a refused class refuses to be built, or subclassed, by the learner's code;
- importing a refused module (``scipy.signal``) from the learner's code is refused;
- each name the exercise asks for must be defined in the learner's own files:
  ``naive_relu = numpy.maximum`` or ``from helpers import naive_relu`` (a helper
  that re-exports the library) is reported with the line that binds it.

A learner's own helpers stay free: calls between the learner's files are never
refused. Files in the learner's folder that are not an exercise follow the rules
of the exercise being graded.
"""

from __future__ import annotations

import ast
import builtins
import functools
import importlib
import inspect
import os
import sys
import types
from pathlib import Path

from grader.ownwork import Finding, Rules, canonical, describe, library_names


class OwnWorkError(Exception):
    """Learner code called something its exercise refuses; the message is the learner's sentence."""


class _Stand_in:
    """Calls through to ``original`` unless the direct caller is learner code that refuses it."""

    __slots__ = ("__wrapped__", "_guard", "_dotted")

    def __init__(self, original, guard: "Guard", dotted: str):
        self.__wrapped__ = original
        self._guard = guard
        self._dotted = dotted

    def __call__(self, *args, **kwargs):
        self._guard.check_call(sys._getframe(1), self._dotted)
        return self.__wrapped__(*args, **kwargs)

    def __getattr__(self, name):  # np.maximum.reduce, __name__, __doc__ ...
        return getattr(self.__wrapped__, name)

    def __repr__(self):
        return repr(self.__wrapped__)


def _definition_line(tree: ast.Module | None, name: str) -> int:
    """The line of the learner's file that binds ``name`` at the top level (1 if unknown)."""
    if tree is None:
        return 1
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.name == name:
            return node.lineno
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            if any((a.asname or a.name.split(".")[0]) == name for a in node.names):
                return node.lineno
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in node.targets):
            return node.lineno
    return 1


def _qualified(obj) -> str:
    module = getattr(obj, "__module__", None) or ""
    name = getattr(obj, "__qualname__", None) or getattr(obj, "__name__", None) or type(obj).__name__
    return f"{module}.{name}" if module else name


class Guard:
    """The runtime half of the own-work rules for one grading session.

    Args:
        learner_dir: the folder of the files being graded (a workspace's ``ch2/``).
        display: turns a path into what the report shows (``ch2/dot_products.py``).
    """

    def __init__(self, learner_dir: Path, display=str):
        self.learner_dir = os.path.realpath(learner_dir)
        self.display = display
        self.rules_by_file: dict[str, Rules] = {}
        self.current: Rules | None = None
        self.runtime: dict[str, dict[tuple, Finding]] = {}   # exercise id -> findings while running
        self._refused_by: dict[str, set[str]] = {}          # dotted name -> exercise ids refusing it
        self._objects: dict[int, str] = {}                  # id(refused object) -> its dotted name
        self._keep_alive: list = []
        self._patches: list[tuple[object, str, object, bool]] = []
        self._modules: dict[str, set[str]] = {}             # refused module -> exercise ids
        self._kinds: dict[str, tuple[str, Rules | None]] = {}  # co_filename -> ("exercise" | "helper" | "other", rules)
        self._pending: set[str] = set()                     # refused names whose package is not imported yet
        self._import_depth = 0

    # ------------------------------------------------------------------ rules
    def add(self, rules: Rules, path: Path) -> None:
        """Register an exercise's rules for its file."""
        self.rules_by_file[os.path.realpath(path)] = rules
        for dotted in self._twins(rules):
            self._refused_by.setdefault(dotted, set()).add(rules.exercise_id)
        for dotted in rules.dotted_refusals:
            self._refused_by.setdefault(canonical(dotted), set()).add(rules.exercise_id)

    @staticmethod
    def _twins(rules: Rules) -> set[str]:
        """The declared twins, and every library name the static reading counts as a twin."""
        return {canonical(t) for t in rules.twins} | {q for q in library_names() if rules.twin_reason(q)}

    def rules_for_file(self, filename: str) -> Rules | None:
        """The rules for code in ``filename``: its exercise's; the current exercise's for a helper; else None."""
        kind = self._kinds.get(filename)
        if kind is None:
            rules = self.rules_by_file.get(os.path.realpath(filename)) if self.is_learner_file(filename) else None
            kind = ("exercise", rules) if rules else ("helper", None) if self.is_learner_file(filename) \
                else ("other", None)
            self._kinds[filename] = kind
        return self.current if kind[0] == "helper" else kind[1]

    def is_learner_file(self, filename: str) -> bool:
        if not filename or filename.startswith("<"):
            return False
        return os.path.realpath(filename).startswith(self.learner_dir + os.sep)

    # ------------------------------------------------------------------ refusing
    def check_call(self, frame, dotted: str) -> None:
        rules = self.rules_for_file(frame.f_code.co_filename)
        if rules is None or rules.exercise_id not in self._refused_by.get(dotted, ()):
            return
        self.refuse(rules, dotted, frame.f_lineno, frame.f_code.co_filename, how="calls")

    def refuse(self, rules: Rules, dotted: str, line: int, filename: str, how: str = "calls",
               stop: bool = True) -> None:
        """Remember the finding; with ``stop``, also raise :class:`OwnWorkError` into the learner's code."""
        message = describe(rules, dotted, line, how=how)
        shown = self.display(filename)
        self.runtime.setdefault(rules.exercise_id, {}).setdefault(
            (shown, line, dotted), Finding(line, dotted, message, shown))
        if stop:
            raise OwnWorkError(f"{shown}: {message}")

    # ------------------------------------------------------------------ installing
    def install(self) -> None:
        """Put the stand-ins in place for what is imported now; the rest as soon as it is imported.

        A refused name in a package nobody imported yet (TensorFlow, while grading on JAX,
        or SciPy) is not imported to be guarded (seconds): it waits in ``_pending`` until an
        import brings its package in, and is guarded before that import returns to its caller.
        """
        for dotted in sorted(self._refused_by):
            if dotted.split(".")[0] not in sys.modules:
                self._pending.add(dotted)
            else:
                self._install_one(dotted)
        if self._modules or self._pending:
            self._patch(builtins, "__import__", self._guarded_import(builtins.__import__))
            self._patch(importlib, "import_module", self._guarded_import_module(importlib.import_module))

    def _install_one(self, dotted: str) -> None:
        target, owner, attr = self._resolve(dotted)
        if target is None:
            return
        if isinstance(target, types.ModuleType):
            self._modules.setdefault(dotted, set()).update(self._refused_by[dotted])
            for module_name, module in list(sys.modules.items()):
                if module_name == dotted or module_name.startswith(dotted + "."):
                    for name, value in list(vars(module).items()):
                        if not name.startswith("_") and callable(value) \
                                and not isinstance(value, types.ModuleType):
                            self._guard_object(f"{module_name}.{name}", value, module, name,
                                               self._refused_by[dotted])
        else:
            self._guard_object(dotted, target, owner, attr, self._refused_by[dotted])

    def _install_pending(self) -> None:
        """Guard the waiting names whose package an import just brought in (once the outermost import ended:
        a package half-way through its own import has not defined its names yet)."""
        ready = sorted(d for d in self._pending if d.split(".")[0] in sys.modules)
        if not ready:
            return
        self._pending.difference_update(ready)
        self._import_depth += 1   # what resolving imports is not an import to react to
        try:
            for dotted in ready:
                self._install_one(dotted)
        finally:
            self._import_depth -= 1

    def _imported(self, do_import):
        """Run an import; if it was the outermost one and names wait for their package, guard them now."""
        self._import_depth += 1
        try:
            return do_import()
        finally:
            self._import_depth -= 1
            if not self._import_depth and self._pending:
                self._install_pending()

    def _is_refused_module(self, name: str, exercise_id: str) -> str | None:
        for module, exercise_ids in self._modules.items():
            if exercise_id in exercise_ids and (name == module or name.startswith(module + ".")):
                return module
        # A refused name still waiting for its package: importing it (or from it) is refused too.
        for dotted in self._pending:
            if exercise_id in self._refused_by.get(dotted, ()) and (name == dotted or name.startswith(dotted + ".")):
                return dotted
        return None

    def uninstall(self) -> None:
        for owner, attr, original, existed in reversed(self._patches):
            if existed:
                setattr(owner, attr, original)
            else:
                try:
                    delattr(owner, attr)
                except AttributeError:
                    pass
        self._patches.clear()

    def _resolve(self, dotted: str):
        """(object, owning module or class, attribute name) for a dotted name, importing its module."""
        parts = dotted.split(".")
        for cut in range(len(parts), 0, -1):
            module_name = ".".join(parts[:cut])
            try:
                obj = importlib.import_module(module_name)
            except Exception:  # noqa: BLE001 - not installed, or not a module: try a shorter prefix
                continue
            owner, attr = None, None
            for part in parts[cut:]:
                owner, attr = obj, part
                obj = getattr(obj, part, None)
                if obj is None:
                    return None, None, None
            return obj, owner, attr
        return None, None, None

    def _patch(self, owner, attr: str, value) -> None:
        existed = attr in vars(owner)
        original = vars(owner).get(attr)
        setattr(owner, attr, value)  # raises TypeError for a built-in type: nothing to undo then
        self._patches.append((owner, attr, original, existed))

    def _guard_object(self, dotted: str, obj, owner, attr: str, exercise_ids: set[str]) -> None:
        self._refused_by.setdefault(dotted, set()).update(exercise_ids)
        if isinstance(obj, _Stand_in) or id(obj) in self._objects:
            return
        self._objects[id(obj)] = dotted
        self._keep_alive.append(obj)
        if isinstance(obj, type):
            self._guard_class(dotted, obj)
        elif owner is not None and not isinstance(owner, type):
            self._patch(owner, attr, self._stand_in(obj, dotted))

    def _stand_in(self, original, dotted: str):
        """A Python function gets a wrapper that looks like it (TensorFlow's autograph leaves its own
        functions alone by their module); anything else (a ufunc, a built-in) gets a :class:`_Stand_in`."""
        if not isinstance(original, types.FunctionType):
            return _Stand_in(original, self, dotted)
        guard = self

        @functools.wraps(original)
        def stand_in(*args, **kwargs):
            guard.check_call(sys._getframe(1), dotted)
            return original(*args, **kwargs)

        stand_in._kerascourse_refused = dotted
        self._keep_alive.append(stand_in)
        return stand_in

    def _guard_class(self, dotted: str, cls: type) -> None:
        original = cls.__init__
        guard = self

        @functools.wraps(original)
        def __init__(self, *args, **kwargs):
            guard.check_call(sys._getframe(1), dotted)
            return original(self, *args, **kwargs)

        try:
            __init__.__signature__ = inspect.signature(original)  # Keras reads constructor signatures
        except (TypeError, ValueError):
            pass
        try:
            self._patch(cls, "__init__", __init__)
        except TypeError:  # a built-in type: the static reading and the definition check still see it
            pass

    def _refused_module(self, frame, name: str) -> None:
        rules = self.rules_for_file(frame.f_code.co_filename)
        if rules is None:
            return
        module = self._is_refused_module(canonical(name), rules.exercise_id)
        if module is not None:
            # Remembered, not raised: the module still loads, and its refused callables refuse calls.
            self.refuse(rules, module, frame.f_lineno, frame.f_code.co_filename, how="imports", stop=False)

    def _guarded_import(self, original):
        guard = self

        def __import__(name, globals=None, locals=None, fromlist=(), level=0):
            if not level and (guard._modules or guard._pending):
                frame = sys._getframe(1)
                guard._refused_module(frame, name)
                for item in fromlist or ():
                    guard._refused_module(frame, f"{name}.{item}")
            if not guard._pending:
                return original(name, globals, locals, fromlist, level)
            return guard._imported(lambda: original(name, globals, locals, fromlist, level))

        return __import__

    def _guarded_import_module(self, original):
        guard = self

        @functools.wraps(original)
        def import_module(name, package=None):
            if not name.startswith("."):
                guard._refused_module(sys._getframe(1), name)
            if not guard._pending:
                return original(name, package)
            return guard._imported(lambda: original(name, package))

        return import_module

    # ------------------------------------------------------------------ what the file defines
    def definition_findings(self, module, rules: Rules, path: Path) -> list[Finding]:
        """Each name the exercise asks for must be the learner's own: defined in their files, not imported."""
        try:
            tree = ast.parse(Path(path).read_text(encoding="utf-8"))
        except (OSError, SyntaxError, ValueError):
            tree = None
        shown = self.display(path)
        findings = []
        for name in rules.names:
            obj = getattr(module, name, None)
            if obj is None:
                continue
            problem = self._not_own(obj, rules)
            if problem:
                line = _definition_line(tree, name)
                findings.append(Finding(line, problem[0], self._definition_message(rules, name, line, *problem),
                                        shown))
        return findings

    def _definition_message(self, rules: Rules, name: str, line: int, dotted: str, how: str) -> str:
        if how == "refused":
            return describe(rules, dotted, line, how="binds " + f"`{name}` to")
        if how == "subclass":
            return describe(rules, dotted, line, how="subclasses") if (
                rules.twin_reason(dotted) or rules.refusal(dotted) or dotted in self._refused_by) else (
                f"line {line} defines `{name}` by subclassing `{dotted}`: write it yourself "
                f"(kerascourse hint {rules.exercise_id})")
        return (f"line {line}: `{name}` is `{dotted}`, brought in from elsewhere; the grader checks your own "
                f"code, so define `{name}` in this file (kerascourse hint {rules.exercise_id})")

    def _refused_here(self, dotted: str | None, rules: Rules) -> bool:
        return bool(dotted) and rules.exercise_id in self._refused_by.get(dotted, ())

    def _not_own(self, obj, rules: Rules) -> tuple[str, str] | None:
        """(dotted name, "refused" | "imported" | "subclass") when ``obj`` is not the learner's own work."""
        for _ in range(10):  # peel what wraps a function: a stand-in, functools.partial, ...
            dotted = (obj._dotted if isinstance(obj, _Stand_in) else getattr(obj, "_kerascourse_refused", None)
                      if isinstance(obj, types.FunctionType) else None) or self._objects.get(id(obj))
            if dotted:
                return dotted, "refused" if self._refused_here(dotted, rules) else "imported"
            # functools.partial, tf.function, np.vectorize: what they wrap is what the learner wrote
            inner = (obj.func if isinstance(obj, functools.partial)
                     else getattr(obj, "python_function", None) or getattr(obj, "pyfunc", None))
            if inner is None:
                break
            obj = inner
        obj = inspect.unwrap(obj) if callable(obj) and not isinstance(obj, type) else obj
        if isinstance(obj, type):
            module = sys.modules.get(obj.__module__)
            if not self.is_learner_file(getattr(module, "__file__", None) or ""):
                return _qualified(obj), "imported"
            for base in obj.__mro__[1:]:
                dotted = self._objects.get(id(base))
                if dotted and self._refused_here(dotted, rules):
                    return dotted, "subclass"
            return None
        code = getattr(obj, "__code__", None)
        if code is not None:
            return None if self.is_learner_file(code.co_filename) else (_qualified(obj), "imported")
        if callable(obj):  # a built-in, a NumPy ufunc, a callable object made elsewhere
            return _qualified(obj), "imported"
        return None
