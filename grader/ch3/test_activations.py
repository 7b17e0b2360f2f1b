import keras
import numpy as np
from hypothesis import given, strategies as st
from hypothesis.extra import numpy as hnp

from grader.checks import check, check_array, keras_elementwise

moderate = hnp.arrays(np.float64, hnp.array_shapes(min_dims=1, max_dims=2, max_side=6),
                      elements=st.floats(-20, 20, allow_nan=False, width=64))


def keras_ref(name, x):
    return keras_elementwise(getattr(keras.activations, name), x)


def test_known_values(exercise):
    """sigmoid(0) = 0.5, tanh(0) = 0, relu(-2) = 0, threshold(0) = 1"""
    zero = np.array([0.0])
    check_array(exercise.sigmoid(zero), [0.5], name="sigmoid([0.0])", mistakes={
        "sigmoid(0) should be 1 / (1 + e^0) = 0.5: is the sign of the exponent right?": [0.0]})
    check_array(exercise.tanh(zero), [0.0], name="tanh([0.0])")
    check_array(exercise.relu(np.array([-2.0, 0.5])), [0.0, 0.5], name="relu([-2.0, 0.5])")
    check_array(exercise.threshold(np.array([-1.0, 0.0, 2.0])), [0.0, 1.0, 1.0],
                name="threshold([-1.0, 0.0, 2.0])", mistakes={
                    "threshold(0) should be 1: the step fires when x >= 0, not only when x > 0": [0.0, 0.0, 1.0]})


def test_relu_not_capped(exercise):
    """ReLU lets positive values through unchanged: relu(3.0) is 3.0, not 1.0"""
    x = np.array([-5.0, 0.0, 0.7, 3.0, 250.0])
    check_array(exercise.relu(x), [0.0, 0.0, 0.7, 3.0, 250.0], name="relu([-5, 0, 0.7, 3, 250])", mistakes={
        "ReLU is not capped at 1: relu(x) = max(0, x), so relu(3.0) = 3.0 (you clipped at 1)":
            np.clip(x, 0, 1),
        "this is the threshold (step) function; ReLU keeps the positive value itself": (x > 0).astype(float),
        "negatives should become 0, not their absolute value": np.abs(x)})


@given(moderate)
def test_sigmoid_matches_keras(exercise, x):
    """sigmoid equals keras.activations.sigmoid on any array"""
    check_array(exercise.sigmoid(x), keras_ref("sigmoid", x), name=f"sigmoid({x.tolist()})", atol=1e-6,
                rtol=1e-5, mistakes={"the exponent's sign is flipped: sigmoid is 1 / (1 + exp(-x))":
                                     keras_ref("sigmoid", -x)})


@given(moderate)
def test_tanh_matches_keras(exercise, x):
    """tanh equals keras.activations.tanh on any array"""
    check_array(exercise.tanh(x), keras_ref("tanh", x), name=f"tanh({x.tolist()})", atol=1e-6, rtol=1e-5,
                mistakes={"this is sigmoid; tanh is (e^x - e^-x) / (e^x + e^-x), between -1 and 1":
                          keras_ref("sigmoid", x)})


@given(moderate)
def test_relu_and_threshold_any_array(exercise, x):
    """relu equals keras.activations.relu, and threshold is 1 exactly where x >= 0"""
    check_array(exercise.relu(x), keras_ref("relu", x), name=f"relu({x.tolist()})")
    check_array(exercise.threshold(x), (x >= 0).astype(float), name=f"threshold({x.tolist()})")


def test_shapes_kept(exercise):
    """each function keeps the shape of its input (works element by element)"""
    x = np.linspace(-3, 3, 12).reshape(3, 4)
    for name in ("sigmoid", "tanh", "relu", "threshold"):
        out = np.asarray(getattr(exercise, name)(x))
        check(out.shape == x.shape, f"{name} of a (3, 4) array returned shape {out.shape}: apply the formula "
                                    f"element by element, without summing or flattening")


def test_threshold_gives_floats(exercise):
    """threshold returns the floats 1.0 and 0.0, as the stub says, not booleans"""
    out = check_array(exercise.threshold(np.array([-1.0, 0.0, 2.0])), [0.0, 1.0, 1.0],
                      name="threshold([-1.0, 0.0, 2.0])")
    check(out.dtype.kind == "f", f"threshold([-1.0, 0.0, 2.0]) returned {out.dtype} values {out.tolist()}: a "
                                 f"comparison such as x >= 0 gives booleans; the step returns the floats 1.0 and 0.0: "
                                 f"np.where(x >= 0, 1.0, 0.0) or (x >= 0).astype(float)")


def test_inputs_unchanged(exercise):
    """each function leaves its input array unchanged (it returns a new array)"""
    for name in ("sigmoid", "tanh", "relu", "threshold"):
        x = np.array([[-2.0, -0.5], [0.0, 3.0]])
        getattr(exercise, name)(x)
        check(np.array_equal(x, [[-2.0, -0.5], [0.0, 3.0]]),
              f"{name}(x) changed the caller's array x to {x.tolist()}: assigning into x (such as x[x < 0] = 0) "
              f"edits it in place. Return a new array instead: np.maximum(0.0, x), np.where(...), or work on "
              f"x.copy()")
