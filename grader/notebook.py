"""The course in a notebook (Jupyter, Colab, Kaggle, VS Code): the same files, grader and statuses.

Two halves, one module:

- **Writing a chapter's notebook** (``kerascourse notebook ch1``, or ``notebook("ch1")``
  from a cell): the lesson as Markdown cells, its pictures inlined as ``data:`` URIs
  (Colab shows no cell attachments), and after each section its exercise: a
  ``%%exercise ch1.one_hot`` cell holding the workspace file's current text and a
  ``check("ch1.one_hot")`` cell. The notebook is a *view* over ``ch1/*.py``: the files
  stay the learner's work, which ``kerascourse grade`` and ``list`` see as before.
- **In the kernel** (``%load_ext kerascourse``, which finds :func:`load_ipython_extension`
  through the ``kerascourse.ipython`` entry point): ``%%exercise`` saves the cell into
  its file (the replaced version backed up, as ``reset`` does) and runs it in the
  kernel; :func:`check` and ``%grade`` grade in the same isolated child process as
  ``kerascourse grade`` (an infinite loop or ``os._exit`` in learner code never
  touches the kernel), record the verdicts for ``list``, and show the report as
  HTML with a plain-text twin; :func:`hint` and :func:`lesson` show the rest.

The workspace is the folder the notebook sits in (the kernel's current folder),
found as ``kerascourse`` finds it; :func:`use_workspace` names another. Where there
is none (a notebook opened in Colab), the current folder becomes one the first
time an exercise is saved or graded. Nothing here imports TensorFlow: the kernel
only imports what the learner's own cells import.
"""

from __future__ import annotations

import argparse
import base64
import io
import json
import linecache
import mimetypes
import os
import shlex
import sys
from dataclasses import dataclass, replace
from pathlib import Path

from grader.course import Chapter, Course, CourseError, Exercise
from grader.report import Phrasing
from grader.workspace import (MARKER, exercise_path, find_workspace, init_workspace, is_checkout_exercises,
                              is_untouched, save_exercise)

# What a learner installs for notebooks; the first cell of every notebook installs it where it is missing.
NOTEBOOK_EXTRA = "kerascourse[notebook]"
NBFORMAT, NBFORMAT_MINOR = 4, 5
WIDTH = 100      # columns of the report in a cell

# The report's next steps, worded for a notebook.
NOTEBOOK_PHRASING = Phrasing(
    open="edit its %%exercise cell ({path}) and run it",
    hint='hint("{id}")',
    lesson='lesson("{chapter}")',
    verbose='check("{id}", verbose=True)',
    onwards="`kerascourse list` shows what is left",
)


class NotebookError(Exception):
    """Something a notebook call cannot do as asked; the message says what to do instead."""


# ============================================================================ writing a chapter's notebook

@dataclass
class NotebookReport:
    path: Path
    created: bool            # False: a notebook was already there and was left as it is
    added: list[Path]        # exercise files the chapter was missing in the workspace (stubs)


def notebook_path(workspace: Path, chapter: Chapter) -> Path:
    return Path(workspace) / f"{chapter.id.replace(':', '-')}.ipynb"


def install_spec() -> str:
    """What the notebook's first cell installs: where this kerascourse came from, when that can be reached.

    A ``pip install "kerascourse[notebook] @ git+https://…"`` records its source (PEP 610);
    a notebook written from it installs the same commit in a fresh Colab runtime.
    Otherwise, the package by its name.
    """
    from importlib import metadata

    try:
        data = json.loads(metadata.distribution("kerascourse").read_text("direct_url.json") or "{}")
    except (metadata.PackageNotFoundError, ValueError):
        return NOTEBOOK_EXTRA
    url = str(data.get("url", ""))
    vcs = data.get("vcs_info")
    if isinstance(vcs, dict) and url.startswith(("http://", "https://", "ssh://")):
        commit = vcs.get("commit_id") or vcs.get("requested_revision")
        return f"{NOTEBOOK_EXTRA} @ {vcs.get('vcs', 'git')}+{url}" + (f"@{commit}" if commit else "")
    if url.startswith(("http://", "https://")):
        return f"{NOTEBOOK_EXTRA} @ {url}"
    return NOTEBOOK_EXTRA


