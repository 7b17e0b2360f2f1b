"""Grade a class on the autograder farms instructors already use: Gradescope and GitHub Classroom.

``kerascourse autograder gradescope ch2 -o autograder.zip`` builds what Gradescope
asks for: ``setup.sh`` (run once, installs a pinned, *checks-only* kerascourse:
the reference solutions are not in it) and ``run_autograder`` (run for each
submission: finds the learner's files in ``/autograder/submission``, grades them
in the usual isolated child process, and writes ``/autograder/results/results.json``
with the points and visibility of ``chapter.toml``).

``kerascourse autograder classroom ch2`` writes a GitHub Actions workflow for a
GitHub Classroom assignment whose starter repository is a workspace
(``kerascourse init``): on each push it installs kerascourse, removes the
installed solutions, grades the chapter once, and reports each exercise as a
Classroom test worth its points.

The same module runs inside those machines: ``python -m grader.autograder
gradescope-run /autograder``, ``... check results.json ch2.naive_dense`` and
``... strip-solutions``.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import re
import shutil
import sys
import tempfile
import zipfile
from importlib import metadata
from pathlib import Path

from grader.course import Course, CourseError

CONFIG_NAME = "kerascourse-autograder.json"
WORKFLOW_RESULTS = "kerascourse-results.json"


class AutograderError(Exception):
    """The autograder could not be built; the message says what to do."""


# ----------------------------------------------------------------------------- a checks-only wheel

def _package_files(folder: Path, arcname: str, skip: list[Path]) -> list[tuple[str, Path]]:
    files = []
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or "__pycache__" in path.parts or path.suffix in (".pyc", ".pyo"):
            continue
        if any(path.is_relative_to(s) for s in skip):
            continue
        files.append((f"{arcname}/{path.relative_to(folder).as_posix()}", path))
    return files


def _pinned_requirements(extra_modules: list[str]) -> list[str]:
    """kerascourse's dependencies pinned to the versions installed here (what the grades were checked with)."""
    try:
        dist = metadata.distribution("kerascourse")
    except metadata.PackageNotFoundError:
        raise AutograderError("kerascourse is not installed in this Python: `pip install -e .` (or "
                              "`pip install kerascourse`) first, so the autograder can pin its versions") from None
    pinned = []
    names = [re.split(r"[\s<>=!~;\[]", req, maxsplit=1)[0] for req in dist.requires or [] if "extra ==" not in req]
    for name in names + extra_modules:
        try:
            pinned.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            pinned.append(name)
    return pinned


def _pack_entry_point(pack) -> str | None:
    """``name = module:ATTR`` of the entry point that registers ``pack`` (None for the core pack)."""
    if pack.id == "core":
        return None
    for ep in metadata.entry_points(group="kerascourse.packs"):
        try:
            if ep.load() is pack:
                return f"{ep.name} = {ep.value}"
        except Exception:  # noqa: BLE001 - another, broken pack
            continue
    raise AutograderError(f"pack {pack.id!r} is not installed through an entry point; install it first")


