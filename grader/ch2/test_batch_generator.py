import math

import numpy as np
from hypothesis import given, strategies as st

from grader.checks import check, check_array, check_raises


def _all_batches(gen):
    return [gen.next() for _ in range(gen.num_batches)]


def test_num_batches_rounds_up(exercise):
    """1,000 samples in batches of 128 make 8 batches (the last holds 104)"""
    gen = exercise.BatchGenerator(np.zeros((1000, 2)), np.zeros(1000), batch_size=128)
    check(gen.num_batches != 7, "num_batches is 7 for 1,000 samples in batches of 128: you rounded down and would "
                                "drop the last, short batch of 104 samples. Use math.ceil")
    check(gen.num_batches == 8, f"num_batches should be ceil(1000 / 128) = 8; got {gen.num_batches}")


def test_default_batch_size(exercise):
    """the default batch size is 128"""
    gen = exercise.BatchGenerator(np.zeros((300, 2)), np.zeros(300))
    x, _ = gen.next()
    check(len(x) == 128, f"with the default batch_size the first batch should hold 128 samples; it holds {len(x)}")


def test_last_batch_is_short(exercise):
    """10 samples in batches of 4: batches of 4, 4 and 2, in order, images paired with labels"""
    x = np.arange(20).reshape(10, 2)
    y = np.arange(10)
    gen = exercise.BatchGenerator(x, y, batch_size=4)
    check(gen.num_batches == 3, f"10 samples in batches of 4 make 3 batches; num_batches is {gen.num_batches}"
          + (" (you dropped the last, short batch: use math.ceil)" if gen.num_batches == 2 else ""))
    batches = _all_batches(gen)
    starts = [int(np.asarray(b[1])[0]) if len(b[1]) else None for b in batches]
    check(starts[1] != starts[0], f"next() returned the same batch twice (both start at sample {starts[0]}): "
                                  f"move self.index on by batch_size after each batch")
    check(starts[1] != 1, f"the batches start at samples {starts}, not [0, 4, 8]: they overlap. Move self.index on "
                          f"by batch_size (self.index += self.batch_size), not by 1")
    sizes = [len(b[1]) for b in batches]
    check(sizes == [4, 4, 2], f"the batches should hold 4, 4 and 2 samples; they hold {sizes}")
    for i, (xb, yb) in enumerate(batches):
        check_array(np.asarray(yb), y[4 * i: 4 * i + 4], name=f"labels of batch {i}")
        check_array(np.asarray(xb), x[4 * i: 4 * i + 4], name=f"images of batch {i}")


@given(st.integers(1, 50), st.integers(1, 16))
def test_every_sample_once(exercise, n, batch_size):
    """one pass of num_batches batches covers every sample exactly once"""
    gen = exercise.BatchGenerator(np.arange(n).reshape(n, 1), np.arange(n), batch_size=batch_size)
    check(gen.num_batches == math.ceil(n / batch_size),
          f"{n} samples in batches of {batch_size}: num_batches should be {math.ceil(n / batch_size)}, "
          f"got {gen.num_batches}")
    seen = np.concatenate([np.asarray(b[1]) for b in _all_batches(gen)])
    check(sorted(seen.tolist()) == list(range(n)),
          f"{n} samples in batches of {batch_size}: one pass should see every sample once; it saw {len(seen)} "
          f"samples" + (" (the last, short batch was dropped)" if len(seen) < n else ""))


def test_mismatched_lengths(exercise):
    """images and labels of different lengths are refused with a ValueError"""
    check_raises(ValueError, exercise.BatchGenerator, np.zeros((5, 2)), np.zeros(4), name="BatchGenerator(5 images, 4 labels)",
                 why="every image needs its label")
