import functools
import gc
import re

import keras
import numpy as np

from grader.checks import check, check_layer_settings

SMALL = (32, 32, 3)
CONVS_PER_BLOCK = {"block1": 2, "block2": 2, "block3": 3, "block4": 3, "block5": 3}


@functools.lru_cache(maxsize=None)
def _reference(input_shape, include_top, classes=1000):
    return keras.applications.VGG16(weights=None, include_top=include_top, input_shape=input_shape, classes=classes)


def _build(exercise, *args, **kwargs):
    model = exercise.build_vgg16(*args, **kwargs)
    check(model is not None, "build_vgg16 returned None: did you forget `return keras.Model(inputs, x)`?")
    check(isinstance(model, keras.Model), f"build_vgg16 should return a keras.Model; got {type(model).__name__}")
    return model


def _layers(model):
    return [layer for layer in model.layers if type(layer).__name__ != "InputLayer"]


def _activation(layer):
    return str(layer.get_config().get("activation"))


def _snake(name):
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _compare(model, reference, call):
    """Name the first layer that differs from Keras's VGG16, in words a beginner can act on."""
    mine, theirs = _layers(model), _layers(reference)
    for i, want in enumerate(theirs):
        where = f"{call}, layer {i + 1}"
        if i >= len(mine):
            missing = ", ".join(f"{type(l).__name__} {l.name}" for l in theirs[i:])
            check(False, f"{call} has {len(mine)} layers, Keras's VGG16 has {len(theirs)}: missing at the end: {missing}")
        got = mine[i]
        kind, want_kind = type(got).__name__, type(want).__name__
        if kind != want_kind:
            block = want.name.split("_")[0]
            hint = ""
            if want_kind == "Conv2D" and kind == "MaxPooling2D":
                hint = f": a convolution is missing: {block} has {CONVS_PER_BLOCK[block]} convolutions before its pooling"
            elif want_kind == "MaxPooling2D" and kind == "Conv2D":
                hint = f": one convolution too many: {block} has {CONVS_PER_BLOCK[block]} convolutions, then a pooling"
            check(False, f"{where}: expected a {want_kind} (Keras calls it {want.name}), got a {kind} "
                  f"({got.name}){hint}")
        check(got.name == want.name, f"{where} ({want_kind}) is called {got.name!r}; Keras calls it {want.name!r}: "
              f"pass name={want.name!r} when you create it (weights saved from Keras find their layers by name)")
        if want_kind in ("Conv2D", "Dense"):
            # Keras's VGG16 keeps Keras's default initialiser and a bias in every layer
            initializer = want.get_config()["kernel_initializer"]["class_name"]
            check_layer_settings(got, name=where, kernel_initializer=_snake(initializer), use_bias=True)
        if want_kind == "Conv2D":
            cfg, ref = got.get_config(), want.get_config()
            check(cfg["filters"] == ref["filters"], f"{where} ({want.name}): {cfg['filters']} filters, expected "
                  f"{ref['filters']}")
            check(tuple(cfg["kernel_size"]) == (3, 3), f"{where} ({want.name}): kernel_size {tuple(cfg['kernel_size'])}, "
                  f"expected (3, 3): VGG16 uses only 3×3 convolutions (two stacked 3×3 see as far as one 5×5, "
                  f"with fewer parameters)")
            check(tuple(cfg["strides"]) == (1, 1), f"{where} ({want.name}): strides {tuple(cfg['strides'])}, "
                  f"expected (1, 1): only the poolings shrink the image")
            check(cfg["padding"] == "same", f"{where} ({want.name}): padding={cfg['padding']!r}, expected 'same' "
                  f"(it keeps the height and width, so only the poolings shrink the image)")
            check(_activation(got) == "relu", f"{where} ({want.name}): activation {_activation(got)!r}, expected 'relu'")
        elif want_kind == "MaxPooling2D":
            cfg = got.get_config()
            check(tuple(cfg["pool_size"]) == (2, 2) and tuple(cfg["strides"]) == (2, 2),
                  f"{where} ({want.name}): pool_size {tuple(cfg['pool_size'])} with strides {tuple(cfg['strides'])}, "
                  f"expected (2, 2) with strides (2, 2): each pooling halves height and width")
            check(cfg["padding"] == "valid", f"{where} ({want.name}): padding={cfg['padding']!r}, expected 'valid' "
                  f"(the default): a pooling drops an odd last row instead of padding it")
        elif want_kind == "Dense":
            units, ref_units = got.get_config()["units"], want.get_config()["units"]
            check(units == ref_units, f"{where} ({want.name}): {units} units, expected {ref_units}")
            check(_activation(got) == _activation(want), f"{where} ({want.name}): activation {_activation(got)!r}, "
                  f"expected {_activation(want)!r}")
        got_shape, want_shape = tuple(got.output.shape[1:]), tuple(want.output.shape[1:])
        check(got_shape == want_shape, f"{where} ({want.name}, {want_kind}): output shape {got_shape}, expected "
              f"{want_shape}")
    if len(mine) > len(theirs):
        extra = ", ".join(f"{type(l).__name__} {l.name}" for l in mine[len(theirs):])
        check(False, f"{call} has {len(mine)} layers, Keras's VGG16 has {len(theirs)}: extra at the end: {extra}"
              + (" (include_top=False stops after block5_pool)" if "include_top=False" in call else ""))


