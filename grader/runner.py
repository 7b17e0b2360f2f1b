"""Run a chapter's checks in a separate Python process that learner code cannot break.

The reporter (this process) starts ``pytest`` with the kerascourse plugin in a
child process and reads the events it streams. Whatever the learner's code does
there, the run ends in a report:

- an exercise that runs past its time limit is killed and marked ``timed out``;
- a process that uses more memory than the limit is killed: ``error``;
- a process that dies (``os._exit``, ``os.abort``, a segfault) marks the exercise
  it was running as ``error``;

and in each case a new process grades the exercises that were still to come.
The child runs in a scratch folder, with bytecode writing off, so grading never
writes into the learner's workspace.

The child's ``KERAS_BACKEND`` is the backend asked for (``--backend``, else the
``KERAS_BACKEND`` of this process, else TensorFlow). Exercises that are TensorFlow
by nature (``backend = "tensorflow"`` in ``chapter.toml``) are graded in a child of
their own with TensorFlow, side by side with the first, and the result says so in a note.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from grader import forkserver
from grader.course import BACKEND_NAMES
from grader.explain import crash_message
from grader.results import ERROR, TIMED_OUT, ChapterResult, CheckResult, fold

DEFAULT_BACKEND = "tensorflow"

DEFAULT_TIMEOUT = 60.0        # seconds per exercise, from its first check to its last
DEFAULT_MEMORY_LIMIT = 6.0    # GB of resident memory for the grading process
POLL_SECONDS = 0.05
LEARNER_START_LIMIT = 300.0   # seconds for a learner process to start (import TensorFlow) on a slow machine


@dataclass
class GradeOptions:
    solutions: bool = False
    workspace: Path | None = None
    exercises: list[str] | None = None
    device: str = "auto"                  # auto | cpu | gpu
    timeout: float | None = None          # None: the chapter's own, or DEFAULT_TIMEOUT
    memory_limit_gb: float = DEFAULT_MEMORY_LIMIT
    verbose: bool = False
    extra_env: dict = field(default_factory=dict)
    backend: str | None = None            # tensorflow | jax | torch; None: $KERAS_BACKEND, else tensorflow


# The Keras backends the course is graded on, and the module each needs.
BACKEND_MODULES = {"tensorflow": "tensorflow", "jax": "jax", "torch": "torch"}


def backend_installed(backend: str) -> bool:
    """Whether ``backend``'s package can be imported here (found, not imported: that takes seconds)."""
    import importlib.util

    module = BACKEND_MODULES.get(backend)
    return module is not None and importlib.util.find_spec(module) is not None


def resolve_backend(flag: str | None) -> str:
    """The Keras backend asked for: ``flag`` (--backend), else $KERAS_BACKEND, else TensorFlow."""
    return flag or os.environ.get("KERAS_BACKEND") or DEFAULT_BACKEND


def requested_backend(options: GradeOptions) -> str:
    """The Keras backend a grading run asks for (see :func:`resolve_backend`)."""
    return resolve_backend(options.backend)


def backend_groups(chapter, names: list[str], wanted: str) -> list[tuple[str, list[str]]]:
    """``names`` split by the backend each is graded with: ``wanted`` first, then the pinned ones.

    An exercise pinned in ``chapter.toml`` (``backend = "tensorflow"``) keeps its backend
    whatever was asked for; every other one runs on ``wanted``.
    """
    groups: dict[str, list[str]] = {wanted: []}
    for name in names:
        groups.setdefault(chapter.exercise(name).backend or wanted, []).append(name)
    return [(backend, group) for backend, group in groups.items() if group]


def backend_note(chapter, wanted: str, groups: list[tuple[str, list[str]]]) -> str:
    """One sentence for the report when some exercises were not graded with the backend asked for."""
    pinned = [(backend, names) for backend, names in groups if backend != wanted]
    if not pinned:
        return ""
    parts = []
    for backend, names in pinned:
        if chapter.backend == backend:
            what = f"{chapter.id} is"
        else:
            ids = ", ".join(f"{chapter.id}.{name}" for name in names)
            what = f"{ids} {'is' if len(names) == 1 else 'are'}"
        parts.append(f"{what} {BACKEND_NAMES.get(backend, backend)} by nature (tf.GradientTape, tf.Variable), "
                     f"so graded with {BACKEND_NAMES.get(backend, backend)}")
    return "; ".join(parts) + f", not {BACKEND_NAMES.get(wanted, wanted)}."


