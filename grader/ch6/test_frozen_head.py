import keras
import numpy as np

from grader.checks import check
from kerascourse.models import build_vgg16

SMALL = (32, 32, 3)
BASE_PARAMS = 14_714_688


def _head_params(features, num_classes):
    return (features * 256 + 256) + (256 * num_classes + num_classes)


def _trainable(model):
    return int(sum(int(np.prod(w.shape)) for w in model.trainable_weights))


def _model(exercise, base, num_classes):
    model = exercise.add_head(base, num_classes)
    check(model is not None, "add_head returned None: did you forget `return keras.Model(inputs, outputs)`?")
    check(isinstance(model, keras.Model), f"add_head should return a keras.Model; got {type(model).__name__}")
    return model


def _base():
    keras.utils.set_random_seed(0)
    return build_vgg16(input_shape=SMALL, include_top=False)


def test_output(exercise):
    """add_head(vgg_base, 3) maps 32×32 images to 3 softmax probabilities"""
    model = _model(exercise, _base(), 3)
    x = np.random.default_rng(0).uniform(-100, 150, size=(2, *SMALL)).astype("float32")
    probs = np.asarray(model(x, training=False))
    check(probs.shape == (2, 3), f"add_head(base, num_classes=3) gives predictions of shape {probs.shape} for 2 "
          f"images; expected (2, 3): the last layer is Dense(num_classes)")
    check(np.all(probs >= 0) and np.allclose(probs.sum(axis=1), 1, atol=1e-4),
          "the outputs are not probabilities (each row should sum to 1): use activation='softmax' on the last layer")


def test_base_frozen(exercise):
    """the base is frozen: only the head's two Dense layers are trainable"""
    base = _base()
    model = _model(exercise, base, 3)
    trainable, head = _trainable(model), _head_params(512, 3)
    if trainable >= BASE_PARAMS:
        check(False, f"{trainable:,} parameters are trainable, {BASE_PARAMS:,} of them in the base: the base was "
              f"left trainable. Set base.trainable = False (before compiling), or fit will overwrite the "
              f"pre-trained filters with updates driven by a random head")
    check(not base.trainable, "base.trainable is still True: set base.trainable = False")
    check(trainable == head, f"the model has {trainable:,} trainable parameters; the head Flatten → Dense(256) → "
          f"Dense(3) on the base's 1·1·512 features has 512·256 + 256 + 256·3 + 3 = {head:,}")


def test_fit_changes_only_the_head(exercise):
    """fit changes the head's weights and leaves every base weight as it was"""
    base = _base()
    model = _model(exercise, base, 2)
    # A trainable base already answers the check; training through it would cost a minute
    # under JAX (each backward convolution is compiled), for the same verdict.
    check(_trainable(model) < BASE_PARAMS, "fit would change the base's weights: the base was left trainable. "
          "Freeze it (base.trainable = False) before compiling")
    # One eager step: tracing a graph of VGG16 would cost more than the step itself.
    model.compile(optimizer=keras.optimizers.Adam(1e-2), loss="sparse_categorical_crossentropy", run_eagerly=True)
    before = [keras.ops.convert_to_numpy(w).copy() for w in base.weights]
    rng = np.random.default_rng(1)
    x = rng.uniform(-100, 150, size=(8, *SMALL)).astype("float32")
    y = rng.integers(0, 2, size=8)
    head_before = [keras.ops.convert_to_numpy(w).copy() for w in model.trainable_weights]
    model.fit(x, y, epochs=1, batch_size=8, verbose=0)
    for w, old in zip(base.weights, before):
        check(np.array_equal(keras.ops.convert_to_numpy(w), old),
              f"fit changed the base's weight {w.path}: the base was left trainable. Freeze it "
              f"(base.trainable = False) before compiling")
    check(head_before and any(not np.array_equal(keras.ops.convert_to_numpy(w), old)
                              for w, old in zip(model.trainable_weights, head_before)),
          "fit did not change the head's weights: are the Dense layers trainable?")


def _tiny_base():
    """A small stand-in for VGG16's base, ending in an 8×8×8 feature map: cheap to build."""
    inputs = keras.Input(shape=(16, 16, 1))
    x = keras.layers.Conv2D(8, 3, padding="same", activation="relu", name="tiny_conv")(inputs)
    x = keras.layers.MaxPooling2D(2, name="tiny_pool")(x)
    return keras.Model(inputs, x, name="tiny_base")


def test_any_base(exercise):
    """add_head works on any base: it reads the input shape and the feature size from the base"""
    model = _model(exercise, _tiny_base(), 5)
    try:
        probs = np.asarray(model(np.zeros((2, 16, 16, 1), "float32"), training=False))
    except Exception as exc:  # noqa: BLE001 - a model that refuses the base's images is the finding
        check(False, f"on a base that takes 16×16×1 images, add_head's model refuses them ({type(exc).__name__}): "
              f"read the input shape from the base (base.input.shape[1:]) instead of writing (32, 32, 3)")
    check(probs.shape == (2, 5), f"on a tiny base with num_classes=5, the predictions have shape {probs.shape}; "
          f"expected (2, 5)")
    trainable, head = _trainable(model), _head_params(8 * 8 * 8, 5)
    if trainable == _head_params(8, 5):
        check(False, "on a base ending in an 8×8×8 feature map, the head sees only 8 numbers per image: the feature "
              "map was pooled (GlobalAveragePooling2D?) instead of flattened. The stub asks for Flatten, which keeps "
              "all 8·8·8 = 512 numbers")
    check(trainable == head, f"on a base ending in an 8×8×8 feature map, the head should have "
          f"512·256 + 256 + 256·5 + 5 = {head:,} trainable parameters; got {trainable:,}")


def test_head_layers(exercise):
    """the head is Flatten → Dense(256, relu) → (Dropout) → Dense(num_classes, softmax)"""
    base = _tiny_base()
    model = _model(exercise, base, 5)
    # the base is one layer of the model, or (built from base.output) its layers are
    base_layers = {base.name} | {layer.name for layer in base.layers}
    head = [layer for layer in model.layers if layer.name not in base_layers and type(layer).__name__ != "InputLayer"]
    kinds = [type(layer).__name__ for layer in head]
    check(kinds and kinds[0] == "Flatten", f"the head on top of the base is {kinds}; it starts with Flatten, "
          f"which lays each image's feature map out as one vector for the Dense layers")
    dense = [layer for layer in head if isinstance(layer, keras.layers.Dense)]
    check(len(dense) == 2, f"the head has {len(dense)} Dense layers ({kinds}); expected two: Dense(256, relu), "
          f"then Dense(num_classes, softmax)")
    units = dense[0].get_config()["units"]
    check(units == 256, f"the head's first Dense layer has {units} units; expected 256")
    for layer, want in ((dense[0], "relu"), (dense[1], "softmax")):
        got = str(layer.get_config().get("activation"))
        check(got == want, f"the head's Dense({layer.get_config()['units']}) uses the activation {got!r}; expected "
              f"{want!r}" + (" (a Dense layer created without activation=... is linear)" if got == "linear" else ""))
    for layer in head:
        if isinstance(layer, keras.layers.Dropout):
            rate = layer.get_config()["rate"]
            check(0 < rate < 1, f"the head's Dropout has rate {rate}; a rate between 0 and 1 (0.5) drops that "
                  f"share of the features while training")
