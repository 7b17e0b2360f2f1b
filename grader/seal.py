"""Keep the reference solutions out of reach of a graded workspace.

The course ships its solutions (``kerascourse grade --solutions`` grades them,
and a learner can read them after trying). While a *workspace* is graded, the
child process refuses, through a Python audit hook (PEP 578), every attempt to
open, list, link or hand to a shell anything under the solutions folder: an
``import solutions.ch2...``, an ``exec(open(...).read())``, ``shutil.copy``,
``os.system("cat ...")``. The attempt fails with a ``PermissionError`` that says
why, so the exercise fails instead of passing.

An audit hook cannot be removed from Python code, but native code (``ctypes``)
can go around it; a checks-only install (``kerascourse autograder``) has no
solutions on disk at all, and a container is the real sandbox.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

MESSAGE = ("the reference solutions cannot be read while a workspace is graded ({path}): "
           "the grade is for your own work")

_PATH_EVENTS = {"open": 0, "os.listdir": 0, "os.scandir": 0, "os.symlink": 0, "os.link": 0, "os.chdir": 0,
                "shutil.copyfile": 0, "shutil.copytree": 0, "os.rename": 0}
_COMMAND_EVENTS = ("subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn")


def _as_text(value) -> str | None:
    if isinstance(value, (str, bytes, os.PathLike)):
        try:
            return os.fsdecode(value)
        except (TypeError, ValueError):
            return None
    return None


def seal(folder: str | Path) -> None:
    """Refuse access to ``folder`` and everything under it for the rest of this process."""
    folder = Path(folder)
    prefixes = {os.path.abspath(folder), os.path.realpath(folder)}
    prefixes = tuple(p.rstrip(os.sep) for p in prefixes)

    def inside(text: str) -> bool:
        path = os.path.abspath(text)
        if any(path == p or path.startswith(p + os.sep) for p in prefixes):
            return True
        # A symbolic link made earlier, or a relative path with "..": check where it really leads.
        real = os.path.realpath(text)
        return any(real == p or real.startswith(p + os.sep) for p in prefixes)

    def hook(event: str, args) -> None:
        index = _PATH_EVENTS.get(event)
        if index is not None and args:
            for value in args[:2]:   # source and destination (os.symlink, os.link, rename, copy)
                text = _as_text(value)
                if text and inside(text):
                    raise PermissionError(MESSAGE.format(path=text))
        elif event.startswith(_COMMAND_EVENTS):
            words = " ".join(_as_text(a) or str(a) for a in _flatten(args))
            if any(p in words for p in prefixes) or "solutions" in words.split(os.sep):
                raise PermissionError(MESSAGE.format(path="a command that names them"))

    sys.addaudithook(hook)


def _flatten(args):
    for arg in args:
        if isinstance(arg, (list, tuple)):
            yield from _flatten(arg)
        else:
            yield arg
