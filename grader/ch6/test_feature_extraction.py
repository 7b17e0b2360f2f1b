import functools

import keras
import numpy as np
from sklearn.datasets import load_digits

from grader.checks import (check, check_array, check_defaults, check_layer_settings, loss_name, recording_calls,
                           recording_fit, set_random_seed)
from kerascourse.models import build_vgg16, feature_extractor

SMALL = (32, 32, 3)


@functools.lru_cache(maxsize=None)
def _base():
    keras.utils.set_random_seed(0)
    return build_vgg16(input_shape=SMALL, include_top=False)


def _images(n, seed=0):
    return np.random.default_rng(seed).uniform(-120, 140, size=(n, *SMALL)).astype("float32")


def test_features_of_the_base(exercise):
    """extract_features(vgg_base, 6 images) is base.predict flattened: shape (6, 512); batch_size is 32 by default"""
    base, x = _base(), _images(6)
    out = exercise.extract_features(base, x)
    check(out is not None, "extract_features returned None: did you forget the `return` statement?")
    if np.ndim(out) > 2 and np.shape(out)[0] == 6:
        check(False, f"extract_features returned shape {np.shape(out)}: flatten to one row per image, "
              f"features.reshape(len(images), -1), so a Dense classifier can take them")
    expected = base.predict(x, verbose=0).reshape(6, -1)
    check_array(out, expected, name="extract_features(base, 6 images of 32×32)", rtol=1e-4, atol=1e-4)
    check_defaults(exercise.extract_features, name="extract_features", batch_size=32)


def test_any_layer(exercise):
    """on a base cut at block4_pool the features have 2·2·512 = 2048 numbers per image"""
    base, x = feature_extractor(_base(), "block4_pool"), _images(3, seed=1)
    with recording_calls(base, "predict") as calls:
        out = exercise.extract_features(base, x, batch_size=2)
    name = "extract_features(a base ending at block4_pool, 3 images, batch_size=2)"
    check(calls, f"{name} did not call base.predict: run the base with base.predict(images, batch_size=batch_size)")
    args, kwargs = calls[-1]
    batch_size = kwargs.get("batch_size", args[1] if len(args) > 1 else None)
    check(batch_size == 2, f"{name} called base.predict with batch_size={batch_size}: pass the batch_size argument "
          f"on (base.predict(images, batch_size=batch_size)); it bounds how many images go through VGG16 at once")
    if np.ndim(out) == 2 and np.shape(out)[1] == 512:
        check(False, f"{name} returned rows of 512 numbers, shape {np.shape(out)}: 512 is the size after block5 at "
              f"32×32; this base gives 2·2·512 = 2048 per image. Let NumPy work the row length out: "
              f"features.reshape(len(images), -1)")
    expected = base.predict(x, verbose=0).reshape(3, -1)
    check_array(out, expected, name="extract_features(a base ending at block4_pool, 3 images, batch_size=2)",
                rtol=1e-4, atol=1e-4)


def test_base_not_trained(exercise):
    """extracting features leaves the base's weights unchanged"""
    base = _base()
    before = [keras.ops.convert_to_numpy(w).copy() for w in base.weights]
    exercise.extract_features(base, _images(2, seed=2))
    changed = [w.path for w, old in zip(base.weights, before) if not np.array_equal(keras.ops.convert_to_numpy(w), old)]
    check(not changed, f"extract_features changed the base's weights ({changed[0] if changed else ''}): "
          f"only run it, with base.predict(images); do not fit it")


@functools.lru_cache(maxsize=None)
def _digits():
    # 8×8 digits as 64 "features": a stand-in for features a pre-trained base would give.
    digits = load_digits()
    x = (digits.data / 16.0).astype("float32")
    return x[:1000], digits.target[:1000], x[1200:1500], digits.target[1200:1500]


