import keras
import numpy as np
from hypothesis import given, strategies as st

from grader.checks import CheckFailed, check_array


def _weights(rng, batch, features, units):
    return (rng.normal(size=(batch, features)), rng.normal(size=(batch, units)) * 0.5,
            rng.normal(size=(features, units)) * 0.5, rng.normal(size=(units, units)) * 0.5,
            rng.normal(size=units) * 0.5)


def _keras_step(x_t, h_prev, W, U, b):
    layer = keras.layers.SimpleRNN(W.shape[1])
    layer.build((None, 1, W.shape[0]))
    layer.set_weights([W, U, b])
    return keras.ops.convert_to_numpy(layer(x_t[:, None, :].astype("float32"),
                                            initial_state=[h_prev.astype("float32")]))


def _mistakes(x_t, h_prev, W, U, b):
    return {
        "the tanh is missing: the new state is tanh(x_t·W + h_prev·U + b), squashed into (-1, 1)":
            x_t @ W + h_prev @ U + b,
        "the recurrent weights are transposed: multiply h_prev @ U (state as a row, like x_t @ W)":
            np.tanh(x_t @ W + h_prev @ U.T + b),
        "the bias b is missing": np.tanh(x_t @ W + h_prev @ U),
        "the previous state h_prev is ignored: it is what makes the layer recurrent":
            np.tanh(x_t @ W + b),
        "ReLU instead of tanh: SimpleRNN's activation is tanh": np.maximum(x_t @ W + h_prev @ U + b, 0),
        "the bias is added after the tanh: it belongs inside the tanh, tanh(x_t @ W + h_prev @ U + b)":
            np.tanh(x_t @ W + h_prev @ U) + b,
    }


def _check_state(out, expected, args, name, **tolerance):
    """Compare the new state with ``expected``, naming the mistakes that give other values or shapes."""
    x_t, h_prev, W, U, b = args
    try:   # `*` multiplies entry by entry (broadcasting where it can); the step needs matrix products
        elementwise = np.tanh(x_t * W + h_prev * U + b)
    except ValueError:
        elementwise = None
    right = isinstance(out, np.ndarray) and out.shape == expected.shape and np.allclose(out, expected, **tolerance)
    if isinstance(out, np.ndarray) and out.dtype.kind == "f" and elementwise is not None and not right \
            and out.shape == elementwise.shape and np.allclose(out, elementwise):
        raise CheckFailed(f"{name}: that is an element-wise product (x_t * W): the RNN step needs matrix "
                          f"products, x_t @ W and h_prev @ U, which give shape (batch, units) = {expected.shape}")
    check_array(out, expected, name=name, mistakes=_mistakes(*args), **tolerance)


def test_worked_example(exercise):
    """the lesson's example: x=[1, 2], W=[[0.5], [0.25]], h=[0.5], U=[[1]], b=[0] gives tanh(1.5)"""
    args = (np.array([[1.0, 2.0]]), np.array([[0.5]]), np.array([[0.5], [0.25]]), np.array([[1.0]]), np.zeros(1))
    _check_state(exercise.rnn_step(*args), np.array([[np.tanh(1.5)]]), args, "rnn_step(x=[[1, 2]], h=[[0.5]], ...)")


def test_matches_keras_simple_rnn(exercise):
    """one step equals keras.layers.SimpleRNN with the same kernel, recurrent kernel and bias"""
    args = _weights(np.random.default_rng(7), batch=3, features=4, units=5)
    _check_state(exercise.rnn_step(*args), _keras_step(*args), args, "rnn_step (batch 3, 4 features, 5 units)",
                 atol=1e-5, rtol=1e-4)


@given(st.integers(1, 4), st.integers(1, 5), st.integers(1, 5), st.integers(0, 10_000))
def test_any_shapes(exercise, batch, features, units, seed):
    """for any batch, feature and unit sizes the state has shape (batch, units) and the right values"""
    args = _weights(np.random.default_rng(seed), batch, features, units)
    expected = np.tanh(args[0] @ args[2] + args[1] @ args[3] + args[4])
    _check_state(exercise.rnn_step(*args), expected, args, f"rnn_step with {features} features, {units} units")
