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
import dis
import functools
import inspect
import marshal
import io
import os
import pickle
import subprocess
import sys
import types
import weakref
from pathlib import Path

from grader import mirror
from grader.explain import crash_message
from grader.wire import ProtocolError, decode, read_frame, send_frame


_active: "LearnerProcess | None" = None


def active() -> "LearnerProcess | None":
    """The learner process of the grading session in this process (None when the learner's code runs here)."""
    return _active


def set_active(process: "LearnerProcess | None") -> None:
    global _active
    _active = process


class LearnerCrashed(Exception):
    """The learner process stopped while it ran the learner's code (``os._exit``, a native crash)."""


class LearnerError(Exception):
    """The learner's code raised an exception that is not one of Python's own (a Keras or TensorFlow error)."""


class _Pickler(pickle.Pickler):
    def __init__(self, file, process, layers=None):
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.process = process
        self.layers = layers or {}   # id(Keras layer) -> (root, index in its _flatten_layers() or -1)

    def persistent_id(self, obj):
        if isinstance(obj, RemoteObject):
            process, oid, generation = object.__getattribute__(obj, "_kc_where")
            if process is not self.process or generation != self.process.generation:
                raise LearnerCrashed("an object from before the learner process restarted")
            return ("ref", oid)
        where = self.layers.get(id(obj))
        if where is not None:
            return ("mirror", *where)
        if mirror.is_variable(obj):
            return self.process.variable_pid(obj)
        if isinstance(obj, types.FunctionType) and _shippable(obj):
            # Plain arithmetic written in the check (lambda v: 2 * v + 3) runs where the learner's code runs,
            # so a GradientTape there sees it; it uses nothing of the checks' process but modules.
            names = {name: obj.__globals__[name].__name__ for name in _global_names(obj.__code__)
                     if name in obj.__globals__}
            return ("code", marshal.dumps(obj.__code__), names, obj.__defaults__, obj.__name__)
        if self.process.judge_only(obj):
            return ("judge", self.process.judge_ref(obj))
        module = type(obj).__module__ or ""
        if module.startswith(("tensorflow", "jax", "jaxlib", "torch")) and hasattr(obj, "shape"):
            from grader.wire import _tensor_values

            values = _tensor_values(obj)
            if values is not None:
                return ("tensor", values)
        return None


class UnreadableValue:
    """What the learner process sent in place of a Keras object the grader could not rebuild."""

    def __init__(self, kind: str, reason: str):
        self.kind, self.reason = kind, reason

    def __repr__(self) -> str:
        return f"<a {self.kind} the grader could not rebuild: {self.reason}>"


def _global_names(code) -> set[str]:
    """The global names a function's code (and the code nested in it) reads."""
    names = {ins.argval for ins in dis.get_instructions(code) if ins.opname in ("LOAD_GLOBAL", "LOAD_NAME")}
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            names |= _global_names(const)
    return names


def _shippable(fn) -> bool:
    """A function without a closure whose globals are all modules (np, tf, math) or builtins."""
    if fn.__closure__ or fn.__kwdefaults__:
        return False
    for name in _global_names(fn.__code__):
        value = fn.__globals__.get(name, getattr(builtins, name, None))
        if name in fn.__globals__ and not isinstance(value, types.ModuleType):
            return False
        if value is None:
            return False
    try:
        pickle.dumps(fn.__defaults__)
    except Exception:  # noqa: BLE001 - defaults that cannot travel keep the function here
        return False
    return True


