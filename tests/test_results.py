"""How checks fold into one status per exercise (grader/results.py)."""

from hypothesis import given, strategies as st

from grader.results import CheckResult, fold

OUTCOMES = ["passed", "failed", "not implemented", "error"]


def _checks(*outcomes):
    return [CheckResult(f"test_{i}", f"check {i}", o, message=f"{o} {i}") for i, o in enumerate(outcomes)]


def test_rules():
    assert fold("c.e", "e", "E", _checks("passed", "passed")).status == "passed"
    assert fold("c.e", "e", "E", _checks("not implemented", "not implemented")).status == "not attempted"
    assert fold("c.e", "e", "E", _checks("passed", "failed", "not implemented")).status == "failed"
    assert fold("c.e", "e", "E", _checks("passed", "error")).status == "error"
    assert fold("c.e", "e", "E", []).status == "error"
    # a partly written exercise is "failed: not finished", unless the file is still the untouched stub
    partial = fold("c.e", "e", "E", _checks("passed", "not implemented"))
    assert partial.status == "failed" and partial.message.startswith("not finished")
    assert fold("c.e", "e", "E", _checks("passed", "not implemented"), untouched=True).status == "not attempted"
    assert fold("c.e", "e", "E", _checks("passed"), override=("timed out", "slow")).status == "timed out"


@given(st.lists(st.sampled_from(OUTCOMES), max_size=8), st.floats(0.5, 5))
def test_points_and_counts(outcomes, points):
    result = fold("c.e", "e", "E", _checks(*outcomes), max_points=points)
    assert result.checks_total == len(outcomes)
    assert result.checks_passed == outcomes.count("passed")
    assert 0 <= result.points <= points
    assert (result.points == points) == (result.status == "passed")
    assert result.status in ("passed", "failed", "not attempted", "error", "timed out")
    if result.status != "passed":
        assert result.message
