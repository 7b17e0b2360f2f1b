"""Every chapter teaches before it tests: its lesson renders, links every exercise, and its numbers are right."""

import doctest

import pytest
from rich.console import Console
from rich.markdown import Markdown

from grader.lessons import image_paths, linked_exercises, pycon_blocks, sections, select_section, slugify
from grader.course import Course

COURSE = Course.load()
CHAPTERS = COURSE.chapters


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda ch: ch.id)
def test_lesson_renders(chapter):
    text = chapter.lesson_path.read_text(encoding="utf-8")
    console = Console(record=True, width=100, file=open("/dev/null", "w"))
    console.print(Markdown(text))
    rendered = console.export_text()
    assert chapter.title.split()[0] in rendered
    assert sum(s.level == 2 for s in sections(text)) >= 3, "a lesson has several sections"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda ch: ch.id)
def test_every_exercise_is_linked_and_every_link_exists(chapter):
    links = linked_exercises(chapter.lesson_path.read_text(encoding="utf-8"))
    ids = [ex.id for ex in chapter.exercises]
    assert set(links) - set(ids) == set(), f"links to exercises that do not exist: {set(links) - set(ids)}"
    assert set(ids) - set(links) == set(), f"exercises the lesson never introduces: {set(ids) - set(links)}"
    order = [links.index(i) for i in ids]
    assert order == sorted(order), "the lesson should introduce exercises in the chapter's order"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda ch: ch.id)
def test_referenced_images_exist(chapter):
    for image in image_paths(chapter.lesson_path):
        assert image.is_file(), f"{chapter.lesson_path} shows {image}, which does not exist"
        assert image.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", f"{image} is not a PNG"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda ch: ch.id)
def test_worked_numbers_are_recomputed(chapter):
    """The lesson's `pycon` blocks run as doctests against the library: the text cannot drift."""
    text = chapter.lesson_path.read_text(encoding="utf-8")
    blocks = pycon_blocks(text)
    assert blocks, f"{chapter.id}'s lesson has no worked example in a ```pycon block"
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS)
    # One doctest for the whole lesson: later blocks use names defined in earlier ones.
    test = parser.get_doctest("\n".join(blocks), {}, f"{chapter.id}-lesson", str(chapter.lesson_path), 0)
    runner.run(test)
    summary = runner.summarize(verbose=False)
    assert summary.failed == 0, f"{summary.failed} worked example(s) in {chapter.lesson_path} are wrong"


def test_sections_and_slugs():
    text = "# T\n\n## Gradient tape & friends\nx\n### Sub\ny\n## Next\nz\n"
    assert [s.slug for s in sections(text)] == ["t", "gradient-tape-friends", "sub", "next"]
    assert slugify("The `NaiveDense` layer") == "the-naivedense-layer"
    assert select_section(text, "gradient-tape").splitlines() == ["## Gradient tape & friends", "x", "### Sub", "y"]
    with pytest.raises(LookupError, match="Sections: gradient-tape-friends, next"):
        select_section(text, "nope")


def test_lesson_command(run_cli):
    code, out, _ = run_cli("lesson", "ch1", "--section", "encoding-labels", "--no-pager")
    assert code == 0
    assert "One-hot encoding" in out and "Scaling pixels" not in out
    code, _, err = run_cli("lesson", "ch1", "--section", "no-such-thing")
    assert code == 2 and "Sections:" in err
