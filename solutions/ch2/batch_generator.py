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
        if len(images) != len(labels):
            raise ValueError(f"{len(images)} images but {len(labels)} labels")
        self.index = 0
        self.images = images
        self.labels = labels
        self.batch_size = batch_size
        self.num_batches = math.ceil(len(images) / batch_size)

    def next(self):
        """Return the next (images, labels) batch and move self.index on by batch_size."""
        images = self.images[self.index: self.index + self.batch_size]
        labels = self.labels[self.index: self.index + self.batch_size]
        self.index += self.batch_size
        return images, labels
