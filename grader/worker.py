"""The learner process: runs the learner's code for the grader, and hands back only plain data.

For a chapter graded with ``isolation = "process"``, the checks run in the
grading process and never import the learner's files. This process does: the
grader (:mod:`grader.remote`) asks it, over a pipe, to load an exercise, call a
function, read an attribute; it answers with plain data (:mod:`grader.wire`) or
a reference to an object that stays here. So nothing the learner's code does
here (an object whose ``==`` always says yes, reading the caller's frames,
patching NumPy or the check helpers) reaches the code that decides the verdict.

The own-work guard and the seal on the reference solutions are installed here,
where the learner's code runs. Whatever the learner's code prints goes to the
grading log, not into the pipe.
"""

from __future__ import annotations

import argparse
import os
import pickle
import sys
import traceback
from pathlib import Path


class _Unpickler(pickle.Unpickler):
    """Requests from the grader; a reference to an object of this process comes back as that object."""

    def __init__(self, data, objects):
        import io

        super().__init__(io.BytesIO(data))
        self.objects = objects

    def persistent_load(self, pid):
        kind, oid = pid
        if kind != "ref" or oid not in self.objects:
            raise pickle.UnpicklingError(f"no object {pid!r} here")
        return self.objects[oid]


class LearnerServer:
    """Serves one grading session's requests (see :mod:`grader.remote` for the other side)."""

    def __init__(self, chapter_id: str, root: Path, source_dir: Path, solutions: bool, exercises: list[str]):
        from grader.course import Course

        self.chapter = Course.load().chapter(chapter_id)
        self.root = Path(root).resolve()
        self.source_dir = Path(source_dir)
        self.objects: dict[int, object] = {}
        self.ids: dict[int, int] = {}
        self.guard = None
        self.rules = {}
        self.modules: dict[str, object] = {}
        if not solutions and self.chapter.pack.has_solutions:
            from grader.seal import seal

            seal(self.chapter.pack.solutions)
        self._install_guard(exercises)

    def display(self, path) -> str:
        try:
            return str(Path(path).resolve().relative_to(self.root))
        except ValueError:
            return str(path)

    def _install_guard(self, exercises: list[str]) -> None:
        from grader.guard import Guard
        from grader.ownwork import Rules

        self.guard = Guard(self.source_dir, display=self.display)
        for ex in self.chapter.exercises:
            if exercises and ex.name not in exercises:
                continue
            self.rules[ex.name] = Rules.for_exercise(ex)
            self.guard.add(self.rules[ex.name], self.source_dir / ex.filename)
        self.guard.install()

    # ------------------------------------------------------------------ references
    def reference(self, obj) -> int:
        oid = self.ids.get(id(obj))
        if oid is None or self.objects.get(oid) is not obj:
            oid = len(self.objects) + 1
            self.objects[oid] = obj
            self.ids[id(obj)] = oid
        return oid

    # ------------------------------------------------------------------ requests
    def handle(self, request: tuple) -> dict:
        kind, *args = request
        method = getattr(self, f"do_{kind}", None)
        if method is None:
            return {"error": {"type": "ProtocolError", "message": f"unknown request {kind!r}"}}
        try:
            return method(*args)
        except BaseException as exc:  # noqa: BLE001 - anything the learner's code raises is reported
            if isinstance(exc, KeyboardInterrupt):
                raise
            return {"error": self.describe_error(exc)}

    def describe_error(self, exc: BaseException) -> dict:
        from grader.explain import learner_call
        from grader.guard import OwnWorkError
        from grader.learner import learner_location

        info = {"type": type(exc).__name__, "builtin": type(exc).__module__ == "builtins",
                "message": str(exc), "location": learner_location(self.source_dir, self.display, exc.__traceback__),
                "call": learner_call(exc.__traceback__, self.source_dir),
                "own_work": isinstance(exc, OwnWorkError)}
        if isinstance(exc, SystemExit):
            info["code"] = exc.code if isinstance(exc.code, (int, str, type(None))) else str(exc.code)
        info["details"] = "".join(traceback.format_exception(exc))[-4000:]
        return info

    def do_load(self, name: str) -> dict:
        from grader.learner import ExerciseImportError, load_learner_module

        exercise = self.chapter.exercise(name)
        module = self.modules.get(name)
        if module is None:
            module = self.modules[name] = load_learner_module(exercise, self.source_dir, self.display)
        if isinstance(module, NotImplementedError):
            return {"error": {"type": "NotImplementedError", "builtin": True, "message": str(module),
                              "location": "", "call": ""}}
        if isinstance(module, ExerciseImportError):
            return {"error": {"type": "ExerciseImportError", "import": True, "message": str(module)}}
        findings = []
        rules = self.rules.get(name)
        if rules is not None:
            findings = [f.__dict__ for f in self.guard.definition_findings(module, rules,
                                                                         self.source_dir / exercise.filename)]
        return {"value": module, "findings": findings}

    def do_exercise(self, name: str) -> dict:
        self.guard.current = self.rules.get(name)
        return {"value": None}

    def do_findings(self, name: str) -> dict:
        rules = self.rules.get(name)
        found = list(self.guard.runtime.get(rules.exercise_id, {}).values()) if rules else []
        return {"value": [f.__dict__ for f in found]}

    def do_reset(self) -> dict:
        import numpy as np
        import keras

        keras.utils.set_random_seed(0)
        np.random.seed(None)
        return {"value": None}

    def do_getattr(self, oid: int, name: str) -> dict:
        return {"value": getattr(self.objects[oid], name)}

    def do_setattr(self, oid: int, name: str, value) -> dict:
        setattr(self.objects[oid], name, value)
        return {"value": None}

    def do_call(self, oid: int, args: tuple, kwargs: dict) -> dict:
        import numpy as np

        before = {key: value.copy() for key, value in [*enumerate(args), *kwargs.items()]
                  if type(value) is np.ndarray}
        result = self.objects[oid](*args, **kwargs)
        # Arrays the call changed in place: the grader's own copies are changed the same way.
        changed = {}
        for key, old in before.items():
            new = args[key] if isinstance(key, int) else kwargs[key]
            if new.shape != old.shape or not np.array_equal(new, old, equal_nan=True):
                changed[key] = new
        return {"value": result, "changed": changed}

    def do_array(self, oid: int) -> dict:
        import numpy as np

        return {"value": np.asarray(self.objects[oid]).view(np.ndarray)}

    def do_len(self, oid: int) -> dict:
        return {"value": len(self.objects[oid])}

    def do_getitem(self, oid: int, key) -> dict:
        return {"value": self.objects[oid][key]}

    def do_iter(self, oid: int) -> dict:
        return {"value": iter(self.objects[oid])}

    def do_next(self, oid: int) -> dict:
        try:
            return {"value": next(self.objects[oid])}
        except StopIteration:
            return {"stop": True}

    def do_signature(self, oid: int) -> dict:
        import inspect

        signature = inspect.signature(self.objects[oid])
        return {"value": [(p.name, int(p.kind), p.default is not p.empty, None if p.default is p.empty else p.default)
                          for p in signature.parameters.values()]}


