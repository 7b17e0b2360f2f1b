import keras

from grader.checks import check, check_model_layers, loss_name, metric_names

L = keras.layers
EXPECTED = [(L.Conv2D, (32, 32, 32)), (L.Conv2D, (32, 32, 64)), (L.MaxPooling2D, (16, 16, 64)),
            (L.Conv2D, (16, 16, 128)), (L.Conv2D, (16, 16, 128)), (L.MaxPooling2D, (8, 8, 128)),
            (L.Conv2D, (8, 8, 256)), (L.Conv2D, (8, 8, 256)), (L.MaxPooling2D, (4, 4, 256)),
            (L.Flatten, (4096,)), (L.Dense, (1024,)), (L.Dense, (512,)), (L.Dense, (10,))]
ACCURACY = ("accuracy", "acc", "categorical_accuracy")


def _model(exercise, *args):
    try:
        model = exercise.build_cifar_cnn(*args)
    except ValueError as exc:
        if "negative" in str(exc) or "0" in str(exc):
            # Keras's message runs over many lines; its line about the size is the one a learner needs
            lines = [line.strip() for line in str(exc).splitlines() if "negative" in line or "zero" in line]
            said = f" ({lines[0]})" if lines else ""
            check(False, f"build_cifar_cnn{args} fails to build{said}: with padding='valid' each 3×3 convolution "
                  f"trims 2 pixels and the image runs out; use padding='same'")
        raise
    check(model is not None, "build_cifar_cnn returned None: did you forget `return model`?")
    check(isinstance(model, keras.Model), f"build_cifar_cnn should return a keras model; got {type(model).__name__}")
    return model


def test_layers(exercise):
    """three blocks of two 3×3 'same' convolutions and a pooling, flatten to 4·4·256 = 4096, then 1024, 512, 10"""
    model = _model(exercise, (32, 32, 3), 10)
    layers = [layer for layer in model.layers if type(layer).__name__ != "InputLayer"]
    for i, layer in enumerate(layers):
        if isinstance(layer, L.Conv2D):
            cfg = layer.get_config()
            check(cfg["padding"] == "same", f"layer {i + 1} ({layer.name}) has padding='{cfg['padding']}': use "
                  f"padding='same' so that only the poolings shrink the image")
            check(tuple(cfg["kernel_size"]) == (3, 3), f"layer {i + 1} ({layer.name}): kernel "
                  f"{tuple(cfg['kernel_size'])}, expected (3, 3)")
    check_model_layers(model, EXPECTED, name="build_cifar_cnn((32, 32, 3), 10)")
    # ReLU in every hidden layer: without it the stack of layers is one linear map, however deep.
    for i, layer in enumerate(layers[:-1]):
        activation = str(layer.get_config().get("activation", "relu"))
        check(activation == "relu", f"build_cifar_cnn: layer {i + 1} ({layer.name}, {type(layer).__name__}) uses the "
              f"activation {activation!r}; expected 'relu' in every hidden layer (a layer created without "
              f"activation=... is linear, and linear layers stacked are one linear map)")
    check(str(layers[-1].get_config().get("activation")) == "softmax",
          "the output layer should use softmax: one probability per class, summing to 1")


def test_parameter_count_and_loss(exercise):
    """5,851,338 parameters; compiled with Adam, categorical cross-entropy (one-hot labels) and accuracy"""
    model = _model(exercise, (32, 32, 3), 10)
    got = model.count_params()
    check(got == 5_851_338, f"build_cifar_cnn((32, 32, 3), 10) has {got:,} parameters, expected 5,851,338 "
          f"(of which 4096·1024 + 1024 = 4,195,328 in the first Dense layer)")
    check(getattr(model, "compiled", False), "the model is not compiled: call model.compile(...)")
    loss = loss_name(model)
    if loss == "sparse_categorical_crossentropy":
        check(False, "build_cifar_cnn: compiled with 'sparse_categorical_crossentropy', the loss for integer labels; "
              "the stub says one-hot labels, so use loss='categorical_crossentropy'")
    check(loss == "categorical_crossentropy", f"build_cifar_cnn: compiled with the loss {loss!r}; with a softmax "
          f"over classes and one-hot labels use loss='categorical_crossentropy'")
    optimizer = type(model.optimizer).__name__
    check(optimizer == "Adam", f"build_cifar_cnn: compiled with the optimizer {optimizer}; the stub asks for Adam "
          f"(optimizer='adam')")
    metrics = metric_names(model)
    check(any(m in ACCURACY for m in metrics), f"build_cifar_cnn: compiled without the accuracy metric (metrics: "
          f"{metrics}); add metrics=['accuracy'] to compile")


def test_shape_follows_the_data(exercise):
    """the data fixes the architecture: a 64×48 grey input with 3 classes flattens to 8·6·256 and ends in 3 units"""
    model = _model(exercise, (64, 48, 1), 3)
    flat = [layer for layer in model.layers if isinstance(layer, L.Flatten)]
    got = flat[0].output.shape[-1] if flat else None
    check(got == 8 * 6 * 256, f"build_cifar_cnn((64, 48, 1), 3): Flatten should give 8·6·256 = 12,288 numbers, "
          f"got {got}; use input_shape in keras.Input rather than a fixed size")
    out = model.layers[-1].output.shape[-1]
    check(out == 3, f"build_cifar_cnn((64, 48, 1), 3) ends in {out} units: use num_classes, one unit per class")
