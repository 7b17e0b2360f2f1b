import keras
import numpy as np
from hypothesis import given, strategies as st

from grader.checks import check, check_array, check_dtype

MEAN_BGR = np.array([103.939, 116.779, 123.68])
MEAN_RGB = MEAN_BGR[::-1]

pixels = st.tuples(st.integers(1, 3), st.integers(1, 4), st.integers(1, 4)).flatmap(
    lambda s: st.lists(st.integers(0, 255), min_size=s[0] * s[1] * s[2] * 3, max_size=s[0] * s[1] * s[2] * 3)
    .map(lambda v: np.array(v, dtype="uint8").reshape(*s, 3)))


def _mistakes(images):
    """The wrong answers a learner plausibly writes, by name."""
    x = images.astype("float64")
    return {
        "you divided by 255: VGG16's caffe-style preprocessing keeps pixels on the 0–255 scale; "
        "reverse the channels to BGR and subtract the ImageNet mean pixel instead": x / 255.0,
        "you divided by 255 and then reversed the channels: there is no scaling in VGG16's preprocessing, "
        "only RGB → BGR and the ImageNet mean subtracted": x[..., ::-1] / 255.0,
        "that is the 'tf' mode of other networks (x / 127.5 - 1); VGG16 expects caffe mode: RGB → BGR, "
        "then the ImageNet mean pixel subtracted": x / 127.5 - 1,
        "the channels are still in RGB order: reverse them (x[..., ::-1]) before subtracting MEAN_BGR":
            x - MEAN_BGR,
        "the mean is subtracted in the wrong order: after the flip channel 0 is blue, so subtract 103.939 "
        "from it (MEAN_BGR is already in BGR order)": x[..., ::-1] - MEAN_RGB,
        "the mean was subtracted but the channels were not reversed to BGR (and the mean was taken in RGB "
        "order): reverse the channels, then subtract MEAN_BGR": x - MEAN_RGB,
        "the channels are reversed but the ImageNet mean pixel is not subtracted": x[..., ::-1],
    }


def test_red_pixel(exercise):
    """a red pixel [255, 0, 0] becomes [-103.939, -116.779, 131.32], in float32"""
    red = np.array([[[[255, 0, 0]]]], dtype="uint8")
    out = exercise.preprocess_input(red)
    name = "preprocess_input(one red pixel [255, 0, 0])"
    check_array(out, [[[[-103.939, -116.779, 131.32]]]], name=name, dtype_kind="f", rtol=1e-5, atol=1e-3,
                mistakes=_mistakes(red))
    # float64 doubles the memory of every batch and is not what Keras's preprocess_input gives
    check_dtype(out, "float32", name=name)


@given(pixels)
def test_matches_keras(exercise, images):
    """preprocess_input equals keras.applications.vgg16.preprocess_input on any batch of uint8 images"""
    expected = keras.applications.vgg16.preprocess_input(images.copy())
    out = exercise.preprocess_input(images)
    check_array(out, expected, name=f"preprocess_input(a batch of shape {images.shape})", dtype_kind="f",
                rtol=1e-5, atol=1e-3, mistakes=_mistakes(images))
    check_dtype(out, "float32", name=f"preprocess_input(a batch of shape {images.shape})")


def test_input_unchanged(exercise):
    """preprocess_input returns a new array and leaves the caller's images alone"""
    images = np.random.default_rng(0).uniform(0, 255, size=(2, 4, 4, 3)).astype("float32")
    before = images.copy()
    out = exercise.preprocess_input(images)
    check(np.array_equal(images, before), "preprocess_input changed the array it was given (in-place -= or "
          "[...] = on the input): the caller still needs the original images; work on a copy")
    check(out is not images, "preprocess_input returned its input array itself; return a new array")


def test_prepare_image(exercise):
    """prepare_image turns one (height, width, 3) image into a preprocessed batch of shape (1, height, width, 3)"""
    image = np.random.default_rng(1).integers(0, 256, size=(5, 7, 3)).astype("uint8")
    expected = keras.applications.vgg16.preprocess_input(image[None].copy())
    out = exercise.prepare_image(image)
    check(out is not None, "prepare_image returned None: did you forget the `return` statement?")
    out = np.asarray(out)
    hint = ""
    if out.shape == (5, 7, 3):
        hint = ": the batch axis is missing; image[np.newaxis] gives shape (1, 5, 7, 3)"
    elif out.shape in ((5, 7, 3, 1), (5, 7, 1, 3)):
        hint = ": the batch axis goes first: image[np.newaxis] (or np.expand_dims(image, 0))"
    check(out.shape == (1, 5, 7, 3), f"prepare_image(an image of shape (5, 7, 3)) has shape {out.shape}; "
          f"expected (1, 5, 7, 3){hint}")
    check_array(out, expected, name="prepare_image(an image of shape (5, 7, 3))", rtol=1e-5, atol=1e-3,
                mistakes=_mistakes(image[None]))
    check_dtype(out, "float32", name="prepare_image(an image of shape (5, 7, 3))")
