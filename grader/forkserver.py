"""Grading processes forked from a server that has already imported Keras and pytest.

Each grading runs pytest in a process of its own, and a new interpreter spends
seconds importing TensorFlow (or JAX, or PyTorch) before the first check. One
grading pays that once; `kerascourse watch`, a notebook's ``check()``, a class
graded with ``--batch`` and this project's tests grade over and over, and paid it
every time, again after every time-out or crash.

So the runner keeps a *fork server* per environment (the backend, the device and
everything else in the child's environment are fixed at import, so they are the
server's key). It imports Keras, pytest and the grader, and nothing else: no
course, no check, no learner code, no key. Each grading process is forked from it:

- it gets its log, its working folder and the pipe its signing key is on (passed
  over a Unix socket), starts a session of its own (the runner kills its whole
  process group), and runs ``pytest.main`` as ``python -m pytest`` would;
- a small waiter process between the two reports its process id and, when it
  ends, its exit status, on a socket of that grading's own.

A server whose grader files changed on disk is not reused, and one idle for
:data:`IDLE_SECONDS` exits. Linux only; elsewhere, with ``KERASCOURSE_FORKSERVER=0``,
or whenever a server cannot be started, the runner starts a new interpreter as before.
"""

from __future__ import annotations

import atexit
import collections
import json
import os
import select
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

_SERVER_MAIN = "import sys; del sys.path[0]; from grader.forkserver import serve; serve(int(sys.argv[1]))"
IDLE_SECONDS = 600      # a server nobody asked for this long exits (it holds a whole TensorFlow in memory)
MAX_SERVERS = 2         # per runner process: a backend and the TensorFlow-pinned exercises' backend

# Set anew for every test by pytest: not a reason for a server of its own (the child gets the value asked for).
VOLATILE = frozenset({"PYTEST_CURRENT_TEST"})

_servers: "collections.OrderedDict[tuple, ForkServer]" = collections.OrderedDict()
_lock = threading.Lock()


def enabled() -> bool:
    return (sys.platform.startswith("linux") and hasattr(os, "fork") and hasattr(socket, "send_fds")
            and os.environ.get("KERASCOURSE_FORKSERVER", "1") != "0")


def start_process(argv: list[str], *, env: dict, cwd: Path, stdout, key_fd: int) -> "ForkedGrading | None":
    """Start ``argv`` (``python -m pytest ...``) as a grading process forked from a server for ``env``.

    ``stdout`` (a file) receives its output and errors; ``key_fd`` is passed to it as the
    ``--kerascourse-key-fd=`` it names. None when it cannot be done: start a new interpreter instead."""
    if not enabled() or argv[1:3] != ["-m", "pytest"]:
        return None
    key = (tuple(sorted((k, v) for k, v in env.items() if k not in VOLATILE)), _code_stamp())
    with _lock:
        server = _servers.pop(key, None)
        if server is None or not server.alive():
            server = ForkServer.start(env)
            if server is None:
                return None
        _servers[key] = server
        while len(_servers) > MAX_SERVERS:
            _servers.popitem(last=False)[1].close(wait=True)
    return server.fork(argv[3:], env, cwd, stdout.fileno(), key_fd)


def _code_stamp() -> tuple:
    """The grader's and the library's files as they are now: a server started before they changed is stale."""
    stamp = []
    for package in ("grader", "kerascourse"):
        folder = Path(__file__).resolve().parent.parent / package
        for path in sorted(folder.glob("*.py")):
            try:
                info = path.stat()
            except OSError:
                continue
            stamp.append((str(path), info.st_mtime_ns, info.st_size))
    return tuple(stamp)


class ForkServer:
    """The runner's handle on one fork server."""

    def __init__(self, proc: subprocess.Popen, sock: socket.socket):
        self.proc = proc
        self.sock = sock
        self.lock = threading.Lock()

    @classmethod
    def start(cls, env: dict) -> "ForkServer | None":
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)   # one message per request
        try:
            # Not `-m`: that would put the current folder (maybe a learner's) first on the import path.
            proc = subprocess.Popen([sys.executable, "-c", _SERVER_MAIN, str(theirs.fileno())], env=env,
                                    stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                    pass_fds=(theirs.fileno(),), start_new_session=True, cwd="/")
        except OSError:
            ours.close()
            return None
        finally:
            theirs.close()
        return cls(proc, ours)

    def alive(self) -> bool:
        return self.proc.poll() is None

    def fork(self, args: list[str], env: dict, cwd: Path, log_fd: int, key_fd: int) -> "ForkedGrading | None":
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            with self.lock:
                socket.send_fds(self.sock, [json.dumps({"args": args, "env": env, "cwd": str(cwd)}).encode()],
                                [theirs.fileno(), log_fd, key_fd])
        except OSError:
            ours.close()
            return None
        finally:
            theirs.close()
        handle = ForkedGrading(ours, args)
        # The server answers once it has imported everything (the first time: seconds), then at once.
        if handle.pid is None:
            return None
        return handle

    def close(self, wait: bool = False) -> None:
        self.sock.close()   # the server reads the end of its socket and exits
        if wait:
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


@atexit.register
def _close_all() -> None:
    with _lock:
        while _servers:
            _servers.popitem()[1].close()


