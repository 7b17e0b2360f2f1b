"""The command line keeps its contract: fast commands, no lost work, documented outputs and exit codes."""

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

STATUSES = {"passed", "failed", "not attempted", "error", "timed out"}


def _python(code: str, **env):
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={**os.environ, **env}, timeout=120)


@pytest.mark.parametrize("argv", [["--help"], ["list"], ["hint", "ch1.one_hot"], ["init", "{tmp}/ws"],
                                  ["lesson", "ch1", "--no-pager"]])
def test_light_commands_never_import_tensorflow(argv, tmp_path):
    argv = [a.replace("{tmp}", str(tmp_path)) for a in argv]
    code = ("import sys\nfrom grader.cli import main\n"
            f"try:\n    main({argv!r})\nexcept SystemExit:\n    pass\n"
            "heavy = [m for m in ('tensorflow', 'keras', 'sklearn', 'pandas') if m in sys.modules]\n"
            "print('HEAVY', heavy)")
    out = _python(code, COLUMNS="120")
    assert "HEAVY []" in out.stdout, out.stdout[-500:] + out.stderr[-2000:]


def test_init_creates_stubs_and_never_overwrites(run_cli, tmp_path, course):
    ws = tmp_path / "ws"
    code, out, _ = run_cli("init", ws)
    assert code == 0 and "Created a workspace" in out
    chapter = course.chapter("ch1")
    mine = ws / "ch1" / "one_hot.py"
    assert mine.read_text() == chapter.exercise("one_hot").stub_path.read_text()
    mine.write_text("# my work\n")
    (ws / "ch1" / "slicing.py").unlink()          # as if the course gained a new exercise
    code, out, _ = run_cli("init", ws)
    assert code == 0 and "Added 1 new exercise" in out
    assert mine.read_text() == "# my work\n"
    assert (ws / "ch1" / "slicing.py").is_file()
    assert (ws / ".kerascourse.toml").read_text().count("course_version") == 1


def test_list_shows_progress_and_new_exercises(run_cli, tmp_path):
    ws = tmp_path / "ws"
    run_cli("init", ws)
    (ws / "ch1" / "slicing.py").unlink()
    (ws / "ch1" / "one_hot.py").write_text("# started\n")
    code, out, _ = run_cli("list", cwd=ws)
    assert code == 0
    assert "not attempted" in out and "changed, not graded" in out and "missing" in out
    assert "1 new exercise(s) available" in out and f"kerascourse init {ws}" in out
    assert "0/10 passed" in out


def test_reset_keeps_a_backup(run_cli, tmp_path, course):
    ws = tmp_path / "ws"
    run_cli("init", ws)
    mine = ws / "ch1" / "one_hot.py"
    mine.write_text("def one_hot(labels, num_classes=None):\n    return 42\n")
    code, out, _ = run_cli("reset", "ch1.one_hot", cwd=ws)
    assert code == 0
    backups = list((ws / ".kerascourse" / "backups" / "ch1").glob("one_hot.*.py"))
    assert len(backups) == 1 and backups[0].read_text().endswith("return 42\n")
    assert str(backups[0]) in out.replace("\n", "")
    assert mine.read_text() == course.exercise("ch1.one_hot").stub_path.read_text()
    run_cli("reset", "ch1.one_hot", cwd=ws)   # a second reset within the same second keeps both
    assert len(list((ws / ".kerascourse" / "backups" / "ch1").glob("one_hot.*.py"))) == 2


def test_hint_goes_from_gentle_to_explicit(run_cli, tmp_path, course):
    ws = tmp_path / "ws"
    run_cli("init", ws)
    hints = course.exercise("ch1.one_hot").hints
    seen = [run_cli("hint", "ch1.one_hot", cwd=ws)[1] for _ in range(4)]
    assert "Hint 1/3" in seen[0] and "Hint 2/3" in seen[1] and "Hint 3/3" in seen[2] and "Hint 3/3" in seen[3]
    assert hints[0][:30] in seen[0].replace("\n", " ")
    code, out, _ = run_cli("hint", "ch1.one_hot", "1", cwd=ws)
    assert code == 0 and "Hint 1/3" in out


@pytest.mark.parametrize("argv, phrase", [
    (["grade", "ch99", "--solutions"], "no chapter 'ch99'"),
    (["grade", "ch1", "nope", "--solutions"], "no exercise 'nope'"),
    (["hint", "ch1.nope"], "no exercise 'nope'"),
    (["hint", "one_hot"], "chapter.exercise"),
    (["grade", "ch1", "--workspace", "/no/such/folder"], "is not a folder"),
])
def test_usage_errors_exit_2_with_advice(run_cli, argv, phrase):
    code, _, err = run_cli(*argv)
    assert code == 2
    assert phrase in " ".join(err.split())


