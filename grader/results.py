"""What a grading run found: checks folded into one status per exercise.

The five statuses of the command-line contract, and how checks become one:

- ``error``: the file does not import (syntax error, missing module, a name the
  stub defines is gone), or the Python process died while running it;
- ``timed out``: the exercise ran past its time limit;
- ``not attempted``: every failing check hit the stub's ``NotImplementedError``,
  and either no check passed or the file is still the untouched stub (a check
  of the signature alone may pass on a stub);
- ``passed``: every check passed;
- ``failed``: anything else; the message is the first failed check's.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

PASSED = "passed"
FAILED = "failed"
NOT_ATTEMPTED = "not attempted"
ERROR = "error"
TIMED_OUT = "timed out"
STATUSES = (PASSED, FAILED, NOT_ATTEMPTED, ERROR, TIMED_OUT)

# Outcomes of a single check, as the pytest plugin reports them.
CHECK_PASSED = "passed"
CHECK_FAILED = "failed"
CHECK_NOT_IMPLEMENTED = "not implemented"
CHECK_ERROR = "error"

# Terminal escape sequences (colours, cursor moves, hyperlinks) and other control characters: a learner's
# exception text or a library's coloured log line must not reach JSON, JUnit XML (where they are not even
# legal characters) or Gradescope's page.
_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-_]|[\x00-\x08\x0b-\x1f\x7f]")


def plain_text(text: str) -> str:
    """``text`` without terminal escape codes or control characters (newlines and tabs stay)."""
    return _ESCAPES.sub("", text) if text else text


@dataclass
class CheckResult:
    name: str                 # the test function's name
    description: str          # first line of its docstring
    outcome: str              # one of the CHECK_* outcomes
    message: str = ""         # plain words for the learner
    location: str = ""        # "ch1/one_hot.py, line 12" when the learner's code is involved
    details: str = ""         # the full traceback, shown with --verbose only
    duration: float = 0.0

    def __post_init__(self):
        self.message, self.location, self.details = map(plain_text, (self.message, self.location, self.details))


@dataclass
class ExerciseResult:
    id: str
    name: str
    title: str
    status: str
    checks_passed: int = 0
    checks_total: int = 0
    message: str = ""
    location: str = ""
    points: float = 0.0
    max_points: float = 1.0
    duration: float = 0.0
    checks: list[CheckResult] = field(default_factory=list)
    backend: str = ""         # the Keras backend it was graded with ("" when not known)

    def __post_init__(self):
        self.message = plain_text(self.message)

    def to_json(self, verbose: bool = False) -> dict:
        data = {"id": self.id, "status": self.status, "checks_passed": self.checks_passed,
                "checks_total": self.checks_total, "message": plain_text(self.message)}
        if verbose:
            data.update(title=self.title, location=self.location, points=self.points, backend=self.backend,
                        max_points=self.max_points, duration=round(self.duration, 3),
                        checks=[asdict(c) for c in self.checks])
        return data


@dataclass
class ChapterResult:
    chapter: str
    title: str
    workspace: str
    device: str = "CPU"
    backend: str = "tensorflow"
    keras_version: str = ""
    duration: float = 0.0
    exercises: list[ExerciseResult] = field(default_factory=list)
    fatal: str = ""           # a problem that stopped the whole run (no GPU when --device gpu, ...)
    # Said once under the report, e.g. that TensorFlow-only exercises were graded with TensorFlow.
    notes: list[str] = field(default_factory=list)

    @property
    def all_passed(self) -> bool:
        return not self.fatal and bool(self.exercises) and all(e.status == PASSED for e in self.exercises)

    def count(self, status: str) -> int:
        return sum(e.status == status for e in self.exercises)

    @property
    def score(self) -> float:
        return sum(e.points for e in self.exercises)

    @property
    def max_score(self) -> float:
        return sum(e.max_points for e in self.exercises)

    def to_json(self, verbose: bool = False) -> dict:
        data = {"chapter": self.chapter, "workspace": self.workspace, "device": self.device,
                "backend": self.backend,
                "exercises": [e.to_json(verbose) for e in self.exercises]}
        if verbose:
            data.update(title=self.title, keras_version=self.keras_version, fatal=plain_text(self.fatal),
                        notes=[plain_text(note) for note in self.notes],
                        duration=round(self.duration, 3), score=self.score, max_score=self.max_score)
        return data


def fold(exercise_id: str, name: str, title: str, checks: list[CheckResult], max_points: float = 1.0,
         override: tuple[str, str] | None = None, duration: float = 0.0, untouched: bool = False) -> ExerciseResult:
    """Fold one exercise's checks into its status (see the module docstring).

    ``override`` is ``(status, message)`` for what the runner saw from outside the
    process: a time-out, a crash, too much memory.
    """
    passed = sum(c.outcome == CHECK_PASSED for c in checks)
    result = ExerciseResult(id=exercise_id, name=name, title=title, status=PASSED,
                            checks_passed=passed, checks_total=len(checks), max_points=max_points,
                            duration=duration, checks=checks)
    failing = [c for c in checks if c.outcome != CHECK_PASSED]
    errors = [c for c in failing if c.outcome == CHECK_ERROR]
    real_failures = [c for c in failing if c.outcome == CHECK_FAILED]
    if override is not None:
        result.status, result.message = override
    elif errors:
        result.status, result.message, result.location = ERROR, errors[0].message, errors[0].location
    elif not checks:
        result.status, result.message = ERROR, "no check ran for this exercise"
    elif failing and (passed == 0 or untouched) and not real_failures:
        result.status, result.message = NOT_ATTEMPTED, failing[0].message
    elif real_failures:
        result.status, result.message, result.location = FAILED, real_failures[0].message, real_failures[0].location
    elif failing:  # some checks pass, the rest still hit NotImplementedError
        first = failing[0]
        result.status, result.location = FAILED, first.location
        result.message = f"not finished: {first.message}"
    if result.status == PASSED:
        result.points = max_points
    elif result.status == FAILED and result.checks_total:
        # Partial credit in proportion to the checks that pass.
        result.points = round(max_points * passed / result.checks_total, 4)
    return result
