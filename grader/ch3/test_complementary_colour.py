import keras
import numpy as np
from hypothesis import given, strategies as st
from hypothesis.extra import numpy as hnp

from grader.checks import check, check_array, check_model_layers
from kerascourse.datasets import complementary


def test_red_becomes_cyan(exercise):
    """red (1, 0, 0) becomes cyan (0, 1, 1); grey (0.5, 0.5, 0.5) is its own complement"""
    rgb = np.array([[1.0, 0.0, 0.0], [0.5, 0.5, 0.5], [0.2, 0.6, 0.4]])
    check_array(exercise.complementary(rgb), [[0.0, 1.0, 1.0], [0.5, 0.5, 0.5], [0.6, 0.2, 0.4]],
                name="complementary([[1, 0, 0], [0.5, 0.5, 0.5], [0.2, 0.6, 0.4]])", mistakes={
                    "that is 1 − channel, the inverted colour; the complement is (max + min) − channel":
                        1.0 - rgb,
                    "max and min were taken over the whole batch: take them per colour (per row, axis=1)":
                        rgb.max() + rgb.min() - rgb,
                    "each colour's max and min lost their axis (shape (n,) instead of (n, 1)), so they were "
                    "added along the wrong axis: keep it with keepdims=True, so that they broadcast across the "
                    "colour's 3 channels":
                        (rgb.max(axis=1) + rgb.min(axis=1))[np.newaxis, :] - rgb})


@given(hnp.arrays(np.float64, st.tuples(st.integers(1, 20), st.just(3)), elements=st.floats(0, 1)))
def test_matches_reference(exercise, rgb):
    """for any batch of colours, the result matches the formula row by row"""
    check_array(exercise.complementary(rgb), complementary(rgb), name=f"complementary({rgb.tolist()})")


def test_model_layers(exercise):
    """build_colour_model is Input(3) → Dense 64 → 32 → 16 (ReLU) → Dense 3 (linear)"""
    model = exercise.build_colour_model()
    check(isinstance(model, keras.Model), f"build_colour_model should return a Keras model; got "
                                          f"{type(model).__name__}")
    dense = keras.layers.Dense
    check_model_layers(model, [(dense, (64,)), (dense, (32,)), (dense, (16,)), (dense, (3,))],
                       name="build_colour_model()")
    acts = [layer.get_config()["activation"] for layer in model.layers]
    check(acts[:3] == ["relu"] * 3, f"the hidden layers should use ReLU; they use {acts[:3]}")
    check(acts[3] == "linear", f"the output layer has activation {acts[3]!r}: a regression output must be able to "
                               f"take any value, so give the last Dense no activation")
    check(not getattr(model, "compiled", False), "build_colour_model returned a compiled model; the stub asks for "
                                                  "it uncompiled: compile_model (keras_workflow) chooses the "
                                                  "optimizer and the loss")
    check(model.count_params() == 3 * 64 + 64 + 64 * 32 + 32 + 32 * 16 + 16 + 16 * 3 + 3,
          f"the model has {model.count_params()} parameters; expected 2,915")