def test_grade_without_a_workspace_says_what_to_do(run_cli, tmp_path):
    code, _, err = run_cli("grade", "ch1", cwd=tmp_path)
    assert code == 2 and "kerascourse init" in err


def test_grade_outputs_for_machines(tmp_path):
    """One grading run of a half-done workspace, written as JSON, JUnit XML and Gradescope JSON."""
    import shutil
    from grader.course import Course
    ws = tmp_path / "ws"
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100"}
    subprocess.run([sys.executable, "-m", "grader.cli", "init", str(ws)], check=True, env=env,
                   capture_output=True)
    chapter = Course.load().chapter("ch1")
    for name in ("one_hot", "min_max"):
        shutil.copyfile(chapter.exercise(name).solution_path, ws / "ch1" / f"{name}.py")
    (ws / "ch1" / "slicing.py").write_text("def crop(images, margin):\n    return images\n"
                                           "def get_batch(x, batch_size, n):\n    return x\n"
                                           "def num_batches(num_samples, batch_size):\n    return 1\n")
    proc = subprocess.run(
        [sys.executable, "-m", "grader.cli", "grade", "ch1", "--device", "cpu",
         "--json", str(tmp_path / "r.json"), "--junit", str(tmp_path / "r.xml"),
         "--gradescope", str(tmp_path / "gs.json")],
        cwd=ws, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    # Readable without colour: words for statuses, no escape codes, no traceback.
    assert "\x1b[" not in proc.stdout and "Traceback" not in proc.stdout
    assert "✔ passed" in proc.stdout and "✘ failed" in proc.stdout and "not attempted" in proc.stdout
    assert "kerascourse hint ch1.slicing" in proc.stdout

    data = json.loads((tmp_path / "r.json").read_text())
    assert set(data) == {"chapter", "workspace", "device", "backend", "exercises"}
    assert data["chapter"] == "ch1" and data["backend"] == "tensorflow" and data["device"] == "CPU"
    for ex in data["exercises"]:
        assert set(ex) == {"id", "status", "checks_passed", "checks_total", "message"}
        assert ex["status"] in STATUSES and 0 <= ex["checks_passed"] <= ex["checks_total"]
    by_id = {ex["id"]: ex for ex in data["exercises"]}
    assert by_id["ch1.one_hot"]["status"] == "passed" and by_id["ch1.slicing"]["status"] == "failed"
    assert by_id["ch1.slicing"]["message"]

    suites = ET.parse(tmp_path / "r.xml").getroot()
    assert suites.tag == "testsuites" and suites.get("tests") == "10" and suites.get("failures") == "1"
    assert len(suites.findall(".//testcase")) == 10 and len(suites.findall(".//skipped")) == 7

    gs = json.loads((tmp_path / "gs.json").read_text())
    assert gs["max_score"] == sum(t["max_score"] for t in gs["tests"]) == 14
    assert gs["score"] == sum(t["score"] for t in gs["tests"])
    assert {t["status"] for t in gs["tests"]} == {"passed", "failed"}

    # The verdicts are remembered for `list`.
    listed = subprocess.run([sys.executable, "-m", "grader.cli", "list", "ch1"], cwd=ws, env=env,
                            capture_output=True, text=True).stdout
    assert "2/10 passed" in listed


def test_device_gpu_fails_clearly_without_one(tmp_path):
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "120", "CUDA_VISIBLE_DEVICES": "-1"}
    proc = subprocess.run([sys.executable, "-m", "grader.cli", "grade", "ch1", "tensor_attributes",
                           "--solutions", "--device", "gpu"], env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 1
    assert "TensorFlow sees no GPU here" in " ".join(proc.stdout.split())


def _as_in_a_terminal():
    """Ctrl-C as a terminal's foreground command gets it. A suite started in the background by a
    non-interactive shell (`.ci/run &`) ignores SIGINT, every child inherits that, and Python then
    never turns SIGINT into KeyboardInterrupt: the test would send a signal nobody hears."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_ctrl_c_leaves_no_partial_files(tmp_path):
    import signal
    import time

    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "120"}
    proc = subprocess.Popen([sys.executable, "-m", "grader.cli", "grade", "ch1", "--solutions",
                             "--device", "cpu", "--json", str(tmp_path / "out" / "r.json")],
                            env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=_as_in_a_terminal)
    time.sleep(4)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, out + err
    assert "Interrupted" in err
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
    leftovers = [p for p in tmp_path.iterdir() if p.name != "out"]
    assert leftovers == []
