"""Machine-readable results: JSON, JUnit XML, Gradescope's ``results.json``, a class CSV.

Every writer replaces its file atomically (a temporary file, then a rename), so an
interrupted run never leaves half a file behind.
"""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

from grader.files import atomic_write
from grader.results import ERROR, FAILED, NOT_ATTEMPTED, PASSED, TIMED_OUT, ChapterResult, plain_text


def to_json(results: list[ChapterResult]) -> str:
    """One object for one chapter (the documented shape), a list for several."""
    data = [r.to_json() for r in results]
    return json.dumps(data[0] if len(data) == 1 else data, indent=2) + "\n"


def write_json(path, results: list[ChapterResult]) -> None:
    atomic_write(path, to_json(results))


def to_junit(results: list[ChapterResult]) -> str:
    """JUnit XML: one testsuite per chapter, one testcase per exercise."""
    suites = ET.Element("testsuites", name="kerascourse")
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for chapter in results:
        counts = {"tests": len(chapter.exercises), "failures": chapter.count(FAILED),
                  "errors": chapter.count(ERROR) + chapter.count(TIMED_OUT),
                  "skipped": chapter.count(NOT_ATTEMPTED)}
        suite = ET.SubElement(suites, "testsuite", name=chapter.chapter, time=f"{chapter.duration:.3f}",
                              **{k: str(v) for k, v in counts.items()})
        props = ET.SubElement(suite, "properties")
        for key in ("workspace", "device", "backend"):
            ET.SubElement(props, "property", name=key, value=str(getattr(chapter, key)))
        for ex in chapter.exercises:
            case = ET.SubElement(suite, "testcase", classname=chapter.chapter, name=ex.id,
                                 time=f"{ex.duration:.3f}")
            message = plain_text(ex.message)
            text = f"{ex.checks_passed}/{ex.checks_total} checks passed. {message}".strip()
            if ex.status == FAILED:
                ET.SubElement(case, "failure", message=message, type="failed").text = text
            elif ex.status in (ERROR, TIMED_OUT):
                ET.SubElement(case, "error", message=message, type=ex.status).text = text
            elif ex.status == NOT_ATTEMPTED:
                ET.SubElement(case, "skipped", message="not attempted")
        for k in totals:
            totals[k] += counts[k]
    for k, v in totals.items():
        suites.set(k, str(v))
    ET.indent(suites)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"


def write_junit(path, results: list[ChapterResult]) -> None:
    atomic_write(path, to_junit(results))


def to_gradescope(results: list[ChapterResult], visibility: dict[str, str] | None = None,
                  output: str = "") -> str:
    """Gradescope's autograder ``results.json``: a test per exercise and a total score.

    ``visibility`` maps exercise ids to Gradescope's visibility (``chapter.toml``'s ``visibility``);
    ``output`` is shown above the tests (which files were graded, for instance).
    """
    tests = []
    for chapter in results:
        for ex in chapter.exercises:
            text = f"{ex.status}: {ex.checks_passed}/{ex.checks_total} checks passed."
            if ex.message:
                text += f"\n{plain_text(ex.message)}"
            tests.append({"name": f"{ex.id} · {ex.title}", "score": ex.points, "max_score": ex.max_points,
                          "status": "passed" if ex.status == PASSED else "failed", "output": text,
                          "visibility": (visibility or {}).get(ex.id, "visible")})
    total = sum(r.score for r in results)
    problems = " ".join(plain_text(r.fatal) for r in results if r.fatal)
    data = {"score": round(total, 4), "max_score": sum(r.max_score for r in results),
            "output": " ".join(part for part in (plain_text(output), problems, "Graded by kerascourse.") if part),
            "visibility": "visible", "stdout_visibility": "hidden", "tests": tests}
    return json.dumps(data, indent=2) + "\n"


def write_gradescope(path, results: list[ChapterResult], visibility: dict[str, str] | None = None,
                     output: str = "") -> None:
    atomic_write(path, to_gradescope(results, visibility, output))


def to_summary_csv(rows: list[tuple[str, ChapterResult]]) -> str:
    """One row per submission: its folder, totals, and each exercise's status."""
    exercise_ids = []
    for _, result in rows:
        for ex in result.exercises:
            if ex.id not in exercise_ids:
                exercise_ids.append(ex.id)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["submission", "score", "max_score", "passed", "exercises", *exercise_ids, "problem"])
    for submission, result in rows:
        statuses = {ex.id: ex.status for ex in result.exercises}
        writer.writerow([submission, f"{result.score:g}", f"{result.max_score:g}", result.count(PASSED),
                         len(result.exercises), *(statuses.get(i, "") for i in exercise_ids), plain_text(result.fatal)])
    return buffer.getvalue()


def write_summary_csv(path, rows: list[tuple[str, ChapterResult]]) -> None:
    atomic_write(path, to_summary_csv(rows))


def write_exports(results: list[ChapterResult], *, json_path=None, junit_path=None, gradescope_path=None) -> None:
    """Write each machine-readable format that was asked for (``--json``, ``--junit``, ``--gradescope``)."""
    if json_path:
        write_json(json_path, results)
    if junit_path:
        write_junit(junit_path, results)
    if gradescope_path:
        write_gradescope(gradescope_path, results)
