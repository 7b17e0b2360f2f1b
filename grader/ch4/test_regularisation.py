import keras
import numpy as np

from grader.checks import (check, check_close, check_compiled, check_defaults, check_hidden_activations,
                           check_model_layers, metric_names)


def _hidden(model):
    return [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)][:-1]


def test_layers(exercise):
    """Dense 128 → Dropout → Dense 128 → Dropout → Dense num_classes softmax"""
    model = exercise.build_regularised(64, 10)
    D, Drop = keras.layers.Dense, keras.layers.Dropout
    check_model_layers(model, [(D, (128,)), (Drop, (128,)), (D, (128,)), (Drop, (128,)), (D, (10,))],
                       name="build_regularised(64, 10)")
    check_hidden_activations(_hidden(model), name="build_regularised(64, 10)")
    last = model.layers[-1].get_config()["activation"]
    check(last == "softmax", f"the output layer uses {last!r}; one probability per class needs 'softmax'")
    check_defaults(exercise.build_regularised, name="build_regularised", dropout=0.5, l2=0.001)


def test_dropout_rate(exercise):
    """each Dropout layer drops the given fraction, and is inactive at inference"""
    model = exercise.build_regularised(64, 10, dropout=0.3)
    rates = [layer.rate for layer in model.layers if isinstance(layer, keras.layers.Dropout)]
    check(rates and all(np.isclose(r, 0.3) for r in rates), f"with dropout=0.3 the Dropout rates are {rates}; "
                                                             f"pass the argument on: keras.layers.Dropout(dropout)")
    x = np.random.RandomState(0).uniform(size=(8, 64)).astype("float32")
    a, b = model.predict(x, verbose=0), model.predict(x, verbose=0)
    check(np.allclose(a, b), "predict gave different answers twice: dropout must only act during training")


def test_l2_penalty(exercise):
    """both hidden Dense layers carry an L2 kernel regulariser with the given factor"""
    model = exercise.build_regularised(64, 10, l2=0.002)
    hidden = _hidden(model)
    for i, layer in enumerate(hidden, start=1):
        reg = layer.kernel_regularizer
        check(reg is not None, f"hidden Dense layer {i} has no kernel_regularizer: add "
                               f"kernel_regularizer=keras.regularizers.L2(l2)")
        config = reg.get_config()
        check("l2" in config and not config.get("l1"), f"hidden Dense layer {i} uses {type(reg).__name__}({config}); "
                                                       f"use keras.regularizers.L2(l2)")
        check_close(config["l2"], 0.002, name=f"the L2 factor of hidden layer {i} for l2=0.002", rtol=1e-5)
    output = model.layers[-1]
    check(getattr(output, "kernel_regularizer", None) is None,
          "the output layer has a kernel_regularizer too: the exercise regularises the two hidden Dense layers only")
    penalty = float(sum(keras.ops.convert_to_numpy(loss) for loss in model.losses))
    expected = 0.002 * sum(float(np.sum(keras.ops.convert_to_numpy(layer.kernel) ** 2)) for layer in hidden)
    default = exercise.build_regularised(64, 10)
    for i, layer in enumerate(_hidden(default), start=1):
        reg = layer.kernel_regularizer
        check(reg is not None and abs(reg.get_config().get("l2", 0) - 0.001) < 1e-9,
              f"hidden Dense layer {i}: with the default l2=0.001 the L2 factor should be 0.001")
    check_close(penalty, expected, name="the regularisation added to the loss (0.002 · Σ w² over both kernels)",
                rtol=1e-4)


def test_compiled(exercise):
    """compiled with rmsprop, sparse categorical cross-entropy (integer labels) and accuracy"""
    model = exercise.build_regularised(64, 10)
    name = "build_regularised(64, 10)"
    check_compiled(model, name=f"{name} (the labels here are integers: 'sparse_categorical_crossentropy')",
                   loss="sparse_categorical_crossentropy")
    check_compiled(model, name=f"{name} (the stub asks for optimizer='rmsprop')", optimizer="rmsprop")
    metrics = metric_names(model)
    check(any(m in ("accuracy", "acc", "sparse_categorical_accuracy") for m in metrics),
          f"{name} was compiled without the accuracy metric (its metrics: {metrics}): compile with "
          f"metrics=['accuracy']")


def test_early_stopping_config(exercise):
    """early_stopping watches val_loss with the given patience and restores the best weights"""
    check_defaults(exercise.early_stopping, name="early_stopping", patience=3)
    cb = exercise.early_stopping(patience=4)
    check(isinstance(cb, keras.callbacks.EarlyStopping), f"early_stopping should return a "
                                                         f"keras.callbacks.EarlyStopping; got {type(cb).__name__}")
    check(cb.monitor != "loss", "the callback watches the training loss, which keeps falling while the model "
                                "overfits: monitor='val_loss'")
    check(cb.monitor == "val_loss", f"the callback monitors {cb.monitor!r}; use monitor='val_loss'")
    check(cb.patience == 4, f"early_stopping(patience=4) has patience {cb.patience}")
    check(cb.restore_best_weights, "set restore_best_weights=True, or the model keeps the weights of the last, "
                                   "already overfitted, epoch")


def test_early_stopping_behaviour(exercise):
    """on a validation loss that bottoms out at epoch 2, training stops and the epoch-2 weights come back"""
    model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1)])
    cb = exercise.early_stopping(patience=2)
    model.stop_training = False   # model.fit sets this before the first epoch
    cb.set_model(model)
    cb.on_train_begin()
    stopped_at = None
    for epoch, val_loss in enumerate([1.0, 0.5, 0.7, 0.8, 0.9, 1.0]):
        model.layers[0].kernel.assign(np.full((1, 1), float(epoch), "float32"))   # mark the weights with the epoch
        cb.on_epoch_end(epoch, {"loss": 0.1, "val_loss": val_loss})
        if model.stop_training:
            stopped_at = epoch
            break
    cb.on_train_end()
    check(stopped_at == 3, f"with patience 2, training should stop after epoch 4 (two epochs without beating "
                           f"epoch 2); it stopped {'never' if stopped_at is None else f'after epoch {stopped_at + 1}'}")
    kernel = float(keras.ops.convert_to_numpy(model.layers[0].kernel)[0, 0])
    check(kernel == 1.0, f"after stopping, the weights are those of epoch {int(kernel) + 1}; with "
                         f"restore_best_weights=True they go back to epoch 2's")
