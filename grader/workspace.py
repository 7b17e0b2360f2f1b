"""A learner's workspace: a folder of exercise files laid out like ``exercises/``.

``kerascourse init DIR`` creates one (and, run again, adds only what is new),
``reset`` restores one stub after backing up the learner's file, and the grader
remembers the last verdict per exercise so that ``list`` can show progress
without running anything. Nothing here ever overwrites a learner's file.
"""

from __future__ import annotations

import json
import shutil
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path

from kerascourse import __version__

from grader.course import Chapter, Course, Exercise
from grader.files import atomic_write, file_digest

MARKER = ".kerascourse.toml"
STATE_DIR = ".kerascourse"          # inside a workspace: last results and backups
RESULTS_FILE = "results.json"
BACKUP_DIR = "backups"


class WorkspaceError(Exception):
    """No workspace where one was expected, or a folder that is not one."""


@dataclass
class InitReport:
    workspace: Path
    created: list[Path]
    kept: list[Path]


def find_workspace(start: str | Path | None = None) -> Path | None:
    """The workspace that ``start`` (default: the current folder) is in, if any.

    A workspace is the nearest folder upwards holding a ``.kerascourse.toml``
    marker; in a checkout of the kerascourse repository it is ``./exercises``.
    """
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / MARKER).is_file():
            return folder
    for folder in (here, *here.parents):
        if (folder / "exercises").is_dir() and (folder / "solutions").is_dir() and (folder / "grader").is_dir():
            return folder / "exercises"
    return None


def read_marker(workspace: Path) -> dict:
    path = Path(workspace) / MARKER
    if not path.is_file():
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError:
        return {}


def _write_marker(workspace: Path, course: Course) -> None:
    lines = [
        "# This folder is a kerascourse workspace. Grade it with `kerascourse grade ch1`.",
        f'course_version = "{__version__}"',
        f'created = "{time.strftime("%Y-%m-%d %H:%M:%S")}"',
        "",
        "[packs]",
        *(f'{pack.id} = "{pack.version}"' for pack in course.packs),
        "",
    ]
    atomic_write(Path(workspace) / MARKER, "\n".join(lines))


def init_workspace(directory: str | Path, course: Course, chapters: list[Chapter] | None = None) -> InitReport:
    """Copy every stub into ``directory``; files that already exist are kept untouched.

    Running it again on an existing workspace adds the exercises that a newer
    version of the course brought, and nothing else.
    """
    workspace = Path(directory).resolve()
    if workspace.exists() and not workspace.is_dir():
        raise WorkspaceError(f"{workspace} exists and is not a folder")
    workspace.mkdir(parents=True, exist_ok=True)
    created, kept = [], []
    for chapter in chapters or course.chapters:
        target_dir = workspace / chapter.relative_dir
        target_dir.mkdir(parents=True, exist_ok=True)
        for exercise in chapter.exercises:
            target = target_dir / exercise.filename
            if target.exists():
                kept.append(target)
                continue
            _copy_exclusive(exercise.stub_path, target)
            created.append(target)
    _write_marker(workspace, course)
    return InitReport(workspace, created, kept)


def missing_exercises(workspace: Path, course: Course) -> list[Exercise]:
    """Exercises of the installed course that this workspace has no file for yet."""
    return [ex for ch in course.chapters for ex in ch.exercises
            if not (Path(workspace) / ch.relative_dir / ex.filename).exists()]


def exercise_path(workspace: Path, exercise: Exercise) -> Path:
    return Path(workspace) / exercise.chapter.relative_dir / exercise.filename


def backup_exercise(workspace: Path, exercise: Exercise) -> Path | None:
    """Copy the learner's file to a new timestamped backup; its path (None when there is no file)."""
    target = exercise_path(workspace, exercise)
    if not target.exists():
        return None
    stamp = time.strftime("%Y%m%d-%H%M%S")
    backup_dir = Path(workspace) / STATE_DIR / BACKUP_DIR / exercise.chapter.relative_dir
    backup_dir.mkdir(parents=True, exist_ok=True)
    backup = backup_dir / f"{exercise.name}.{stamp}.py"
    n = 1
    while backup.exists():
        backup = backup_dir / f"{exercise.name}.{stamp}-{n}.py"
        n += 1
    shutil.copy2(target, backup)
    return backup


def reset_exercise(workspace: Path, exercise: Exercise) -> Path | None:
    """Put the stub back; the learner's file is first copied to a timestamped backup.

    Returns the backup's path (None when there was no file to back up).
    """
    target = exercise_path(workspace, exercise)
    backup = backup_exercise(workspace, exercise)
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(target, exercise.stub_path.read_text(encoding="utf-8"))
    return backup


def save_exercise(workspace: Path, exercise: Exercise, text: str) -> tuple[bool, Path | None]:
    """Write ``text`` as the learner's file of ``exercise`` (a notebook cell saving it).

    The file it replaces is backed up first, as ``reset`` does, unless it is the
    untouched stub (which ``reset`` can always bring back). Returns ``(changed,
    backup)``: nothing is written, and nothing backed up, when the file already
    holds ``text``.
    """
    target = exercise_path(workspace, exercise)
    try:
        old = target.read_text(encoding="utf-8")
    except FileNotFoundError:
        old = None
    except (OSError, UnicodeDecodeError):
        old = ""   # unreadable: still kept as a backup below
    if old == text:
        return False, None
    backup = None if old is None or is_untouched(workspace, exercise) else backup_exercise(workspace, exercise)
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(target, text)
    return True, backup


def is_untouched(workspace: Path, exercise: Exercise) -> bool:
    """True when the learner's file is still byte-for-byte the stub."""
    return file_digest(exercise_path(workspace, exercise)) == file_digest(exercise.stub_path)


def load_results(workspace: Path) -> dict:
    """The last verdict per exercise id: ``{"ch1.one_hot": {"status": ..., "digest": ...}}``."""
    path = Path(workspace) / STATE_DIR / RESULTS_FILE
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def save_results(workspace: Path, verdicts: dict[str, dict]) -> None:
    """Merge the verdicts of a grading run into the workspace's state file (atomically)."""
    state_dir = Path(workspace) / STATE_DIR
    state_dir.mkdir(exist_ok=True)
    results = load_results(workspace)
    results.update(verdicts)
    atomic_write(state_dir / RESULTS_FILE, json.dumps(results, indent=1, sort_keys=True))


def record_results(workspace: Path, chapter: Chapter, result) -> None:
    """Remember a grading run's verdicts (``result`` is a ``grader.results.ChapterResult``).

    Each verdict is stored with the digest of the file it was given for, so ``list``
    can tell a result that still holds from a file changed since. A read-only
    workspace can still be graded: the verdicts are then simply not kept.
    """
    verdicts = {}
    for ex_result in result.exercises:
        exercise = chapter.exercise(ex_result.name)
        verdicts[ex_result.id] = {"status": ex_result.status,
                                  "digest": file_digest(exercise_path(workspace, exercise))}
    try:
        save_results(workspace, verdicts)
    except OSError:
        pass


def is_checkout_exercises(workspace: Path) -> bool:
    """True for the ``exercises/`` folder of a repository checkout (not a learner's own workspace)."""
    workspace = Path(workspace)
    return workspace.name == "exercises" and (workspace.parent / "solutions").is_dir()


def _copy_exclusive(source: Path, target: Path) -> None:
    # "x" mode: fail rather than overwrite, even if the file appeared a moment ago.
    with open(source, "rb") as src, open(target, "xb") as dst:
        shutil.copyfileobj(src, dst)
