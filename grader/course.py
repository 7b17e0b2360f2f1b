"""The course registry: packs, their chapters and exercises, and where each file lives.

A *pack* is a set of chapters laid out as three folders::

    exercises/ch1/one_hot.py      stubs the learner fills in
    solutions/ch1/one_hot.py      reference answers, the same public names
    grader/ch1/test_one_hot.py    the grader's checks, one file per exercise
    grader/ch1/chapter.toml       titles, goals, hints, points, in order
    grader/ch1/lesson.md          the chapter's lesson

Packs are discovered through the ``kerascourse.packs`` entry point group. The
built-in course is the pack ``core`` (registered in kerascourse's own
``pyproject.toml``); its chapter ids are short (``ch2``). Other packs' chapters are
namespaced by the pack id (``mypack:ch1``) so two packs can never collide.

This module reads TOML and walks folders; it never imports TensorFlow, so
``kerascourse list`` and ``hint`` answer at once.
"""

from __future__ import annotations

import ast
import re
import tomllib
from dataclasses import dataclass, field
from functools import cached_property
from importlib import metadata
from pathlib import Path

ENTRY_POINT_GROUP = "kerascourse.packs"
CORE_PACK = "core"
MAX_HINTS = 3
# The Keras backends a chapter.toml may pin a chapter or an exercise to (``backend = "tensorflow"``).
BACKENDS = ("tensorflow", "jax", "torch")
BACKEND_NAMES = {"tensorflow": "TensorFlow", "jax": "JAX", "torch": "PyTorch"}   # as messages write them


class CourseError(Exception):
    """A chapter or exercise id that does not exist, or a pack that is broken."""


@dataclass(frozen=True)
class OwnWork:
    """What an exercise's file may not use, declared in ``chapter.toml`` under ``[exercise.own_work]``.

    The library's twin of the exercise (a public name of ``kerascourse`` with the
    same name as one of the stub's functions or classes) is refused without being
    listed; ``twins`` adds library names that answer the exercise under another name.
    ``refuse`` lists what does the whole job of a "by hand" exercise: dotted names
    (``numpy.dot``; a module such as ``scipy.signal`` refuses everything in it),
    the operator ``@``, or a method such as ``.dot``. ``by_hand`` says what the
    exercise asks for, and ``instead`` what to do, in the words the refusal message uses::

        [exercise.own_work]
        by_hand = "the matrix product with loops"
        instead = "loop over the rows of x and the columns of y"
        refuse = ["numpy.dot", "numpy.matmul", "@", ".dot"]
    """

    by_hand: str = ""
    instead: str = ""
    refuse: tuple[str, ...] = ()
    twins: tuple[str, ...] = ()


OWN_WORK_KEYS = {"by_hand", "instead", "refuse", "twins"}


def _read_own_work(entry: dict, where: str) -> OwnWork:
    data = entry.get("own_work", {})
    if not isinstance(data, dict) or set(data) - OWN_WORK_KEYS:
        raise CourseError(f"{where}: [exercise.own_work] takes only {sorted(OWN_WORK_KEYS)}")
    lists = {}
    for key in ("refuse", "twins"):
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise CourseError(f"{where}: own_work.{key} must be a list of names such as \"numpy.dot\"")
        lists[key] = tuple(value)
    bad = [t for t in lists["twins"] if not t.startswith("kerascourse.")]
    if bad:
        raise CourseError(f"{where}: own_work.twins names the library's own answers (kerascourse....); got {bad}")
    return OwnWork(by_hand=str(data.get("by_hand", "")), instead=str(data.get("instead", "")),
                   refuse=lists["refuse"], twins=lists["twins"])


@dataclass(frozen=True)
class Exercise:
    """One exercise: one stub file, one solution file, one file of checks."""

    chapter: "Chapter"
    name: str
    title: str
    goal: str
    hints: tuple[str, ...] = ()
    points: float = 1.0
    timeout: float | None = None
    own_work: OwnWork = OwnWork()
    # "" runs on any Keras backend; "tensorflow" for an exercise that is TensorFlow by nature
    # (tf.GradientTape, tf.Variable): it is graded with TensorFlow whatever backend was asked for.
    backend: str = ""
    # Who sees the exercise's result on Gradescope: visible, hidden, after_due_date or after_published.
    visibility: str = "visible"
    # "process" or "inline" (see Chapter.isolation); an exercise may keep "inline" in a "process" chapter.
    isolation: str = "inline"

    @property
    def id(self) -> str:
        return f"{self.chapter.id}.{self.name}"

    @property
    def filename(self) -> str:
        return f"{self.name}.py"

    @property
    def stub_path(self) -> Path:
        return self.chapter.stubs_dir / self.filename

    @property
    def solution_path(self) -> Path:
        return self.chapter.solutions_dir / self.filename

    @property
    def tests_path(self) -> Path:
        return self.chapter.tests_dir / f"test_{self.name}.py"

    def public_names(self) -> list[str]:
        """The top-level functions and classes the stub defines (the learner must keep them)."""
        tree = ast.parse(self.stub_path.read_text(encoding="utf-8"))
        return [node.name for node in tree.body
                if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and not node.name.startswith("_")]


