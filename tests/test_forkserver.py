"""Grading processes forked from a server with Keras imported (grader.forkserver) grade as new interpreters do."""

import pytest

from grader import forkserver
from grader.runner import GradeOptions, grade_chapter

pytestmark = pytest.mark.skipif(not forkserver.enabled(), reason="the fork server needs Linux")


def _grade(course, **options):
    result = grade_chapter(course.chapter("ch1"), GradeOptions(solutions=True, device="cpu",
                                                               exercises=["one_hot", "min_max"], **options))
    assert not result.fatal, result.fatal
    assert [ex.status for ex in result.exercises] == ["passed", "passed"], [ex.message for ex in result.exercises]
    return result


def _server_pids():
    return {server.proc.pid for server in forkserver._servers.values() if server.alive()}


def test_one_server_serves_grading_after_grading(course):
    _grade(course)
    first = _server_pids()
    assert first   # a server was started, and is still there for the next grading
    _grade(course)
    assert _server_pids() == first


def test_without_the_server_a_new_interpreter_grades(course, monkeypatch):
    monkeypatch.setenv("KERASCOURSE_FORKSERVER", "0")
    before = dict(forkserver._servers)
    _grade(course)
    assert forkserver._servers == before


def test_a_server_for_another_environment(course):
    _grade(course)
    first = _server_pids()
    _grade(course, extra_env={"KERASCOURSE_TEST_MARK": "1"})   # imports happen with the environment asked for
    assert _server_pids() - first
    assert len(forkserver._servers) <= forkserver.MAX_SERVERS


_RUNNER = '''
import os, signal, sys, threading, time
from pathlib import Path
from grader import forkserver

folder, mode = Path(sys.argv[1]), sys.argv[2]
env = dict(os.environ, KERASCOURSE_TEST_MARK=str(folder))   # a server of its own, started now
key_read, key_write = os.pipe()
os.close(key_write)
with open(folder / "log.txt", "wb") as log:
    if mode == "interrupt":   # Ctrl-C while the server still imports Keras
        threading.Timer(1.0, os.kill, (os.getpid(), signal.SIGINT)).start()
    try:
        proc = forkserver.start_process([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_mark.py"],
                                        env=env, cwd=folder / "cwd", stdout=log, key_fd=key_read)
    except KeyboardInterrupt:
        server, = forkserver._servers.values()
        print("interrupted", server.proc.pid, flush=True)
        sys.exit(130)
    print("started", proc.pid, flush=True)
    while not (folder / "cwd" / "running").exists():
        time.sleep(0.1)
    os.kill(os.getpid(), signal.SIGKILL)   # the runner dies without a word while the grading runs
'''

_TEST_MARK = '''
import os, time
from pathlib import Path

def test_runs():
    Path("running").write_text(str(os.getpid()))
    time.sleep(120)
'''


def _gone(pid, within):
    import time

    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            with open(f"/proc/{pid}/stat") as fh:
                if fh.read().split(") ")[-1].startswith("Z"):
                    return True
        except FileNotFoundError:
            return True
        time.sleep(0.2)
    return False


def _runner(tmp_path, mode):
    import signal
    import subprocess
    import sys
    from pathlib import Path

    (tmp_path / "cwd").mkdir()
    (tmp_path / "cwd" / "test_mark.py").write_text(_TEST_MARK)
    root = Path(forkserver.__file__).resolve().parent.parent
    env = {**__import__("os").environ, "PYTHONPATH": str(root), "KERASCOURSE_FORKSERVER": "1"}
    # SIGINT at its default, as in a terminal (a suite started with `&` by a script ignores it; see test_cli).
    return subprocess.run([sys.executable, "-c", _RUNNER, str(tmp_path), mode], env=env, capture_output=True,
                          text=True, timeout=180, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))


def test_ctrl_c_while_the_server_starts_forks_no_grading(tmp_path):
    proc = _runner(tmp_path, "interrupt")
    assert proc.returncode == 130 and proc.stdout.startswith("interrupted"), proc.stdout + proc.stderr
    server = int(proc.stdout.split()[1])
    # The server finishes its imports, finds the request's runner gone, forks nothing and exits.
    assert _gone(server, within=120)
    import time

    time.sleep(2)
    assert not (tmp_path / "cwd" / "running").exists()


def test_a_grading_does_not_outlive_its_runner(tmp_path):
    proc = _runner(tmp_path, "kill")
    assert proc.returncode == -9 and proc.stdout.startswith("started"), proc.stdout + proc.stderr
    grading = int((tmp_path / "cwd" / "running").read_text())
    assert _gone(grading, within=30)
