import keras
import numpy as np
from PIL import Image

from grader.checks import check, check_close


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


def test_probability(exercise, tmp_path):
    """predict_image loads, resizes, batches and rescales one file as the training generator did"""
    model, path = _model(), _picture(tmp_path)
    want, unscaled = _expected(model, path, 1 / 255)
    got = exercise.predict_image(model, str(path), (16, 16))
    check(got is not None, "predict_image returned None: did you forget the `return` statement?")
    check(np.size(got) == 1, f"predict_image should return one number, got an array of shape {np.shape(got)}: "
          f"take model.predict(...)[0, 0]")
    got = float(np.asarray(got).reshape(()))
    if not np.isclose(want, unscaled, atol=1e-3):
        check(not np.isclose(got, unscaled, atol=1e-4), "the image was not rescaled: multiply by rescale (1/255) "
              "as the training generator did, or the model sees pixels 255 times too bright")
    check_close(got, want, name=f"predict_image(model, 'picture.png', (16, 16))", atol=1e-4)
    half, _ = _expected(model, path, 0.5 / 255)
    check_close(exercise.predict_image(model, str(path), (16, 16), rescale=0.5 / 255), half,
                name="predict_image(..., rescale=0.5/255): use the rescale argument", atol=1e-4)


def test_label_of(exercise):
    """label_of turns a sigmoid output into a class name through class_indices"""
    indices = {"cat": 0, "dog": 1}
    check(exercise.label_of(0.93, indices) == "dog", "label_of(0.93, {'cat': 0, 'dog': 1}) should be 'dog': "
          "a sigmoid output is the probability of the class with index 1")
    check(exercise.label_of(0.2, indices) == "cat", "label_of(0.2, {'cat': 0, 'dog': 1}) should be 'cat'")
    check(exercise.label_of(0.7, {"square": 1, "circle": 0}) == "square",
          "label_of(0.7, {'square': 1, 'circle': 0}) should be 'square': look classes up by their index, "
          "not by their order in the dict")