@dataclass(frozen=True, eq=False)
class Chapter:
    """A chapter of a pack: its metadata and where its files live."""

    pack: "Pack"
    name: str
    title: str
    summary: str
    exercises: tuple[Exercise, ...] = field(default=(), repr=False)
    backend: str = ""   # the chapter.toml's top-level ``backend``: the default of its exercises
    # "process": the learner's code runs in a process of its own and only plain data comes back to the
    # checks (grader.remote); "inline": in the grading process itself.
    isolation: str = "inline"

    @property
    def id(self) -> str:
        return self.name if self.pack.id == CORE_PACK else f"{self.pack.id}:{self.name}"

    @property
    def stubs_dir(self) -> Path:
        return self.pack.exercises / self.name

    @property
    def solutions_dir(self) -> Path:
        return self.pack.solutions / self.name

    @property
    def tests_dir(self) -> Path:
        return self.pack.grader / self.name

    @property
    def lesson_path(self) -> Path:
        return self.tests_dir / "lesson.md"

    @property
    def relative_dir(self) -> Path:
        """Where this chapter's files sit inside a workspace (``ch2`` or ``mypack/ch1``)."""
        return Path(self.name) if self.pack.id == CORE_PACK else Path(self.pack.id) / self.name

    def exercise(self, name: str) -> Exercise:
        for ex in self.exercises:
            if ex.name == name:
                return ex
        names = ", ".join(ex.name for ex in self.exercises)
        raise CourseError(f"{self.id} has no exercise {name!r}. Its exercises: {names}.")


@dataclass(frozen=True, eq=False)
class Pack:
    """A set of chapters with their stubs, solutions, checks, metadata and lessons.

    Example (a third-party pack's ``mypack/__init__.py``)::

        from pathlib import Path
        from grader.course import Pack

        PACK = Pack.from_root(Path(__file__).parent, id="mypack",
                              title="My course", version="1.0")

    and in its ``pyproject.toml``::

        [project.entry-points."kerascourse.packs"]
        mypack = "mypack:PACK"
    """

    id: str
    title: str
    version: str
    exercises: Path
    solutions: Path
    grader: Path

    @classmethod
    def from_root(cls, root: str | Path, *, id: str, title: str, version: str) -> "Pack":
        root = Path(root)
        return cls(id=id, title=title, version=version, exercises=root / "exercises",
                   solutions=root / "solutions", grader=root / "grader")

    @cached_property
    def chapters(self) -> tuple[Chapter, ...]:
        """The pack's chapters in order, read from each ``grader/<chapter>/chapter.toml``."""
        if not re.fullmatch(r"[a-z][a-z0-9_-]*", self.id):
            raise CourseError(f"pack id {self.id!r} must be lower-case letters, digits, - or _")
        # The solutions may be absent: a checks-only install grades a class without them (see has_solutions).
        for folder, what in ((self.exercises, "exercises"), (self.grader, "grader")):
            if not Path(folder).is_dir():
                raise CourseError(f"pack {self.id!r}: its {what} folder {folder} does not exist")
        tomls = sorted(Path(self.grader).glob("*/chapter.toml"), key=lambda p: _natural_key(p.parent.name))
        if not tomls:
            raise CourseError(f"pack {self.id!r}: no chapters (no {self.grader}/*/chapter.toml)")
        return tuple(_read_chapter(self, path) for path in tomls)

    def chapter(self, name: str) -> Chapter:
        for ch in self.chapters:
            if ch.name == name:
                return ch
        raise CourseError(f"pack {self.id!r} has no chapter {name!r}")

    @property
    def has_solutions(self) -> bool:
        """False in a checks-only install (an autograder build): the reference solutions are not there."""
        return Path(self.solutions).is_dir()


@dataclass(frozen=True)
class PackProblem:
    """A pack that could not be loaded, and why (shown by ``list`` and ``doctor``)."""

    name: str
    message: str


def _natural_key(text: str):
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text)]