def test_returns_a_model(exercise):
    """build_vgg16((32, 32, 3), include_top=False) is a keras.Model ending in a (1, 1, 512) feature map"""
    model = _build(exercise, SMALL, include_top=False)
    shape = tuple(model.output.shape[1:])
    hint = ""
    if len(shape) == 1:
        hint = ": with include_top=False the model stops after block5_pool, without Flatten and the dense layers"
    elif shape == (7, 7, 512) or tuple(model.inputs[0].shape[1:]) != SMALL:
        hint = f": the model takes inputs of shape {tuple(model.inputs[0].shape[1:])}; use input_shape in keras.Input"
    check(shape == (1, 1, 512), f"build_vgg16((32, 32, 3), include_top=False) ends in shape {shape}; expected "
          f"(1, 1, 512): 32 halved five times is 1, and block5 has 512 filters{hint}")


def test_base_layer_by_layer(exercise):
    """the convolutional base matches keras.applications.VGG16(include_top=False) layer by layer"""
    model = _build(exercise, (224, 224, 3), include_top=False)
    _compare(model, _reference((224, 224, 3), False), "build_vgg16(include_top=False)")


def test_layer_names(exercise):
    """the layers are named as in Keras (block1_conv1 ... block5_pool), so ImageNet weights can load"""
    model = _build(exercise, SMALL, include_top=False)
    mine = [l.name for l in _layers(model)]
    theirs = [l.name for l in _layers(_reference(SMALL, False))]
    for i, (got, want) in enumerate(zip(mine, theirs)):
        check(got == want, f"layer {i + 1} is called {got!r}; Keras calls it {want!r}: pass name={want!r} "
              f"when you create it")
    check(model.name == "vgg16", f"the model is called {model.name!r}; name it 'vgg16' as Keras does "
          f"(keras.Model(inputs, x, name='vgg16'))")


def test_base_parameter_count(exercise):
    """the convolutional base has 14,714,688 parameters"""
    count = _build(exercise, SMALL, include_top=False).count_params()
    check(count == 14_714_688, f"build_vgg16(include_top=False).count_params() is {count:,}; expected 14,714,688")


def test_top_layer_by_layer(exercise):
    """with the top (32×32 images, 10 classes) the model matches Keras's VGG16 layer by layer, up to fc1, fc2, predictions"""
    model = _build(exercise, SMALL, num_classes=10, include_top=True)
    _compare(model, _reference(SMALL, True, 10), "build_vgg16((32, 32, 3), num_classes=10)")


def test_full_model(exercise):
    """build_vgg16() on 224×224 images has 138,357,544 parameters and 1000 softmax outputs"""
    model = _build(exercise)
    try:
        count = model.count_params()
        check(count == 138_357_544, f"build_vgg16().count_params() is {count:,}; expected 138,357,544")
        shape = tuple(model.output.shape)
        check(shape == (None, 1000), f"build_vgg16() outputs shape {shape}; expected (None, 1000)")
        inputs = tuple(model.inputs[0].shape)
        check(inputs == (None, 224, 224, 3), f"build_vgg16() takes inputs of shape {inputs}; by default VGG16 "
                                             f"takes 224×224 RGB images, (None, 224, 224, 3)")
    finally:
        del model  # 138 M parameters: give the memory back before the next check
        gc.collect()


def test_keras_weights_load(exercise, tmp_path):
    """weights saved from keras.applications.VGG16 load into your model and give identical outputs"""
    reference = _reference(SMALL, False)
    path = tmp_path / "vgg16_random.weights.h5"
    reference.save_weights(path)
    model = _build(exercise, SMALL, include_top=False)
    try:
        model.load_weights(path)
    except Exception as exc:  # noqa: BLE001 - any failure to load is the learner's message
        check(False, f"weights saved from keras.applications.VGG16 do not load into your model ({type(exc).__name__}: "
              f"{str(exc)[:200]})")
    x = np.random.default_rng(0).uniform(-120, 140, size=(2, *SMALL)).astype("float32")
    same = np.allclose(model.predict(x, verbose=0), reference.predict(x, verbose=0), rtol=1e-5, atol=1e-5)
    check(same, "after loading Keras's weights, your model's outputs differ from Keras's VGG16 on the same images")
