"""The first probe exercise."""


def value() -> int:
    """Return 1."""
    return 1
