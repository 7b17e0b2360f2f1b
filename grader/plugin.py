"""The kerascourse pytest plugin: grade a chapter with ordinary pytest.

It is registered through pytest's ``pytest11`` entry point and stays inert until
asked for a chapter::

    pytest --kerascourse-chapter ch1                          # the workspace you are in
    pytest --kerascourse-chapter ch1 --kerascourse-solutions  # the reference solutions
    pytest --kerascourse-chapter ch1 --kerascourse-workspace ~/my-ws

What it does in that mode:

- collects the chapter's checks (``grader/ch1/test_*.py``), in the chapter's order;
- hands each test the learner's module through the ``exercise`` fixture, so the
  same test grades the stubs, the solutions or any workspace;
- classifies every check: passed, failed (with the plain-words message), not
  implemented (the stub's ``NotImplementedError``), or error (the file does not
  import, or lost a name the stub defines);
- isolates exercises from each other: the working directory, NumPy's and
  Keras's random state and print options are restored after every check;
- holds the own-work rules (:mod:`grader.ownwork`, :mod:`grader.guard`): a file
  that uses the library's answer, or what does a "by hand" exercise's whole job,
  gets a failed "your own work" check that names the line;
- runs hypothesis derandomised, with no example database (nothing is written
  into the learner's folder);
- prints the same rich report as ``kerascourse grade`` at the end, or, for the
  ``kerascourse`` runner, streams events to a JSON-lines file.
"""

from __future__ import annotations

import json
import os
import time
import traceback
from pathlib import Path

import pytest

from grader.course import BACKEND_NAMES
from grader.learner import ExerciseImportError, learner_location, load_learner_module
from grader.results import (CHECK_ERROR, CHECK_FAILED, CHECK_NOT_IMPLEMENTED, CHECK_PASSED, CheckResult)

_STATE_KEY = pytest.StashKey["GradingSession"]()

# Where this process's stderr went before pytest captured it (pytest imports `-p` plugins first):
# the grading log, where learner processes forked later (grader.spawner) print.
try:
    _LOG_FD = os.dup(2)
except OSError:
    _LOG_FD = None


def set_log_fd(fd: int) -> None:
    """Where learner processes print, for a grading process forked with this module already imported
    (grader.forkserver), whose stderr at import time was not its log."""
    global _LOG_FD
    _LOG_FD = fd


def pytest_addoption(parser):
    group = parser.getgroup("kerascourse", "kerascourse grader")
    group.addoption("--kerascourse-chapter", metavar="ID", default=None,
                    help="grade this chapter of the course (e.g. ch1)")
    group.addoption("--kerascourse-workspace", metavar="DIR", default=None,
                    help="the workspace to grade (default: the one the current folder is in)")
    group.addoption("--kerascourse-solutions", action="store_true", default=False,
                    help="grade the reference solutions")
    group.addoption("--kerascourse-exercises", metavar="NAMES", default="",
                    help="comma-separated exercise names to grade (default: all)")
    group.addoption("--kerascourse-events", metavar="FILE", default=None,
                    help="stream results as JSON lines to FILE (used by `kerascourse grade`)")
    group.addoption("--kerascourse-key-fd", metavar="FD", type=int, default=None,
                    help="sign each result line with the key read from this file descriptor (a pipe)")


def pytest_load_initial_conftests(early_config, parser, args):
    """With a chapter and no paths given, collect that chapter's checks."""
    chapter_id = early_config.known_args_namespace.kerascourse_chapter
    if not chapter_id:
        return
    chapter = _course_chapter(chapter_id)
    if not any(not a.startswith("-") and Path(a).exists() for a in args):
        args.append(str(chapter.tests_dir))


def _course_chapter(chapter_id):
    from grader.course import Course, CourseError
    try:
        return Course.load().chapter(chapter_id)
    except CourseError as exc:
        raise pytest.UsageError(str(exc)) from None


