"""Argument checks shared by the modules of :mod:`kerascourse.naive` (private to the package)."""

from __future__ import annotations

import numpy as np


def positive_int(value, name: str, owner: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ValueError(f"{owner}: {name} must be a positive integer; got {value!r}")
    return int(value)