def build_checks_only_wheel(chapter, out_dir: Path, *, backend: str | None = None) -> Path:
    """A wheel of kerascourse (and the chapter's pack) with every reference solution left out.

    Built from the installed package's own files, so it works from a checkout or from a pip install.
    """
    import grader
    import kerascourse

    pack = chapter.pack
    version = kerascourse.__version__
    grader_dir = Path(grader.__file__).resolve().parent
    files = _package_files(Path(kerascourse.__file__).resolve().parent, "kerascourse", [])
    files += _package_files(grader_dir, "grader", [grader_dir / "_course"])
    core = Course.load().packs[0]
    files += _package_files(Path(core.exercises).resolve(), "grader/_course/exercises", [])
    entry_points = metadata.distribution("kerascourse").read_text("entry_points.txt") or ""
    pack_entry = _pack_entry_point(pack)
    if pack_entry is not None:
        root = Path(pack.grader).resolve().parent
        files += _package_files(root, root.name, [Path(pack.solutions).resolve()])
        entry_points = entry_points.replace("[kerascourse.packs]\n", f"[kerascourse.packs]\n{pack_entry}\n")
    extra = [backend] if backend in ("jax", "torch") else []
    info = f"kerascourse-{version}.dist-info"
    metadata_text = "\n".join(["Metadata-Version: 2.1", "Name: kerascourse", f"Version: {version}",
                               "Summary: kerascourse, checks only (no reference solutions): for autograders",
                               *(f"Requires-Dist: {req}" for req in _pinned_requirements(extra))]) + "\n"
    generated = {f"{info}/METADATA": metadata_text.encode(),
                 f"{info}/WHEEL": b"Wheel-Version: 1.0\nGenerator: kerascourse autograder\n"
                                  b"Root-Is-Purelib: true\nTag: py3-none-any\n",
                 f"{info}/entry_points.txt": entry_points.encode()}
    out_dir.mkdir(parents=True, exist_ok=True)
    wheel = out_dir / f"kerascourse-{version}-py3-none-any.whl"
    record = []
    with zipfile.ZipFile(wheel, "w", zipfile.ZIP_DEFLATED) as archive:
        items = [(name, path.read_bytes()) for name, path in files] + list(generated.items())
        for name, data in items:
            archive.writestr(name, data)
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            record.append(f"{name},sha256={digest},{len(data)}")
        record.append(f"{info}/RECORD,,")
        archive.writestr(f"{info}/RECORD", "\n".join(record) + "\n")
    return wheel


# ----------------------------------------------------------------------------- Gradescope

SETUP_SH = """#!/usr/bin/env bash
# Gradescope runs this once, when the autograder image is built: a Python 3.11+ with a checks-only
# kerascourse (no reference solutions) and the versions the course was checked with.
set -euo pipefail
cd "$(dirname "$0")"
if ! python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    apt-get update && apt-get install -y python3 python3-venv python3-pip
fi
python3 -m venv /autograder/venv
/autograder/venv/bin/python -m pip install --upgrade pip
/autograder/venv/bin/python -m pip install ./{wheel}
"""

RUN_AUTOGRADER = """#!/usr/bin/env bash
# Gradescope runs this for every submission: grade /autograder/submission into /autograder/results/results.json.
ROOT="${AUTOGRADER_ROOT:-/autograder}"
PYTHON="${KERASCOURSE_PYTHON:-$ROOT/venv/bin/python}"
# -P: the folder it starts in is not on the import path, so only the installed grader is ever imported.
cd "$ROOT" && exec "$PYTHON" -P -m grader.autograder gradescope-run "$ROOT"
"""


def gradescope_bundle(chapter, output: Path, *, backend: str | None = None, timeout: float | None = None) -> Path:
    """Write Gradescope's autograder zip for ``chapter`` to ``output``."""
    output = Path(output)
    config = {"chapter": chapter.id, "backend": backend, "timeout": timeout,
              "exercises": [ex.name for ex in chapter.exercises]}
    with tempfile.TemporaryDirectory() as tmp:
        wheel = build_checks_only_wheel(chapter, Path(tmp), backend=backend)
        output.parent.mkdir(parents=True, exist_ok=True)
        partial = output.with_name(f".{output.name}.partial")
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, text in (("setup.sh", SETUP_SH.format(wheel=wheel.name)), ("run_autograder", RUN_AUTOGRADER)):
                info = zipfile.ZipInfo(name)
                info.external_attr = 0o755 << 16   # executable, as Gradescope runs them directly
                archive.writestr(info, text)
            archive.writestr(CONFIG_NAME, json.dumps(config, indent=2) + "\n")
            archive.write(wheel, wheel.name)
        partial.replace(output)
    return output


