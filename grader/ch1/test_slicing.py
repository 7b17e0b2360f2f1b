import numpy as np
from hypothesis import given, strategies as st

from grader.checks import check, check_array


def test_crop_mnist(exercise):
    """crop(images, 7) turns 28×28 images into their central 14×14, keeping every image"""
    images = np.arange(3 * 28 * 28).reshape(3, 28, 28)
    out = exercise.crop(images, 7)
    shape = getattr(out, "shape", None)
    # the first axis counts the images: a slice on it removes samples, not pixels
    check(shape is None or len(shape) != 3 or shape[0] == 3,
          f"crop(3 images of 28×28, 7) returned {shape[0] if shape else '?'} images of shape {shape}: the first "
          f"slice cut the sample axis. Keep every image with ':' first: images[:, 7:-7, 7:-7]")
    check_array(out, images[:, 7:-7, 7:-7], name="crop(images, 7)", shape=(3, 14, 14))


@given(st.integers(1, 4), st.integers(0, 5), st.integers(11, 16), st.integers(11, 16))
def test_crop_any_margin(exercise, n, margin, height, width):
    """crop keeps every image and removes `margin` pixels on each side, for any margin (0 included)"""
    images = np.random.default_rng(0).integers(0, 255, size=(n, height, width))
    expected = images[:, margin:height - margin, margin:width - margin]
    out = exercise.crop(images, margin)
    if margin == 0 and getattr(out, "size", 1) == 0:
        check(False, "crop(images, 0) returned an empty array: images[:, 0:-0] is empty because -0 is 0. "
                     "Handle margin 0 on its own, or slice up to height - margin")
    check_array(out, expected, name=f"crop(images of shape {images.shape}, margin={margin})")


def test_num_batches_is_an_int(exercise):
    """num_batches(10, 4) is the int 3: two full batches and a short one"""
    count = exercise.num_batches(10, 4)
    check(type(count) is int, f"num_batches(10, 4) should return a Python int (a count of batches); got "
                              f"{type(count).__name__} {count!r}"
          + (" (np.ceil and / give floats such as 3.0: wrap the result in int(...), or round up with "
             "integers only: -(-n // b))" if isinstance(count, (float, np.floating)) else ""))
    check(count == 3, f"num_batches(10, 4): expected 3 (batches of 4, 4 and 2), got {count!r}")


@given(st.integers(1, 50), st.integers(1, 16))
def test_batches_cover_everything_once(exercise, num_samples, batch_size):
    """the batches, in order, hold every sample exactly once; the last may be short"""
    x = np.arange(num_samples)
    count = exercise.num_batches(num_samples, batch_size)
    expected = -(-num_samples // batch_size)
    hint = ""
    if count == num_samples // batch_size:
        hint = " (the last, shorter batch is missing: round up, not down)"
    elif count == num_samples // batch_size + 1:
        hint = (f" (one batch too many: {batch_size} divides {num_samples} evenly, so there is no short batch; "
                f"n // b + 1 only works when it does not: round up with -(-n // b))")
    check(count == expected, f"num_batches({num_samples}, {batch_size}): expected {expected}, got {count!r}{hint}")
    for n in range(expected):
        want = x[n * batch_size:(n + 1) * batch_size]
        batch = exercise.get_batch(x, batch_size, n)
        got = np.asarray(batch) if isinstance(batch, np.ndarray) else None
        name = f"get_batch(x of {num_samples} samples, batch_size={batch_size}, n={n})"
        if got is not None and got.ndim == 1 and len(got) == len(want) - 1 and np.array_equal(got, want[:-1]):
            check(False, f"{name} returned samples {got.tolist()}: one short, the last sample {want[-1]} is "
                         f"missing. The end of a slice is already excluded: x[b * n : b * (n + 1)], no - 1")
        if got is not None and n == 0 and len(want) and got.size == 0:
            check(False, f"{name} returned an empty batch: batches are counted from 0, so batch 0 is "
                         f"x[0 : batch_size]")
        check_array(batch, want, name=name)