def _cell_id(*parts: str) -> str:
    text = "-".join(parts)
    return "".join(c if c.isalnum() or c in "-_" else "-" for c in text)[:64]


def _markdown(source: str, *parts: str) -> dict:
    return {"cell_type": "markdown", "id": _cell_id(*parts), "metadata": {}, "source": source}


def _code(source: str, *parts: str, **metadata) -> dict:
    return {"cell_type": "code", "id": _cell_id(*parts), "metadata": dict(metadata), "execution_count": None,
            "outputs": [], "source": source}


def inline_images(text: str, folder: Path) -> str:
    """Markdown whose local pictures (``![what](images/x.png)``) are ``data:`` URIs, so it shows anywhere."""
    from grader.lessons import IMAGE_REF

    def embed(match):
        ref = match.group(1)
        path = Path(folder) / ref
        if "://" in ref or ref.startswith("data:") or not path.is_file():
            return match.group(0)
        mime = mimetypes.guess_type(path.name)[0] or "image/png"
        uri = f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"
        return match.group(0).replace(f"({ref})", f"({uri})")

    return IMAGE_REF.sub(embed, text)


def exercise_source(workspace: Path | None, exercise: Exercise) -> str:
    """The text an exercise cell shows: the learner's file when there is one, else the stub."""
    path = exercise_path(workspace, exercise) if workspace is not None else None
    source = path if path is not None and path.is_file() else exercise.stub_path
    return source.read_text(encoding="utf-8")


def exercise_cell_source(workspace: Path | None, exercise: Exercise) -> str:
    return f"%%exercise {exercise.id}\n" + exercise_source(workspace, exercise).rstrip("\n")


def _exercise_cells(workspace: Path | None, exercise: Exercise) -> list[dict]:
    file = f"{exercise.chapter.relative_dir.as_posix()}/{exercise.filename}"
    intro = (f"### Exercise · {exercise.title} (`{exercise.id}`)\n\n{exercise.goal}\n\n"
             f"Write your code in the next cell and run it: it saves `{file}` and defines your functions "
             f"here, so you can try them in a cell of your own. Then run the check below it. "
             f"Stuck? `hint(\"{exercise.id}\")` gives a hint, from gentle to explicit.")
    return [_markdown(intro, exercise.id, "goal"),
            _code(exercise_cell_source(workspace, exercise), exercise.id, "code",
                  kerascourse={"exercise": exercise.id, "role": "exercise"}),
            _code(f'check("{exercise.id}")', exercise.id, "check",
                  kerascourse={"exercise": exercise.id, "role": "check"})]


def _setup_source(install: str) -> str:
    return ("# Run this cell first. Where kerascourse is not installed yet (Colab, Kaggle, a fresh environment)\n"
            "# it installs it: about a minute. To install from elsewhere (a fork, a wheel), change the line.\n"
            "import importlib, importlib.util\n"
            "if importlib.util.find_spec(\"kerascourse\") is None:\n"
            f"    %pip install --quiet \"{install}\"\n"
            "    importlib.invalidate_caches()\n"
            "%load_ext kerascourse")


def _how_it_works(chapter: Chapter) -> str:
    folder = chapter.relative_dir.as_posix()
    return ("**How this notebook works.** Each exercise is a `%%exercise` cell holding one file of your "
            f"workspace, `{folder}/<exercise>.py`, the folder this notebook sits in. Running the cell saves it "
            "there (the version it replaces is kept in `.kerascourse/backups/`) and runs it here, so you can "
            "try your functions in a cell of your own. `check(\"...\")` grades the saved file in a separate "
            "Python process, exactly as `kerascourse grade` does (an endless loop is stopped, a crash is "
            "reported, this notebook keeps running), `hint(\"...\")` gives the next hint and "
            f"`lesson(\"{chapter.id}\")` shows the lesson again. `kerascourse list` and "
            "`kerascourse grade` see the same files and your progress. A GPU is used when the runtime has one.")