def serve(process: LearnerServer, requests, answers) -> None:
    """Answer requests until the grader closes the pipe."""
    from grader.wire import NotPlainData, encode, read_frame, send_frame

    while True:
        frame = read_frame(requests)
        if frame is None:
            return
        try:
            request = _Unpickler(frame, process.objects).load()
        except Exception as exc:  # noqa: BLE001 - a request this process cannot read
            answer = {"error": {"type": "ProtocolError", "message": f"unreadable request: {exc}"}}
        else:
            answer = process.handle(request)
        try:
            payload = encode(answer, reference=process.reference)
        except NotPlainData as exc:
            payload = encode({"error": {"type": "NotPlainData", "message": str(exc)}})
        send_frame(answers, payload)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m grader.worker")
    parser.add_argument("--chapter", required=True)
    parser.add_argument("--root", required=True)
    parser.add_argument("--source-dir", required=True)
    parser.add_argument("--solutions", action="store_true")
    parser.add_argument("--exercises", default="")
    args = parser.parse_args(argv)
    # The pipe to the grader gets descriptors of its own; the learner's prints go to the log (stderr).
    requests = os.fdopen(os.dup(0), "rb", buffering=0)
    answers = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    sys.stdout = sys.stderr
    process = LearnerServer(args.chapter, Path(args.root), Path(args.source_dir), args.solutions,
                             [n for n in args.exercises.split(",") if n])
    serve(process, requests, answers)
    return 0


if __name__ == "__main__":
    sys.exit(main())
