import functools

import keras
import numpy as np

from grader.checks import check, check_defaults, check_model_layers, loss_name, recording_fit
from kerascourse.datasets import make_shapes

SIZE = 32
EPOCHS = 7  # not the default 8: a number of epochs written into fit shows


@functools.lru_cache(maxsize=1)
def _data():
    train = make_shapes(300, size=SIZE, colours="grey", seed=1)
    test = make_shapes(200, size=SIZE, colours="grey", seed=2)
    return train, test


# Train once per graded module: every check looks at the same model and the same calls of fit.
_cache = {}


def _train(exercise):
    key = id(exercise)
    if key not in _cache:
        (x, y), _ = _data()
        with recording_fit() as calls:
            model = exercise.train_shapes(x.copy(), y.copy(), epochs=EPOCHS)
        check(model is not None, "train_shapes returned None: return the trained model")
        check(isinstance(model, keras.Model), f"train_shapes should return a keras model, got {type(model).__name__}")
        _cache[key] = model, calls
    return _cache[key]


def test_trained_through_the_generator(exercise):
    """fit reads ImageDataGenerator(rescale=1/255).flow(x_train, y_train, batch_size=16) for the given epochs"""
    model, calls = _train(exercise)
    check(calls, "train_shapes never called model.fit: the model it returned was not trained")
    call = calls[-1]
    check(call["model"] is model, "train_shapes returned a different model from the one it trained with fit")
    batches = call["x"]
    if isinstance(batches, np.ndarray):
        check(False, f"model.fit was given the images themselves (an array of {batches.dtype}, values "
              f"{batches.min():g}–{batches.max():g}), not the batches of ImageDataGenerator(rescale=1/255)"
              f".flow(x_train, y_train, batch_size=16): feed the generator's flow to fit, so every batch is rescaled")
    generator = getattr(batches, "image_data_generator", None)
    check(generator is not None, f"model.fit was given {type(batches).__name__}, not the batches of "
          f"ImageDataGenerator(rescale=1/255).flow(x_train, y_train, batch_size=16)")
    rescale = generator.rescale
    check(rescale is not None and np.isclose(rescale, 1 / 255), f"the generator fit reads has rescale={rescale}; "
          f"expected 1/255, so the pixels 0–255 reach the network as 0–1")
    check(np.max(batches.x) > 1, "the images given to flow were already divided by 255, and rescale=1/255 divides "
          "them again: the network sees pixels 255 times too dark. Give flow the uint8 images as they are")
    check(batches.batch_size == 16, f"flow(..., batch_size={batches.batch_size}); the stub asks for batches of 16")
    epochs = call["epochs"]
    check(epochs == EPOCHS, f"train_shapes(x_train, y_train, epochs={EPOCHS}) called fit with epochs={epochs}: "
          f"pass the epochs argument on (fit(..., epochs=epochs)) instead of a fixed number")
    check_defaults(exercise.train_shapes, name="train_shapes", epochs=8)


def test_architecture(exercise):
    """two blocks of Conv2D (16, then 32, 3×3 relu) and MaxPooling2D 2×2, Flatten, Dense 64 relu, Dense 1 sigmoid"""
    model, _ = _train(exercise)
    L = keras.layers
    check_model_layers(model, [(L.Conv2D, None), (L.MaxPooling2D, None), (L.Conv2D, None), (L.MaxPooling2D, None),
                               (L.Flatten, None), (L.Dense, None), (L.Dense, None)], name="train_shapes' model")
    layers = [layer for layer in model.layers if type(layer).__name__ != "InputLayer"]
    want = [(0, "filters", 16, "relu"), (2, "filters", 32, "relu"), (5, "units", 64, "relu"), (6, "units", 1, "sigmoid")]
    for index, size, value, activation in want:
        config = layers[index].get_config()
        check(config[size] == value, f"train_shapes' model, layer {index + 1} ({layers[index].name}): "
              f"{config[size]} {size}, expected {value}")
        got = str(config.get("activation"))
        check(got == activation, f"train_shapes' model, layer {index + 1} ({layers[index].name}): activation "
              f"{got!r}, expected {activation!r}")
    loss = loss_name(model)
    check(loss == "binary_crossentropy", f"train_shapes' model was compiled with the loss {loss!r}; one sigmoid unit "
          f"and 0/1 labels need loss='binary_crossentropy'")


def test_output_is_a_probability(exercise):
    """the trained model outputs one probability per image"""
    model, _ = _train(exercise)
    _, (x_test, _) = _data()
    pred = keras.ops.convert_to_numpy(model.predict(x_test[:8] / 255.0, verbose=0))
    check(pred.shape == (8, 1), f"model.predict on 8 images gave shape {pred.shape}, expected (8, 1): "
          f"one sigmoid unit for two classes")
    check(np.all((pred >= 0) & (pred <= 1)), "the outputs are not probabilities: end with a sigmoid unit")


def test_above_chance(exercise):
    """accuracy on 200 new, rescaled shapes is above 70% (chance is 50%)"""
    model, _ = _train(exercise)
    _, (x_test, y_test) = _data()
    pred = keras.ops.convert_to_numpy(model.predict(x_test / 255.0, verbose=0)).reshape(-1)
    acc = float(np.mean((pred > 0.5) == y_test))
    raw = keras.ops.convert_to_numpy(model.predict(x_test.astype("float32"), verbose=0)).reshape(-1)
    raw_acc = float(np.mean((raw > 0.5) == y_test))
    if acc <= 0.7 and raw_acc > 0.7:
        check(False, f"the model works on 0–255 pixels ({raw_acc:.0%}) but not on rescaled ones ({acc:.0%}): train "
              f"through ImageDataGenerator(rescale=1/255).flow(...) so training and test images share one scale")
    check(acc > 0.7, f"accuracy on new shapes is {acc:.0%}; expected above 70% (50% is chance for two "
          f"balanced classes). Rescale by 1/255, use two Conv2D + MaxPooling2D "
          f"blocks, train for the given epochs, and end in one sigmoid unit with binary cross-entropy")
