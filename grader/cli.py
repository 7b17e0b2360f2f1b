"""The ``kerascourse`` command: list, grade, hint, init, reset, watch, lesson, notebook, doctor.

The front door of the course machinery (the console script points here). It
parses the command line and hands over: to the course registry
(:mod:`grader.course`) and the workspace (:mod:`grader.workspace`), to the
runner (:mod:`grader.runner`, which starts the pytest plugin in a child process),
then to the report and the exports. Nothing imports this module back.

Start-up is kept light: ``--help``, ``list``, ``hint``, ``init``, ``reset``,
``lesson`` and ``notebook`` never import TensorFlow (grading imports it in a child process).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from kerascourse import __version__

EXIT_OK, EXIT_NOT_ALL_PASSED, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """A command that cannot run as typed; the message says what to do instead."""


def _console(stderr=False):
    from rich.console import Console
    return Console(stderr=stderr, highlight=False)


def _course():
    from grader.course import Course
    return Course.load()


def _resolve_workspace(args, required=True) -> Path | None:
    from grader.workspace import find_workspace

    if getattr(args, "workspace", None):
        ws = Path(args.workspace[0] if isinstance(args.workspace, list) else args.workspace).expanduser()
        if not ws.is_dir():
            raise UsageError(f"{ws} is not a folder. Create a workspace with `kerascourse init {ws}`.")
        return ws.resolve()
    ws = find_workspace()
    if ws is None and required:
        raise UsageError("There is no workspace here. Create one with `kerascourse init my-course`, "
                         "then `cd my-course` (or pass --workspace DIR, or --solutions).")
    return ws


# ----------------------------------------------------------------------------- list

def cmd_list(args) -> int:
    from rich.table import Table
    from rich.markup import escape

    from grader.workspace import (exercise_path, file_digest, is_untouched, load_results,
                                       missing_exercises, read_marker)

    console = _console()
    course = _course()
    ws = _resolve_workspace(args, required=False)
    results = load_results(ws) if ws else {}
    chapters = course.chapters
    if args.chapter:
        chapters = [course.chapter(args.chapter)]
    for chapter in chapters:
        table = Table(title=f"[bold]{escape(chapter.id)} · {escape(chapter.title)}[/]", title_justify="left",
                      show_header=True, expand=False)
        table.add_column("Exercise", no_wrap=True)
        table.add_column("Status", no_wrap=True)
        table.add_column("Goal", overflow="fold")
        passed = 0
        for ex in chapter.exercises:
            status = ""
            if ws is not None:
                path = exercise_path(ws, ex)
                if not path.exists():
                    status = "[yellow]missing[/]"
                elif is_untouched(ws, ex):
                    status = "[dim]· not attempted[/]"
                else:
                    last = results.get(ex.id)
                    if last and last.get("digest") == file_digest(path):
                        status = _status_markup(last["status"])
                        passed += last["status"] == "passed"
                    else:
                        status = "[cyan]changed, not graded[/]"
            table.add_row(ex.name, status, escape(ex.goal))
        if ws is not None:
            table.caption = f"{passed}/{len(chapter.exercises)} passed"
            table.caption_justify = "left"
        console.print(table)
    if ws is None:
        console.print("[dim]No workspace here, so no statuses. Start one with `kerascourse init my-course`.[/]")
    else:
        console.print(f"[dim]Workspace: {escape(str(ws))}[/]")
        marker = read_marker(ws)
        missing = missing_exercises(ws, course) if marker else []
        if missing:
            console.print(f"[bold yellow]{len(missing)} new exercise(s) available[/] "
                          f"({escape(', '.join(ex.id for ex in missing[:5]))}{', ...' if len(missing) > 5 else ''}). "
                          f"Add them, without touching your files: `kerascourse init {escape(str(ws))}`")
    for problem in course.problems:
        console.print(f"[bold red]Pack {escape(problem.name)!s} is broken:[/] {escape(problem.message)}")
    return EXIT_OK


_STATUS_MARKUP = {
    "passed": "[green]✔ passed[/]", "failed": "[red]✘ failed[/]", "not attempted": "[dim]· not attempted[/]",
    "error": "[bold red]! error[/]", "timed out": "[yellow]⏱ timed out[/]",
}


def _status_markup(status: str) -> str:
    return _STATUS_MARKUP.get(status, status)


# ----------------------------------------------------------------------------- hint

def cmd_hint(args) -> int:
    from grader.hints import render_hint, take_hint
    from grader.workspace import find_workspace

    exercise = _course().exercise(args.exercise)
    render_hint(_console(), exercise, take_hint(exercise, find_workspace(), args.n))
    return EXIT_OK


# ----------------------------------------------------------------------------- init / reset

def cmd_init(args) -> int:
    from rich.markup import escape

    from grader.workspace import WorkspaceError, init_workspace

    console = _console()
    course = _course()
    try:
        report = init_workspace(args.directory, course)
    except WorkspaceError as exc:
        raise UsageError(str(exc)) from None
    ws = report.workspace
    if report.created and report.kept:
        console.print(f"Added {len(report.created)} new exercise file(s) to {escape(str(ws))}; "
                      f"your {len(report.kept)} existing file(s) were left exactly as they were.")
    elif report.created:
        console.print(f"Created a workspace with {len(report.created)} exercises in [bold]{escape(str(ws))}[/].")
    else:
        console.print(f"{escape(str(ws))} already has every exercise; nothing was changed.")
    if report.created and not report.kept:
        first = course.chapters[0]
        console.print(f"\nNext:\n  cd {escape(str(ws))}\n  kerascourse lesson {first.id}      read the lesson\n"
                      f"  kerascourse grade {first.id}       grade your work (edit {first.relative_dir.as_posix()}/*.py)\n"
                      f"  kerascourse watch {first.id}       re-grade every time you save")
    return EXIT_OK


def cmd_reset(args) -> int:
    from rich.markup import escape

    from grader.workspace import exercise_path, is_checkout_exercises, reset_exercise

    console = _console()
    exercise = _course().exercise(args.exercise)
    ws = _resolve_workspace(args)
    if is_checkout_exercises(ws):
        console.print("[dim](resetting a file in the repository's own exercises/ folder)[/]")
    backup = reset_exercise(ws, exercise)
    path = exercise_path(ws, exercise)
    console.print(f"Restored the stub of {escape(exercise.id)} in {escape(str(path))}.")
    if backup is not None:
        console.print(f"Your previous version is kept in {escape(str(backup))}.")
    return EXIT_OK


# ----------------------------------------------------------------------------- grade

def cmd_grade(args) -> int:
    from grader.course import CourseError

    course = _course()
    chapter = course.chapter(args.chapter)
    names = []
    for name in args.exercises:
        if "." in name:
            prefix, _, name = name.rpartition(".")
            if prefix != chapter.id:
                raise UsageError(f"{prefix}.{name} is not in {chapter.id}; grade it with "
                                 f"`kerascourse grade {prefix} {name}`.")
        try:
            chapter.exercise(name)
        except CourseError as exc:
            raise UsageError(str(exc)) from None
        names.append(name)
    if args.solutions and args.workspace:
        raise UsageError("give either --solutions or --workspace, not both.")
    if args.solutions and not chapter.pack.has_solutions:
        raise UsageError(f"this install of {chapter.pack.id!r} has no reference solutions (a checks-only build, "
                         f"for grading a class): grade a workspace instead.")
    backend = _check_backend(args.backend)
    if args.workspace and len(args.workspace) > 1:
        return grade_class(chapter, [Path(w) for w in args.workspace], args, names, backend)
    from grader.runner import GradeOptions

    workspace = None if args.solutions else _resolve_workspace(args)
    if workspace is not None and not (workspace / chapter.relative_dir).is_dir():
        raise UsageError(f"{workspace} has no {chapter.relative_dir.as_posix()}/ folder. Add the new chapter's "
                         f"files (yours stay untouched) with `kerascourse init {workspace}`.")
    options = GradeOptions(solutions=args.solutions, workspace=workspace, exercises=names or None,
                           device=args.device, timeout=args.timeout, memory_limit_gb=args.memory_limit,
                           verbose=args.verbose, backend=backend)
    result = run_grade(chapter, options)
    from grader.report import render_chapter

    render_chapter(result, chapter, verbose=args.verbose,
                   workspace_label="reference solutions" if args.solutions else str(workspace))
    _write_exports(args, [result])
    if workspace is not None and not result.fatal:
        from grader.workspace import record_results
        record_results(workspace, chapter, result)
    return EXIT_OK if result.all_passed else EXIT_NOT_ALL_PASSED


def _check_backend(flag: str | None) -> str:
    """The Keras backend to grade with (--backend, else $KERAS_BACKEND, else tensorflow), if it is installed."""
    from grader.runner import BACKEND_MODULES, backend_installed, resolve_backend

    backend = resolve_backend(flag)
    source = "--backend" if flag else "KERAS_BACKEND"
    if backend not in BACKEND_MODULES:
        raise UsageError(f"{source} is {backend!r}; the course is graded with one of "
                         f"{', '.join(BACKEND_MODULES)} (e.g. `--backend jax`).")
    if not backend_installed(backend):
        raise UsageError(f"the {backend} backend is not installed. Install it with "
                         f"`pip install \"kerascourse[{backend}]\"`, or grade with `--backend tensorflow`. "
                         f"`kerascourse doctor` lists the backends this machine has.")
    return backend


def run_grade(chapter, options):
    """Grade with a live progress line on a terminal."""
    from grader.runner import grade_chapter

    console = _console(stderr=True)
    if not console.is_terminal:
        return grade_chapter(chapter, options)
    total = len(options.exercises or chapter.exercises)
    done: list[str] = []
    with console.status(f"Grading {chapter.id}: starting Python and TensorFlow…") as status:
        def on_event(event):
            if event.get("event") == "check_start":
                name = event.get("exercise")
                if name not in done:
                    done.append(name)
                status.update(f"Grading {chapter.id}: {name} ({len(done)}/{total})…")
        return grade_chapter(chapter, options, on_event=on_event)


def grade_class(chapter, workspaces: list[Path], args, names, backend: str | None = None) -> int:
    """Grade many submission folders in parallel: progress, a summary table, the class CSV, the exports."""
    from rich.markup import escape

    from grader.batch import grade_submissions
    from grader.export import write_summary_csv
    from grader.report import render_class
    from grader.results import PASSED

    missing = [str(w) for w in workspaces if not Path(w).is_dir()]
    if missing:
        raise UsageError(f"not folders: {', '.join(missing)}")
    console, err = _console(), _console(stderr=True)
    # Batch grading defaults to the CPU: several processes cannot share one GPU well.
    device = "cpu" if args.device == "auto" else args.device
    err.print(f"Grading {chapter.id} in {len(workspaces)} submissions, {args.jobs or os.cpu_count()} at a time…")
    rows = grade_submissions(
        chapter, workspaces, names=names, device=device, timeout=args.timeout,
        memory_limit_gb=args.memory_limit, jobs=args.jobs, backend=backend,
        on_done=lambda ws, r: err.print(f"  {escape(str(ws))}: {r.count(PASSED)}/{len(r.exercises)} passed"))
    render_class(rows, chapter.id, console)
    summary = args.summary or f"summary-{chapter.id.replace(':', '-')}.csv"
    write_summary_csv(summary, rows)
    console.print(f"Summary written to {escape(str(Path(summary).resolve()))}")
    _write_exports(args, [result for _, result in rows])
    return EXIT_OK if all(result.all_passed for _, result in rows) else EXIT_NOT_ALL_PASSED


def _write_exports(args, results) -> None:
    from grader.export import write_exports

    write_exports(results, json_path=args.json, junit_path=args.junit, gradescope_path=args.gradescope)


# ----------------------------------------------------------------------------- watch / lesson / doctor

def cmd_watch(args) -> int:
    from grader.watch import watch
    course = _course()
    chapter = course.chapter(args.chapter)
    workspace = _resolve_workspace(args)
    return watch(chapter, workspace, device=args.device, timeout=args.timeout, debounce=args.debounce,
                 backend=_check_backend(args.backend))


def cmd_lesson(args) -> int:
    from grader.lessons import LessonError, show_lesson
    chapter = _course().chapter(args.chapter)
    try:
        show_lesson(chapter, section=args.section, pager=not args.no_pager)
    except LessonError as exc:
        raise UsageError(str(exc)) from None
    return EXIT_OK


def cmd_notebook(args) -> int:
    from rich.markup import escape

    from grader.notebook import write_notebook

    console = _console()
    course = _course()
    chapter = course.chapter(args.chapter)
    if args.workspace:
        workspace = Path(args.workspace).expanduser()
        if workspace.exists() and not workspace.is_dir():
            raise UsageError(f"{workspace} exists and is not a folder.")
    else:
        workspace = _resolve_workspace(args)
    report = write_notebook(chapter, workspace, course, install=args.install)
    if report.added:
        console.print(f"Added {len(report.added)} exercise file(s) of {escape(chapter.id)} to "
                      f"{escape(str(report.path.parent))}.")
    if not report.created:
        console.print(f"{escape(str(report.path))} already exists; it was left exactly as it was. Your code lives "
                      f"in {escape(chapter.relative_dir.as_posix())}/*.py, which its cells save. For a fresh "
                      f"notebook, rename that file and run this again.")
        return EXIT_OK
    console.print(f"Wrote [bold]{escape(str(report.path))}[/]: the lesson, and a cell per exercise that saves "
                  f"{escape(chapter.relative_dir.as_posix())}/<exercise>.py and a check.")
    console.print(f"\nOpen it with Jupyter (`jupyter lab {escape(report.path.name)}` in "
                  f"{escape(str(report.path.parent))}), VS Code, or upload it to Colab (File → Upload notebook). "
                  f"Run its first cell first.")
    return EXIT_OK


def cmd_autograder(args) -> int:
    from rich.markup import escape

    from grader.autograder import AutograderError, classroom_workflow, gradescope_bundle

    console = _console()
    chapter = _course().chapter(args.chapter)
    backend = args.backend   # the autograder machine's Keras backend (None: TensorFlow), not this one's
    try:
        if args.farm == "gradescope":
            output = Path(args.output or "autograder.zip")
            if output.exists() and not args.force:
                raise UsageError(f"{output} exists; pass --force to replace it, or -o another name.")
            gradescope_bundle(chapter, output, backend=backend, timeout=args.timeout)
            console.print(f"Wrote [bold]{escape(str(output))}[/]: upload it as the assignment's autograder "
                          f"(Configure Autograder → Zip file upload, base image Ubuntu with Python 3.11+). "
                          f"Learners submit their {escape(chapter.relative_dir.as_posix())}/*.py files (any folder "
                          f"layout). The reference solutions are not in it.")
            return EXIT_OK
        import kerascourse

        install = args.install or f"kerascourse=={kerascourse.__version__}"
        target = Path(args.output or ".") / ".github" / "workflows" / f"kerascourse-{chapter.id.replace(':', '-')}.yml"
        if target.exists() and not args.force:
            raise UsageError(f"{target} exists; pass --force to replace it.")
        from grader.files import atomic_write

        atomic_write(target, classroom_workflow(chapter, install=install))
        console.print(f"Wrote [bold]{escape(str(target))}[/]: commit it to the assignment's starter repository "
                      f"(a workspace made with `kerascourse init`). Each exercise is a Classroom test worth its "
                      f"points; protect the workflow file from learners' edits (CODEOWNERS, a branch rule).")
        return EXIT_OK
    except AutograderError as exc:
        raise UsageError(str(exc)) from None


def cmd_doctor(args) -> int:
    from grader.doctor import doctor
    return doctor(_course())


# ----------------------------------------------------------------------------- parser

def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kerascourse",
        description="Learn deep learning with Keras: read a lesson, fill in an exercise, grade it.",
        epilog="Start here: `kerascourse init my-course && cd my-course && kerascourse lesson ch1`.")
    parser.add_argument("--version", action="version", version=f"kerascourse {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("list", help="chapters, exercises, and their status in this workspace")
    p.add_argument("chapter", nargs="?", help="only this chapter")
    p.add_argument("--workspace", metavar="DIR", help="the workspace to look at")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("grade", help="grade a chapter (or some of its exercises); exit 0 iff all pass")
    p.add_argument("chapter", help="a chapter id, e.g. ch2")
    p.add_argument("exercises", nargs="*", metavar="EXERCISE", help="only these exercises (e.g. naive_dense)")
    p.add_argument("--solutions", action="store_true", help="grade the reference solutions")
    p.add_argument("--workspace", metavar="DIR", nargs="+",
                   help="grade the exercises in DIR; several DIRs grade a class in parallel")
    p.add_argument("--json", metavar="FILE", help="write the results as JSON")
    p.add_argument("--junit", metavar="FILE", help="write the results as JUnit XML")
    p.add_argument("--gradescope", metavar="FILE", help="write a Gradescope results.json")
    p.add_argument("--summary", metavar="FILE", help="with several workspaces: the class summary CSV "
                                                      "(default summary-CHAPTER.csv)")
    p.add_argument("--jobs", type=int, default=None, help="workspaces graded at once (default: all cores)")
    p.add_argument("--device", choices=("auto", "cpu", "gpu"), default="auto",
                   help="where TensorFlow runs (auto: a GPU if one is visible)")
    p.add_argument("--backend", choices=("tensorflow", "jax", "torch"), default=None,
                   help="the Keras backend to grade with (default: $KERAS_BACKEND, else tensorflow); "
                        "TensorFlow-only exercises are graded with TensorFlow anyway")
    p.add_argument("--timeout", type=float, default=None, metavar="SECONDS",
                   help="time limit per exercise (default: 60, or the chapter's own)")
    p.add_argument("--memory-limit", type=float, default=6.0, metavar="GB",
                   help="memory limit for the grading process (default: 6)")
    p.add_argument("-v", "--verbose", action="store_true", help="show every failed check with its traceback")
    p.set_defaults(func=cmd_grade)

    p = sub.add_parser("hint", help="the next (or Nth) hint for an exercise")
    p.add_argument("exercise", help="an exercise id, e.g. ch2.naive_dense")
    p.add_argument("n", nargs="?", type=int, help="which hint (1 = gentle, 3 = explicit)")
    p.set_defaults(func=cmd_hint)

    p = sub.add_parser("init", help="a fresh workspace of stubs (never overwrites a file)")
    p.add_argument("directory", help="the folder to create (or to add new exercises to)")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("reset", help="restore one stub, keeping a backup of your file")
    p.add_argument("exercise", help="an exercise id, e.g. ch2.naive_dense")
    p.add_argument("--workspace", metavar="DIR", help="the workspace (default: the one you are in)")
    p.set_defaults(func=cmd_reset)

    p = sub.add_parser("watch", help="re-grade a chapter every time one of its files is saved")
    p.add_argument("chapter")
    p.add_argument("--workspace", metavar="DIR")
    p.add_argument("--device", choices=("auto", "cpu", "gpu"), default="auto")
    p.add_argument("--backend", choices=("tensorflow", "jax", "torch"), default=None,
                   help="the Keras backend to grade with (default: $KERAS_BACKEND, else tensorflow)")
    p.add_argument("--timeout", type=float, default=None, metavar="SECONDS")
    p.add_argument("--debounce", type=float, default=0.5, metavar="SECONDS",
                   help="wait this long after the last save before grading")
    p.set_defaults(func=cmd_watch)

    p = sub.add_parser("lesson", help="read a chapter's lesson in the terminal")
    p.add_argument("chapter")
    p.add_argument("--section", help="jump to a section (e.g. gradient-tape)")
    p.add_argument("--no-pager", action="store_true", help="print it all instead of paging")
    p.set_defaults(func=cmd_lesson)

    p = sub.add_parser("notebook", help="write a chapter's notebook (lesson, exercises, checks) into the workspace")
    p.add_argument("chapter", help="a chapter id, e.g. ch1")
    p.add_argument("--workspace", metavar="DIR",
                   help="the workspace to write it into, created if need be (default: the one you are in)")
    p.add_argument("--install", metavar="SPEC",
                   help="what the notebook's first cell pip-installs where kerascourse is missing "
                        "(default: where this kerascourse was installed from)")
    p.set_defaults(func=cmd_notebook)

    p = sub.add_parser("autograder", help="grade a class on Gradescope or GitHub Classroom (builds what they need)")
    p.add_argument("farm", choices=["gradescope", "classroom"])
    p.add_argument("chapter", help="the chapter the assignment grades, e.g. ch2")
    p.add_argument("-o", "--output", help="gradescope: the zip to write (autograder.zip); "
                                          "classroom: the repository folder (.)")
    p.add_argument("--install", help="classroom: what `pip install` gets (default: this version from PyPI; "
                                     "e.g. 'git+https://github.com/you/kerascourse@v0.1.0')")
    p.add_argument("--backend", choices=["tensorflow", "jax", "torch"], default=None,
                   help="the Keras backend to grade with (default: TensorFlow)")
    p.add_argument("--timeout", type=float, default=None, help="gradescope: seconds per exercise")
    p.add_argument("--force", action="store_true", help="replace the file if it exists")
    p.set_defaults(func=cmd_autograder)

    p = sub.add_parser("doctor", help="versions, Keras backend, devices seen, data found, packs")
    p.set_defaults(func=cmd_doctor)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_USAGE
    from grader.course import CourseError

    try:
        return args.func(args)
    except (UsageError, CourseError) as exc:
        from rich.markup import escape
        _console(stderr=True).print(f"[bold red]kerascourse {args.command}:[/] {escape(str(exc))}")
        return EXIT_USAGE
    except KeyboardInterrupt:
        _console(stderr=True).print("\nInterrupted; nothing was left half-written.")
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