class GradingSession:
    """Everything the plugin knows about the chapter being graded."""

    def __init__(self, config):
        from grader.workspace import find_workspace

        self.config = config
        self.chapter = _course_chapter(config.getoption("kerascourse_chapter"))
        if config.getoption("kerascourse_solutions"):
            self.root = self.chapter.pack.solutions
            self.source_dir = self.chapter.solutions_dir
        else:
            ws = config.getoption("kerascourse_workspace") or find_workspace(config.invocation_params.dir)
            if ws is None:
                raise pytest.UsageError("no workspace here: pass --kerascourse-workspace DIR, or "
                                        "--kerascourse-solutions, or run `kerascourse init DIR` first")
            self.root = Path(ws).resolve()
            self.source_dir = self.root / self.chapter.relative_dir
        only = [n for n in config.getoption("kerascourse_exercises").split(",") if n]
        for name in only:
            self.chapter.exercise(name)  # unknown names are a usage error, raised early
        self.only = set(only)
        self.order = {ex.name: i for i, ex in enumerate(self.chapter.exercises)}
        self.modules: dict[str, object] = {}
        self.checks: dict[str, list[CheckResult]] = {ex.name: [] for ex in self.chapter.exercises}
        self.started = time.monotonic()
        self.device = "CPU"
        self.backend = ""
        self.keras_version = ""
        self.guard = None                      # grader.guard.Guard, once TensorFlow is imported
        self.rules: dict[str, object] = {}     # exercise name -> grader.ownwork.Rules
        self.current: str | None = None        # the exercise whose checks are running
        self.stopped_by_guard: set[str] = set()  # exercises with a check failed by OwnWorkError
        # isolation = "process": the learner's code runs in a process of its own (grader.remote)
        self.learner = None
        graded = [ex for ex in self.chapter.exercises if not only or ex.name in only]
        # The runner grades a chapter's "process" and "inline" exercises in separate children.
        if graded and all(ex.isolation == "process" for ex in graded):
            from grader.remote import LearnerProcess

            self.learner = LearnerProcess(self.chapter.id, self.root, self.source_dir,
                                          bool(config.getoption("kerascourse_solutions")),
                                          [ex.name for ex in self.chapter.exercises if not only or ex.name in only],
                                          on_start=lambda phase: self.emit(event="learner_process", phase=phase))
            self.learner.check_dirs = [Path(self.chapter.tests_dir).resolve()]
        self.crashed: set[str] = set()   # exercises whose learner process stopped: their other checks are skipped
        self.fingerprint = None          # grader.tamper.Fingerprint of the grader's own files
        self.events = None
        self._sign = None
        self._count = 0

    def start_learner_process(self) -> None:
        """Import Keras, fork the spawner of learner processes (grader.spawner), start the first one.

        Called before :meth:`open_results`: the spawner is forked while this process holds no key and no
        results file, so no learner process can inherit them."""
        import keras  # noqa: F401 - imported once, here, for this process and every learner process

        from grader import lazy_tensorflow
        from grader import worker  # noqa: F401 - what the learner process runs, imported before the fork
        from grader.remote import set_active
        from grader.spawner import Spawner

        lazy_tensorflow.install()   # on JAX or PyTorch, no process of this grading imports TensorFlow unasked

        key_fd = self.config.getoption("kerascourse_key_fd")
        if _LOG_FD is not None:
            self.learner.spawner = Spawner.start(_LOG_FD, close_fds=[key_fd] if key_fd is not None else [])
        set_active(self.learner)   # after the fork: in a learner process, no learner process is active
        self.learner.start()

    def open_results(self) -> None:
        """Open the results channel and read the key that signs it (from the runner's pipe)."""
        events = self.config.getoption("kerascourse_events")
        self.events = open(events, "a", encoding="utf-8") if events else None
        key_fd = self.config.getoption("kerascourse_key_fd")
        self._sign = _signer(key_fd) if key_fd is not None else None

    def emit(self, **event):
        if self.events is None:
            return
        line = json.dumps({**event, "n": self._count})
        self._count += 1
        if self._sign is not None:
            line = f"{self._sign(line.encode())} {line}"
        self.events.write(line + "\n")
        self.events.flush()

    def display_path(self, path: str | Path) -> str:
        try:
            return str(Path(path).resolve().relative_to(self.root))
        except ValueError:
            return str(path)

    def load(self, name: str):
        """The learner's module for exercise ``name``, imported once per run (in the learner process
        when the chapter has one: then a :class:`grader.remote.RemoteObject`)."""
        if self.learner is not None:
            return self.learner.module(name)
        if name not in self.modules:
            self.modules[name] = _load_learner_module(self, name)
        module = self.modules[name]
        if isinstance(module, BaseException):
            raise module
        return module


