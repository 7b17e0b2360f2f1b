import numpy as np
import tensorflow as tf

from grader.checks import check, check_array, check_defaults
from kerascourse.naive import NaiveDense

X = np.random.default_rng(0).random((5, 4)).astype("float32")


def test_calls_layers_in_order(exercise):
    """the model feeds its input through every layer, first to last"""
    first = NaiveDense(4, 3, lambda t: t, seed=0)
    second = NaiveDense(3, 2, tf.nn.relu, seed=1)
    model = exercise.NaiveSequential([first, second])
    out = model(X)
    check(out is not None, "calling the model returned None: return the last layer's output")
    check(np.asarray(out).shape != (5, 3), "NaiveSequential([first (4 → 3), second (3 → 2)]) returned the first "
                                           "layer's output, shape (5, 3): is the `return` inside the for loop? "
                                           "Return after the loop, once every layer has run")
    check_array(np.asarray(out), np.asarray(second(first(X))), name="NaiveSequential([first, second])(x)",
                rtol=1e-5, atol=1e-6)


def test_weights_flat_in_order(exercise):
    """weights is every layer's [W, b], first layer first, in one flat list"""
    layers = [NaiveDense(4, 3, tf.nn.relu, seed=0), NaiveDense(3, 2, tf.nn.softmax, seed=1)]
    weights = exercise.NaiveSequential(layers).weights
    check(isinstance(weights, list), f"weights should be a list; got {type(weights).__name__}")
    check(len(weights) == 4, f"weights should hold 4 variables (W and b of each of the 2 layers); it holds "
                             f"{len(weights)}" + (": flatten the list of lists" if len(weights) == 2 else ""))
    expected = layers[0].weights + layers[1].weights
    check(all(a is b for a, b in zip(weights, expected)),
          "weights are not in order: first layer's W and b, then the second layer's")


def test_build_model_shapes(exercise):
    """build_model(64, 32, 10) is 64 → 32 (relu) → 10 (softmax)"""
    model = exercise.build_model(64, 32, 10)
    shapes = [tuple(w.shape) for w in model.weights]
    check(shapes == [(64, 32), (32,), (32, 10), (10,)],
          f"build_model(64, 32, 10) should have weights of shapes [(64, 32), (32,), (32, 10), (10,)]; got {shapes}")
    out = np.asarray(model(np.random.default_rng(0).random((8, 64)).astype("float32")))
    check_array(out, name="build_model(64, 32, 10) on 8 images", shape=(8, 10))


def test_softmax_rows(exercise):
    """each sample's outputs are probabilities: every row sums to 1"""
    model = exercise.build_model(64, 32, 10)
    x = np.random.default_rng(1).random((8, 64)).astype("float32")
    out = np.asarray(model(x))
    check(np.all(out >= 0), "the outputs should be probabilities (never negative): end with a softmax activation")
    columns = out.sum(axis=0)
    check(not np.allclose(columns, 1.0, atol=1e-4) or np.allclose(out.sum(axis=1), 1.0, atol=1e-4),
          "the softmax runs over the wrong axis: each column (a class over the batch) sums to 1, but each row (one "
          "sample's probabilities over the 10 classes) should. Use tf.nn.softmax, which works on the last axis")
    check_array(out.sum(axis=1), np.ones(8), name="the row sums of build_model's output", rtol=1e-4, atol=1e-4)


def test_hidden_layer_is_relu(exercise):
    """the hidden layer uses ReLU: its outputs are never negative, and some are zero"""
    model = exercise.build_model(64, 32, 10)
    check(len(model.layers) == 2, f"build_model should have 2 layers; got {len(model.layers)}")
    for v in model.layers[0].weights[:1]:
        v.assign(np.random.default_rng(2).normal(size=tuple(v.shape)).astype("float32"))
    hidden = np.asarray(model.layers[0](np.random.default_rng(3).random((8, 64)).astype("float32")))
    check(hidden.min() >= 0 and (hidden == 0).any(), "the first layer should use the ReLU activation (tf.nn.relu)")


def test_build_model_defaults(exercise):
    """build_model() is the book's 784 → 512 → 10 network"""
    check_defaults(exercise.build_model, name="build_model", input_size=784, hidden=512, num_classes=10)