def _read_chapter(pack: Pack, path: Path) -> Chapter:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise CourseError(f"pack {pack.id!r}: {path} is not valid TOML: {exc}") from exc
    name = path.parent.name
    title = data.get("title")
    if not isinstance(title, str) or not title:
        raise CourseError(f"pack {pack.id!r}: {path} needs a title")
    isolation = _read_isolation(data, "inline", f"pack {pack.id!r}: {path}")
    chapter = Chapter(pack=pack, name=name, title=title, summary=str(data.get("summary", "")), isolation=isolation,
                      backend=_read_backend(data, "", f"pack {pack.id!r}: {path}"))
    entries = data.get("exercise", [])
    if not isinstance(entries, list) or not entries:
        raise CourseError(f"pack {pack.id!r}: {path} lists no [[exercise]]")
    exercises = []
    seen = set()
    for entry in entries:
        ex_name = entry.get("name")
        if not isinstance(ex_name, str) or not ex_name.isidentifier():
            raise CourseError(f"pack {pack.id!r}: {path}: every [[exercise]] needs a name that is a Python identifier")
        if ex_name in seen:
            raise CourseError(f"pack {pack.id!r}: {path}: exercise {ex_name!r} is listed twice")
        seen.add(ex_name)
        hints = tuple(entry.get("hints", ()))
        if len(hints) > MAX_HINTS:
            raise CourseError(f"pack {pack.id!r}: {path}: {ex_name} has more than {MAX_HINTS} hints")
        exercises.append(Exercise(
            chapter=chapter, name=ex_name, title=str(entry.get("title", ex_name.replace("_", " "))),
            goal=str(entry.get("goal", "")), hints=hints, points=float(entry.get("points", 1)),
            timeout=float(entry["timeout"]) if "timeout" in entry else None,
            own_work=_read_own_work(entry, f"pack {pack.id!r}: {path}: {ex_name}"),
            visibility=_read_visibility(entry, f"pack {pack.id!r}: {path}: {ex_name}"),
            backend=_read_backend(entry, chapter.backend, f"pack {pack.id!r}: {path}: {ex_name}"),
            isolation=_read_isolation(entry, isolation, f"pack {pack.id!r}: {path}: {ex_name}")))
    # A frozen dataclass: attach the exercises after they exist (they point back at the chapter).
    object.__setattr__(chapter, "exercises", tuple(exercises))
    return chapter


VISIBILITIES = ("visible", "hidden", "after_due_date", "after_published")


def _read_isolation(data: dict, default: str, where: str) -> str:
    """``isolation = "process"``: the learner's code runs in a process of its own (see grader.remote)."""
    value = data.get("isolation", default)
    if value not in ("inline", "process"):
        raise CourseError(f"{where}: isolation must be 'inline' or 'process'; got {value!r}")
    return value


def _read_visibility(data: dict, where: str) -> str:
    """``visibility = "after_due_date"``: when learners see the exercise's result on Gradescope."""
    value = data.get("visibility", "visible")
    if value not in VISIBILITIES:
        raise CourseError(f"{where}: visibility must be one of {list(VISIBILITIES)}; got {value!r}")
    return value


def _read_backend(data: dict, default: str, where: str) -> str:
    """A ``backend = "tensorflow"`` key: the Keras backend a chapter or exercise must be graded with."""
    value = data.get("backend", default)
    if value not in ("",) + BACKENDS:
        raise CourseError(f"{where}: backend must be one of {list(BACKENDS)} (or left out); got {value!r}")
    return value


class Course:
    """Every pack installed, and the problems of those that could not be loaded.

    Example:
        >>> course = Course.load()
        >>> course.chapter("ch1").title
        'Tensors and data preparation'
    """

    def __init__(self, packs: list[Pack], problems: list[PackProblem]):
        self.packs = packs
        self.problems = problems

    @classmethod
    def load(cls, extra: list[Pack] | None = None) -> "Course":
        packs: list[Pack] = []
        problems: list[PackProblem] = []
        for ep in sorted(_entry_points(), key=lambda ep: (ep.name != CORE_PACK, ep.name)):
            try:
                pack = ep.load()
                if callable(pack) and not isinstance(pack, Pack):
                    pack = pack()
                if not isinstance(pack, Pack):
                    raise CourseError(f"entry point {ep.value} is not a grader.course.Pack")
                pack.chapters  # validate now, so one broken pack is reported, not fatal later
            except Exception as exc:  # a broken pack must never stop the others
                problems.append(PackProblem(ep.name, f"{type(exc).__name__}: {exc}"))
                continue
            if any(p.id == pack.id for p in packs):
                problems.append(PackProblem(ep.name, f"pack id {pack.id!r} is registered twice; ignored"))
                continue
            packs.append(pack)
        for pack in extra or []:
            packs.append(pack)
        return cls(packs, problems)

    @property
    def chapters(self) -> list[Chapter]:
        return [ch for pack in self.packs for ch in pack.chapters]

    def chapter(self, chapter_id: str) -> Chapter:
        for ch in self.chapters:
            if ch.id == chapter_id:
                return ch
        known = ", ".join(ch.id for ch in self.chapters) or "none"
        raise CourseError(f"there is no chapter {chapter_id!r}. Chapters: {known}. "
                          f"Run `kerascourse list` to see them all.")

    def exercise(self, exercise_id: str) -> Exercise:
        chapter_id, dot, name = exercise_id.rpartition(".")
        if not dot:
            raise CourseError(f"{exercise_id!r} is not an exercise id: write it as chapter.exercise, "
                              f"e.g. ch1.one_hot")
        return self.chapter(chapter_id).exercise(name)


def _entry_points():
    eps = list(metadata.entry_points(group=ENTRY_POINT_GROUP))
    if not any(ep.name == CORE_PACK for ep in eps):
        # Running from a checkout that was never pip-installed: the core pack is still there.
        eps.append(metadata.EntryPoint(name=CORE_PACK, value="grader.pack:PACK", group=ENTRY_POINT_GROUP))
    return eps

