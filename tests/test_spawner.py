"""Learner processes forked by the spawner (grader.spawner) behave like `python -m grader.worker`."""

import subprocess
import sys
import textwrap

import pytest

from grader import spawner

pytestmark = pytest.mark.skipif(not spawner.supported(), reason="the spawner needs Linux")

SCRIPT = textwrap.dedent('''
    import os, sys
    from grader.pack import PACK
    from grader.spawner import Spawner

    spawner = Spawner.start(os.dup(2))
    assert spawner is not None

    # A learner process, waiting for the grader's requests: a child of this process, not of the spawner.
    root = str(PACK.solutions)
    proc = spawner.spawn(["--chapter=ch1", f"--root={root}", f"--source-dir={root}/ch1", "--solutions"])
    stat = open(f"/proc/{proc.pid}/stat").read()
    print("parent", int(stat.rsplit(")", 1)[1].split()[1]) == os.getpid())
    print("running", proc.poll())
    proc.stdin.close()                      # the grader is done: the worker's loop ends
    print("ended", proc.wait(timeout=60))

    # What `python -m grader.worker` exits with when its arguments are wrong: argparse's 2.
    bad = spawner.spawn(["--no-such-option"])
    print("bad", bad.wait(timeout=60))

    # One that is killed reports the signal, as subprocess does.
    proc = spawner.spawn(["--chapter=ch1", f"--root={root}", f"--source-dir={root}/ch1", "--solutions"])
    proc.kill()
    print("killed", proc.wait(timeout=60))

    spawner.close()
    print("after close", spawner.spawn(["--chapter=ch1"]))
''')


def test_forked_learner_processes():
    out = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split("\n")[:-1] == ["parent True", "running None", "ended 0", "bad 2", "killed -9",
                                           "after close None"], (out.stdout, out.stderr)
    assert "the following arguments are required" in out.stderr   # its complaint reached the log
