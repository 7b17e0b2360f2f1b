"""Finding a dataset file on this machine, or saying clearly that it is not here."""

from __future__ import annotations

import os
from pathlib import Path


class DatasetNotFoundError(FileNotFoundError):
    """A dataset file is not on this machine, and kerascourse never downloads."""


def keras_cache_dir() -> Path:
    """The folder where Keras keeps downloaded datasets (``$KERAS_HOME/datasets``)."""
    home = os.environ.get("KERAS_HOME")
    base = Path(home) if home else Path.home() / ".keras"
    return base / "datasets"


def find_local_file(filename: str, path: str | os.PathLike | None = None, *,
                    offline_alternative: str = "") -> Path:
    """Return the local path of a dataset file, or raise :class:`DatasetNotFoundError`.

    Args:
        filename: the file's name in the Keras cache, e.g. ``"mnist.npz"``.
        path: an explicit file (or folder holding ``filename``) to use instead.
        offline_alternative: what to use instead when the file is absent; it is
            added to the error message.

    Example:
        >>> find_local_file("no-such-file.npz", offline_alternative="use digits")
        Traceback (most recent call last):
        ...
        kerascourse.datasets.local.DatasetNotFoundError: ...
    """
    candidates = []
    if path is not None:
        p = Path(path).expanduser()
        candidates.append(p / filename if p.is_dir() else p)
    else:
        candidates.append(keras_cache_dir() / filename)
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    looked = ", ".join(str(c) for c in candidates)
    message = (
        f"{filename} is not on this machine (looked for {looked}). kerascourse never "
        f"downloads data: copy the file there, or pass path=... to where you keep it."
    )
    if offline_alternative:
        message += f" Offline alternative: {offline_alternative}"
    raise DatasetNotFoundError(message)
