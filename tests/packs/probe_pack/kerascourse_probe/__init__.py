"""A test-only pack whose second exercise checks that the first one could not leak global state."""

from pathlib import Path

from grader.course import Pack

PACK = Pack.from_root(Path(__file__).parent, id="probe", title="Probe pack (tests only)", version="0.0.1")
