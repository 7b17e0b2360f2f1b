"""Learner processes forked from a process that has already imported Keras.

Importing TensorFlow costs seconds of CPU (and hundreds of MB of page faults), and
a grading with ``isolation = "process"`` needs a learner process: one at the start,
another after every crash. Starting each as a new interpreter paid that import
twice per grading, once here and once there.

So the grading process imports Keras, then forks a *spawner* before it has read
its signing key, opened the results channel or imported a single check. The
spawner does nothing but fork learner processes from that clean state, on
request, over a Unix socket. Each learner process:

- is handed its two pipes (requests in, answers out) over the socket;
- is re-parented to the grading process (a Linux "child subreaper"), so the
  grading process waits for it, polls it and kills it as its own child;
- has nothing of the checks, the key or the results in its memory: none of them
  existed when the spawner was forked.

Linux only (``os.fork``, ``socket.send_fds``, ``prctl``); elsewhere, and whenever
the spawner cannot start, :class:`grader.remote.LearnerProcess` starts a new
interpreter as before.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time

_PR_SET_CHILD_SUBREAPER = 36


def supported() -> bool:
    return sys.platform.startswith("linux") and hasattr(os, "fork") and hasattr(socket, "send_fds")


class Spawner:
    """The grading process's handle on its spawner process."""

    def __init__(self, pid: int, sock: socket.socket):
        self.pid = pid
        self.sock = sock

    @classmethod
    def start(cls, stderr_fd: int, close_fds=()) -> "Spawner | None":
        """Fork the spawner now (call it after importing Keras, before anything secret exists here).

        ``stderr_fd`` is where learner processes print (the grading log); ``close_fds`` are closed in the
        spawner straight away (the pipe the signing key is on). None where it cannot be done."""
        if not supported():
            return None
        try:
            import ctypes

            if ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
                return None
        except (OSError, AttributeError):
            return None
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)   # one message per request
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:   # the spawner
            code = 0
            try:
                ours.close()
                for fd in close_fds:
                    try:
                        os.close(fd)
                    except OSError:
                        pass
                _serve(theirs, stderr_fd)
            except BaseException:  # noqa: BLE001 - whatever happens, never return into the grading process
                code = 1
            finally:
                os._exit(code)
        theirs.close()
        return cls(pid, ours)

    def spawn(self, argv: list[str]) -> "ForkedProcess | None":
        """A new learner process running ``python -m grader.worker *argv``; None if the spawner is gone."""
        to_learner_r, to_learner_w = os.pipe()
        from_learner_r, from_learner_w = os.pipe()
        try:
            socket.send_fds(self.sock, [json.dumps(argv).encode()], [to_learner_r, from_learner_w])
            answer = b""
            while not answer.endswith(b"\n"):
                chunk = self.sock.recv(64)
                if not chunk:
                    raise OSError("the spawner stopped")
                answer += chunk
            pid = int(answer)
        except (OSError, ValueError):
            for fd in (to_learner_r, to_learner_w, from_learner_r, from_learner_w):
                os.close(fd)
            return None
        os.close(to_learner_r)
        os.close(from_learner_w)
        if pid <= 0:
            os.close(to_learner_w)
            os.close(from_learner_r)
            return None
        return ForkedProcess(pid, argv, os.fdopen(to_learner_w, "wb"), os.fdopen(from_learner_r, "rb"))

    def close(self) -> None:
        self.sock.close()   # the spawner reads the end of its socket and exits
        try:
            os.waitpid(self.pid, 0)
        except ChildProcessError:
            pass


class ForkedProcess:
    """A learner process made by the spawner, with the part of :class:`subprocess.Popen` the grader uses."""

    def __init__(self, pid: int, args, stdin, stdout):
        self.pid = pid
        self.args = args
        self.stdin = stdin
        self.stdout = stdout
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None:
            try:
                pid, status = os.waitpid(self.pid, os.WNOHANG)
            except ChildProcessError:   # not ours to wait for: someone else reaped it
                self.returncode = -signal.SIGKILL
                return self.returncode
            if pid:
                self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        delay = 0.001
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(self.args, timeout)
            time.sleep(delay)
            delay = min(delay * 2, 0.05)
        return self.returncode

    def kill(self) -> None:
        if self.returncode is None:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


def _serve(sock: socket.socket, stderr_fd: int) -> None:
    """The spawner's loop: one learner process per request, until the grading process closes the socket."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)   # Ctrl-C is the grading process's to handle
    while True:
        message, fds, _, _ = socket.recv_fds(sock, 1 << 16, 2)
        if not message:
            return
        argv = json.loads(message)
        report_r, report_w = os.pipe()
        middle = os.fork()
        if middle == 0:
            # Fork twice: once this middle process exits, the learner process belongs to the grading process.
            learner = os.fork()
            if learner == 0:
                try:
                    os.close(report_r)
                    os.close(report_w)
                    _run_learner(argv, fds, stderr_fd, sock)
                finally:
                    os._exit(1)   # only if it failed before serving: never return into the spawner's code
            os.write(report_w, str(learner).encode())
            os._exit(0)
        os.close(report_w)
        pid = os.read(report_r, 64) or b"0"
        os.close(report_r)
        os.waitpid(middle, 0)   # now the learner process is the grading process's child
        for fd in fds:
            os.close(fd)
        sock.sendall(pid + b"\n")


def _run_learner(argv: list[str], fds: list[int], stderr_fd: int, sock: socket.socket) -> None:
    """In the new learner process: stand where ``python -m grader.worker`` would, then serve."""
    sock.close()

    def serve():
        from grader import worker

        return worker.main(argv)

    become_new_process(fds[0], fds[1], stderr_fd, [sys.executable, "-m", "grader.worker", *argv], serve)


def become_new_process(stdin_fd: int, stdout_fd: int, stderr_fd: int, argv: list[str], main) -> None:
    """In a process just forked: take these descriptors as stdin, stdout and stderr, and ``argv`` as
    ``sys.argv``, as a new interpreter started that way would have them; run ``main()``; exit with what
    that interpreter would have exited with (``main``'s return value, a SystemExit's code, 1 for an
    exception, printed). Never returns: the forking process's own clean-up must not run here."""
    import random
    import traceback

    code = 1
    try:
        signal.signal(signal.SIGINT, signal.default_int_handler)
        for target, fd in ((0, stdin_fd), (1, stdout_fd), (2, stderr_fd)):
            os.dup2(fd, target)
        for fd in {stdin_fd, stdout_fd, stderr_fd}:
            if fd > 2:
                os.close(fd)
        sys.stdin = open(0, encoding="utf-8", closefd=False)
        sys.stdout = open(1, "w", encoding="utf-8", errors="backslashreplace", buffering=1, closefd=False)
        sys.stderr = open(2, "w", encoding="utf-8", errors="backslashreplace", buffering=1, closefd=False)
        sys.__stdin__, sys.__stdout__, sys.__stderr__ = sys.stdin, sys.stdout, sys.stderr
        sys.argv = list(argv)
        random.seed()   # a new interpreter would have fresh entropy
        try:
            code = main()
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
            if exc.code is not None and not isinstance(exc.code, int):
                print(exc.code, file=sys.stderr)
        except BaseException:  # noqa: BLE001 - printed, as the interpreter would
            traceback.print_exc()
            code = 1
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except BaseException:  # noqa: BLE001
                pass
        os._exit(int(code or 0))
