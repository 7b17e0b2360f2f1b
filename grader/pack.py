"""The built-in course, registered as the pack ``core`` (see pyproject.toml)."""

from pathlib import Path

from kerascourse import __version__
from grader.course import Pack

_GRADER = Path(__file__).resolve().parent
# In a checkout the stubs and solutions sit beside grader/; in an installed wheel
# they ship inside it, under grader/_course/ (see pyproject.toml, force-include).
_ROOT = _GRADER / "_course" if (_GRADER / "_course" / "exercises").is_dir() else _GRADER.parent

PACK = Pack(
    id="core",
    title="Deep learning with Keras",
    version=__version__,
    exercises=_ROOT / "exercises",
    solutions=_ROOT / "solutions",
    grader=_GRADER,
)