def _notebook_cells(notebook: Path, chapter) -> dict[str, str]:
    """``{exercise name: source}`` from a notebook's ``%%exercise chN.name`` cells (``kerascourse notebook``)."""
    try:
        data = json.loads(notebook.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    found = {}
    for cell in data.get("cells", []) if isinstance(data, dict) else []:
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else str(source)
        first, _, body = source.partition("\n")
        match = re.fullmatch(r"%%exercise\s+(\S+)(\s.*)?", first.strip())
        if cell.get("cell_type") == "code" and match:
            prefix, _, name = match.group(1).rpartition(".")
            if prefix == chapter.id:
                found[name] = body if body.endswith("\n") else body + "\n"
    return found


def collect_submission(chapter, submission: Path, workspace: Path) -> tuple[list[str], list[str]]:
    """Copy the learner's files from ``submission`` (any layout) over the stubs of ``workspace``.

    A file is found by its name (``naive_dense.py``) anywhere in the submission; one inside a folder
    named like the chapter wins, then the shallowest. A learner who worked in the notebook
    ``kerascourse notebook`` writes may hand that in instead: its ``%%exercise`` cells are the files.
    Returns (what was used, exercises with nothing).
    """
    submission = Path(submission)
    candidates: dict[str, list[Path]] = {}
    notebooks: list[Path] = []
    for path in sorted(submission.rglob("*")) if submission.is_dir() else []:
        parts = path.relative_to(submission).parts
        if any(p.startswith(".") or p == "__pycache__" for p in parts) or not path.is_file():
            continue
        if path.suffix == ".py":
            candidates.setdefault(path.name, []).append(path)
        elif path.suffix == ".ipynb":
            notebooks.append(path)

    def rank(path: Path):
        return path.parent.name != chapter.name, len(path.relative_to(submission).parts), str(path)

    cells: dict[str, tuple[str, str]] = {}
    for notebook in sorted(notebooks, key=rank, reverse=True):   # the best-ranked notebook wins
        for name, source in _notebook_cells(notebook, chapter).items():
            cells[name] = (source, notebook.relative_to(submission).as_posix())
    used, missing = [], []
    target_dir = Path(workspace) / chapter.relative_dir
    for ex in chapter.exercises:
        found = candidates.get(ex.filename, [])
        if found:
            best = min(found, key=rank)
            shutil.copyfile(best, target_dir / ex.filename)
            used.append(best.relative_to(submission).as_posix())
        elif ex.name in cells:
            source, notebook = cells[ex.name]
            (target_dir / ex.filename).write_text(source, encoding="utf-8")
            used.append(f"{notebook} ({ex.id} cell)")
        else:
            missing.append(ex.id)
    return used, missing


def run_gradescope(root: Path) -> int:
    """Inside Gradescope: grade ``root/submission`` and write ``root/results/results.json``."""
    from grader.export import write_gradescope
    from grader.report import render_chapter
    from grader.runner import GradeOptions, grade_chapter
    from grader.workspace import init_workspace

    root = Path(root)
    config = json.loads((root / "source" / CONFIG_NAME).read_text(encoding="utf-8"))
    course = Course.load()
    chapter = course.chapter(config["chapter"])
    results_path = root / "results" / "results.json"
    with tempfile.TemporaryDirectory(prefix="kerascourse-submission-") as tmp:
        workspace = Path(tmp) / "workspace"
        init_workspace(workspace, course, chapters=[chapter])
        used, missing = collect_submission(chapter, root / "submission", workspace)
        options = GradeOptions(workspace=workspace, device="auto", backend=config.get("backend"),
                               timeout=config.get("timeout"))
        result = grade_chapter(chapter, options)
    render_chapter(result, chapter)
    found = "Files graded: " + (", ".join(used) if used else "none")
    if missing:
        found += f". No file for {', '.join(missing)} (graded as not attempted)"
    visibility = {ex.id: ex.visibility for ex in chapter.exercises}
    write_gradescope(results_path, [result], visibility=visibility, output=f"{found}.")
    return 0


# ----------------------------------------------------------------------------- GitHub Classroom

def classroom_workflow(chapter, *, install: str, python: str = "3.11") -> str:
    """A GitHub Actions workflow that grades a learner repository (a workspace) on every push."""
    steps = []
    runners = []
    for ex in chapter.exercises:
        step_id = re.sub(r"[^a-z0-9-]", "-", ex.id.lower())
        runners.append(step_id)
        steps.append(f"""      - name: {ex.id}
        id: {step_id}
        uses: classroom-resources/autograding-command-grader@v1
        with:
          test-name: {ex.id}
          command: python -m grader.autograder check {WORKFLOW_RESULTS} {ex.id}
          timeout: 1
          max-score: {ex.points:g}""")
    env = "\n".join(f"          {r.upper().replace('-', '_')}_RESULTS: \"${{{{steps.{r}.outputs.result}}}}\""
                    for r in runners)
    return f"""# kerascourse: grade {chapter.id} ({chapter.title}) on every push, as GitHub Classroom tests.
# Written by `kerascourse autograder classroom {chapter.id}`. Learners must not edit this file: protect it
# (CODEOWNERS and a branch rule), since a learner who controls the workflow controls the grade.
name: kerascourse {chapter.id}
on: [push, workflow_dispatch, repository_dispatch]
permissions:
  checks: write
  actions: read
  contents: read
jobs:
  grade:
    runs-on: ubuntu-latest
    if: github.actor != 'github-classroom[bot]'
    timeout-minutes: 30
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "{python}"
      - name: Install kerascourse (checks only)
        run: |
          python -m pip install {install}
          python -m grader.autograder strip-solutions
      - name: Grade {chapter.id}
        run: kerascourse grade {chapter.id} --workspace . --device cpu --json {WORKFLOW_RESULTS} || true
{chr(10).join(steps)}
      - name: Autograding reporter
        uses: classroom-resources/autograding-grading-reporter@v1
        env:
{env}
        with:
          runners: {",".join(runners)}
"""


def check_result(results_file: Path, exercise_id: str) -> int:
    """Exit status of one Classroom test: 0 when ``exercise_id`` passed in the JSON results."""
    try:
        data = json.loads(Path(results_file).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        print(f"no grading results in {results_file}: the grading step did not finish (see its log)")
        return 1
    chapters = data if isinstance(data, list) else [data]
    for chapter in chapters:
        for ex in chapter.get("exercises", []):
            if ex.get("id") == exercise_id:
                print(f"{exercise_id}: {ex['status']} ({ex['checks_passed']}/{ex['checks_total']} checks)"
                      + (f"\n{ex['message']}" if ex.get("message") else ""))
                return 0 if ex["status"] == "passed" else 1
    print(f"{exercise_id} was not graded")
    return 1


def strip_solutions() -> int:
    """Remove the reference solutions from an *installed* kerascourse (an autograder machine)."""
    for pack in Course.load().packs:
        folder = Path(pack.solutions)
        if not folder.is_dir():
            continue
        if not any(part in ("site-packages", "dist-packages") for part in folder.resolve().parts):
            print(f"{folder} is not inside an installed package (a checkout?): left alone")
            return 1
        shutil.rmtree(folder)
        print(f"removed the reference solutions of pack {pack.id!r} ({folder})")
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m grader.autograder", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("gradescope-run", help="grade ROOT/submission into ROOT/results/results.json")
    run.add_argument("root", type=Path)
    check = sub.add_parser("check", help="exit 0 iff EXERCISE passed in a --json results file")
    check.add_argument("results", type=Path)
    check.add_argument("exercise")
    sub.add_parser("strip-solutions", help="delete the installed package's reference solutions")
    args = parser.parse_args(argv)
    try:
        if args.command == "gradescope-run":
            return run_gradescope(args.root)
        if args.command == "check":
            return check_result(args.results, args.exercise)
        return strip_solutions()
    except (CourseError, AutograderError, OSError, ValueError) as exc:
        print(f"kerascourse autograder: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())

