"""Every exercise has at least three hand-written learner mistakes that the grader must name (issue #13).

The mistakes live in tests/test_wrong_answers_chN.py (LEARNER_MISTAKES) and are graded there; this only
counts them, so an exercise added without its mistakes fails here at once.
"""

import importlib

import pytest

from grader.course import Course

CHAPTERS = [ch for ch in Course.load().chapters if ch.pack.id == "core"]


@pytest.mark.parametrize("chapter", CHAPTERS, ids=[ch.id for ch in CHAPTERS])
def test_three_learner_mistakes_per_exercise(chapter):
    module = importlib.import_module(f"test_wrong_answers_{chapter.name}")
    mistakes = module.LEARNER_MISTAKES
    counts = {ex.name: 0 for ex in chapter.exercises}
    for mistake in mistakes:
        assert mistake.exercise in counts, f"{mistake.exercise} is not an exercise of {chapter.id}"
        assert mistake.phrases and all(p.strip() for p in mistake.phrases), f"{mistake.why}: names nothing"
        counts[mistake.exercise] += 1
    short = {name: n for name, n in counts.items() if n < 3}
    assert not short, f"exercises with fewer than 3 learner mistakes: {short}"
    sources = [m.source for m in mistakes]
    assert len(set(sources)) == len(sources), "two mistakes share the same source"
