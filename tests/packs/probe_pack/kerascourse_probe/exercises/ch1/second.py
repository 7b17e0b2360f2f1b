"""The second probe exercise."""


def value() -> int:
    """Return 2."""
    raise NotImplementedError("Return 2")
