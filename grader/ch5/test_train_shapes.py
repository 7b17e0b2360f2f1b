import functools

import keras
import numpy as np

from grader.checks import check
from kerascourse.datasets import make_shapes

SIZE = 32


@functools.lru_cache(maxsize=1)
def _data():
    train = make_shapes(300, size=SIZE, colours="grey", seed=1)
    test = make_shapes(200, size=SIZE, colours="grey", seed=2)
    return train, test


# Train once per graded module: both checks look at the same model.
_cache = {}


def _train(exercise):
    key = id(exercise)
    if key not in _cache:
        (x, y), _ = _data()
        model = exercise.train_shapes(x.copy(), y.copy(), epochs=8)
        check(model is not None, "train_shapes returned None: return the trained model")
        check(isinstance(model, keras.Model), f"train_shapes should return a keras model, got {type(model).__name__}")
        _cache[key] = model
    return _cache[key]


def test_output_is_a_probability(exercise):
    """the trained model outputs one probability per image"""
    model = _train(exercise)
    _, (x_test, _) = _data()
    pred = np.asarray(model.predict(x_test[:8] / 255.0, verbose=0))
    check(pred.shape == (8, 1), f"model.predict on 8 images gave shape {pred.shape}, expected (8, 1): "
          f"one sigmoid unit for two classes")
    check(np.all((pred >= 0) & (pred <= 1)), "the outputs are not probabilities: end with a sigmoid unit")


def test_above_chance(exercise):
    """accuracy on 200 new, rescaled shapes is above 70% (chance is 50%)"""
    model = _train(exercise)
    _, (x_test, y_test) = _data()
    pred = np.asarray(model.predict(x_test / 255.0, verbose=0)).reshape(-1)
    acc = float(np.mean((pred > 0.5) == y_test))
    raw = np.asarray(model.predict(x_test.astype("float32"), verbose=0)).reshape(-1)
    raw_acc = float(np.mean((raw > 0.5) == y_test))
    if acc <= 0.7 and raw_acc > 0.7:
        check(False, f"the model works on 0–255 pixels ({raw_acc:.0%}) but not on rescaled ones ({acc:.0%}): train "
              f"through ImageDataGenerator(rescale=1/255).flow(...) so training and test images share one scale")
    check(acc > 0.7, f"accuracy on new shapes is {acc:.0%}; expected above 70% (50% is chance for two "
          f"balanced classes). Rescale by 1/255, use two Conv2D + MaxPooling2D "
          f"blocks, train for the given epochs, and end in one sigmoid unit with binary cross-entropy")