def notebook_cells(chapter: Chapter, workspace: Path | None = None, install: str | None = None) -> list[dict]:
    """The cells of ``chapter``'s notebook: lesson sections, each followed by the exercises it introduces."""
    from grader.lessons import EXERCISE_LINK, HEADING

    lesson = chapter.lesson_path
    text = lesson.read_text(encoding="utf-8") if lesson.is_file() else f"# {chapter.id} · {chapter.title}\n"
    ours = {ex.id: ex for ex in chapter.exercises}
    cells: list[dict] = []
    placed: set[str] = set()
    buffer: list[str] = []
    in_code = False
    intro_done = False

    def flush():
        nonlocal intro_done
        source = "\n".join(buffer).strip("\n")
        buffer.clear()
        if source.strip():
            cells.append(_markdown(inline_images(source, lesson.parent), chapter.id, "lesson", str(len(cells))))
        if not intro_done and cells:
            intro_done = True
            cells.append(_markdown(_how_it_works(chapter), chapter.id, "how"))
            cells.append(_code(_setup_source(install or install_spec()), chapter.id, "setup",
                               kerascourse={"role": "setup"}))

    for line in text.splitlines():
        if line.startswith("```"):
            in_code = not in_code
        heading = None if in_code else HEADING.match(line)
        link = None if in_code else EXERCISE_LINK.search(line)
        if heading and len(heading.group(1)) <= 2 and buffer:
            flush()
        if link and link.group(1) in ours and link.group(1) not in placed:
            flush()
            placed.add(link.group(1))
            cells.extend(_exercise_cells(workspace, ours[link.group(1)]))
            continue
        buffer.append(line)
    flush()
    if not intro_done:       # an empty lesson: the setup still comes first
        buffer.append(f"# {chapter.id} · {chapter.title}")
        flush()
    for exercise in chapter.exercises:
        if exercise.id not in placed:
            cells.extend(_exercise_cells(workspace, exercise))
    cells.append(_markdown("## The whole chapter\n\nGrade every exercise of the chapter at once "
                           "(the same as `kerascourse grade " + chapter.id + "`):", chapter.id, "all"))
    cells.append(_code(f"%grade {chapter.id}", chapter.id, "grade", kerascourse={"role": "grade"}))
    return cells


def build_notebook(chapter: Chapter, workspace: Path | None = None, install: str | None = None) -> dict:
    """``chapter``'s notebook as an nbformat 4.5 document (a plain dict)."""
    return {
        "nbformat": NBFORMAT, "nbformat_minor": NBFORMAT_MINOR,
        "metadata": {
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
            "language_info": {"name": "python"},
            "kerascourse": {"chapter": chapter.id, "pack": chapter.pack.id},
        },
        "cells": notebook_cells(chapter, workspace, install),
    }


def write_notebook(chapter: Chapter, workspace: str | Path, course: Course | None = None,
                   install: str | None = None) -> NotebookReport:
    """Write ``chapter``'s notebook into ``workspace``, never over an existing file (the rules of ``init``).

    The workspace is created, and the chapter's missing exercise files added, as
    ``kerascourse init`` would; files that exist are never touched.
    """
    workspace = Path(workspace).expanduser().resolve()
    added = _ensure_chapter(workspace, chapter, course)
    path = notebook_path(workspace, chapter)
    if path.exists():
        return NotebookReport(path, False, added)
    text = json.dumps(build_notebook(chapter, workspace, install), indent=1, ensure_ascii=False) + "\n"
    try:
        with open(path, "x", encoding="utf-8", newline="\n") as fh:   # "x": never over a file that appeared
            fh.write(text)
    except FileExistsError:
        return NotebookReport(path, False, added)
    return NotebookReport(path, True, added)


def _ensure_chapter(workspace: Path, chapter: Chapter, course: Course | None = None) -> list[Path]:
    """Make ``workspace`` hold ``chapter``'s files (a new workspace if need be); the files it added."""
    if is_checkout_exercises(workspace):
        return []
    if (workspace / MARKER).is_file() and all(exercise_path(workspace, ex).exists() for ex in chapter.exercises):
        return []
    return init_workspace(workspace, course or Course.load(), chapters=[chapter]).created


# ============================================================================ in the kernel