def _signer(fd: int):
    """Sign result lines with the key on the pipe ``fd`` (from the runner), which only this process holds.

    The process is made non-dumpable: other processes of the same user (the learner process among them)
    can no longer read its memory or open its files through /proc, where the key and the results file are.
    """
    import hmac

    chunks = []
    while True:
        chunk = os.read(fd, 4096)
        if not chunk:
            break
        chunks.append(chunk)
    os.close(fd)
    key = b"".join(chunks).strip()
    if not key:
        raise pytest.UsageError("--kerascourse-key-fd: no key on that pipe")
    try:
        import ctypes

        ctypes.CDLL(None).prctl(4, 0, 0, 0, 0)   # PR_SET_DUMPABLE = 4 (Linux)
    except (OSError, AttributeError):
        pass

    def sign(body: bytes) -> str:
        return hmac.new(key, body, "sha256").hexdigest()

    return sign


def _load_learner_module(session: GradingSession, name: str):
    return load_learner_module(session.chapter.exercise(name), session.source_dir, session.display_path)


def _learner_location(session: GradingSession, tb) -> str:
    """'ch1/one_hot.py, line 12' for the deepest frame in the learner's files."""
    return learner_location(session.source_dir, session.display_path, tb)


def pytest_configure(config):
    if not config.getoption("kerascourse_chapter", None):
        return
    session = GradingSession(config)
    config.stash[_STATE_KEY] = session
    if session.learner is not None:
        session.start_learner_process()
    session.open_results()
    if session.learner is None and not config.getoption("kerascourse_solutions") and session.chapter.pack.has_solutions:
        from grader.seal import seal

        seal(session.chapter.pack.solutions)   # a workspace is graded: its own work, not the answers
    # Test files of different chapters share names (test_fit.py): import them by path.
    config.option.importmode = "importlib"
    _configure_hypothesis()


def _configure_hypothesis():
    from hypothesis import HealthCheck, Phase, settings

    # The same code always gets the same verdict, and nothing is written to disk.
    # No shrinking: hypothesis tries simple inputs first, and shrinking a learner's
    # failure can take far longer than the check itself.
    settings.register_profile(
        "kerascourse", derandomize=True, database=None, deadline=None, max_examples=30,
        print_blob=False, report_multiple_bugs=False,
        phases=(Phase.explicit, Phase.reuse, Phase.generate),
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                               HealthCheck.function_scoped_fixture, HealthCheck.filter_too_much])
    settings.load_profile("kerascourse")


def _session(config) -> GradingSession | None:
    return config.stash.get(_STATE_KEY, None)


def _exercise_name(item) -> str | None:
    module_name = Path(str(item.path)).stem
    name = getattr(getattr(item, "module", None), "EXERCISE", None)
    return name or (module_name[len("test_"):] if module_name.startswith("test_") else None)


def pytest_collection_modifyitems(session, config, items):
    state = _session(config)
    if state is None:
        return
    keep, drop = [], []
    for item in items:
        name = _exercise_name(item)
        if name not in state.order or (state.only and name not in state.only):
            drop.append(item)
        else:
            keep.append(item)
    keep.sort(key=lambda item: state.order[_exercise_name(item)])  # stable: file order within
    if drop:
        config.hook.pytest_deselected(items=drop)
    items[:] = keep


def pytest_sessionstart(session):
    state = _session(session.config)
    if state is None:
        return
    import keras  # noqa: F401 - imported once here, so the first check's time is its own

    from grader import lazy_tensorflow

    lazy_tensorflow.install()
    state.backend = keras.backend.backend()
    state.keras_version = keras.__version__
    state.device = _device_in_use(state.backend)
    # Start TensorFlow's runtime now, so its start-up is not charged to the first exercise's time limit.
    keras.ops.convert_to_numpy(keras.ops.add(keras.ops.ones((2, 2)), 1.0))
    from grader.tamper import Fingerprint, grader_roots

    # The grader's own files, compared after each exercise (the runner compares them too).
    state.fingerprint = Fingerprint(grader_roots(state.chapter),
                                    exclude=None if session.config.getoption("kerascourse_solutions") else state.root)
    if state.learner is None:
        _install_guard(state)
    else:
        _load_rules(state)
        state.learner.wait_ready()
    state.emit(event="session", chapter=state.chapter.id, device=state.device, backend=state.backend,
               keras_version=state.keras_version, pid=os.getpid())
    if os.environ.get("KERASCOURSE_REQUIRE_GPU") == "1" and not state.device.startswith("GPU"):
        state.emit(event="fatal", message=f"--device gpu was asked for, but "
                                          f"{BACKEND_NAMES.get(state.backend, state.backend)} sees no GPU here. "
                                          "Run `kerascourse doctor` to see what it sees, or use --device cpu.")
        pytest.exit("no GPU visible", returncode=3)


