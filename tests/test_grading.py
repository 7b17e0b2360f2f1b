"""The grader grades: solutions pass, stubs are not attempted, in every chapter."""

import pytest

from grader.course import Course

CHAPTERS = [ch.id for ch in Course.load().chapters]


@pytest.mark.parametrize("chapter_id", CHAPTERS)
def test_solutions_pass_every_check(grade, chapter_id):
    result = grade(chapter_id)
    assert not result.fatal, result.fatal
    failing = {ex.id: (ex.status, ex.message) for ex in result.exercises if ex.status != "passed"}
    assert not failing, failing
    assert all(ex.checks_total >= 2 for ex in result.exercises), "every exercise deserves two checks or more"


@pytest.mark.parametrize("chapter_id", CHAPTERS)
def test_fresh_workspace_is_not_attempted(grade, course, tmp_path, chapter_id):
    from grader.workspace import init_workspace

    chapter = course.chapter(chapter_id)
    init_workspace(tmp_path / "ws", course, chapters=[chapter])
    result = grade(chapter_id, tmp_path / "ws")
    assert not result.fatal, result.fatal
    assert result.statuses() == {ex.name: "not attempted" for ex in chapter.exercises}
    for ex in result.exercises:
        assert ex.message.startswith("not written yet"), (ex.id, ex.message)
