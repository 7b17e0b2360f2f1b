"""The second probe exercise."""


def value() -> int:
    """Return 2."""
    return 2
