"""Instructors: batch grading of a class, and the watch loop learners run."""

import csv
import os
import shutil
import subprocess
import sys
import time

from grader.course import Course


def test_batch_grading_writes_one_summary(tmp_path, run_cli):
    chapter = Course.load().chapter("ch1")
    subs = []
    for i, solved in enumerate([[], ["one_hot"], ["one_hot", "min_max", "slicing"]]):
        ws = tmp_path / "subs" / f"student{i}"
        run_cli("init", ws)
        for name in solved:
            shutil.copyfile(chapter.exercise(name).solution_path, ws / "ch1" / f"{name}.py")
        subs.append(ws)
    (tmp_path / "subs" / "empty").mkdir()   # a submission without the chapter folder
    subs.append(tmp_path / "subs" / "empty")
    summary = tmp_path / "class.csv"
    code, out, _ = run_cli("grade", "ch1", "--workspace", *subs, "--summary", summary, "--jobs", "2",
                           "--json", tmp_path / "all.json")
    assert code == 1
    rows = list(csv.DictReader(summary.open()))
    assert [row["passed"] for row in rows] == ["0", "1", "3", "0"]
    assert rows[2]["ch1.min_max"] == "passed" and rows[0]["ch1.min_max"] == "not attempted"
    assert "no ch1/ folder" in rows[3]["problem"]
    assert float(rows[2]["score"]) == 5 and float(rows[2]["max_score"]) == 14
    assert "student2" in out


def test_watch_regrades_on_save_and_quits(tmp_path):
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100", "TF_CPP_MIN_LOG_LEVEL": "2"}
    ws = tmp_path / "ws"
    subprocess.run([sys.executable, "-m", "grader.cli", "init", str(ws)], check=True, env=env,
                   capture_output=True)
    log = open(tmp_path / "watch.log", "w")
    proc = subprocess.Popen([sys.executable, "-m", "grader.cli", "watch", "ch1", "--device", "cpu",
                             "--debounce", "0.2"], cwd=ws, env=env, stdin=subprocess.PIPE, stdout=log,
                            stderr=subprocess.STDOUT, text=True)
    try:
        def wait_for(text, count=1, limit=300):
            deadline = time.time() + limit
            while time.time() < deadline:
                if (tmp_path / "watch.log").read_text().count(text) >= count:
                    return
                time.sleep(0.5)
            raise AssertionError(f"never saw {text!r}:\n" + (tmp_path / "watch.log").read_text()[-3000:])

        wait_for("Watching")
        solution = Course.load().exercise("ch1.one_hot").solution_path
        (ws / "ch1" / "one_hot.py").write_text(solution.read_text())
        wait_for("Since the last run:")
        assert "ch1.one_hot: not attempted → passed" in (tmp_path / "watch.log").read_text()
        proc.stdin.write("h\n")
        proc.stdin.flush()
        wait_for("Hint 1/")
        proc.stdin.write("q\n")
        proc.stdin.flush()
        assert proc.wait(timeout=60) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
