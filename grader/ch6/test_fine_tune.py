import keras
import numpy as np

from grader.checks import check, check_close, loss_name, metric_names, recording_calls
from kerascourse.models import build_vgg16, transfer_model

SMALL = (32, 32, 3)
BLOCK5 = ["block5_conv1", "block5_conv2", "block5_conv3"]
BLOCK5_PARAMS = 3 * (3 * 3 * 512 * 512 + 512)  # 7,079,424


def _trainable(model):
    return int(sum(int(np.prod(w.shape)) for w in model.trainable_weights))


def _setup():
    """A frozen VGG16 base with a trained-looking head, compiled as for the head-only phase."""
    keras.utils.set_random_seed(0)
    base = build_vgg16(input_shape=SMALL, include_top=False)
    model = transfer_model(base, 2, head=(16,), dropout=0.0)
    model.compile(optimizer=keras.optimizers.RMSprop(1e-3), loss="sparse_categorical_crossentropy")
    return base, model, _trainable(model)


def _fine_tune(exercise, model, base, **kwargs):
    out = exercise.fine_tune(model, base, **kwargs)
    check(out is not None, "fine_tune returned None: did you forget `return model`?")
    check(isinstance(out, keras.Model), f"fine_tune should return the model; got {type(out).__name__}")
    return out


def test_only_block5_trainable(exercise):
    """block5_conv1, block5_conv2 and block5_conv3 are trainable; every earlier layer of the base is frozen"""
    base, model, _ = _setup()
    model = _fine_tune(exercise, model, base)
    check(base.trainable, "base.trainable is still False, and a frozen model hides its layers' own flags: set "
          "base.trainable = True first, then freeze the layers before block5_conv1 one by one")
    convs = [layer for layer in base.layers if type(layer).__name__ == "Conv2D"]
    open_ = [layer.name for layer in convs if layer.trainable]
    if len(open_) == len(convs):
        check(False, "all 13 convolutions of the base are trainable: freeze every layer before block5_conv1, "
              "or the early, generic filters get overwritten too")
    missing = [name for name in BLOCK5 if name not in open_]
    check(not missing, f"{missing[0] if missing else ''} is still frozen: unfreeze every layer from block5_conv1 on")
    early = [name for name in open_ if name not in BLOCK5]
    check(not early, f"{early[0] if early else ''} is trainable; only block5 (from block5_conv1 on) should be")


def test_trainable_count(exercise):
    """the model trains block5's 7,079,424 parameters plus the head, and nothing else"""
    base, model, head = _setup()
    model = _fine_tune(exercise, model, base)
    trainable = _trainable(model)
    if trainable == head:
        check(False, f"only the head's {head:,} parameters are trainable: block5 is still frozen. Set "
              f"base.trainable = True, then freeze the layers before block5_conv1")
    check(trainable == BLOCK5_PARAMS + head, f"{trainable:,} parameters are trainable; expected block5's "
          f"3·(3·3·512·512 + 512) = {BLOCK5_PARAMS:,} plus the head's {head:,} = {BLOCK5_PARAMS + head:,}")


def test_recompiled_with_low_learning_rate(exercise):
    """the model is recompiled with RMSprop at the given (low) learning rate, sparse categorical cross-entropy and accuracy"""
    for rate in (1e-5, 3e-5):
        base, model, _ = _setup()
        head_phase = model.optimizer  # what compile gave for training the head alone
        kwargs = {} if rate == 1e-5 else {"learning_rate": rate}
        call = "fine_tune(model, base)" if not kwargs else f"fine_tune(model, base, learning_rate={rate:g})"
        with recording_calls(model, "compile") as compiled:
            model = _fine_tune(exercise, model, base, **kwargs)
        check(compiled, f"{call} did not call model.compile: the model still has the optimizer it was compiled "
              f"with for the head (RMSprop, learning rate 0.001), and changing trainable takes effect at compile. "
              f"Recompile, with keras.optimizers.RMSprop(learning_rate=learning_rate)")
        optimizer = model.optimizer
        check(optimizer is not head_phase, f"{call} recompiled with the optimizer object of the head's training "
              f"(model.optimizer): give compile a new one, keras.optimizers.RMSprop(learning_rate=learning_rate)")
        check(type(optimizer).__name__ == "RMSprop", f"after {call} the optimizer is {type(optimizer).__name__}; "
              f"use keras.optimizers.RMSprop(learning_rate=learning_rate)")
        current = float(keras.ops.convert_to_numpy(optimizer.learning_rate))
        if np.isclose(current, 1e-3) and not np.isclose(rate, 1e-3):
            check(False, f"after {call} the model was recompiled at learning rate 0.001, RMSprop's default "
                  f"(likely optimizer='rmsprop', which takes no learning rate): pass the low rate, "
                  f"optimizer=keras.optimizers.RMSprop(learning_rate=learning_rate)")
        check_close(current, rate, name=f"the learning rate after {call}", rtol=1e-4)
        loss = loss_name(model)
        check(loss == "sparse_categorical_crossentropy", f"after {call} the model is compiled with the loss {loss!r}; "
              f"the labels are integers, as for the head: loss='sparse_categorical_crossentropy'")
        metrics = metric_names(model)
        check(any(m in ("accuracy", "acc", "sparse_categorical_accuracy") for m in metrics),
              f"after {call} the model is compiled without the accuracy metric (metrics: {metrics}); "
              f"add metrics=['accuracy']")


def test_fit_moves_block5_only(exercise):
    """after fine_tune, fit changes block5's filters and leaves block4's alone"""
    base, model, _ = _setup()
    model = _fine_tune(exercise, model, base, learning_rate=1e-4)
    # An early layer left trainable already answers the check; training through it would cost
    # a minute under JAX (each backward convolution is compiled), for the same verdict.
    check(not base.get_layer("block4_conv3").trainable, "block4_conv3 is trainable, so fit would change it: "
          "only block5 should be trainable")
    block4 = keras.ops.convert_to_numpy(base.get_layer("block4_conv3").kernel).copy()
    block5 = keras.ops.convert_to_numpy(base.get_layer("block5_conv3").kernel).copy()
    model.run_eagerly = True  # one step: tracing a graph of VGG16 would cost more than the step itself
    rng = np.random.default_rng(0)
    model.fit(rng.uniform(-100, 150, size=(8, *SMALL)).astype("float32"), rng.integers(0, 2, size=8),
              epochs=1, batch_size=8, verbose=0)
    check(np.array_equal(block4, keras.ops.convert_to_numpy(base.get_layer("block4_conv3").kernel)),
          "fit changed block4_conv3: only block5 should be trainable")
    check(not np.array_equal(block5, keras.ops.convert_to_numpy(base.get_layer("block5_conv3").kernel)),
          "fit did not change block5_conv3: is it trainable, and was the model recompiled after unfreezing?")
