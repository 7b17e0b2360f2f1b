"""The learner's files: loading one as a module, and finding the learner's line in a traceback.

Used wherever the learner's code runs: in the grading child itself (chapters
graded inline) or in the learner process of a chapter graded with
``isolation = "process"`` (:mod:`grader.worker`).
"""

from __future__ import annotations

import importlib.util
import sys
import traceback
from pathlib import Path


class ExerciseImportError(Exception):
    """The learner's file could not be loaded; the message says why in plain words."""


def learner_location(source_dir: Path, display, tb) -> str:
    """'ch1/one_hot.py, line 12' for the deepest frame in the learner's files ("" when none)."""
    where = ""
    source = Path(source_dir).resolve()
    for frame, lineno in traceback.walk_tb(tb):
        filename = Path(frame.f_code.co_filename)
        try:
            if filename.resolve().is_relative_to(source):
                where = f"{display(filename)}, line {lineno}"
        except OSError:
            continue
    return where


def load_learner_module(exercise, source_dir: Path, display):
    """Import the learner's file for ``exercise`` from ``source_dir``.

    Returns the module, or the exception that says why it could not be loaded
    (:class:`ExerciseImportError` with a plain-words message, or the stub's
    ``NotImplementedError``): the caller raises it when a check asks for the module.
    """
    name = exercise.name
    path = Path(source_dir) / exercise.filename
    shown = display(path)
    if not path.is_file():
        return ExerciseImportError(f"{shown} does not exist: run `kerascourse init` to add the exercise "
                                   f"files, or `kerascourse reset {exercise.id}` to restore this one")
    # Sibling files can import each other (`from naive_dense import NaiveDense`).
    if str(source_dir) not in sys.path:
        sys.path.insert(0, str(source_dir))
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except NotImplementedError as exc:
        sys.modules.pop(name, None)
        return exc
    except SyntaxError as exc:
        sys.modules.pop(name, None)
        where = f"line {exc.lineno}" if exc.lineno else "somewhere"
        text = f": {exc.text.strip()}" if exc.text else ""
        return ExerciseImportError(f"{shown} does not import: {type(exc).__name__} at {where}: "
                                   f"{exc.msg}{text}")
    except ModuleNotFoundError as exc:
        sys.modules.pop(name, None)
        return ExerciseImportError(f"{shown} does not import: it imports the module {exc.name!r}, "
                                   f"which is not installed (a typo, or a package to pip install?)")
    except SystemExit as exc:
        sys.modules.pop(name, None)
        return ExerciseImportError(f"{shown} calls sys.exit({exc.code!r}) when it is imported: "
                                   f"remove it, an exercise file should only define things")
    except BaseException as exc:  # noqa: BLE001 - anything the learner's top level raises
        sys.modules.pop(name, None)
        where = learner_location(source_dir, display, exc.__traceback__)
        at = f" ({where})" if where else ""
        return ExerciseImportError(f"{shown} does not import: {type(exc).__name__}: {exc}{at}")
    missing = [n for n in exercise.public_names() if not hasattr(module, n)]
    if missing:
        names = ", ".join(f"`{n}`" for n in missing)
        return ExerciseImportError(f"{shown} does not define {names}; the grader needs "
                                   f"{'it' if len(missing) == 1 else 'them'} (renamed or deleted?)")
    return module