def _keras_layers(value, found: dict, depth: int = 0) -> None:
    """The Keras layers and models in a request's arguments (by id), looking into lists, tuples and dicts."""
    keras = sys.modules.get("keras")
    if keras is None or depth > 6 or isinstance(value, RemoteObject):
        return
    if isinstance(value, (list, tuple, set, frozenset)):
        for item in value:
            _keras_layers(item, found, depth + 1)
    elif isinstance(value, dict):
        for item in value.values():
            _keras_layers(item, found, depth + 1)
    elif isinstance(value, keras.layers.Layer):
        found.setdefault(id(value), value)


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
        self.spawner = None   # grader.spawner.Spawner: learner processes forked with Keras already imported
        self.generation = 0
        self.objects: dict[int, RemoteObject] = {}
        self.modules: dict[str, tuple[int, RemoteObject, list]] = {}   # name -> (generation, module, findings)
        # Keras objects that cross by value (grader.mirror): the learner process's key -> the object here.
        self.mirrors: weakref.WeakValueDictionary = weakref.WeakValueDictionary()
        self.mirror_key_of: dict[int, int] = {}
        self._roots: list = []
        self.callback_errors: list = []   # what our objects raised while the learner's code used them
        self.judge_objects: dict[int, object] = {}
        self.judge_ids: dict[int, int] = {}
        self.check_dirs: list[Path] = []  # the chapter's checks: objects defined there stay here
        # TensorFlow variables that crossed: the same key on both sides, their values kept in step.
        # (held here, not weakly: a check's `layer.weights[0].assign(W)` changes a twin nobody keeps)
        self.var_mirrors: dict[int, object] = {}
        self.var_key_of: dict[int, int] = {}
        self.var_synced: dict[int, object] = {}
        self._new_vars: list = []
        self._new_var_index: dict[int, int] = {}
        self.fit_recorders: list = []     # grader.checks.recording_fit blocks open now
        self.call_recorders: dict[int, list] = {}   # id(Keras object) -> grader.checks.recording_calls on it

    def start(self) -> None:
        """Start the process (it imports TensorFlow: seconds); :meth:`request` waits until it answers."""
        self.generation += 1
        self.objects = {}
        self.mirrors = weakref.WeakValueDictionary()
        self.mirror_key_of = {}
        self.judge_objects, self.judge_ids = {}, {}
        self.var_mirrors, self.var_key_of, self.var_synced = {}, {}, {}
        self.ready = False
        if self.on_start is not None:
            self.on_start("starting")
        self.proc = self.spawner.spawn(self.command[3:]) if self.spawner is not None else None
        if self.proc is None:   # no spawner (not Linux), or it is gone: a new interpreter
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
                self.proc.wait()
            self.proc = None
        if self.spawner is not None:
            self.spawner.close()
            self.spawner = None

    # ------------------------------------------------------------------ requests
    def request(self, *message) -> dict:
        """Send one request and return the learner process's answer (raising what the learner's code raised)."""
        if self.proc is None or self.proc.poll() is not None or not self.ready:
            self.wait_ready()
        roots, new_vars = self._send(message)
        outer_roots, outer_errors = self._roots, self.callback_errors
        self._roots, self.callback_errors = roots, []
        try:
            while True:
                try:
                    frame = read_frame(self.proc.stdout)
                except (OSError, ProtocolError):
                    frame = None
                if frame is None:
                    self._lost()
                try:
                    answer = decode(frame, reference=self._remote, special=self._special)
                except ProtocolError as exc:
                    self._lost(f"it answered with something that is not data ({exc})")
                if not isinstance(answer, dict):
                    self._lost("it answered with something that is not an answer")
                if "callback" not in answer:
                    break
                self._answer_callback(answer["callback"])   # the learner's code used an object of ours
            failed = self._after(answer, roots, new_vars)
            # A check's own verdict raised inside one of our objects (a spy's CheckFailed) is the reason the
            # learner's code stopped; other exceptions went to the learner's code, which reports its own.
            from grader.checks import CheckFailed

            errors = [exc for exc in self.callback_errors if isinstance(exc, CheckFailed)]
        finally:
            self._roots, self.callback_errors = outer_roots, outer_errors
        if failed is not None:
            raise failed
        if "error" in answer:
            if errors:   # what one of our objects raised (a spy's CheckFailed) is the reason
                raise errors[0]
            _raise(answer["error"])
        return answer

    def _send(self, message) -> tuple[list, list]:
        """Send one frame: the Keras objects the message uses, by value (grader.mirror), then the message."""
        roots, entries, layers = self._mirrors_of(message)
        buffer = io.BytesIO()
        self._new_vars, self._new_var_index = [], {}
        try:
            pickle.dump(entries, buffer, protocol=pickle.HIGHEST_PROTOCOL)
            pickle.dump(self._variables_to_sync(), buffer, protocol=pickle.HIGHEST_PROTOCOL)
            _Pickler(buffer, self, layers).dump(message)
        except (pickle.PicklingError, TypeError, AttributeError) as exc:
            raise TypeError(f"the check passed something that cannot reach the learner process ({exc})") from None
        new_vars = list(self._new_vars)
        try:
            send_frame(self.proc.stdin, buffer.getvalue())
        except (BrokenPipeError, OSError):
            self._lost()
        return roots, new_vars

    # ------------------------------------------------------------------ the grader's objects, used there
    def judge_only(self, obj) -> bool:
        """Objects of the checks that stay here when the learner's code is given them: functions written in
        a check (a lambda, a ``build_model`` that records), their methods, instances of a check's classes."""
        if isinstance(obj, (types.FunctionType, types.MethodType)):
            function = getattr(obj, "__func__", obj)
            if "<" in function.__qualname__ or self._in_checks(function.__module__):
                return True
            return isinstance(obj, types.MethodType) and self.judge_only(obj.__self__)
        return not isinstance(obj, type) and self._in_checks(type(obj).__module__)

    def _in_checks(self, module_name: str) -> bool:
        module = sys.modules.get(module_name)
        path = getattr(module, "__file__", None)
        if not path:
            return False
        path = Path(path).resolve()
        return any(path.is_relative_to(folder) for folder in self.check_dirs)

    def judge_ref(self, obj) -> int:
        jid = self.judge_ids.get(id(obj))
        if jid is None or self.judge_objects.get(jid) is not obj:
            jid = len(self.judge_objects) + 1
            self.judge_objects[jid] = obj
            self.judge_ids[id(obj)] = jid
        return jid

    def variable_pid(self, var) -> tuple:
        """How a TensorFlow variable of ours crosses: by key when the learner process has its twin."""
        import numpy as np

        key = self.var_key_of.get(id(var))
        if key is not None and self.var_mirrors.get(key) is var:
            # Its value also went ahead in the request's sync section; sent again in case the learner
            # process no longer has its twin.
            return ("var", key, np.array(var), bool(var.trainable), mirror.dtype_name(var), mirror.variable_kind(var))
        index = self._new_var_index.setdefault(id(var), len(self._new_vars))
        if index == len(self._new_vars):
            self._new_vars.append(var)
        return ("newvar", index, np.array(var), bool(var.trainable), mirror.dtype_name(var), mirror.variable_kind(var))

    def _variables_to_sync(self) -> dict:
        """Our twins of the learner process's variables that a check changed (``W.assign(...)``) since."""
        return mirror.changed_variables(self.var_mirrors, self.var_synced)

    def _variable(self, data: dict):
        """The learner process's variable, as our twin of it (made, or brought up to its value)."""
        import numpy as np

        key, value = int(data["key"]), np.asarray(data["value"])
        var = self.var_mirrors.get(key)
        if var is None or tuple(var.shape) != value.shape or mirror.dtype_name(var) != str(data["dtype"]):
            var = mirror.new_variable(str(data.get("kind", "tensorflow")), value, bool(data["trainable"]), str(data["dtype"]))
            self.var_mirrors[key] = var
            self.var_key_of[id(var)] = key
        else:
            var.assign(value)
        self.var_synced[key] = np.array(value)
        return var

    def _answer_callback(self, callback: list) -> None:
        kind, jid, *args = callback
        obj = self.judge_objects.get(int(jid))
        try:
            if obj is None:
                raise LookupError("an object the grader no longer has")
            if kind == "call":
                value = obj(*args[0], **args[1])
            elif kind == "getattr":
                value = getattr(obj, args[0])
            elif kind == "setattr":
                value = setattr(obj, args[0], args[1])
            elif kind == "len":
                value = len(obj)
            elif kind == "getitem":
                value = obj[args[0]]
            else:
                raise ValueError(f"unknown use {kind!r}")
            reply = ("reply", value)
        except Exception as exc:  # noqa: BLE001 - raised in the learner's code, which may catch it
            self.callback_errors.append(exc)
            reply = ("reply_error", {"type": type(exc).__name__, "message": str(exc),
                                     "builtin": type(exc).__module__ == "builtins"})
        try:
            self._send(reply)
        except TypeError as exc:
            self._send(("reply_error", {"type": "TypeError", "message": str(exc), "builtin": True}))

    # ------------------------------------------------------------------ Keras objects by value
    def _mirrors_of(self, message) -> tuple[list, list, dict]:
        """The Keras objects in a request: the outermost ones go by value; layers inside them by position."""
        found: dict = {}
        _keras_layers(message, found)
        if not found:
            return [], [], {}
        inside = {id(layer): layer for obj in found.values()
                  for layer in list(obj._flatten_layers())[1:]}
        roots = [obj for key, obj in found.items() if key not in inside]
        entries, layers = [], {}
        for i, root in enumerate(roots):
            flat = list(root._flatten_layers())
            record = []
            for k, layer in enumerate(flat):
                layers.setdefault(id(layer), (i, -1 if k == 0 else k))
                for recorder in self.call_recorders.get(id(layer), []):
                    record.append((-1 if k == 0 else k, recorder.method))
            key = self.mirror_key_of.get(id(root))
            if key is not None and self.mirrors.get(key) is not root:
                key = None
            entries.append({"key": key, "state": mirror.state_of(root), "record": record})
        return roots, entries, layers

    def _special(self, kind: str, data: dict):
        """A Keras object the learner process sent by value, as the object the checks hold for it."""
        try:
            if kind == "arg":
                return self._roots[int(data["i"])]
            if kind == "var":
                return self._variable(data)
            key = int(data["key"])
            known = self.mirrors.get(key)
            if kind == "keras":
                state = data.get("state")
                if state is None:
                    if known is None:
                        raise ValueError("it was sent before, and is gone")
                    return known
                if known is not None:
                    try:
                        mirror.apply_state(known, state)
                        return known
                    except mirror.MirrorMismatch:
                        pass
                obj = mirror.rebuild(state)
            elif kind == "history":
                import keras

                obj = known if known is not None else keras.callbacks.History()
                mirror.apply_history(obj, data["state"])
            elif kind == "object":
                obj = mirror.rebuild_library_value(data["state"])
            elif kind == "callback":
                obj = known if known is not None else mirror.rebuild_callback(data["state"])
            else:
                raise ValueError(f"unknown kind {kind!r}")
        except Exception as exc:  # noqa: BLE001 - the checks say what they expected instead
            return UnreadableValue(kind, f"{type(exc).__name__}: {exc}")
        self.mirrors[key] = obj
        self.mirror_key_of[id(obj)] = key
        return obj

    def _after(self, answer: dict, roots: list, new_vars: list):
        """Apply what a call did to the Keras objects it was given; hand recorded calls to the recorders.
        Returns the first CheckFailed a recorder's ``inspect`` raised (it names a wrong argument)."""
        for root, key in zip(roots, answer.get("mirror_keys") or []):
            self.mirrors[int(key)] = root
            self.mirror_key_of[id(root)] = int(key)
        import numpy as np

        for index, key in (answer.get("new_var_keys") or {}).items():
            var = new_vars[int(index)]
            self.var_mirrors[int(key)] = var
            self.var_key_of[id(var)] = int(key)
            self.var_synced[int(key)] = np.array(var)
        for key, value in (answer.get("vars_changed") or {}).items():
            var = self.var_mirrors.get(int(key))
            if var is not None and tuple(var.shape) == np.shape(value):
                var.assign(value)   # what the learner's code did to a variable of ours (assign_sub)
                self.var_synced[int(key)] = np.array(value)
        for index, state in (answer.get("mirrors_changed") or {}).items():
            try:
                mirror.apply_state(roots[int(index)], state)
            except mirror.MirrorMismatch as exc:
                return TypeError(f"your code changed the model it was given so that the grader cannot follow: "
                                 f"{exc}. Change its settings (trainable, compile) and weights, not its layers")
        if self.fit_recorders and answer.get("fit_calls"):
            self.fit_recorders[-1].calls.extend(answer["fit_calls"])
        failed = None
        for call in answer.get("recorded_calls") or []:
            root = roots[int(call["mirror"])]
            owner = root if int(call["sub"]) < 0 else list(root._flatten_layers())[int(call["sub"])]
            for recorder in self.call_recorders.get(id(owner), []):
                if recorder.method != call["method"]:
                    continue
                recorder.calls.append((call["args"], call["kwargs"]))
                if recorder.inspect is not None and failed is None:
                    try:
                        recorder.inspect(call["args"], call["kwargs"])
                    except Exception as exc:  # noqa: BLE001 - a CheckFailed that names the wrong argument
                        failed = exc
        return failed

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
            base = RemoteCallable if is_callable else RemoteObject
            if " " in type_name:   # a description (a model the grader could not rebuild): it names the class
                base = _described(base, type_name)
            obj = self.objects[oid] = base(self, oid, type_name)
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


@functools.lru_cache(maxsize=None)
def _described(base: type, description: str) -> type:
    """A subclass of ``base`` named by ``description``: checks say "got {type(x).__name__}", and a learner
    then reads why their object is not what the check wanted."""
    return type(description, (base,), {"__slots__": ()})


def _copy_back(original, value) -> None:
    import numpy as np

    if (type(original) is type(value) and mirror.is_library_value(original)
            and (type(original).__module__ or "").startswith(mirror.LIBRARY_MODULES)):
        original.__dict__.clear()   # a scaler the learner's code refitted: refitted here too
        original.__dict__.update(value.__dict__)
        return

    if isinstance(original, np.ndarray) and isinstance(value, np.ndarray) and original.shape == value.shape:
        try:
            np.copyto(original, value, casting="unsafe")
        except (TypeError, ValueError):
            pass
