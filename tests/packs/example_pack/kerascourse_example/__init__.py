"""An example kerascourse pack: the template for writing your own chapters."""

from pathlib import Path

from grader.course import Pack

PACK = Pack.from_root(Path(__file__).parent, id="example", title="Example pack: losses by hand",
                      version="1.0.0")
