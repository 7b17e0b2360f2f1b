import keras
import numpy as np

from grader.checks import CheckFailed, check, check_array


def _setup(seed=3, batch=2, timesteps=6, features=3, units=4):
    rng = np.random.default_rng(seed)
    return (rng.normal(size=(batch, timesteps, features)), rng.normal(size=(features, units)) * 0.6,
            rng.normal(size=(units, units)) * 0.6, rng.normal(size=units) * 0.3,
            rng.normal(size=(batch, units)) * 0.5)


def _keras(inputs, W, U, b, h0, return_sequences):
    layer = keras.layers.SimpleRNN(W.shape[1], return_sequences=return_sequences)
    layer.build((None,) + inputs.shape[1:])
    layer.set_weights([W, U, b])
    kwargs = {} if h0 is None else {"initial_state": [h0.astype("float32")]}
    return keras.ops.convert_to_numpy(layer(inputs.astype("float32"), **kwargs))


def _all_states_without_carry(inputs, W, U, b, h0):
    start = np.zeros((inputs.shape[0], W.shape[1])) if h0 is None else h0
    return np.stack([np.tanh(inputs[:, t] @ W + start @ U + b) for t in range(inputs.shape[1])], axis=1)


def test_last_state_matches_keras(exercise):
    """the last state equals keras.layers.SimpleRNN's output (same weights, zero initial state)"""
    inputs, W, U, b, _ = _setup()
    out = exercise.simple_rnn(inputs, W, U, b)
    no_carry = _all_states_without_carry(inputs, W, U, b, None)
    ones = np.ones((inputs.shape[0], W.shape[1]))
    check_array(out, _keras(inputs, W, U, b, None, False), name="simple_rnn(inputs) (2 sequences of 6 steps)",
                atol=1e-5, rtol=1e-4, mistakes={
                    "the state is not carried from step to step: use the h you just computed as h_prev "
                    "in the next step": no_carry[:, -1],
                    "this is the state after the first step: return the state after the last one":
                        _keras(inputs, W, U, b, None, True)[:, 0],
                    "the initial state is ones: with h0=None the state starts at zeros, "
                    "np.zeros((batch, units))": _keras(inputs, W, U, b, ones, False),
                })


def test_return_sequences_and_initial_state(exercise):
    """with return_sequences=True and an initial state h0, every state matches Keras"""
    inputs, W, U, b, h0 = _setup(seed=5)
    out = exercise.simple_rnn(inputs, W, U, b, h0=h0, return_sequences=True)
    (batch, timesteps, _), units = inputs.shape, W.shape[1]
    if isinstance(out, np.ndarray) and out.shape == (timesteps, batch, units):
        raise CheckFailed(f"simple_rnn(inputs, h0=h0, return_sequences=True): shape {out.shape} is (timesteps, "
                          f"batch, units): the states are stacked along axis 0. SimpleRNN returns (batch, "
                          f"timesteps, units) = {(batch, timesteps, units)}: np.stack(states, axis=1)")
    check_array(out, _keras(inputs, W, U, b, h0, True), name="simple_rnn(inputs, h0=h0, return_sequences=True)",
                atol=1e-5, rtol=1e-4, mistakes={
                    "h0 is ignored: the first step must use h0 as h_prev (zeros only when h0 is None)":
                        _keras(inputs, W, U, b, None, True),
                    "the state is not carried from step to step": _all_states_without_carry(inputs, W, U, b, h0),
                })


def test_one_time_step_is_one_rnn_step(exercise):
    """a sequence of length 1 gives exactly tanh(x·W + h0·U + b)"""
    inputs, W, U, b, h0 = _setup(timesteps=1)
    out = exercise.simple_rnn(inputs, W, U, b, h0=h0)
    check_array(out, np.tanh(inputs[:, 0] @ W + h0 @ U + b), name="simple_rnn on one time step")


def test_same_weights_every_step(exercise):
    """a constant input converges to a fixed point: the same W, U, b are used at every step"""
    W, U, b = np.array([[0.5]]), np.array([[0.5]]), np.zeros(1)
    states = exercise.simple_rnn(np.ones((1, 40, 1)), W, U, b, return_sequences=True)
    states = check_array(states, name="simple_rnn(ones, return_sequences=True)", shape=(1, 40, 1))
    check(abs(states[0, -1, 0] - states[0, -2, 0]) < 1e-6,
          "with a constant input the state should settle (h = tanh(0.5 + 0.5·h)); yours keeps changing")