def _load_rules(state: GradingSession) -> None:
    from grader.ownwork import Rules

    for ex in state.chapter.exercises:
        if not state.only or ex.name in state.only:
            state.rules[ex.name] = Rules.for_exercise(ex)


def _install_guard(state: GradingSession) -> None:
    """The own-work rules of every exercise graded in this run, enforced at run time too."""
    from grader.guard import Guard

    _load_rules(state)
    state.guard = Guard(state.source_dir, display=state.display_path)
    for name, rules in state.rules.items():
        state.guard.add(rules, state.source_dir / state.chapter.exercise(name).filename)
    state.guard.install()


def _start_exercise(state: GradingSession, name: str) -> None:
    """Load the learner's file and read it for the library's answer or a refused shortcut."""
    from grader.ownwork import find_shortcuts

    state.current = name
    rules = state.rules.get(name)
    if rules is None:
        return
    if state.guard is not None:
        state.guard.current = rules
    elif state.learner is not None:
        try:
            state.learner.request("exercise", name)
        except Exception:  # noqa: BLE001 - a learner process that does not start is reported by the checks
            return
    try:
        module = state.load(name)
    except BaseException:  # noqa: BLE001 - the checks report a file that does not load
        return
    path = state.source_dir / state.chapter.exercise(name).filename
    shown = state.display_path(path)
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, ValueError):
        source = ""
    findings = find_shortcuts(source, rules, shown)
    seen = {(f.line, f.name) for f in findings}
    if state.learner is not None:
        defined = state.learner.definition_findings(name)
    else:
        defined = state.guard.definition_findings(module, rules, path)
    findings += [f for f in defined if (f.line, f.name) not in seen]
    if findings:
        _own_work_check(state, name, findings, "own_work")


def _finish_exercise(state: GradingSession, name: str) -> None:
    """Refused calls that the learner's code caught and hid still count; the grader's files must be as
    they were."""
    changed = state.fingerprint.changed() if state.fingerprint is not None else []
    if changed:
        state.emit(event="tampered", exercise=name, files=changed)   # the runner stops the run
    if name in state.stopped_by_guard or (state.guard is None and state.learner is None):
        return
    rules = state.rules.get(name)
    if state.learner is not None:
        try:
            found = state.learner.runtime_findings(name) if rules else []
        except Exception:  # noqa: BLE001 - the process stopped: its checks already say so
            found = []
    else:
        found = list(state.guard.runtime.get(rules.exercise_id, {}).values()) if rules else []
    if found:
        _own_work_check(state, name, found, "own_work_while_running")


def _own_work_check(state: GradingSession, name: str, findings, check_name: str) -> None:
    first = findings[0]
    message = first.message
    if len(findings) > 1:
        more = ", ".join(f"line {f.line} (`{f.name}`)" for f in findings[1:5])
        also = f" Also: {more}{', ...' if len(findings) > 5 else ''}."
        head, hint, tail = message.rpartition(" (kerascourse hint ")
        message = f"{head}.{also} (kerascourse hint {tail}" if hint else message + also
    result = CheckResult(check_name, "your own work", CHECK_FAILED, message,
                         f"{first.file}, line {first.line}" if first.file else "")
    state.checks[name].append(result)
    state.emit(event="check", exercise=name, **result.__dict__)


def _device_in_use(backend: str = "tensorflow") -> str:
    """"CPU", or "GPU (its name)", as the backend grading here sees it (asking TensorFlow on JAX would
    import all of TensorFlow, seconds, to answer for a library that is not in use)."""
    if backend == "jax":
        import jax

        gpus = [d for d in jax.devices() if d.platform == "gpu"]
        return f"GPU ({gpus[0].device_kind})" if gpus else "CPU"
    if backend == "torch":
        import torch

        return f"GPU ({torch.cuda.get_device_name(0)})" if torch.cuda.is_available() else "CPU"
    try:
        import tensorflow as tf
    except ImportError:
        return "CPU"
    gpus = tf.config.list_physical_devices("GPU")
    if not gpus:
        return "CPU"
    try:
        name = tf.config.experimental.get_device_details(gpus[0]).get("device_name", "")
    except Exception:  # noqa: BLE001 - the details are cosmetic
        name = ""
    return f"GPU ({name})" if name else "GPU"


@pytest.fixture(scope="module")
def exercise(request):
    """The learner's module for this test file's exercise (stubs, solutions or a workspace)."""
    state = _session(request.config)
    if state is None:
        pytest.skip("not grading: run with --kerascourse-chapter")
    return state.load(_exercise_name(request.node))