_state: dict = {"workspace": None, "course": None}


def _course() -> Course:
    if _state["course"] is None:
        _state["course"] = Course.load()
    return _state["course"]


def use_workspace(path: str | Path | None = None) -> Path | None:
    """Grade and save in ``path`` from now on (None: back to the folder the notebook is in)."""
    _state["workspace"] = Path(path).expanduser().resolve() if path is not None else None
    return _state["workspace"]


def current_workspace(chapter: Chapter | None = None, create: bool = True) -> Path | None:
    """The workspace notebook calls use: the one named, else the one the kernel's folder is in.

    With none, the current folder becomes one (only ``chapter``'s files are added)
    when ``create``; that is how a notebook opened in Colab gets its files.
    """
    workspace = _state["workspace"] or find_workspace()
    if workspace is None and not create:
        return None
    if workspace is None:
        workspace = Path.cwd().resolve()
    if chapter is not None and create:
        added = _ensure_chapter(workspace, chapter, _course())
        if added:
            _say(f"Added {len(added)} exercise file(s) of {chapter.id} to the workspace {workspace} "
                 f"(under {chapter.relative_dir.as_posix()}/); files that were there are untouched.")
    return workspace


# ---------------------------------------------------------------------------- showing things in a cell

def _shell():
    """The IPython kernel's shell, or None outside a notebook (plain Python, a terminal IPython)."""
    ipython = sys.modules.get("IPython")
    if ipython is None:
        return None
    try:
        shell = ipython.get_ipython()
    except Exception:  # noqa: BLE001 - no IPython at all is the same as no notebook
        return None
    return shell if shell is not None and getattr(shell, "kernel", None) is not None else None


def _display(bundle: dict) -> None:
    from IPython.display import display

    display(bundle, raw=True)


HTML_FORMAT = ('<pre style="font-family:Menlo,\'DejaVu Sans Mono\',Consolas,\'Courier New\',monospace;'
               'line-height:1.35;white-space:pre;overflow-x:auto;margin:0">{code}</pre>')


def _recorded(draw) -> dict:
    """Run ``draw(console)`` on a recording rich console; its output as text/html and text/plain."""
    from rich.console import Console

    console = Console(record=True, file=io.StringIO(), width=WIDTH, highlight=False, soft_wrap=False,
                      color_system="truecolor", force_terminal=True, force_jupyter=False)
    draw(console)
    text = console.export_text(clear=False).rstrip() + "\n"
    return {"text/plain": text, "text/html": console.export_html(inline_styles=True, code_format=HTML_FORMAT)}


def _show(draw) -> None:
    """Show rich output: HTML with a plain-text twin in a notebook, the console's own output elsewhere."""
    if _shell() is None:
        from rich.console import Console
        draw(Console(highlight=False))
        return
    _display(_recorded(draw))


def _say(message: str, style: str = "dim") -> None:
    from rich.markup import escape
    _show(lambda console: console.print(f"[{style}]{escape(message)}[/]"))


def _problem(message: str) -> None:
    from rich.markup import escape
    _show(lambda console: console.print(f"[bold red]kerascourse:[/] {escape(message)}"))


# ---------------------------------------------------------------------------- saving and running an exercise

@dataclass
class Saved:
    exercise: Exercise
    path: Path
    changed: bool
    backup: Path | None


def save_cell(exercise_id: str, source: str, workspace: str | Path | None = None) -> Saved:
    """Save a cell's text as the exercise's file, keeping a backup of the version it replaces."""
    exercise = _course().exercise(exercise_id)
    ws = Path(workspace).resolve() if workspace is not None else current_workspace(exercise.chapter)
    path = exercise_path(ws, exercise)
    text = source.rstrip("\n") + "\n"
    try:
        unchanged = path.read_text(encoding="utf-8").rstrip("\n") == text.rstrip("\n")
    except (OSError, UnicodeDecodeError):
        unchanged = False
    if unchanged:       # the same code (up to trailing blank lines): nothing to write, nothing to back up
        return Saved(exercise, path, False, None)
    changed, backup = save_exercise(ws, exercise, text)
    return Saved(exercise, path, changed, backup)