def test_classifier_learns(exercise):
    """train_classifier on 1000 feature vectors of 10 classes reaches at least 85% accuracy on 300 new ones"""
    x, y, x_test, y_test = _digits()
    set_random_seed(0)   # where the learner's code trains
    model = exercise.train_classifier(x, y, 10, epochs=10)
    check(isinstance(model, keras.Model), f"train_classifier should return the trained keras model; got "
          f"{type(model).__name__}")
    probs = np.asarray(model.predict(x_test, verbose=0))
    check(probs.shape == (len(x_test), 10), f"the classifier's predictions for {len(x_test)} samples have shape "
          f"{probs.shape}; expected ({len(x_test)}, 10): the last layer is Dense(num_classes)")
    check(np.allclose(probs.sum(axis=1), 1, atol=1e-4), "the outputs are not probabilities: use "
          "activation='softmax' on the last layer")
    accuracy = float(np.mean(probs.argmax(axis=1) == y_test))
    check(accuracy >= 0.85, f"the classifier reaches {accuracy:.0%} accuracy on new samples (10 classes: 10% is "
          f"chance); expected at least 85%. Did you call fit with the labels, for `epochs` epochs?")


_small = {}


def _small_classifier(exercise):
    """train_classifier on 64 feature vectors for one epoch, with its calls of fit; once per graded module."""
    key = id(exercise)
    if key not in _small:
        x, y, _, _ = _digits()
        with recording_fit() as calls:
            model = exercise.train_classifier(x[:64], y[:64], 10, epochs=1)
        check(isinstance(model, keras.Model), f"train_classifier should return the trained keras model; got "
              f"{type(model).__name__}")
        _small[key] = model, calls
    return _small[key]


def test_classifier_is_small(exercise):
    """the classifier takes the feature vectors (not images) and holds few parameters"""
    x, _, _, _ = _digits()
    model, _ = _small_classifier(exercise)
    try:
        model.predict(x[:2], verbose=0)
    except Exception as exc:  # noqa: BLE001 - the learner's model refusing the features is the finding
        check(False, f"the classifier does not take the 64-number feature vectors ({type(exc).__name__}): "
              f"give it keras.Input(shape=features.shape[1:])")
    expected = 64 * 256 + 256 + 256 * 10 + 10
    check(model.count_params() == expected, f"the classifier has {model.count_params():,} parameters; "
          f"Dense(256) → Dense(10) on 64 features has {expected:,}")


def test_classifier_recipe(exercise):
    """Dense(256, relu) → Dropout(0.5) → Dense(softmax); RMSprop, sparse categorical cross-entropy; `epochs` epochs"""
    check_defaults(exercise.train_classifier, name="train_classifier", epochs=30)
    model, calls = _small_classifier(exercise)
    layers = [layer for layer in model.layers if type(layer).__name__ != "InputLayer"]
    kinds = [type(layer).__name__ for layer in layers]
    check(kinds == ["Dense", "Dropout", "Dense"], f"the classifier's layers are {kinds}; expected Dense(256), "
          f"Dropout(0.5), Dense(num_classes)")
    check_layer_settings(layers[0], name="the classifier's Dense(256)", activation="relu")
    rate = layers[1].get_config()["rate"]
    check(np.isclose(rate, 0.5), f"the classifier's Dropout has rate {rate}; expected 0.5")
    loss = loss_name(model)
    if loss == "categorical_crossentropy":
        check(False, "the classifier is compiled with 'categorical_crossentropy', the loss for one-hot labels; the "
              "labels are integers 0 .. num_classes - 1, so use loss='sparse_categorical_crossentropy' (and no "
              "to_categorical)")
    check(loss == "sparse_categorical_crossentropy", f"the classifier is compiled with the loss {loss!r}; integer "
          f"labels and a softmax need loss='sparse_categorical_crossentropy'")
    optimizer = type(model.optimizer).__name__
    check(optimizer == "RMSprop", f"the classifier is compiled with the optimizer {optimizer}; the stub asks for "
          f"RMSprop (optimizer='rmsprop')")
    check(calls, "train_classifier never called fit: the model it returned was not trained")
    call = calls[-1]
    epochs = call["epochs"]
    check(epochs == 1, f"train_classifier(features, labels, 10, epochs=1) called fit with epochs={epochs}: pass the "
          f"epochs argument on (fit(..., epochs=epochs)) instead of a fixed number")
