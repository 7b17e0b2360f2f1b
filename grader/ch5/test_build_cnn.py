import keras

from grader.checks import check, check_layer_settings, check_model_layers, loss_name, metric_names

L = keras.layers
ACCURACY = ("accuracy", "acc", "binary_accuracy")


def _model(exercise, *args):
    model = exercise.build_cnn(*args)
    check(model is not None, "build_cnn returned None: did you forget `return model`?")
    check(isinstance(model, keras.Model), f"build_cnn should return a keras model; got {type(model).__name__}")
    return model


def _layers(model):
    return [layer for layer in model.layers if type(layer).__name__ != "InputLayer"]


def test_layers(exercise):
    """the layers are Conv2D 32 3×3 relu, MaxPooling2D 2×2, Flatten, Dense 128 relu, Dense 1, with the right shapes"""
    model = _model(exercise, (64, 64, 3))
    layers = _layers(model)
    if len(layers) == 4 and not any(isinstance(layer, L.Flatten) for layer in layers):
        check(False, "build_cnn has no Flatten layer: Dense needs one vector per image, so flatten the feature maps "
              "between the pooling and the first Dense")
    check_model_layers(model, [(L.Conv2D, (62, 62, 32)), (L.MaxPooling2D, (31, 31, 32)), (L.Flatten, (30752,)),
                               (L.Dense, (128,)), (L.Dense, (1,))], name="build_cnn((64, 64, 3))")
    conv = layers[0].get_config()
    check(tuple(conv["kernel_size"]) == (3, 3), f"the convolution's kernel is {tuple(conv['kernel_size'])}, "
          f"expected (3, 3)")
    pool = tuple(layers[1].get_config()["pool_size"])
    check(pool == (2, 2), f"the pooling's window is {pool}, expected (2, 2)")
    for layer, what in ((layers[0], "the convolution"), (layers[3], "Dense(128)")):
        check_layer_settings(layer, name=f"build_cnn: {what}", activation="relu")


def test_default_input(exercise):
    """build_cnn() with no argument takes 64×64 colour images, as in the cats-vs-dogs tutorial"""
    shape = tuple(_model(exercise).inputs[0].shape)
    check(shape == (None, 64, 64, 3), f"build_cnn() takes inputs of shape {shape}; by default it should take "
                                      f"64×64 RGB images, (None, 64, 64, 3)")


def test_output_is_one_sigmoid(exercise):
    """two classes: one sigmoid unit, compiled with Adam, binary cross-entropy and accuracy"""
    model = _model(exercise, (64, 64, 3))
    last = model.layers[-1]
    act = str(last.get_config().get("activation"))
    check(act != "softmax", "the output is a softmax over one unit, which always outputs 1.0: use "
          "activation='sigmoid' for a single unit")
    check(act == "sigmoid", f"the output activation is {act}; a binary classifier ends in one sigmoid unit")
    check(getattr(model, "compiled", False) and getattr(model, "optimizer", None) is not None,
          "the model is not compiled: call model.compile(optimizer='adam', loss='binary_crossentropy', "
          "metrics=['accuracy'])")
    loss = loss_name(model)
    check(loss == "binary_crossentropy", f"build_cnn: compiled with the loss {loss!r}; with one sigmoid unit and "
          f"0/1 labels use loss='binary_crossentropy'")
    optimizer = type(model.optimizer).__name__
    check(optimizer == "Adam", f"build_cnn: compiled with the optimizer {optimizer}; the stub asks for Adam "
          f"(optimizer='adam')")
    metrics = metric_names(model)
    check(any(m in ACCURACY for m in metrics), f"build_cnn: compiled without the accuracy metric (metrics: "
          f"{metrics}); add metrics=['accuracy'] to compile, so fit reports how often the model is right")


def test_parameter_count(exercise):
    """3,937,409 parameters at 64×64×3, and 922,753 at 32×32×3 (the input size changes the Dense layer only)"""
    model = _model(exercise, (64, 64, 3))
    got = model.count_params()
    check(got != 3_937_409 - 129 + 2 * 129,
          "the output has 2 units: one sigmoid unit is enough for two classes")
    check(got == 3_937_409, f"build_cnn((64, 64, 3)) has {got:,} parameters, expected 3,937,409 "
          f"(896 for the convolution, 31·31·32·128 + 128 = 3,936,384 for Dense(128), 129 for the output)")
    small = _model(exercise, (32, 32, 3)).count_params()
    check(small == 922_753, f"build_cnn((32, 32, 3)) has {small:,} parameters, expected 922,753: "
          f"use input_shape for keras.Input, do not hard-code 64×64")