def run_source(shell, source: str, path: Path) -> bool:
    """Run ``source`` in the kernel's namespace as if it were the file ``path``; False if it raised.

    An exception (a syntax error, a failing import) is shown in the cell like any
    cell's error, and the kernel carries on. Ctrl-C / "interrupt" stops it as usual.
    """
    linecache.checkcache(str(path))
    namespace = shell.user_ns if shell is not None else {"__name__": "__main__"}
    try:
        code = compile(source, str(path), "exec", dont_inherit=True)
    except SyntaxError:
        if shell is None:
            raise
        shell.showsyntaxerror(filename=str(path))
        return False
    try:
        exec(code, namespace)  # noqa: S102 - running the learner's own cell is the point
    except Exception:  # noqa: BLE001 - shown in the cell, the kernel lives on
        if shell is None:
            raise
        shell.showtraceback()
        return False
    return True


class _ArgumentParser(argparse.ArgumentParser):
    def error(self, message):
        raise NotebookError(f"{self.prog}: {message}. Usage: {self.format_usage().strip()}")


def _exercise_parser() -> argparse.ArgumentParser:
    parser = _ArgumentParser(prog="%%exercise", add_help=False)
    parser.add_argument("exercise", help="an exercise id, e.g. ch1.one_hot")
    parser.add_argument("--no-run", action="store_true", help="only save the file; do not run it here")
    return parser


def exercise_magic(line: str, cell: str) -> None:
    """``%%exercise ch1.one_hot [--no-run]``: save the cell as ``ch1/one_hot.py``, then run it here."""
    try:
        args = _exercise_parser().parse_args(shlex.split(line))
        saved = save_cell(args.exercise, cell)
    except (NotebookError, CourseError, OSError) as exc:
        _problem(str(exc))
        return
    rel = _relative(saved.path)
    if saved.backup is not None:
        _say(f"Saved {rel}; the version it replaced is kept in {_relative(saved.backup)}.")
    elif saved.changed:
        _say(f"Saved {rel}.")
    if not args.no_run:
        run_source(_shell(), cell, saved.path)


def _relative(path: Path) -> str:
    try:
        return Path(path).resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


# ---------------------------------------------------------------------------- grading

def check(exercise_id: str, *, timeout: float | None = None, device: str = "auto", verbose: bool = False,
          backend: str | None = None) -> None:
    """Grade one exercise's saved file, as ``kerascourse grade ch1 one_hot`` does, and show the report."""
    try:
        exercise = _course().exercise(exercise_id)
    except CourseError as exc:
        _problem(str(exc))
        return
    _grade(exercise.chapter, [exercise.name], timeout=timeout, device=device, verbose=verbose, backend=backend)


def grade(chapter_id: str, *exercises: str, timeout: float | None = None, device: str = "auto",
          verbose: bool = False, backend: str | None = None) -> None:
    """Grade a chapter (or some of its exercises), as ``kerascourse grade ch1`` does, and show the report."""
    try:
        chapter = _course().chapter(chapter_id)
        names = [chapter.exercise(name.rpartition(".")[2]).name for name in exercises]
    except CourseError as exc:
        _problem(str(exc))
        return
    _grade(chapter, names or None, timeout=timeout, device=device, verbose=verbose, backend=backend)


def grade_result(chapter: Chapter, names: list[str] | None = None, *, workspace: Path | None = None,
                 timeout: float | None = None, device: str = "auto", verbose: bool = False,
                 backend: str | None = None, on_event=None):
    """Grade in the isolated child process and record the verdicts; the ``ChapterResult``."""
    from grader.runner import BACKEND_MODULES, GradeOptions, backend_installed, grade_chapter, resolve_backend
    from grader.workspace import record_results

    if device not in ("auto", "cpu", "gpu"):
        raise NotebookError(f"device must be 'auto', 'cpu' or 'gpu', not {device!r}")
    backend = resolve_backend(backend)
    if backend not in BACKEND_MODULES or not backend_installed(backend):
        raise NotebookError(f"the {backend} backend is not installed here: grade with backend=\"tensorflow\", "
                            f"or `%pip install \"kerascourse[{backend}]\"`.")
    workspace = workspace or current_workspace(chapter)
    # The kernel's inline matplotlib backend means nothing in the grading process.
    options = GradeOptions(workspace=workspace, exercises=names, device=device, timeout=timeout,
                           verbose=verbose, backend=backend, extra_env={"MPLBACKEND": "Agg"})
    result = grade_chapter(chapter, options, on_event=on_event)
    if not result.fatal:
        record_results(workspace, chapter, result)
    return result


