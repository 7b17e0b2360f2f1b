"""Tamper evidence: the grader's own files, fingerprinted before grading and compared after each exercise.

The learner's code runs with the same rights as the person who runs
``kerascourse grade``, so it *can* rewrite the checks, the course's stubs or the
library on disk. It cannot do so unseen: the grading process fingerprints those
files at its start and compares after every exercise, before the next one runs,
and reports a change (a signed result line) for the exercise that made it; the
runner compares again when the grading process ends, whatever the learner's code
did to it. A change marks the exercise ``error`` and stops the run: "the
grader's environment was changed by this file".

This is evidence, not a sandbox: a file changed and changed back between two
comparisons goes unseen. A container is the real sandbox (see the README).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

SUFFIXES = (".py", ".toml", ".md", ".txt", ".json", ".cfg")


def grader_roots(chapter) -> list[Path]:
    """What decides this chapter's verdicts: its checks and stubs, the grader's modules, the library.

    (Not the other chapters' checks: grading ch2 does not read them.)
    """
    import grader
    import kerascourse

    modules = sorted(Path(grader.__file__).resolve().parent.glob("*.py"))
    return [Path(chapter.tests_dir).resolve(), Path(chapter.stubs_dir).resolve(), *modules,
            Path(kerascourse.__file__).resolve().parent]


class Fingerprint:
    """SHA-256 of every source file under some folders; :meth:`changed` lists what differs since.

    Files under ``exclude`` (the learner's workspace, which in a checkout is the stubs' own folder) are
    the learner's to change.
    """

    def __init__(self, roots: list[Path], exclude: Path | None = None):
        self.roots = roots
        self.exclude = Path(exclude).resolve() if exclude is not None else None
        self.digests = self._take()

    def _take(self) -> dict[str, str]:
        digests = {}
        for root in self.roots:
            for path in sorted(root.rglob("*")) if root.is_dir() else [root]:
                if path.suffix not in SUFFIXES or "__pycache__" in path.parts or \
                        (self.exclude is not None and path.is_relative_to(self.exclude)):
                    continue
                if path.is_file():
                    try:
                        digests[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
                    except OSError:
                        digests[str(path)] = "unreadable"
        return digests

    def changed(self) -> list[str]:
        """The files added, removed or rewritten since the fingerprint was taken (paths, sorted)."""
        now = self._take()
        return sorted(path for path in self.digests.keys() | now.keys() if self.digests.get(path) != now.get(path))


FORGED = ("the grader's environment was changed by this file: the results channel holds lines the grader "
          "did not write (a forged result)")


def tamper_message(paths: list[str]) -> str:
    shown = ", ".join(paths[:3]) + (f" and {len(paths) - 3} more" if len(paths) > 3 else "")
    return (f"the grader's environment was changed by this file: {shown} changed while it was graded. "
            f"No verdict can be trusted after that; reinstall kerascourse (pip install --force-reinstall "
            f"kerascourse) and grade again")