class ForgedEvents(Exception):
    """A line of the results channel was not written by the grader (a bad signature, or lines missing)."""


class _EventReader:
    """Reads the JSON lines a child appends, a whole line at a time.

    With a ``key``, every line must be ``<signature> <json>``: the HMAC-SHA256 of the JSON under the
    run's key, which only the grading process was given (see grader.plugin), and events numbered 0, 1,
    2, ... with none missing. The first line that is not is kept in ``forged`` (why), and nothing after
    it is read.
    """

    def __init__(self, path: Path, key: bytes | None = None):
        self.path = path
        self.offset = 0
        self.partial = b""
        self.key = key
        self.expected = 0
        self.forged = ""

    def read(self) -> list[dict]:
        if self.forged:
            return []
        try:
            with open(self.path, "rb") as fh:
                fh.seek(self.offset)
                data = fh.read()
        except FileNotFoundError:
            return []
        self.offset += len(data)
        data = self.partial + data
        lines = data.split(b"\n")
        self.partial = lines.pop()
        events = []
        for line in lines:
            if self.key is not None:
                try:
                    events.append(self._verified(line))
                except ForgedEvents as exc:
                    self.forged = str(exc)
                    break
                continue
            try:
                events.append(json.loads(line))
            except ValueError:
                continue
        return events

    def _verified(self, line: bytes) -> dict:
        import hmac

        signature, _, body = line.partition(b" ")
        expected = hmac.new(self.key, body, "sha256").hexdigest().encode()
        if not hmac.compare_digest(signature, expected):
            raise ForgedEvents("a result line that the grader did not write")
        try:
            event = json.loads(body)
        except ValueError:
            raise ForgedEvents("a result line that is not JSON") from None
        if event.get("n") != self.expected:
            raise ForgedEvents(f"result lines missing or repeated (line {event.get('n')} after {self.expected - 1})")
        self.expected += 1
        return event


def _rss_each(pid: int) -> list[int]:
    """Resident memory of a process and of each of its children, one number per process."""
    sizes, todo, seen = [], [pid], set()
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        try:
            with open(f"/proc/{current}/status", encoding="ascii", errors="replace") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        sizes.append(int(line.split()[1]) * 1024)
                        break
            with open(f"/proc/{current}/task/{current}/children", encoding="ascii") as fh:
                todo.extend(int(child) for child in fh.read().split())
        except (OSError, ValueError):
            continue
    return sizes


def _over_memory(pid: int, limit_gb: float, isolated: bool) -> bool:
    """Whether the grading used more memory than allowed. With the learner's code in a process of its own
    (two processes, each with its own TensorFlow), the limit holds for each process and twice the limit for all."""
    sizes = _rss_each(pid)
    if not isolated:
        return sum(sizes) > limit_gb * 1e9
    return max(sizes, default=0) > limit_gb * 1e9 or sum(sizes) > 2 * limit_gb * 1e9


def _kill(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError, AttributeError):
        proc.kill()
    proc.wait()


def child_environment(options: GradeOptions, backend: str | None = None) -> dict:
    """The grading child's environment; ``backend`` (default: the one asked for) becomes KERAS_BACKEND."""
    env = dict(os.environ)
    env.update(
        PYTEST_DISABLE_PLUGIN_AUTOLOAD="1",   # only our plugin: nothing else can interfere
        PYTHONDONTWRITEBYTECODE="1",          # no __pycache__ in the learner's folder
        PYTHONHASHSEED="0",
        TF_CPP_MIN_LOG_LEVEL=env.get("TF_CPP_MIN_LOG_LEVEL", "2"),
        KERAS_BACKEND=backend or requested_backend(options),
        PYTHONIOENCODING="utf-8",
    )
    # NumPy asks for transparent huge pages for big arrays; where the kernel must compact memory to find
    # them (virtual machines often), each first touch stalls: copying VGG16's 553 MB of weights between
    # the grading and the learner process took 7 s instead of 0.6 s. Left alone if the user set it.
    env.setdefault("NUMPY_MADVISE_HUGEPAGE", "0")
    if env["KERAS_BACKEND"] == "jax":
        _jax_compile_cache(env)
    env.pop("KERASCOURSE_REQUIRE_GPU", None)
    if options.device == "cpu":
        env["CUDA_VISIBLE_DEVICES"] = "-1"   # hide GPUs before TensorFlow (or JAX, or torch) is imported
        env["JAX_PLATFORMS"] = "cpu"         # JAX otherwise warns that it looked for a GPU
    elif options.device == "gpu":
        env["KERASCOURSE_REQUIRE_GPU"] = "1"
    # The grader package must be importable in the child even from a bare checkout.
    grader_root = str(Path(__file__).resolve().parent.parent)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (grader_root, env.get("PYTHONPATH", "")) if p)
    env.update(options.extra_env)
    return env


