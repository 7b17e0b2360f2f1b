"""Grading processes forked from a server with Keras imported (grader.forkserver) grade as new interpreters do."""

import pytest

from grader import forkserver
from grader.runner import GradeOptions, grade_chapter

pytestmark = pytest.mark.skipif(not forkserver.enabled(), reason="the fork server needs Linux")


def _grade(course, **options):
    result = grade_chapter(course.chapter("ch1"), GradeOptions(solutions=True, device="cpu",
                                                               exercises=["one_hot", "min_max"], **options))
    assert not result.fatal, result.fatal
    assert [ex.status for ex in result.exercises] == ["passed", "passed"], [ex.message for ex in result.exercises]
    return result


def _server_pids():
    return {server.proc.pid for server in forkserver._servers.values() if server.alive()}


def test_one_server_serves_grading_after_grading(course):
    _grade(course)
    first = _server_pids()
    assert first   # a server was started, and is still there for the next grading
    _grade(course)
    assert _server_pids() == first


def test_without_the_server_a_new_interpreter_grades(course, monkeypatch):
    monkeypatch.setenv("KERASCOURSE_FORKSERVER", "0")
    before = dict(forkserver._servers)
    _grade(course)
    assert forkserver._servers == before


def test_a_server_for_another_environment(course):
    _grade(course)
    first = _server_pids()
    _grade(course, extra_env={"KERASCOURSE_TEST_MARK": "1"})   # imports happen with the environment asked for
    assert _server_pids() - first
    assert len(forkserver._servers) <= forkserver.MAX_SERVERS
