"""BatchGenerator: walk through a dataset in batches.

Training looks at a few samples at a time. With 1,000 samples and batches of
128 there are ceil(1000 / 128) = 8 batches per epoch: seven of 128 and a last,
short one of 104. Dropping that last batch would ignore those samples.

Run: kerascourse grade ch2 batch_generator    Hint: kerascourse hint ch2.batch_generator
"""

import math


class BatchGenerator:
    """BatchGenerator(images, labels, batch_size=128): next() returns the next (images, labels) batch.

    num_batches is ceil(len(images) / batch_size); the last batch holds what is left.
    """

    def __init__(self, images, labels, batch_size: int = 128):
        """Check len(images) == len(labels) (ValueError otherwise); store them, set index = 0 and num_batches."""
        raise NotImplementedError("Check len(images) == len(labels) (ValueError otherwise); store them, set index = 0 and num_batches")

    def next(self):
        """Return the next (images, labels) batch and move self.index on by batch_size."""
        raise NotImplementedError("Return the next (images, labels) batch and move self.index on by batch_size")
