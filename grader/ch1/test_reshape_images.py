import numpy as np
from hypothesis import given, strategies as st

from grader.checks import check, check_array


def _shape(value):
    return tuple(value.shape) if isinstance(value, np.ndarray) else None


def test_flatten_mnist(exercise):
    """28×28 images become vectors of 784 numbers, row by row, one vector per image"""
    images = np.arange(2 * 28 * 28, dtype=np.float32).reshape(2, 28, 28)
    out = exercise.flatten_images(images)
    check(_shape(out) != (2 * 784,), "flatten_images(2 images of 28×28) returned one vector of 1568 numbers: "
                                     "the whole batch was flattened, the sample axis too. Keep the first axis: "
                                     "images.reshape(n, -1), giving shape (2, 784)")
    check_array(out, images.reshape(2, 784), name="flatten_images(images of shape (2, 28, 28))", mistakes={
        "the pixels are in column order (something transposed): reshape keeps the row-by-row order by itself":
            images.transpose(0, 2, 1).reshape(2, 784)})


def test_flatten_any_size(exercise):
    """flatten_images works for any image size, not only 28×28: 3 images of 5×6 give shape (3, 30)"""
    images = np.arange(3 * 5 * 6, dtype=np.float32).reshape(3, 5, 6)
    try:
        out = exercise.flatten_images(images)
    except ValueError as exc:
        check(False, f"flatten_images(3 images of 5×6) raised ValueError ({exc}): is 784 (28·28) written into "
                     f"the code? Let NumPy work out the size: images.reshape(len(images), -1)")
    check_array(out, images.reshape(3, 30), name="flatten_images(images of shape (3, 5, 6))")


@given(st.integers(1, 5), st.integers(1, 9), st.integers(1, 9))
def test_round_trip(exercise, n, height, width):
    """unflatten_images(flatten_images(x)) gives back x exactly, for any image size"""
    images = np.random.default_rng(n).random((n, height, width))
    flat = exercise.flatten_images(images)
    check_array(flat, images.reshape(n, -1), name=f"flatten_images(shape {images.shape})")
    back = exercise.unflatten_images(flat, height, width)
    name = f"unflatten_images(flat, height={height}, width={width})"
    check(height == width or _shape(back) != (n, width, height),
          f"{name} returned shape {_shape(back)}: height and width are swapped. The images are (n, height, width): "
          f"vectors.reshape(n, height, width)")
    check_array(back, images, name=name)


def test_channel_axis(exercise):
    """add_channel_axis turns (n, h, w) into (n, h, w, 1), the channels-last layout Conv2D expects"""
    images = np.random.default_rng(0).random((4, 5, 6))
    out = exercise.add_channel_axis(images)
    wrong_place = {(1, 4, 5, 6): "in front of the batch: that is a batch of one",
                   (4, 1, 5, 6): "right after the sample axis, channels first"}
    shape = _shape(out)
    check(shape not in wrong_place, f"add_channel_axis(images of shape (4, 5, 6)) gave shape {shape}: the new axis "
                                    f"went {wrong_place.get(shape)}. Keras expects channels last, (n, h, w, 1): "
                                    f"images[..., np.newaxis] or np.expand_dims(images, -1)")
    check_array(out, images[..., None], name="add_channel_axis(images of shape (4, 5, 6))")
