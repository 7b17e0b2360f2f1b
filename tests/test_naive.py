"""kerascourse.naive: the naive operations equal NumPy; the naive network trains exactly as Keras does."""

import keras
import numpy as np
import pytest
import tensorflow as tf
from hypothesis import given, settings, strategies as st
from hypothesis.extra.numpy import arrays

from kerascourse.naive import (BatchGenerator, History, NaiveDense, NaiveSequential, NaiveTrainer, evaluate, fit,
                               naive_add, naive_add_matrix_and_vector, naive_broadcast, naive_matrix_dot,
                               naive_matrix_vector_dot, naive_relu, naive_vector_dot, one_training_step,
                               update_weights)

SMALL = settings(max_examples=30, deadline=None)
dims = st.integers(1, 6)
floats = st.floats(-100, 100, width=32)


def matrices(rows, cols):
    return arrays(np.float32, (rows, cols), elements=floats)


@SMALL
@given(st.data(), dims, dims)
def test_relu_and_add_equal_numpy(data, n, m):
    x = data.draw(matrices(n, m))
    y = data.draw(matrices(n, m))
    v = data.draw(arrays(np.float32, (m,), elements=floats))
    np.testing.assert_array_equal(naive_relu(x), np.maximum(x, 0))
    np.testing.assert_array_equal(naive_add(x, y), x + y)
    np.testing.assert_array_equal(naive_add_matrix_and_vector(x, v), x + v)
    np.testing.assert_array_equal(naive_broadcast(v, n), np.broadcast_to(v, (n, m)))


