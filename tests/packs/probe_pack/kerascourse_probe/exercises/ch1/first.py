"""The first probe exercise."""


def value() -> int:
    """Return 1."""
    raise NotImplementedError("Return 1")
