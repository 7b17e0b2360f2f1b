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
import builtins
import os
import pickle
import sys
import traceback
import weakref
from pathlib import Path

from grader import mirror


class _Unpickler(pickle.Unpickler):
    """Requests from the grader; a reference to an object of this process comes back as that object, a Keras
    object the grader sent by value (:mod:`grader.mirror`) as this process's copy of it."""

    def __init__(self, stream, objects, mirrors=(), server=None):
        super().__init__(stream)
        self.objects = objects
        self.mirrors = list(mirrors)
        self.server = server

    def persistent_load(self, pid):
        kind, *where = pid
        if kind == "ref" and where[0] in self.objects:
            return self.objects[where[0]]
        if kind == "judge" and self.server is not None:
            return JudgeObject(self.server, int(where[0]))
        if kind == "tensor":
            import keras

            return keras.ops.convert_to_tensor(where[0])
        if kind in ("var", "newvar") and self.server is not None:
            return self.server.variable(kind, *where)
        if kind == "code":
            return _function(*where)
        if kind == "mirror" and 0 <= where[0] < len(self.mirrors):
            root = self.mirrors[where[0]]
            return root if where[1] < 0 else list(root._flatten_layers())[where[1]]
        raise pickle.UnpicklingError(f"no object {pid!r} here")


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
        # Keras objects that cross by value (grader.mirror): key -> object, and the digest both sides last saw.
        self.mirror_objects = weakref.WeakValueDictionary()
        self.mirror_keys: dict[int, int] = {}
        self.mirror_count = 0
        self.current_mirrors: dict[int, int] = {}   # id -> index of the Keras objects the request was given
        self.requests = self.answers = None         # the pipe from and to the grader
        self.synced: dict[int, str] = {}
        # TensorFlow variables that crossed (key -> variable here), and the value both sides last agreed on.
        self.var_objects = weakref.WeakValueDictionary()
        self.var_keys: dict[int, int] = {}
        self.var_synced: dict[int, object] = {}
        self.var_count = 0
        self.judge_vars: dict[int, object] = {}   # twins of the grader's own variables (held strongly)
        self.new_var_keys: dict[int, int] = {}   # this request's new variables: the grader's index -> key
        self.fit_recorder = None     # grader.checks.recording_fit while the grader records fit
        self.fit_sent = 0            # how many of its calls the grader has
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
    def reference(self, obj):
        oid = self.ids.get(id(obj))
        if oid is None or self.objects.get(oid) is not obj:
            oid = len(self.objects) + 1
            self.objects[oid] = obj
            self.ids[id(obj)] = oid
        keras = sys.modules.get("keras")
        if keras is not None and isinstance(obj, keras.Model):
            return oid, mirror.why_not_rebuilt(obj)   # the checks' "got ..." says why it is not a Keras model
        return oid

    # ------------------------------------------------------------------ Keras objects by value
    def mirror_key(self, obj) -> int:
        key = self.mirror_keys.get(id(obj))
        if key is None or self.mirror_objects.get(key) is not obj:
            self.mirror_count += 1
            key = self.mirror_count
            self.mirror_objects[key] = obj
            self.mirror_keys[id(obj)] = key
        return key

    def receive_mirrors(self, entries: list) -> list:
        """The grader's Keras objects of one request, as this process's copies (made or brought up to date)."""
        objects = []
        for entry in entries:
            key, state = entry["key"], entry["state"]
            obj = self.mirror_objects.get(key) if key is not None else None
            if obj is not None:
                try:
                    if self.synced.get(key) != mirror.digest(state):
                        mirror.apply_state(obj, state)
                except mirror.MirrorMismatch:
                    obj = None
            if obj is None:
                obj = mirror.rebuild(state)
                key = None
            key = self.mirror_key(obj) if key is None else key
            self.synced[key] = mirror.digest(mirror.state_of(obj))
            objects.append(obj)
        return objects

    def var_key(self, var) -> int:
        key = self.var_keys.get(id(var))
        if key is None or self.var_objects.get(key) is not var:
            self.var_count += 1
            key = self.var_count
            self.var_objects[key] = var
            self.var_keys[id(var)] = key
        return key

    def variable(self, kind: str, *where):
        """A variable of the grader's: ours for its key, or a new one (the answer tells the grader its key)."""
        import numpy as np

        from grader.mirror import new_variable

        if kind == "var":
            key, value, trainable, dtype, variety = where
            var = self.var_objects.get(int(key))
            if var is None:   # ours was dropped: the grader's twin lives on, so it is made again
                var = self.judge_vars[int(key)] = new_variable(variety, value, trainable, dtype)
                self.var_objects[int(key)] = var
                self.var_keys[id(var)] = int(key)
                self.var_synced[int(key)] = np.array(value)
            return var
        index, value, trainable, dtype, variety = where
        if index in self.new_var_keys:
            return self.var_objects[self.new_var_keys[index]]
        var = new_variable(variety, value, trainable, dtype)
        key = self.new_var_keys[index] = self.var_key(var)
        self.judge_vars[key] = var   # the grader's variable: kept as long as the grader has it
        self.var_synced[key] = np.array(value)
        return var

    def sync_variables(self, values: dict) -> None:
        """What the grader's checks did to their twins of our variables (``W.assign(...)``)."""
        import numpy as np

        for key, value in values.items():
            var = self.var_objects.get(int(key))
            if var is not None and tuple(var.shape) == np.shape(value):
                var.assign(value)
                self.var_synced[int(key)] = np.array(value)

    def changed_variables(self) -> dict:
        """Our variables the grader has twins of, changed since the two last agreed (an assign_sub)."""
        return mirror.changed_variables(self.var_objects, self.var_synced)

    def special(self, obj):
        """How a Keras object crosses to the grader (see grader.mirror); None: as data or a reference."""

        module = type(obj).__module__ or ""
        if module.startswith(("tensorflow", "keras")) and mirror.is_variable(obj):
            import numpy as np

            key = self.var_key(obj)
            value = np.array(obj)
            self.var_synced[key] = value
            return "var", {"key": key, "value": value, "trainable": bool(obj.trainable), "dtype": mirror.dtype_name(obj),
                           "kind": mirror.variable_kind(obj)}
        if module.startswith(mirror.LIBRARY_MODULES) and mirror.is_library_value(obj):
            if all(_plain(v) for v in vars(obj).values()):
                return "object", {"key": self.mirror_key(obj), "state": mirror.library_state(obj)}
            return None
        if not module.startswith("keras"):
            return None
        if id(obj) in self.current_mirrors:   # one the grader sent: its changes go in "mirrors_changed"
            return "arg", {"i": self.current_mirrors[id(obj)]}
        if mirror.is_history(obj):
            return "history", {"key": self.mirror_key(obj), "state": mirror.history_state(obj)}
        if mirror.is_callback(obj):
            return "callback", {"key": self.mirror_key(obj), "state": mirror.callback_state(obj, _plain)}
        if mirror.is_mirrorable(obj):
            key = self.mirror_key(obj)
            state = mirror.state_of(obj)
            seen = mirror.digest(state)
            if self.synced.get(key) == seen:
                return "keras", {"key": key}
            self.synced[key] = seen
            return "keras", {"key": key, "state": state}
        return None

    # ------------------------------------------------------------------ requests
    def handle(self, request: tuple, mirrors: list, entries: list) -> dict:
        kind, *args = request
        method = getattr(self, f"do_{kind}", None)
        if method is None:
            return {"error": {"type": "ProtocolError", "message": f"unknown request {kind!r}"}}
        recorded: list = []
        installed = self._record_methods(mirrors, entries, recorded)
        try:
            answer = method(*args)
        except BaseException as exc:  # noqa: BLE001 - anything the learner's code raises is reported
            if isinstance(exc, KeyboardInterrupt):
                raise
            answer = {"error": self.describe_error(exc)}
        finally:
            for owner, name in installed:
                try:
                    delattr(owner, name)
                except AttributeError:
                    pass
        # What the call did to the grader's Keras objects, and what the grader asked to be recorded.
        if mirrors:
            answer["mirror_keys"] = [self.mirror_keys[id(obj)] for obj in mirrors]
            changed = {}
            for i, obj in enumerate(mirrors):
                key = self.mirror_keys[id(obj)]
                state = mirror.state_of(obj)
                seen = mirror.digest(state)
                if seen != self.synced.get(key):
                    self.synced[key] = seen
                    changed[str(i)] = state
            if changed:
                answer["mirrors_changed"] = changed
        if recorded:
            answer["recorded_calls"] = recorded
        if self.fit_recorder is not None and len(self.fit_recorder.calls) > self.fit_sent:
            answer["fit_calls"] = self.fit_recorder.calls[self.fit_sent:]
            self.fit_sent = len(self.fit_recorder.calls)
        return answer

    def _record_methods(self, mirrors: list, entries: list, recorded: list) -> list:
        """Put a recorder on the methods the grader's recording_calls watch (for this request only)."""
        installed = []
        for i, (obj, entry) in enumerate(zip(mirrors, entries)):
            for sub, name in entry.get("record", []):
                owner = obj if sub < 0 else list(obj._flatten_layers())[sub]
                original = getattr(owner, name)

                def method(*args, _original=original, _where=(i, sub, name), **kwargs):
                    recorded.append({"mirror": _where[0], "sub": _where[1], "method": _where[2],
                                     "args": args, "kwargs": kwargs})
                    return _original(*args, **kwargs)

                object.__setattr__(owner, name, method)
                installed.append((owner, name))
        return installed

    # ------------------------------------------------------------------ the pipe
    def serve_one(self) -> object:
        """Read one frame from the grader and answer it; a reply to :meth:`ask_judge` is returned instead."""
        import io

        from grader.wire import NotPlainData, encode, encode_parts, read_frame, send_frame

        frame = read_frame(self.requests)
        if frame is None:
            return _CLOSED
        stream = io.BytesIO(frame)
        mirrors = []
        try:
            # First the grader's Keras objects this request uses (by value), then the request itself.
            entries = _Unpickler(stream, self.objects, server=self).load()
            mirrors = self.receive_mirrors(entries)
            self.sync_variables(_Unpickler(stream, self.objects, server=self).load())
            self.new_var_keys = {}
            request = _Unpickler(stream, self.objects, mirrors, server=self).load()
        except Exception as exc:  # noqa: BLE001 - a request this process cannot read
            answer = {"error": {"type": "ProtocolError", "message": f"unreadable request: {exc}"}}
        else:
            if request and request[0] in ("reply", "reply_error"):
                return request
            answer = self.handle(request, mirrors, entries)
            if self.new_var_keys:
                answer["new_var_keys"] = dict(self.new_var_keys)
            changed = self.changed_variables()
            if changed:
                answer["vars_changed"] = changed
        saved = self.current_mirrors
        self.current_mirrors = {id(obj): i for i, obj in enumerate(mirrors)} if "error" not in answer else {}
        try:
            payload = encode_parts(answer, reference=self.reference, special=self.special)
        except NotPlainData as exc:
            payload = encode({"error": {"type": "NotPlainData", "message": str(exc)}})
        finally:
            self.current_mirrors = saved
        send_frame(self.answers, payload)
        return None

    def ask_judge(self, kind: str, jid: int, *args):
        """Ask the grader to use one of its objects (the learner's code called it); serve the grader's own
        requests meanwhile, until its reply comes."""
        from grader.wire import NotPlainData, encode_parts, send_frame

        try:
            payload = encode_parts({"callback": [kind, jid, *args]}, reference=self.reference, special=self.special)
        except NotPlainData as exc:
            raise TypeError(f"your code gave the grader's object something that is not data ({exc})") from None
        send_frame(self.answers, payload)
        while True:
            reply = self.serve_one()
            if reply is _CLOSED:
                raise SystemExit(0)
            if reply is None:
                continue
            if reply[0] == "reply":
                return reply[1]
            info = reply[1]
            cls = getattr(builtins, str(info.get("type", "")), None)
            if isinstance(cls, type) and issubclass(cls, Exception) and info.get("builtin"):
                raise cls(info.get("message", ""))
            raise JudgeError(f"{info.get('type')}: {info.get('message')}")

    def do_record_fit(self, action: str, train: bool = True) -> dict:
        """Record the learner's calls of keras.Model.fit (grader.checks.recording_fit, here)."""
        from grader.checks import recording_fit

        if action == "start" and self.fit_recorder is None:
            self.fit_recorder = recording_fit(train=train)
            self.fit_recorder.__enter__()
            self.fit_sent = 0
        elif action == "stop" and self.fit_recorder is not None:
            recorder, self.fit_recorder = self.fit_recorder, None
            recorder.__exit__(None, None, None)
            rest = recorder.calls[self.fit_sent:]
            return {"value": None, "fit_calls": rest} if rest else {"value": None}
        return {"value": None}

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

    def do_reset(self, seed: int | None = None) -> dict:
        """Between checks (no seed): Keras seeded as in the checks' process, NumPy's global generator
        fresh as in a new process. A check that seeds (``grader.checks.set_random_seed``) seeds both: on
        JAX, ``fit`` shuffles with NumPy's generator, and a fresh one made its training differ run to run."""
        import numpy as np
        import keras

        keras.utils.set_random_seed(0 if seed is None else seed)
        if seed is None:
            np.random.seed(None)
        return {"value": None}

    def do_getattr(self, oid: int, name: str) -> dict:
        return {"value": getattr(self.objects[oid], name)}

    def do_setattr(self, oid: int, name: str, value) -> dict:
        setattr(self.objects[oid], name, value)
        return {"value": None}

    def do_call(self, oid: int, args: tuple, kwargs: dict) -> dict:
        import numpy as np

        given = [*enumerate(args), *kwargs.items()]
        before = {key: value.copy() for key, value in given
                  if type(value) is np.ndarray and value.dtype.kind in "biufcUS?"}
        # A fitted scaler the call may refit: its attributes, to compare after.
        states = {key: _attributes(value) for key, value in given
                  if (type(value).__module__ or "").startswith(mirror.LIBRARY_MODULES) and mirror.is_library_value(value)}
        result = self.objects[oid](*args, **kwargs)
        # Arrays and scalers the call changed in place: the grader's own copies are changed the same way.
        changed = {}
        for key, old in before.items():
            new = args[key] if isinstance(key, int) else kwargs[key]
            if new.shape != old.shape or not np.array_equal(new, old, equal_nan=new.dtype.kind in "fc"):
                changed[key] = new
        for key, old in states.items():
            value = args[key] if isinstance(key, int) else kwargs[key]
            if old is not None and _attributes(value) != old:
                changed[key] = value
        return {"value": result, "changed": changed}

    def do_apply(self, function, args: tuple, kwargs: dict) -> dict:
        """Run a function of the check's here (grader.checks.run_there): it builds what only exists here."""
        return {"value": function(*args, **kwargs)}

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
    process.requests, process.answers = requests, answers
    while True:
        if process.serve_one() is _CLOSED:
            return


