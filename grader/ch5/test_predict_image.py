import keras
import numpy as np
from PIL import Image

from grader.checks import check, check_close, check_float, recording_calls


def _model():
    """A fixed tiny model whose output depends strongly on the pixel scale."""
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((16, 16, 3)), keras.layers.Conv2D(2, 3, activation="relu"),
                              keras.layers.GlobalAveragePooling2D(), keras.layers.Dense(1, activation="sigmoid")])
    model.layers[-1].set_weights([np.array([[3.0], [-2.0]], "float32"), np.array([-0.3], "float32")])
    return model


def _picture(tmp_path, size=(24, 20)):
    rng = np.random.default_rng(1)
    pixels = rng.integers(0, 256, (size[0], size[1], 3)).astype("uint8")
    path = tmp_path / "picture.png"
    Image.fromarray(pixels).save(path)
    return path


def _expected(model, path, rescale):
    image = Image.open(path).convert("RGB").resize((16, 16), Image.NEAREST)
    x = np.asarray(image, "float32")[None]
    return float(model.predict(x * rescale, verbose=0)[0, 0]), float(model.predict(x, verbose=0)[0, 0])


def _check_batch(args, kwargs):
    """What predict_image hands to model.predict: one rescaled 16×16 image, with the batch axis in front."""
    batch = args[0] if args else kwargs.get("x")
    shape = tuple(np.shape(batch))
    name = "predict_image(model, 'picture.png', (16, 16)) called model.predict"
    if shape in ((16, 16, 3, 1), (16, 16, 1, 3)):
        check(False, f"{name} with shape {shape}: the batch axis goes first, np.expand_dims(x, axis=0) "
              f"gives (1, 16, 16, 3)")
    check(shape != (16, 16, 3), f"{name} with one image of shape (16, 16, 3): the batch axis is missing; models "
          f"predict on batches, so make it a batch of one with np.expand_dims(x, axis=0), shape (1, 16, 16, 3)")
    if len(shape) == 4 and shape[1:3] == (24, 20):
        check(False, f"{name} with shape {shape}: the picture kept its own size, 24×20; load it at target_size "
              f"with load_img(path, target_size=target_size), as the model expects 16×16")
    check(shape == (1, 16, 16, 3), f"{name} with shape {shape}; expected a batch of one 16×16 RGB image, "
          f"(1, 16, 16, 3)")


def test_probability(exercise, tmp_path):
    """predict_image loads, resizes, batches and rescales one file as the training generator did, and returns a float"""
    model, path = _model(), _picture(tmp_path)
    want, unscaled = _expected(model, path, 1 / 255)
    with recording_calls(model, "predict", inspect=_check_batch):
        got = exercise.predict_image(model, str(path), (16, 16))
    check(got is not None, "predict_image returned None: did you forget the `return` statement?")
    check(np.size(got) == 1, f"predict_image should return one number, got an array of shape {np.shape(got)}: "
          f"take model.predict(...)[0, 0]")
    value = float(np.asarray(keras.ops.convert_to_numpy(got)).reshape(()))
    if not np.isclose(want, unscaled, atol=1e-3):
        check(not np.isclose(value, unscaled, atol=1e-4), "the image was not rescaled: multiply by rescale (1/255) "
              "as the training generator did, or the model sees pixels 255 times too bright")
    check_close(value, want, name="predict_image(model, 'picture.png', (16, 16))", atol=1e-4)
    # the right probability, in an array (model.predict(batch)[0]): the stub promises one float
    check_float(got, name="predict_image(model, 'picture.png', (16, 16))")
    half, _ = _expected(model, path, 0.5 / 255)
    check_close(exercise.predict_image(model, str(path), (16, 16), rescale=0.5 / 255), half,
                name="predict_image(..., rescale=0.5/255): use the rescale argument", atol=1e-4)


def test_label_of(exercise):
    """label_of turns a sigmoid output into a class name through class_indices; exactly 0.5 is class 0"""
    indices = {"cat": 0, "dog": 1}
    check(exercise.label_of(0.93, indices) == "dog", "label_of(0.93, {'cat': 0, 'dog': 1}) should be 'dog': "
          "a sigmoid output is the probability of the class with index 1")
    check(exercise.label_of(0.2, indices) == "cat", "label_of(0.2, {'cat': 0, 'dog': 1}) should be 'cat'")
    check(exercise.label_of(0.5, indices) == "cat", "label_of(0.5, {'cat': 0, 'dog': 1}) should be 'cat': class 1 "
          "only when the probability is more than 0.5 (probability > 0.5, not >= 0.5)")
    check(exercise.label_of(0.7, {"square": 1, "circle": 0}) == "square",
          "label_of(0.7, {'square': 1, 'circle': 0}) should be 'square': look classes up by their index, "
          "not by their order in the dict")