class ForkedGrading:
    """A grading process forked by a server, with the part of :class:`subprocess.Popen` the runner uses."""

    def __init__(self, sock: socket.socket, args):
        self.sock = sock
        self.args = args
        self.returncode: int | None = None
        self._buffer = b""
        self.pid: int | None = None
        try:
            line = self._line(timeout=None)
        except BaseException:   # Ctrl-C while the server imports: the waiter sees the socket close, forks nothing
            self.sock.close()
            raise
        if line is not None and line.startswith(b"pid "):
            self.pid = int(line[4:])
        else:
            self.sock.close()

    def _line(self, timeout: float | None) -> bytes | None:
        """The waiter's next line; None at the end of its socket, b"" when nothing came within ``timeout``."""
        while b"\n" not in self._buffer:
            if timeout is not None and not select.select([self.sock], [], [], timeout)[0]:
                return b""
            try:
                chunk = self.sock.recv(256)
            except OSError:
                chunk = b""
            if not chunk:
                return None
            self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        return line

    def poll(self) -> int | None:
        if self.returncode is None:
            line = self._line(timeout=0)
            if line is None:   # the waiter is gone without a word: count it as killed
                self.returncode = -signal.SIGKILL
            elif line.startswith(b"exit "):
                self.returncode = int(line[5:])
            if self.returncode is not None:
                self.sock.close()
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            left = None if deadline is None else deadline - time.monotonic()
            if left is not None and left <= 0:
                raise subprocess.TimeoutExpired(self.args, timeout)
            select.select([self.sock], [], [], 0.5 if left is None else min(left, 0.5))
        return self.returncode

    def kill(self) -> None:
        if self.returncode is None:
            try:
                os.killpg(self.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass


# ---------------------------------------------------------------------------------------------- the server

def _preload() -> None:
    """What every grading process imports before its first check; nothing that runs or reads the course."""
    import keras  # noqa: F401 - the backend named by KERAS_BACKEND, with its TensorFlow/JAX/PyTorch
    import numpy  # noqa: F401
    import pytest  # noqa: F401
    from _pytest import config, main, python, runner  # noqa: F401

    import grader.checks  # noqa: F401
    import grader.plugin  # noqa: F401
    import grader.remote  # noqa: F401
    import grader.spawner  # noqa: F401
    import grader.worker  # noqa: F401

    try:
        import hypothesis  # noqa: F401
    except ImportError:
        pass


def serve(fd: int) -> None:
    sock = socket.socket(fileno=fd)
    try:
        _preload()
    except BaseException:  # noqa: BLE001 - the runner sees the socket close and starts interpreters instead
        return
    signal.signal(signal.SIGINT, signal.SIG_IGN)    # Ctrl-C is the runner's to handle
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)   # the waiters are reaped by the kernel
    sock.settimeout(IDLE_SECONDS)
    while True:
        try:
            message, fds, _, _ = socket.recv_fds(sock, 1 << 16, 3)
        except (TimeoutError, OSError):
            return
        if not message or len(fds) != 3:
            return
        request = json.loads(message)
        waiter = os.fork()
        if waiter == 0:
            try:
                sock.close()
                _wait_for(request, *fds)
            finally:
                os._exit(0)
        for fd in fds:
            os.close(fd)


def _wait_for(request: dict, status_fd: int, log_fd: int, key_fd: int) -> None:
    """The waiter: fork the grading process, say its id, then how it ended.

    The grading never outlives the runner's interest in it: if the runner closes its end of the
    status socket (Ctrl-C while the server was still importing, or the runner was killed), the
    waiter forks nothing, or kills what it forked."""
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    status = socket.socket(fileno=status_fd)
    if _hung_up(status, timeout=0):
        return
    child = os.fork()
    if child == 0:
        try:
            status.close()
            _run_grading(request, log_fd, key_fd)
        finally:
            os._exit(1)   # only if it failed before pytest ran: never return into the waiter's code
    os.close(log_fd)
    os.close(key_fd)
    try:
        status.sendall(f"pid {child}\n".encode())
    except OSError:
        _kill_grading(child)
    code = _wait_or_hang_up(child, status)
    try:
        status.sendall(f"exit {os.waitstatus_to_exitcode(code)}\n".encode())
    except OSError:
        pass


def _hung_up(sock: socket.socket, timeout: float | None) -> bool:
    """Whether the runner closed its end of ``sock`` (it never writes to it: readable means closed)."""
    return bool(select.select([sock], [], [], timeout)[0])


def _kill_grading(pid: int) -> None:
    for kill in (os.killpg, os.kill):   # its process group once it has one (its learner processes too)
        try:
            kill(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


def _wait_or_hang_up(child: int, status: socket.socket) -> int:
    """The grading's wait status; kills it first if the runner goes away while it runs."""
    try:
        pidfd = os.pidfd_open(child)
    except (AttributeError, OSError):   # kernels before 5.3: wait without watching the runner
        return os.waitpid(child, 0)[1]
    try:
        if pidfd not in select.select([pidfd, status], [], [])[0]:   # the runner hung up first
            _kill_grading(child)
    finally:
        os.close(pidfd)
    return os.waitpid(child, 0)[1]


def _run_grading(request: dict, log_fd: int, key_fd: int) -> None:
    """In the new grading process: stand where ``python -m pytest ...`` would, then run pytest."""
    from grader.spawner import become_new_process

    os.setsid()   # a process group of its own: the runner kills it whole
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    args = [f"--kerascourse-key-fd={key_fd}" if a.startswith("--kerascourse-key-fd=") else a
            for a in request["args"]]
    sys.path.insert(0, request["cwd"])   # as `python -m pytest` run there would have it

    def run_pytest():
        import pytest

        import grader.plugin

        grader.plugin.set_log_fd(os.dup(2))   # where the learner processes it forks will print
        return int(pytest.main(args))

    become_new_process(os.open(os.devnull, os.O_RDONLY), log_fd, log_fd, [sys.executable, "-m", "pytest", *args],
                       run_pytest)


