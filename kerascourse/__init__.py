"""kerascourse: learn deep learning with Keras 3.

The library half of the project. Import what you need from its modules::

    from kerascourse.preprocessing import one_hot, StandardScaler
    from kerascourse.images import ImageDataGenerator
    from kerascourse.timeseries import make_windows

Importing ``kerascourse`` itself is cheap: it never imports TensorFlow, so the
command line (``kerascourse list``, ``hint``) answers at once.
"""

__version__ = "0.1.0"


def load_ipython_extension(ipython):
    """``%load_ext kerascourse`` in Jupyter, Colab or VS Code: the course's notebook tools.

    The library does not know the course. It loads whatever is registered in the
    ``kerascourse.ipython`` entry point group (the course machinery that ships with
    this package registers its ``%%exercise``, ``%grade``, ``check``, ``hint`` and
    ``lesson`` there), so ``import kerascourse`` stays light and course-free.
    """
    from importlib.metadata import entry_points

    found = sorted(entry_points(group="kerascourse.ipython"), key=lambda ep: ep.name)
    if not found:
        raise ImportError(
            "`%load_ext kerascourse` found no notebook tools to load: nothing is registered in the "
            "'kerascourse.ipython' entry point group. Install the package with them, "
            "`pip install \"kerascourse[notebook]\"` (from a checkout: `pip install -e \".[notebook]\"`), "
            "then restart the kernel.")
    for entry_point in found:
        entry_point.load()(ipython)