def _grade(chapter: Chapter, names: list[str] | None, **options) -> None:
    from rich.markup import escape

    from grader.report import render_chapter
    from grader.results import NOT_ATTEMPTED

    progress = _Progress(chapter, names)
    try:
        workspace = current_workspace(chapter)
        result = grade_result(chapter, names, workspace=workspace, on_event=progress.event, **options)
    except NotebookError as exc:
        progress.close()
        _problem(str(exc))
        return
    except KeyboardInterrupt:
        progress.close("Grading interrupted; the grading process was stopped.")
        raise

    phrasing = NOTEBOOK_PHRASING
    chapters = chapter.pack.chapters
    if chapter in chapters and chapters.index(chapter) + 1 < len(chapters):
        following = chapters[chapters.index(chapter) + 1]
        phrasing = replace(phrasing, onwards=f'notebook("{following.id}") writes its notebook')

    def draw(console):
        render_chapter(result, chapter, verbose=options.get("verbose", False), console=console,
                       workspace_label=str(workspace), phrasing=phrasing)
        stubs = [ex for ex in result.exercises if ex.status == NOT_ATTEMPTED
                 and is_untouched(workspace, chapter.exercise(ex.name))]
        if stubs:
            ex = chapter.exercise(stubs[0].name)
            file = f"{chapter.relative_dir.as_posix()}/{ex.filename}"
            console.print(f"[dim]The check grades the saved file {escape(file)}, still the stub: write your code "
                          f"in the %%exercise {escape(ex.id)} cell and run that cell before checking.[/]")

    progress.finish(draw)


class _Progress:
    """A line that says what is being graded, replaced in place by the report when it is done."""

    def __init__(self, chapter: Chapter, names: list[str] | None):
        self.chapter = chapter
        self.total = len(names or chapter.exercises)
        self.seen: list[str] = []
        self.handle = None
        if _shell() is not None:
            from IPython.display import display
            self.handle = display({"text/plain": f"Grading {chapter.id}: starting Python and the grader…"},
                                  raw=True, display_id=True)

    def event(self, event: dict) -> None:
        if self.handle is None or event.get("event") != "check_start":
            return
        name = event.get("exercise")
        if name in self.seen:
            return
        self.seen.append(name)
        self.handle.update({"text/plain": f"Grading {self.chapter.id}: {name} ({len(self.seen)}/{self.total})…"},
                           raw=True)

    def close(self, message: str = "") -> None:
        if self.handle is not None:
            self.handle.update({"text/plain": message}, raw=True)

    def finish(self, draw) -> None:
        if self.handle is None:
            _show(draw)
        else:
            self.handle.update(_recorded(draw), raw=True)


# ---------------------------------------------------------------------------- hints, lessons, notebooks

def hint(exercise_id: str, n: int | None = None) -> None:
    """The next hint of an exercise (or hint ``n``), from gentle to explicit; shared with ``kerascourse hint``."""
    from grader.hints import render_hint, take_hint

    try:
        exercise = _course().exercise(exercise_id)
        given = take_hint(exercise, current_workspace(create=False), n)
    except CourseError as exc:
        _problem(str(exc))
        return

    def draw(console):
        render_hint(console, exercise, given, again='hint("{id}")', lesson='lesson("{chapter}")')

    _show(draw)


