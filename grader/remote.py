"""The grader's side of the learner process: the learner's module, as the checks see it.

A check written for an inline chapter works unchanged::

    def test_one_hot(exercise):
        check_array(exercise.one_hot(np.array([0, 2]), 3), [[1, 0, 0], [0, 0, 1]], name="one_hot([0, 2], 3)")

but ``exercise`` is a :class:`RemoteModule`: ``exercise.one_hot(...)`` sends the
arguments to the learner process (:mod:`grader.worker`), which calls the
learner's function and sends back plain data. The comparison runs here, where
no learner code ever ran. An object that is not data (an instance of the
learner's class, a function) comes back as a :class:`RemoteObject`: calling it,
reading its attributes, ``len``, ``[]``, iterating and ``np.asarray`` go to the
learner process; ``==`` and ``hash`` are the grader's own (identity), so a
returned object can never claim to equal the expected answer.

Arrays the learner's code changes in place are changed the same way here, so a
check that the input was left alone still sees what happened to it.
"""

from __future__ import annotations

import builtins
import inspect
import io
import os
import pickle
import subprocess
import sys
from pathlib import Path

from grader.explain import crash_message
from grader.wire import ProtocolError, decode, read_frame, send_frame


class LearnerCrashed(Exception):
    """The learner process stopped while it ran the learner's code (``os._exit``, a native crash)."""


class LearnerError(Exception):
    """The learner's code raised an exception that is not one of Python's own (a Keras or TensorFlow error)."""


class _Pickler(pickle.Pickler):
    def __init__(self, file, process):
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.process = process

    def persistent_id(self, obj):
        if isinstance(obj, RemoteObject):
            process, oid, generation = object.__getattribute__(obj, "_kc_where")
            if process is not self.process or generation != self.process.generation:
                raise LearnerCrashed("an object from before the learner process restarted")
            return ("ref", oid)
        return None


class LearnerProcess:
    """The learner process of one grading session, started on first use and again after a crash."""

    def __init__(self, chapter_id: str, root: Path, source_dir: Path, solutions: bool, exercises: list[str],
                 on_start=None):
        self.on_start = on_start   # on_start("starting" | "ready"): its start-up is not the learner's time
        self.ready = False
        self.command = [sys.executable, "-m", "grader.worker", f"--chapter={chapter_id}", f"--root={root}",
                        f"--source-dir={source_dir}", f"--exercises={','.join(exercises)}"]
        if solutions:
            self.command.append("--solutions")
        self.proc: subprocess.Popen | None = None
        self.generation = 0
        self.objects: dict[int, RemoteObject] = {}
        self.modules: dict[str, tuple[int, RemoteObject, list]] = {}   # name -> (generation, module, findings)

    def start(self) -> None:
        """Start the process (it imports TensorFlow: seconds); :meth:`request` waits until it answers."""
        self.generation += 1
        self.objects = {}
        self.ready = False
        if self.on_start is not None:
            self.on_start("starting")
        self.proc = subprocess.Popen(self.command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=None,
                                     env=dict(os.environ), cwd=os.getcwd())

    def wait_ready(self) -> None:
        """Block until the process has started (imported Keras) and answers."""
        if self.proc is None or self.proc.poll() is not None:
            self.start()
        if not self.ready:
            self.ready = True
            self.request("reset")
            if self.on_start is not None:
                self.on_start("ready")

    def close(self) -> None:
        if self.proc is not None:
            try:
                self.proc.stdin.close()
                self.proc.wait(timeout=5)
            except (OSError, subprocess.TimeoutExpired):
                self.proc.kill()
            self.proc = None

    # ------------------------------------------------------------------ requests
    def request(self, *message) -> dict:
        """Send one request and return the learner process's answer (raising what the learner's code raised)."""
        if self.proc is None or self.proc.poll() is not None or not self.ready:
            self.wait_ready()
        buffer = io.BytesIO()
        try:
            _Pickler(buffer, self).dump(message)
        except (pickle.PicklingError, TypeError, AttributeError) as exc:
            raise TypeError(f"the check passed something that cannot reach the learner process ({exc})") from None
        try:
            send_frame(self.proc.stdin, buffer.getvalue())
            frame = read_frame(self.proc.stdout)
        except (BrokenPipeError, OSError, ProtocolError):
            frame = None
        if frame is None:
            self._lost()
        try:
            answer = decode(frame, reference=self._remote)
        except ProtocolError as exc:
            self._lost(f"it answered with something that is not data ({exc})")
        if not isinstance(answer, dict):
            self._lost("it answered with something that is not an answer")
        if "error" in answer:
            _raise(answer["error"])
        return answer

    def _lost(self, why: str = "") -> None:
        proc, self.proc = self.proc, None
        code = 0
        if proc is not None:
            try:
                code = proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()
                code = proc.wait()
        if why:
            raise LearnerCrashed(f"the process running your code stopped answering: {why}")
        raise LearnerCrashed(crash_message(code, " while running your code"))

    def _remote(self, oid: int, type_name: str, is_callable: bool) -> "RemoteObject":
        obj = self.objects.get(oid)
        if obj is None:
            obj = self.objects[oid] = (RemoteCallable if is_callable else RemoteObject)(self, oid, type_name)
        return obj

    # ------------------------------------------------------------------ exercises
    def module(self, name: str) -> "RemoteObject":
        """The learner's module for exercise ``name``, loaded in the current learner process."""
        known = self.modules.get(name)
        if known is not None and known[0] == self.generation and self.proc is not None and self.proc.poll() is None:
            return known[1]
        answer = self.request("load", name)
        self.modules[name] = (self.generation, answer["value"], answer.get("findings", []))
        return answer["value"]

    def definition_findings(self, name: str) -> list:
        """What the guard found when it loaded ``name``: public names that are not the learner's own."""
        from grader.ownwork import Finding

        known = self.modules.get(name)
        return [Finding(**f) for f in known[2]] if known else []

    def runtime_findings(self, name: str) -> list:
        """Refused calls the learner's code made while ``name``'s checks ran (even ones it caught)."""
        from grader.ownwork import Finding

        return [Finding(**f) for f in self.request("findings", name)["value"]]