@pytest.fixture
def load_exercise(request):
    """A function that loads another exercise of the same chapter: ``load_exercise("naive_dense")``."""
    state = _session(request.config)
    if state is None:
        pytest.skip("not grading: run with --kerascourse-chapter")
    return state.load


@pytest.fixture(autouse=True)
def _isolate_global_state(request):
    """Undo what learner code may change globally, so one exercise cannot break the next."""
    if _session(request.config) is None:
        yield
        return
    import numpy as np
    import keras

    cwd = os.getcwd()
    printoptions = np.get_printoptions()
    errstate = np.geterr()
    floatx = keras.config.floatx()
    keras.utils.set_random_seed(0)
    state = _session(request.config)
    if state.learner is not None and state.learner.proc is not None:
        try:
            state.learner.request("reset")
        except Exception:  # noqa: BLE001 - a stopped learner process starts afresh on the next request
            pass
    try:
        yield
    finally:
        os.chdir(cwd)
        np.set_printoptions(**printoptions)
        np.seterr(**errstate)
        keras.config.set_floatx(floatx)
        np.random.seed(None)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_protocol(item, nextitem):
    state = _session(item.config)
    if state is None:
        return (yield)
    name = _exercise_name(item)
    state.emit(event="check_start", exercise=name, check=item.name, time=time.time())
    if name != state.current:
        _start_exercise(state, name)
    try:
        return (yield)
    finally:
        if nextitem is None or _exercise_name(nextitem) != name:
            _finish_exercise(state, name)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    state = _session(item.config)
    if state is not None and _exercise_name(item) in state.crashed:
        # Its learner process stopped: that error is reported; more restarts would only repeat it.
        pytest.skip("the process running this exercise's code stopped")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    state = _session(item.config)
    if state is None:
        return report
    # One result per check: its call, or its setup when that failed (the learner's file did not load).
    if report.skipped or not (call.when == "call" or (call.when == "setup" and report.failed)):
        return report
    name = _exercise_name(item)
    result = _classify(state, item, call)
    state.checks[name].append(result)
    state.emit(event="check", exercise=name, **result.__dict__)
    return report


def _description(item) -> str:
    doc = getattr(getattr(item, "function", None), "__doc__", None) or ""
    first = doc.strip().splitlines()[0].strip() if doc.strip() else ""
    return first or item.name.removeprefix("test_").replace("_", " ")


def _unwrap(exc: BaseException) -> BaseException:
    """Hypothesis may wrap several distinct failures in an ExceptionGroup: take the first."""
    while isinstance(exc, BaseExceptionGroup) and exc.exceptions:
        exc = exc.exceptions[0]
    return exc


def _assertion_message(exc: BaseException) -> str:
    text = str(exc).strip()
    # pytest's assertion rewriting appends "\nassert <expr>": the learner wants the sentence.
    head = text.split("\nassert ")[0].strip()
    if not head or head.startswith("assert "):
        head = "a check failed: " + (text.splitlines()[0] if text else "assertion failed")
    example = _falsifying_example(exc)
    return f"{head} ({example})" if example else head


def _classify(state: GradingSession, item, call) -> CheckResult:
    description = _description(item)
    duration = getattr(call, "duration", 0.0)
    if call.excinfo is None:
        return CheckResult(item.name, description, CHECK_PASSED, duration=duration)
    exc = _unwrap(call.excinfo.value)
    details = "".join(traceback.format_exception(exc))
    remote = getattr(exc, "learner", None)   # raised in the learner process (grader.remote)
    if isinstance(remote, dict):
        location = str(remote.get("location", ""))
        details = str(remote.get("details", "")) or details
    else:
        location = _learner_location(state, exc.__traceback__)
    from grader.remote import LearnerCrashed
    if isinstance(exc, LearnerCrashed):
        state.crashed.add(_exercise_name(item))
        return CheckResult(item.name, description, CHECK_ERROR, str(exc), details=details, duration=duration)
    if isinstance(exc, ExerciseImportError):
        return CheckResult(item.name, description, CHECK_ERROR, str(exc), details=details, duration=duration)
    from grader.guard import OwnWorkError
    if isinstance(exc, OwnWorkError):
        state.stopped_by_guard.add(_exercise_name(item))
        return CheckResult(item.name, description, CHECK_FAILED, str(exc), location, details, duration)
    if isinstance(exc, NotImplementedError):
        message = str(exc).strip() or "this part still raises NotImplementedError"
        return CheckResult(item.name, description, CHECK_NOT_IMPLEMENTED,
                           f"not written yet: {message}", location, details, duration)
    if isinstance(exc, AssertionError):
        message = _assertion_message(exc)
    elif isinstance(exc, SystemExit):
        message = (f"your code called sys.exit({exc.code!r}) while running: a function should "
                   f"return its result, not stop Python")
    elif isinstance(exc, KeyboardInterrupt):
        raise exc
    else:
        try:
            message = _raised_message(state, call.excinfo.value, exc, location)
        except Exception:  # noqa: BLE001 - describing the error must never stop the grading
            message = f"your code raised {type(exc).__name__}" if location else \
                f"the check could not use what your code returned ({type(exc).__name__})"
    message = message if len(message) <= 600 else message[:597] + "..."
    where = f" ({location})" if location and location not in message else ""
    return CheckResult(item.name, description, CHECK_FAILED, message + where, location, details, duration)


