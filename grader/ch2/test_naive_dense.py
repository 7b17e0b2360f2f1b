import keras
import numpy as np
import tensorflow as tf

from grader.checks import check, check_array

X = np.random.default_rng(0).normal(size=(6, 4)).astype("float32")


def _layer(exercise, activation=tf.nn.relu):
    return exercise.NaiveDense(input_size=4, output_size=3, activation=activation)


def test_weights_shapes_and_types(exercise):
    """weights is [W, b]: two tf.Variable, W of shape (input_size, output_size) and b of shape (output_size,)"""
    layer = _layer(exercise)
    weights = layer.weights
    check(isinstance(weights, (list, tuple)) and len(weights) == 2,
          f"weights should be the list [W, b]; got {weights!r}" if not isinstance(weights, (list, tuple))
          else f"weights should hold 2 variables [W, b]; it holds {len(weights)}")
    W, b = weights
    check(isinstance(W, tf.Variable) and isinstance(b, tf.Variable),
          "W and b must be tf.Variable objects (so the tape watches them and assign_sub can update them)")
    check(tuple(W.shape) != (3, 4), "W has shape (3, 4): it is transposed. W needs one row per input feature: "
                                    "(input_size, output_size) = (4, 3), so that inputs @ W works")
    check(tuple(W.shape) == (4, 3), f"W should have shape (input_size, output_size) = (4, 3); got {tuple(W.shape)}")
    check(tuple(b.shape) == (3,), f"b should have shape (output_size,) = (3,); got {tuple(b.shape)}")
    for label, v in (("W", W), ("b", b)):
        # inputs are float32 and tf.matmul does not mix dtypes: a float64 W fails on the first batch
        check(v.dtype == tf.float32, f"{label} is a tf.Variable of {v.dtype.name}; the layer works in float32 "
                                     f"(tf.matmul does not mix float32 inputs with a float64 {label}). A NumPy "
                                     f"array such as np.random.uniform(...) is float64: create {label} with "
                                     f"tf.random.uniform / tf.zeros, or convert with .astype('float32')")


def test_initial_values(exercise):
    """W starts uniform in [0, 0.1) and b starts at zeros"""
    layer = exercise.NaiveDense(input_size=40, output_size=30, activation=tf.nn.relu)
    W, b = (np.asarray(v) for v in layer.weights)
    check(W.min() >= 0.0 and W.max() < 0.1, f"W's values should lie in [0, 0.1); they range from {W.min():.3g} "
                                            f"to {W.max():.3g}. Use tf.random.uniform(shape, minval=0, maxval=0.1)")
    check(W.std() > 0.01, "W's values are (nearly) all the same: start from random numbers, not a constant")
    check(np.all(b == 0), "b should start at zeros (tf.zeros((output_size,)))")


def test_matches_keras_dense(exercise):
    """with the same W and b, the layer computes what keras.layers.Dense computes"""
    layer = _layer(exercise)
    rng = np.random.default_rng(1)
    W = rng.normal(size=(4, 3)).astype("float32")
    b = rng.normal(size=(3,)).astype("float32")
    layer.weights[0].assign(W)
    layer.weights[1].assign(b)
    dense = keras.layers.Dense(3, activation="relu")
    dense.build((None, 4))
    dense.set_weights([W, b])
    out = layer(X)
    check(out is not None, "calling the layer returned None: did you forget `return`?")
    check_array(np.asarray(out), np.asarray(dense(X)), name="NaiveDense(4, 3, relu)(x)", rtol=1e-5, atol=1e-5,
                mistakes={"the bias b is missing: the output should be activation(inputs @ W + b)":
                          np.maximum(X @ W, 0),
                          "the activation was not applied to inputs @ W + b": X @ W + b})


def test_bias_is_used(exercise):
    """with W = 0 the output is activation(b)"""
    layer = _layer(exercise, activation=lambda t: t)
    W = layer.weights[0]
    W.assign(np.zeros(tuple(W.shape), "float32"))  # whatever W's shape, with W = 0 only b is left
    layer.weights[1].assign(np.array([1.0, 2.0, 3.0], "float32"))
    check_array(np.asarray(layer(X)), np.tile([1.0, 2.0, 3.0], (6, 1)), name="NaiveDense with W = 0, b = [1, 2, 3]",
                mistakes={"the bias b is missing: with W = 0 the output should equal b in every row": np.zeros((6, 3))})


def test_output_shape(exercise):
    """a batch (batch, input_size) gives (batch, output_size)"""
    layer = exercise.NaiveDense(input_size=4, output_size=7, activation=tf.nn.softmax)
    out = np.asarray(layer(X))
    check_array(out, name="NaiveDense(4, 7, softmax)(x of shape (6, 4))", shape=(6, 7))
    check_array(out.sum(axis=1), np.ones(6), name="row sums of a softmax layer's output", rtol=1e-5, atol=1e-5)