def _raise(info: dict):
    """Raise, here, what the learner's code raised there: Python's own exceptions as themselves."""
    from grader.guard import OwnWorkError
    from grader.learner import ExerciseImportError

    name, message = str(info.get("type", "Exception")), str(info.get("message", ""))
    if info.get("import"):
        exc = ExerciseImportError(message)
    elif info.get("own_work"):
        exc = OwnWorkError(message)
    elif name == "SystemExit":
        exc = SystemExit(info.get("code"))
    elif name in ("NotPlainData", "ProtocolError"):
        exc = TypeError(f"your code returned {message}, which is not data the grader can check: return NumPy "
                        f"arrays, numbers, strings, lists, tuples or dicts of them")
    else:
        cls = getattr(builtins, name, None) if info.get("builtin") else None
        exc = None
        if isinstance(cls, type) and issubclass(cls, Exception):
            try:
                exc = cls(message)
            except TypeError:
                exc = None
        if exc is None:
            exc = LearnerError(f"{name}: {message}" if message else name)
    exc.learner = info   # where it happened in the learner's files, and the call that led there
    raise exc


class RemoteObject:
    """An object that lives in the learner process (see the module docstring)."""

    __slots__ = ("_kc_where", "_kc_type", "__weakref__")

    def __init__(self, process: LearnerProcess, oid: int, type_name: str):
        object.__setattr__(self, "_kc_where", (process, oid, process.generation))
        object.__setattr__(self, "_kc_type", type_name)

    def _kc_request(self, kind: str, *args) -> dict:
        process, oid, generation = object.__getattribute__(self, "_kc_where")
        if generation != process.generation:
            raise LearnerCrashed("this object was made by your code before its process stopped; it is gone")
        return process.request(kind, oid, *args)

    def __getattr__(self, name: str):
        if name.startswith("__") and name.endswith("__") and name not in ("__name__", "__doc__", "__qualname__"):
            raise AttributeError(name)   # NumPy's, pickle's and inspect's probes stay here
        return self._kc_request("getattr", name)["value"]

    def __setattr__(self, name: str, value) -> None:
        self._kc_request("setattr", name, value)

    def __array__(self, dtype=None, copy=None):
        values = self._kc_request("array")["value"]
        return values if dtype is None else values.astype(dtype)

    def __len__(self) -> int:
        return int(self._kc_request("len")["value"])

    def __getitem__(self, key):
        return self._kc_request("getitem", key)["value"]

    def __iter__(self):
        iterator = self._kc_request("iter")["value"]
        while True:
            answer = object.__getattribute__(iterator, "_kc_request")("next")
            if answer.get("stop"):
                return
            yield answer["value"]

    def __repr__(self) -> str:
        return f"<{object.__getattribute__(self, '_kc_type')} made by your code>"

    def __reduce__(self):
        raise TypeError("an object of the learner process is sent by reference, not copied")

    @property
    def kerascourse_type(self) -> str:
        """The class name of the object in the learner process (for messages)."""
        return object.__getattribute__(self, "_kc_type")


class RemoteCallable(RemoteObject):
    """A function, class or method of the learner process."""

    __slots__ = ()

    def __call__(self, *args, **kwargs):
        answer = self._kc_request("call", args, kwargs)
        for key, value in (answer.get("changed") or {}).items():
            original = args[key] if isinstance(key, int) else kwargs.get(key)
            _copy_back(original, value)
        return answer["value"]

    @property
    def __signature__(self) -> inspect.Signature:
        parameters = []
        for name, kind, has_default, default in self._kc_request("signature")["value"]:
            parameters.append(inspect.Parameter(name, inspect._ParameterKind(kind),
                                                default=default if has_default else inspect.Parameter.empty))
        return inspect.Signature(parameters)


def _copy_back(original, value) -> None:
    import numpy as np

    if isinstance(original, np.ndarray) and isinstance(value, np.ndarray) and original.shape == value.shape:
        try:
            np.copyto(original, value, casting="unsafe")
        except (TypeError, ValueError):
            pass
