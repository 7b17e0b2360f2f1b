"""Lessons: one Markdown file per chapter, read in the terminal or on a code-hosting site.

Conventions a lesson follows (checked by ``tests/test_lessons.py``):

- ``## Section title`` headings are the sections; ``--section gradient-tape``
  finds "## Gradient tape" (the slug of its title);
- a line ``→ exercise ch2.naive_dense`` says "now do this exercise";
- images are PNG files beside the lesson, ``![what](images/name.png)``;
- worked numbers live in ``pycon`` blocks (``>>>`` lines and their output) that
  the tests run as doctests, so the text cannot drift from the code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

EXERCISE_LINK = re.compile(r"→\s*exercise\s+`?([\w:-]+\.\w+)`?")
IMAGE_REF = re.compile(r"!\[[^\]]*\]\(([^)\s]+)\)")
HEADING = re.compile(r"^(#{1,3})\s+(.+?)\s*#*\s*$")
PYCON_BLOCK = re.compile(r"^```pycon\s*\n(.*?)^```", re.S | re.M)


class LessonError(LookupError):
    """A lesson or a section that does not exist; the message says what does."""


@dataclass
class Section:
    level: int
    title: str
    slug: str
    start: int    # line index of the heading
    end: int      # line index after the section


def slugify(title: str) -> str:
    """'Gradient tape & friends' -> 'gradient-tape-friends' (as code-hosting sites do, roughly)."""
    title = re.sub(r"[`*_]", "", title.lower())
    title = re.sub(r"[^\w\s-]", "", title)
    return re.sub(r"[\s_-]+", "-", title).strip("-")


def sections(text: str) -> list[Section]:
    lines = text.splitlines()
    found: list[Section] = []
    in_code = False
    for i, line in enumerate(lines):
        if line.startswith("```"):
            in_code = not in_code
        match = None if in_code else HEADING.match(line)
        if match:
            found.append(Section(len(match.group(1)), match.group(2), slugify(match.group(2)), i, len(lines)))
    for a, b in zip(found, found[1:]):
        a.end = b.start
    # A level-2 section runs until the next heading of level 2 or above.
    for i, sec in enumerate(found):
        nxt = next((s for s in found[i + 1:] if s.level <= sec.level), None)
        sec.end = nxt.start if nxt else len(lines)
    return found


def linked_exercises(text: str) -> list[str]:
    return EXERCISE_LINK.findall(text)


def image_paths(lesson: Path) -> list[Path]:
    text = Path(lesson).read_text(encoding="utf-8")
    return [Path(lesson).parent / ref for ref in IMAGE_REF.findall(text) if "://" not in ref]


def pycon_blocks(text: str) -> list[str]:
    return PYCON_BLOCK.findall(text)


def select_section(text: str, wanted: str) -> str:
    """The text of the section whose slug or title matches ``wanted`` (prefix match allowed)."""
    wanted_slug = slugify(wanted)
    secs = sections(text)
    match = next((s for s in secs if s.slug == wanted_slug), None) or \
        next((s for s in secs if s.slug.startswith(wanted_slug)), None)
    if match is None:
        names = ", ".join(s.slug for s in secs if s.level == 2)
        raise LessonError(f"no section {wanted!r}. Sections: {names}")
    lines = text.splitlines()
    return "\n".join(lines[match.start:match.end])


def read_lesson(chapter, section: str | None = None) -> str:
    """A chapter's lesson as Markdown (or one ``section`` of it); :class:`LessonError` when there is none."""
    path = chapter.lesson_path
    if not path.is_file():
        raise LessonError(f"{chapter.id} has no lesson yet ({path} is missing).")
    text = path.read_text(encoding="utf-8")
    return select_section(text, section) if section else text


def show_lesson(chapter, section: str | None = None, pager: bool = True) -> None:
    """Render a chapter's lesson with rich (paged on a terminal when it is long)."""
    from rich.console import Console
    from rich.markdown import Markdown
    from rich.markup import escape

    path = chapter.lesson_path
    text = read_lesson(chapter, section)
    console = Console(highlight=False)
    images = [p for p in image_paths(path) if p.exists()]
    # Pictures cannot be shown in a terminal: point at the files instead.
    text = IMAGE_REF.sub(lambda m: f"*[picture: {Path(path.parent / m.group(1)).name}]*", text)
    markdown = Markdown(text, code_theme="monokai", hyperlinks=False)
    long = text.count("\n") > console.height - 5
    if pager and long and console.is_terminal:
        with console.pager(styles=True):
            console.print(markdown)
    else:
        console.print(markdown)
    if images:
        console.print("\n[dim]Pictures for this lesson (open them in any image viewer):[/]")
        for image in images:
            console.print(f"[dim]  {escape(str(image))}[/]")
    if not section:
        secs = [s.slug for s in sections(path.read_text(encoding='utf-8')) if s.level == 2]
        if secs:
            console.print(f"\n[dim]Jump to a section: kerascourse lesson {chapter.id} --section "
                          f"{secs[0]}   (sections: {', '.join(secs)})[/]")
