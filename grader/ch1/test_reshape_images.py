import numpy as np
from hypothesis import given, strategies as st

from grader.checks import check_array


def test_flatten_mnist(exercise):
    """28×28 images become vectors of 784 numbers, row by row"""
    images = np.arange(2 * 28 * 28, dtype=np.float32).reshape(2, 28, 28)
    out = exercise.flatten_images(images)
    check_array(out, images.reshape(2, 784), name="flatten_images(images of shape (2, 28, 28))")


@given(st.integers(1, 5), st.integers(1, 9), st.integers(1, 9))
def test_round_trip(exercise, n, height, width):
    """unflatten_images(flatten_images(x)) gives back x exactly, for any image size"""
    images = np.random.default_rng(n).random((n, height, width))
    flat = exercise.flatten_images(images)
    check_array(flat, images.reshape(n, -1), name=f"flatten_images(shape {images.shape})")
    back = exercise.unflatten_images(flat, height, width)
    check_array(back, images, name=f"unflatten_images(flat, {height}, {width})")


def test_channel_axis(exercise):
    """add_channel_axis turns (n, h, w) into (n, h, w, 1), the channels-last layout Conv2D expects"""
    images = np.random.default_rng(0).random((4, 5, 6))
    out = exercise.add_channel_axis(images)
    check_array(out, images[..., None], name="add_channel_axis(images of shape (4, 5, 6))",
                mistakes={"the new axis went first: Keras expects channels last, (n, h, w, 1)": images[:, None]})