def lesson(chapter_id: str, section: str | None = None) -> None:
    """A chapter's lesson (or one ``section`` of it) as Markdown, with its pictures."""
    from grader.lessons import LessonError, read_lesson, sections, show_lesson

    try:
        chapter = _course().chapter(chapter_id)
        if _shell() is None:
            show_lesson(chapter, section=section, pager=False)
            return
        path = chapter.lesson_path
        text = read_lesson(chapter, section)
    except (CourseError, LessonError) as exc:
        _problem(str(exc))
        return
    if not section:
        slugs = [s.slug for s in sections(text) if s.level == 2]
        if slugs:
            text += (f"\n\n*Sections:* {', '.join(f'`{s}`' for s in slugs)}. "
                     f"One of them: `lesson(\"{chapter.id}\", \"{slugs[0]}\")`.")
    _display({"text/markdown": inline_images(text, path.parent), "text/plain": text})


def notebook(chapter_id: str, workspace: str | Path | None = None, *, install: str | None = None,
             download: bool | None = None) -> Path | None:
    """Write ``chapter_id``'s notebook into the workspace (never over an existing one); its path.

    In Colab the file is also offered for download (``download=None``): upload it
    with File → Upload notebook, or write it into a mounted Drive folder
    (``workspace="/content/drive/MyDrive/kerascourse"``) and open it from there.
    """
    try:
        chapter = _course().chapter(chapter_id)
        ws = Path(workspace).expanduser().resolve() if workspace is not None else current_workspace(chapter)
        report = write_notebook(chapter, ws, _course(), install=install)
    except (CourseError, OSError) as exc:
        _problem(str(exc))
        return None
    if report.created:
        _say(f"Wrote {report.path}.", style="green")
    else:
        _say(f"{report.path} already exists; it was left as it is. Your code lives in "
             f"{chapter.relative_dir.as_posix()}/*.py, which its cells save. For a fresh notebook, rename that "
             f"file and call notebook(\"{chapter.id}\") again.")
    in_colab = "google.colab" in sys.modules
    if download or (download is None and in_colab):
        try:
            from google.colab import files  # type: ignore[import-not-found]
            files.download(str(report.path))
            _say("Downloading it: open it with File → Upload notebook (its first cell installs kerascourse).")
        except ImportError:
            _problem("download=True works in Colab only; elsewhere open the file where it was written.")
    return report.path


# ---------------------------------------------------------------------------- the IPython extension

def _grade_parser() -> argparse.ArgumentParser:
    parser = _ArgumentParser(prog="%grade", add_help=False)
    parser.add_argument("chapter")
    parser.add_argument("exercises", nargs="*")
    parser.add_argument("--timeout", type=float, default=None)
    parser.add_argument("--device", choices=("auto", "cpu", "gpu"), default="auto")
    parser.add_argument("--backend", choices=("tensorflow", "jax", "torch"), default=None)
    parser.add_argument("-v", "--verbose", action="store_true")
    return parser


def grade_magic(line: str) -> None:
    """``%grade ch1 [EXERCISE ...] [--timeout S] [--device auto|cpu|gpu] [--backend B] [-v]``."""
    try:
        args = _grade_parser().parse_args(shlex.split(line))
    except NotebookError as exc:
        _problem(str(exc))
        return
    grade(args.chapter, *args.exercises, timeout=args.timeout, device=args.device, verbose=args.verbose,
          backend=args.backend)


def load_ipython_extension(ipython) -> None:
    """``%load_ext kerascourse``: the ``%%exercise`` and ``%grade`` magics; ``check``, ``hint``, ``lesson``."""
    # One GPU, two TensorFlows (the kernel's, if the learner imports it, and the grader's): neither may
    # take all of its memory up front. Only before TensorFlow is imported, and only if not set already.
    os.environ.setdefault("TF_FORCE_GPU_ALLOW_GROWTH", "true")
    ipython.register_magic_function(exercise_magic, "cell", "exercise")
    ipython.register_magic_function(grade_magic, "line", "grade")
    ipython.push({"check": check, "hint": hint, "lesson": lesson})
    workspace = current_workspace(create=False)
    where = (f"your workspace is {workspace}" if workspace is not None else
             f"no workspace yet: {Path.cwd()} becomes one when you first save an exercise")
    _say(f"kerascourse is ready ({where}). %%exercise cells save and run your code; check(\"ch1.one_hot\") "
         f"grades it, hint(\"ch1.one_hot\") helps, lesson(\"ch1\") teaches.")
