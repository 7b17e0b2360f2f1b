"""Walking through ``(x, y)`` in batches: :class:`BatchGenerator`."""

from __future__ import annotations

import math
from collections.abc import Iterator

import numpy as np

from kerascourse.naive._validation import positive_int


class BatchGenerator:
    """Batches of ``(x, y)``: ``ceil(n / batch_size)`` per epoch, the last one shorter.

    ``next()`` returns the next batch, as in the book, and starts a new epoch after
    the last one; iterating (``for xb, yb in batches``) gives one whole epoch. With
    ``shuffle=True`` each epoch visits the samples in a new random order (from
    ``seed``); every sample appears exactly once per epoch either way.

    Example:
        >>> batches = BatchGenerator(np.arange(10), np.arange(10), batch_size=4)
        >>> batches.num_batches, [len(xb) for xb, yb in batches]
        (3, [4, 4, 2])
    """

    def __init__(self, x, y, batch_size: int = 128, *, shuffle: bool = False, seed: int | None = None):
        if len(x) != len(y):
            raise ValueError(f"BatchGenerator: x and y must have the same length; got {len(x)} and {len(y)}")
        if len(x) == 0:
            raise ValueError("BatchGenerator: x is empty")
        self.x = x
        self.y = y
        self.batch_size = positive_int(batch_size, "batch_size", "BatchGenerator")
        self.num_batches = math.ceil(len(x) / self.batch_size)
        self.shuffle = bool(shuffle)
        self._rng = np.random.default_rng(seed)
        self.index = 0
        self._order = self._new_order()

    def __len__(self) -> int:
        return self.num_batches

    def _new_order(self) -> np.ndarray | None:
        return self._rng.permutation(len(self.x)) if self.shuffle else None

    def _take(self, start: int):
        stop = start + self.batch_size
        if self._order is None:
            return self.x[start:stop], self.y[start:stop]
        picked = self._order[start:stop]
        return self.x[picked], self.y[picked]

    def next(self):
        """The next ``(x_batch, y_batch)``; after the last batch, a new epoch begins."""
        if self.index >= len(self.x):
            self.index = 0
            self._order = self._new_order()
        batch = self._take(self.index)
        self.index += self.batch_size
        return batch

    def __iter__(self) -> Iterator:
        """One epoch, from its first batch (a fresh order when shuffling)."""
        if self.index != 0:
            self._order = self._new_order()
        self.index = 0
        for _ in range(self.num_batches):
            yield self.next()

    def __repr__(self) -> str:
        return (f"BatchGenerator(n={len(self.x)}, batch_size={self.batch_size}, "
                f"num_batches={self.num_batches}, shuffle={self.shuffle})")