@SMALL
@given(st.data(), dims, dims, dims)
def test_dots_equal_numpy(data, n, k, m):
    x = data.draw(matrices(n, k)).astype(np.float64)
    y = data.draw(matrices(k, m)).astype(np.float64)
    v = x[0].copy()
    w = y[:, 0].copy()
    np.testing.assert_allclose(naive_vector_dot(v, w), np.dot(v, w), rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(naive_matrix_vector_dot(x, w), x @ w, rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(naive_matrix_dot(x, y), x @ y, rtol=1e-9, atol=1e-9)


def test_naive_ops_do_not_write_into_their_inputs():
    x = np.array([[-1.0, 2.0]])
    naive_relu(x)
    naive_add(x, x)
    naive_add_matrix_and_vector(x, np.ones(2))
    np.testing.assert_array_equal(x, [[-1.0, 2.0]])


@pytest.mark.parametrize("call, match", [
    (lambda: naive_relu(np.ones(3)), "rank 1"),
    (lambda: naive_relu(np.array([["a"]])), "must hold numbers"),
    (lambda: naive_add(np.ones((2, 3)), np.ones((3, 2))), r"same shape.*\(2, 3\) and \(3, 2\)"),
    (lambda: naive_add_matrix_and_vector(np.ones((2, 3)), np.ones(2)), "3 columns but y has 2 entries"),
    (lambda: naive_vector_dot(np.ones(3), np.ones(4)), "x has 3 entries but y has 4"),
    (lambda: naive_matrix_vector_dot(np.ones((2, 3)), np.ones(2)), "3 columns but y has 2 entries"),
    (lambda: naive_matrix_dot(np.ones((2, 3)), np.ones((2, 3))), r"3 columns but y has 2 rows"),
    (lambda: naive_matrix_dot(np.ones((2, 3)), np.ones(3)), "rank 1"),
])
def test_shape_errors_are_clear(call, match):
    with pytest.raises(ValueError, match=match):
        call()


@SMALL
@given(st.integers(1, 5), st.integers(1, 5), st.integers(1, 9))
def test_dense_output_shape(batch, inputs, outputs):
    layer = NaiveDense(inputs, outputs, "relu", seed=0)
    out = layer(np.ones((batch, inputs), "float32"))
    assert tuple(out.shape) == (batch, outputs)


def test_dense_initialisation():
    layer = NaiveDense(50, 40, "relu", seed=3)
    w, b = (v.numpy() for v in layer.weights)
    assert w.shape == (50, 40) and b.shape == (40,)
    assert w.min() >= 0.0 and w.max() < 0.1 and w.std() > 0.02
    np.testing.assert_array_equal(b, 0.0)
    assert all(isinstance(v, tf.Variable) for v in layer.weights)
    np.testing.assert_array_equal(NaiveDense(3, 2, seed=1).W.numpy(), NaiveDense(3, 2, seed=1).W.numpy())


def test_dense_and_sequential_errors():
    with pytest.raises(ValueError, match="input_size"):
        NaiveDense(0, 3)
    with pytest.raises(ValueError, match="input_size=3.*5 features"):
        NaiveDense(3, 2)(np.ones((4, 5), "float32"))
    with pytest.raises(ValueError, match="input_size=5.*4 features"):
        NaiveSequential([NaiveDense(3, 4), NaiveDense(5, 2)])(np.ones((1, 3), "float32"))
    with pytest.raises(ValueError, match="at least one layer"):
        NaiveSequential([])


@SMALL
@given(st.integers(1, 60), st.integers(1, 20), st.booleans(), st.integers(0, 5))
def test_batch_generator_yields_every_sample_once_per_epoch(n, batch_size, shuffle, seed):
    x = np.arange(n).reshape(n, 1)
    y = np.arange(n)
    gen = BatchGenerator(x, y, batch_size, shuffle=shuffle, seed=seed)
    assert gen.num_batches == len(gen) == -(-n // batch_size)
    for _ in range(2):
        batches = list(gen)
        assert len(batches) == gen.num_batches
        assert [len(yb) for _, yb in batches[:-1]] == [batch_size] * (len(batches) - 1)
        assert len(batches[-1][1]) == n - batch_size * (len(batches) - 1)
        seen = np.concatenate([yb for _, yb in batches])
        assert sorted(seen.tolist()) == list(range(n))
        for xb, yb in batches:
            np.testing.assert_array_equal(xb[:, 0], yb)  # x and y stay paired
    # next() walks the same epoch, then starts over
    nexts = [gen.next()[1] for _ in range(gen.num_batches)]
    assert sorted(np.concatenate(nexts).tolist()) == list(range(n))


def test_batch_generator_shuffles_differently_each_epoch():
    gen = BatchGenerator(np.zeros((100, 1)), np.arange(100), 100, shuffle=True, seed=0)
    first, second = (next(iter(gen))[1] for _ in range(2))
    assert not np.array_equal(first, second) and not np.array_equal(first, np.arange(100))


def test_batch_generator_errors():
    with pytest.raises(ValueError, match="same length; got 3 and 4"):
        BatchGenerator(np.zeros((3, 1)), np.zeros(4))
    with pytest.raises(ValueError, match="batch_size"):
        BatchGenerator(np.zeros((3, 1)), np.zeros(3), 0)


def test_update_weights_goes_against_the_gradient():
    w = tf.Variable([1.0, 1.0])
    update_weights([tf.constant([2.0, -2.0])], [w], learning_rate=0.25)
    np.testing.assert_allclose(w.numpy(), [0.5, 1.5])
    with pytest.raises(ValueError, match="2 gradients for 1 weights"):
        update_weights([tf.constant(1.0), tf.constant(1.0)], [w])


def _pair(seed=0, hidden=16):
    """A NaiveSequential and a keras.Sequential with the same initial weights."""
    naive = NaiveSequential([NaiveDense(64, hidden, "relu", seed=seed), NaiveDense(hidden, 10, "softmax", seed=seed + 1)])
    model = keras.Sequential([keras.Input((64,)), keras.layers.Dense(hidden, activation="relu"),
                              keras.layers.Dense(10, activation="softmax")])
    model.set_weights([w.numpy() for w in naive.weights])
    return naive, model


def _digits(n=256):
    from kerascourse.datasets import load_digits
    (x, y), _ = load_digits()
    return x[:n], y[:n]


@pytest.mark.parametrize("compiled", [False, True])
def test_same_outputs_and_loss_trajectory_as_keras(compiled):
    x, y = _digits(96)
    naive, model = _pair()
    np.testing.assert_allclose(naive(x).numpy(), model(x).numpy(), rtol=1e-5, atol=1e-6)
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.5), loss="sparse_categorical_crossentropy")
    trainer = NaiveTrainer(naive, learning_rate=0.5) if compiled else None
    ours, theirs = [], []
    for i in range(6):
        xb, yb = x[i * 16:(i + 1) * 16], y[i * 16:(i + 1) * 16]
        loss = trainer.train_step(xb, yb) if compiled else one_training_step(naive, xb, yb, 0.5)
        ours.append(float(loss))
        theirs.append(float(model.train_on_batch(xb, yb)))
    np.testing.assert_allclose(ours, theirs, rtol=1e-4, atol=1e-5)
    assert ours[-1] < ours[0]
    for mine, keras_weight in zip(naive.weights, model.get_weights()):
        np.testing.assert_allclose(mine.numpy(), keras_weight, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(naive(x).numpy(), model(x).numpy(), rtol=1e-4, atol=1e-5)


def test_fit_matches_keras_fit_with_a_keras_optimizer():
    x, y = _digits(200)
    naive, model = _pair(seed=4)
    history = fit(naive, x, y, epochs=3, batch_size=64, optimizer=keras.optimizers.RMSprop(1e-2), shuffle=False,
                  verbose=False)
    assert isinstance(history, History) and history.epoch == [0, 1, 2]
    history = history.history
    model.compile(optimizer=keras.optimizers.RMSprop(1e-2), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    reference = model.fit(x, y, epochs=3, batch_size=64, shuffle=False, verbose=0).history
    assert sorted(history) == ["accuracy", "loss"] and len(history["loss"]) == 3
    np.testing.assert_allclose(history["loss"], reference["loss"], rtol=1e-3, atol=1e-4)
    np.testing.assert_allclose(history["accuracy"], reference["accuracy"], atol=1e-6)
    np.testing.assert_allclose(naive(x).numpy(), model(x).numpy(), rtol=1e-3, atol=1e-4)


def test_fit_learns_digits_and_evaluate_is_accuracy():
    (x, y), (xt, yt) = __import__("kerascourse.datasets", fromlist=["load_digits"]).load_digits()
    model = NaiveSequential([NaiveDense(64, 32, "relu", seed=0), NaiveDense(32, 10, "softmax", seed=1)])
    before = evaluate(model, xt, yt)
    history = fit(model, x, y, epochs=5, batch_size=32, optimizer=keras.optimizers.Adam(1e-2), shuffle=True,
                  seed=0, verbose=False).history
    assert history["loss"][-1] < history["loss"][0]
    after = evaluate(model, xt, yt)
    assert after > 0.85 > before
    predicted = np.argmax(model(xt).numpy(), axis=1)
    assert after == pytest.approx(np.mean(predicted == yt))


def test_fit_eager_and_compiled_agree_and_progress_bar_runs():
    x, y = _digits(64)
    a = NaiveSequential([NaiveDense(64, 8, "relu", seed=0), NaiveDense(8, 10, "softmax", seed=1)])
    b = NaiveSequential([NaiveDense(64, 8, "relu", seed=0), NaiveDense(8, 10, "softmax", seed=1)])
    # the book's eager loop, one_training_step over an unshuffled BatchGenerator, against the compiled fit
    eager = []
    for _ in range(2):
        losses = [one_training_step(a, xb, yb, 0.1) * len(yb) for xb, yb in BatchGenerator(x, y, 20)]
        eager.append(sum(losses) / len(x))
    hb = fit(b, x, y, epochs=2, batch_size=20, learning_rate=0.1, shuffle=False, verbose=True).history
    np.testing.assert_allclose(eager, hb["loss"], rtol=1e-5)
    for wa, wb in zip(a.weights, b.weights):
        np.testing.assert_allclose(wa.numpy(), wb.numpy(), rtol=1e-5, atol=1e-7)
    with pytest.raises(ValueError, match="optimizer"):
        fit(a, x, y, optimizer=3, verbose=False)
