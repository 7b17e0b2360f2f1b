"""Optional dependencies (OpenCV, simplejpeg): imported once, on first use, or ``None``.

The library works without them; with them it is faster. Each caller keeps its own
one-item cache list, so that tests can pretend a module is missing by putting
``None`` there.
"""

from __future__ import annotations

import importlib


def load(name, cache):
    """The module ``name``, imported on the first call and kept in ``cache``; ``None`` if not installed.

    Example:
        >>> load("math", []).sqrt(4.0)
        2.0
        >>> load("no_such_module_here", []) is None
        True
    """
    if not cache:
        try:
            module = importlib.import_module(name)
        except ImportError:
            module = None
        cache.append(module)
    return cache[0]