def jax_cache_dir() -> Path:
    """Where JAX keeps the programs it compiled for grading runs (shared by every run of this user)."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "kerascourse" / "jax"


def _jax_compile_cache(env: dict) -> None:
    """Let the JAX child reuse what earlier grading runs compiled.

    JAX compiles each operation for each new shape with XLA, even a weight
    initialiser's random draw: about a second each on a laptop CPU, so building
    VGG16 or a CIFAR network costs tens of seconds the first time. Kept on disk,
    a re-grade loads them instead. A cache the user configured is left alone.
    """
    env.setdefault("JAX_COMPILATION_CACHE_DIR", str(jax_cache_dir()))
    env.setdefault("JAX_PERSISTENT_CACHE_MIN_COMPILE_TIME_SECS", "0")  # small ones add up (hypothesis)
    env.setdefault("JAX_COMPILATION_CACHE_MAX_SIZE", str(1 << 30))  # bytes; JAX evicts the oldest beyond
    # The classic threefry lowering compiles in about half the time of the partitionable one
    # (which only pays off when arrays are sharded over several devices).
    env.setdefault("JAX_THREEFRY_PARTITIONABLE", "0")


def _command(chapter, options: GradeOptions, names: list[str], events: Path) -> list[str]:
    cmd = [sys.executable, "-m", "pytest", str(chapter.tests_dir),
           "-p", "grader.plugin", "-p", "no:cacheprovider", "-p", "no:randomly",
           "-q", "--no-header", "--tb=no", "-o", "addopts=", "-o", "console_output_style=classic",
           f"--rootdir={chapter.pack.grader}",
           f"--kerascourse-chapter={chapter.id}", f"--kerascourse-events={events}",
           f"--kerascourse-exercises={','.join(names)}"]
    if options.solutions:
        cmd.append("--kerascourse-solutions")
    else:
        cmd.append(f"--kerascourse-workspace={options.workspace}")
    return cmd


@dataclass
class _Run:
    """What a grading run has gathered so far, across its child processes."""

    result: ChapterResult
    checks: dict[str, list[CheckResult]]
    overrides: dict[str, tuple[str, str]] = field(default_factory=dict)
    durations: dict[str, float] = field(default_factory=dict)
    attempt: int = 0
    stop: threading.Event = field(default_factory=threading.Event)   # set: every child is stopped
    fingerprint: object = None   # grader.tamper.Fingerprint of the grader's own files, taken before grading
    lock: threading.Lock = field(default_factory=threading.Lock)

    def forged(self, exercise: str | None, why: str) -> None:
        """The results channel held lines the grader did not write: ``exercise`` is an error, the run stops."""
        from grader.tamper import FORGED

        with self.lock:
            if exercise is not None:
                self.overrides[exercise] = (ERROR, f"{FORGED} ({why})")
            if not self.result.fatal:
                self.result.fatal = f"grading stopped: {FORGED} ({why})" + (f" while grading {exercise}" if exercise else "")
            self.stop.set()

    def tampered(self, exercise: str | None, changed: list[str] | None = None) -> bool:
        """Whether the grader's files changed (``changed``: as the grading process found them, else as
        this process finds them now); if so ``exercise`` is an error and the whole run stops."""
        from grader.tamper import tamper_message

        with self.lock:
            if changed is None:
                changed = self.fingerprint.changed() if self.fingerprint is not None else []
            if not changed:
                return False
            if exercise is not None and exercise not in self.overrides:
                self.overrides[exercise] = (ERROR, tamper_message(changed))
            if not self.result.fatal:
                self.result.fatal = (f"grading stopped: {tamper_message(changed)}"
                                     + (f" (while grading {exercise})" if exercise else ""))
            self.stop.set()
            return True


def grade_chapter(chapter, options: GradeOptions, on_event=None) -> ChapterResult:
    """Grade one chapter in child processes and fold the results.

    ``on_event(event: dict)`` is called for every event (for a progress display).
    """
    started = time.monotonic()
    workspace_label = str(chapter.pack.solutions if options.solutions else options.workspace)
    result = ChapterResult(chapter=chapter.id, title=chapter.title, workspace=workspace_label)
    wanted = options.exercises or [ex.name for ex in chapter.exercises]
    order = [ex.name for ex in chapter.exercises if ex.name in wanted]
    from grader.tamper import Fingerprint, grader_roots

    run = _Run(result, checks={name: [] for name in order}, durations={name: 0.0 for name in order},
               fingerprint=Fingerprint(grader_roots(chapter), exclude=options.workspace))
    wanted_backend = requested_backend(options)
    by_backend = backend_groups(chapter, order, wanted_backend)
    graded_with = {name: backend for backend, names in by_backend for name in names}
    note = backend_note(chapter, wanted_backend, by_backend)
    # Exercises whose code runs in a process of its own and those that run inline never share a child.
    groups = [(backend, [n for n in names if chapter.exercise(n).isolation == isolation])
              for backend, names in by_backend for isolation in ("process", "inline")]
    groups = [(backend, names) for backend, names in groups if names]
    if note:
        result.notes.append(note)
    # The report's backend: the first group's (the one asked for, unless every exercise is pinned).
    result.backend = groups[0][0] if groups else wanted_backend

    with tempfile.TemporaryDirectory(prefix="kerascourse-grade-") as scratch:
        # Groups grade different exercises in children of their own: run them side by side, so the
        # TensorFlow-pinned ones do not add a whole child's start-up to the chapter's time.
        folders = [Path(scratch) / f"{backend}-{index}" for index, (backend, _) in enumerate(groups)]
        for folder in folders:
            folder.mkdir()
        if len(groups) <= 1:
            for (backend, names), folder in zip(groups, folders):
                _grade_group(chapter, options, backend, names, folder, run, on_event, main=True)
        else:
            pool = ThreadPoolExecutor(max_workers=len(groups))
            futures = [pool.submit(_grade_group, chapter, options, backend, names, folder, run, on_event,
                                   main=index == 0)
                       for index, ((backend, names), folder) in enumerate(zip(groups, folders))]
            try:
                for future in futures:
                    future.result()
            except BaseException:  # Ctrl-C: the other group's child is stopped too
                run.stop.set()
                raise
            finally:
                pool.shutdown(wait=True)

    for ex in chapter.exercises:
        if ex.name not in run.checks:
            continue
        untouched = not options.solutions and _same_file(options.workspace / chapter.relative_dir / ex.filename,
                                                         ex.stub_path)
        folded = fold(ex.id, ex.name, ex.title, run.checks[ex.name], ex.points,
                      override=run.overrides.get(ex.name), duration=run.durations.get(ex.name, 0.0),
                      untouched=untouched)
        folded.backend = graded_with.get(ex.name, "")
        result.exercises.append(folded)
    result.duration = time.monotonic() - started
    return result


def _grade_group(chapter, options: GradeOptions, backend: str, names: list[str], scratch: Path, run: _Run,
                 on_event, main: bool) -> None:
    """Grade ``names`` with one Keras backend, starting a new child after each time-out or crash.

    ``main``: this is the group of the backend the report shows (its session event sets device and versions).
    """
    result = run.result
    remaining = list(names)
    while remaining:
        run.attempt += 1
        attempt = run.attempt
        events_path = scratch / f"events-{attempt}.jsonl"
        log = open(scratch / f"log-{attempt}.txt", "wb")
        run_dir = scratch / f"cwd-{attempt}"
        run_dir.mkdir()
        # The key that signs the results channel goes through a pipe only the child is given, read once at start.
        key = secrets.token_hex(32)
        key_read, key_write = os.pipe()
        os.write(key_write, key.encode())
        os.close(key_write)
        try:
            argv = [*_command(chapter, options, remaining, events_path), f"--kerascourse-key-fd={key_read}"]
            env = child_environment(options, backend)
            # Forked from a server that has Keras imported (grader.forkserver), else a new interpreter.
            proc = forkserver.start_process(argv, env=env, cwd=run_dir, stdout=log, key_fd=key_read)
            if proc is None:
                proc = subprocess.Popen(argv, cwd=run_dir, env=env, stdout=log, stderr=subprocess.STDOUT,
                                        stdin=subprocess.DEVNULL, start_new_session=True, pass_fds=(key_read,))
        finally:
            os.close(key_read)
        reader = _EventReader(events_path, key=key.encode())
        current, current_since, running_check = None, 0.0, None
        starting_since = None   # the learner process is starting: its start-up is not the exercise's time
        seen: list[str] = []
        finished, stopped_by_us = False, None
        try:
            while True:
                returncode = proc.poll()
                for event in reader.read():
                    kind = event.get("event")
                    if on_event is not None:
                        on_event(event)
                    if kind == "session":
                        if main:
                            result.device = event.get("device", result.device)
                            result.backend = event.get("backend", result.backend)
                            result.keras_version = event.get("keras_version", "")
                    elif kind == "check_start":
                        running_check = event.get("check")
                        if event.get("exercise") != current:
                            if current is not None:
                                run.durations[current] += time.monotonic() - current_since
                            current, current_since = event.get("exercise"), time.monotonic()
                            seen.append(current)
                    elif kind == "check":
                        name = event.pop("exercise")
                        event.pop("event")
                        event.pop("n", None)
                        run.checks.setdefault(name, []).append(CheckResult(**event))
                        running_check = None
                    elif kind == "fatal":
                        result.fatal = event.get("message", "the grader stopped")
                    elif kind == "session_end":
                        finished = True
                    elif kind == "tampered":
                        # The grading process compared the grader's files after an exercise, before the
                        # next one ran: it knows which one changed them.
                        run.tampered(event.get("exercise"), [str(f) for f in event.get("files", [])] or ["?"])
                        current = None
                        break
                    elif kind == "learner_process":
                        if event.get("phase") == "starting":
                            starting_since = time.monotonic()
                        elif starting_since is not None:
                            current_since += time.monotonic() - starting_since
                            starting_since = None
                if reader.forged:
                    run.forged(current, reader.forged)
                    current = None
                    break
                if returncode is not None:
                    break
                limit = _timeout_for(chapter, current, options)
                if starting_since is not None:
                    if time.monotonic() - starting_since > LEARNER_START_LIMIT:
                        stopped_by_us = (ERROR, f"the process that runs your code did not start within "
                                                f"{LEARNER_START_LIMIT:g} s (is the machine out of memory?)")
                        break
                elif current is not None and time.monotonic() - current_since > limit:
                    stopped_by_us = (TIMED_OUT, f"still running after {limit:g} s: an infinite loop, "
                                                f"or far too much work (training too long?)")
                    break
                if options.memory_limit_gb and _over_memory(proc.pid, options.memory_limit_gb,
                                                            chapter.exercise(names[0]).isolation == "process"):
                    stopped_by_us = (ERROR, f"used more than {options.memory_limit_gb:g} GB of memory: "
                                            f"an array far too big, or a list that grows forever?")
                    break
                if run.stop.is_set():
                    if result.fatal:   # the other group found the grader's files changed
                        break
                    raise KeyboardInterrupt
                time.sleep(POLL_SECONDS)
        except BaseException:
            _kill(proc)
            log.close()
            raise
        if proc.poll() is None:
            _kill(proc)
        log.close()
        if current is not None:
            run.durations[current] += time.monotonic() - current_since
        if result.fatal or run.tampered(current):
            return
        if finished and stopped_by_us is None and proc.returncode in (0, 1, 5):
            return
        if current is None:
            # Died before any check started: nothing of the learner's ran yet.
            tail = (scratch / f"log-{attempt}.txt").read_text(errors="replace")[-2000:]
            result.fatal = (f"the grading process ({backend} backend) stopped before the first check "
                            f"(exit code {proc.returncode}). Its last words:\n{tail.strip()}")
            return
        during = f" during the check `{running_check}`" if running_check else ""
        run.overrides[current] = stopped_by_us or (ERROR, crash_message(proc.returncode, during))
        remaining = [name for name in remaining if name not in seen]


def _same_file(a: Path, b: Path) -> bool:
    try:
        return Path(a).read_bytes() == Path(b).read_bytes()
    except OSError:
        return False


def _timeout_for(chapter, name: str | None, options: GradeOptions) -> float:
    if options.timeout is not None:
        return options.timeout
    if name is not None:
        try:
            own = chapter.exercise(name).timeout
        except Exception:  # noqa: BLE001
            own = None
        if own:
            return own
    return DEFAULT_TIMEOUT