def _raised_message(state: GradingSession, raised: BaseException, exc: BaseException, location: str) -> str:
    """The learner's code (or the check, on what it returned) raised: say which call, on what input, and why.

    The call and its arguments come from the traceback; for a hypothesis check, the input it generated
    (the falsifying example); a known library error is translated into the mistake that usually causes it.
    """
    from grader.explain import explain_exception, learner_call, summary

    remote = getattr(exc, "learner", None)   # raised in the learner process: its type and call, as data
    if isinstance(remote, dict):
        name, text = str(remote.get("type", "")), summary(Exception(str(remote.get("message", ""))))
    else:
        name, text = type(exc).__name__, summary(exc)
    explanation = explain_exception(exc)
    said = f"{name}: {text}".rstrip(": ")
    if location:
        call = str(remote.get("call", "")) if isinstance(remote, dict) else learner_call(exc.__traceback__,
                                                                                        state.source_dir)
        head = f"{call} raised {said}" if call else f"your code raised {said}"
        message = f"{head}. Likely cause: {explanation}" if explanation else head
    elif explanation:
        message = f"the check could not use what your code returned: {explanation} ({said})"
    else:
        message = f"the check could not use what your code returned ({said})"
    example = _falsifying_example(raised) or _falsifying_example(exc)
    return f"{message} ({example})" if example else message


def _falsifying_example(exc: BaseException) -> str:
    """The input hypothesis generated for a failing check ("Failing test case: test_x(x=...)" in its note,
    "Falsifying example" in older versions), on one line, without the fixture (the learner's module)."""
    import re

    notes = [n for n in getattr(exc, "__notes__", []) if n.startswith(("Falsifying example", "Failing test case"))]
    if not notes:
        return ""
    text = " ".join(notes[0].split())
    inside = re.search(r"\((.*)\)\s*$", text)
    args = inside.group(1) if inside else text.split(":", 1)[-1]
    args = re.sub(r"\s*exercise=<module [^>]*>,?", "", args).strip().rstrip(",").strip()
    if not args:
        return ""
    example = f"the failing input: {args}"
    return example if len(example) <= 300 else example[:297] + "..."


def pytest_sessionfinish(session, exitstatus):
    state = _session(session.config)
    if state is None:
        return
    if state.guard is not None:
        state.guard.uninstall()
    if state.learner is not None:
        state.learner.close()
    state.emit(event="session_end", duration=time.monotonic() - state.started)
    if state.events is not None:
        state.events.close()


def chapter_result(state: GradingSession):
    """Fold this session's checks into a ChapterResult (used for the plain-pytest report)."""
    from grader.results import ChapterResult, fold

    result = ChapterResult(chapter=state.chapter.id, title=state.chapter.title, workspace=str(state.root),
                           device=state.device, backend=state.backend, keras_version=state.keras_version,
                           duration=time.monotonic() - state.started)
    for ex in state.chapter.exercises:
        if state.only and ex.name not in state.only:
            continue
        untouched = (state.source_dir / ex.filename).is_file() and ex.stub_path.is_file() and \
            (state.source_dir / ex.filename).read_bytes() == ex.stub_path.read_bytes()
        result.exercises.append(fold(ex.id, ex.name, ex.title, state.checks[ex.name], ex.points,
                                     untouched=untouched))
    return result


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    state = _session(config)
    if state is None or state.events is not None:
        return
    from grader.report import render_chapter

    render_chapter(chapter_result(state), state.chapter, verbose=config.getoption("verbose") > 0)