_CLOSED = object()


def _plain(value) -> bool:
    """Whether ``value`` can cross as data."""
    from grader.wire import NotPlainData, encode

    try:
        encode(value)
        return True
    except (NotPlainData, TypeError, ValueError):
        return False


def _attributes(obj) -> bytes | None:
    """An object's attributes as bytes, to tell whether a call changed them (None: not plain data)."""
    from grader.wire import NotPlainData, encode

    try:
        return encode(dict(vars(obj)))
    except (NotPlainData, TypeError, ValueError):
        return None


def _function(code: bytes, modules: dict, defaults, name: str):
    """A function of the check's, rebuilt here from its code; its globals are modules only."""
    import importlib
    import marshal
    import types

    namespace = {"__builtins__": builtins}
    namespace.update({alias: importlib.import_module(module) for alias, module in modules.items()})
    return types.FunctionType(marshal.loads(code), namespace, name, defaults)


class JudgeError(Exception):
    """What a function or object of the grader's raised when the learner's code called it."""


class JudgeObject:
    """An object of the grader's that the learner's code was given (a spy model, a ``build_model`` function):
    it stays in the grader's process, and calling it or reading its attributes asks the grader."""

    __slots__ = ("_kc_server", "_kc_id", "__weakref__")

    def __init__(self, server, jid: int):
        object.__setattr__(self, "_kc_server", server)
        object.__setattr__(self, "_kc_id", jid)

    def _kc_ask(self, kind: str, *args):
        return object.__getattribute__(self, "_kc_server").ask_judge(kind, object.__getattribute__(self, "_kc_id"),
                                                                     *args)

    def __getattr__(self, name: str):
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        return self._kc_ask("getattr", name)

    def __setattr__(self, name: str, value) -> None:
        self._kc_ask("setattr", name, value)

    def __call__(self, *args, **kwargs):
        return self._kc_ask("call", args, kwargs)

    def __len__(self) -> int:
        return self._kc_ask("len")

    def __getitem__(self, key):
        return self._kc_ask("getitem", key)

    def __repr__(self) -> str:
        return "<an object of the grader's>"




def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m grader.worker")
    parser.add_argument("--chapter", required=True)
    parser.add_argument("--root", required=True)
    parser.add_argument("--source-dir", required=True)
    parser.add_argument("--solutions", action="store_true")
    parser.add_argument("--exercises", default="")
    args = parser.parse_args(argv)
    from grader import lazy_tensorflow

    lazy_tensorflow.install()
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
