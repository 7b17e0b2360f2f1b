"""Training the book's two-layer network: kerascourse.naive (compiled step) vs keras.Sequential.fit.

Both train the same 784 -> 512 (ReLU) -> 10 (softmax) network, from the same
initial weights, with SGD at the same learning rate, on the same MNIST-shaped
data (``mnist.npz`` from the Keras cache when it is there, random pixels
otherwise: the speed does not depend on the values), for the same number of
steps of the same batch size, without shuffling. Each side first runs one
untimed epoch (tracing the ``tf.function``); then the best of ``--repeats``
timed runs of ``--epochs`` epochs is reported as steps per second.

Ours: ``NaiveTrainer(model).fit(...)`` with plain SGD by hand (``assign_sub``
inside the compiled step). Keras: ``model.compile(SGD, sparse categorical
cross-entropy, accuracy)`` then ``model.fit(..., verbose=0)``. Both record the
loss and the accuracy of every epoch.

    python benchmarks/bench_naive.py [--samples 12800] [--batch-size 128] [--epochs 3] [--repeats 3]
"""

from __future__ import annotations

import argparse
import os
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np


def load_data(samples: int, seed: int = 0):
    from kerascourse.datasets import DatasetNotFoundError, load_mnist

    try:
        (x, y), _ = load_mnist(flatten=True, scale=True)
        return x[:samples], y[:samples].astype("int64"), "MNIST (mnist.npz)"
    except DatasetNotFoundError:
        rng = np.random.default_rng(seed)
        x = rng.integers(0, 256, (samples, 784)).astype("float32") / 255
        return x, rng.integers(0, 10, samples).astype("int64"), "random MNIST-shaped pixels"


def build_pair(hidden: int, seed: int = 0):
    """A NaiveSequential and a keras.Sequential with the same initial weights."""
    import keras

    from kerascourse.naive import NaiveDense, NaiveSequential

    naive = NaiveSequential([NaiveDense(784, hidden, "relu", kernel_initializer="glorot_uniform", seed=seed),
                             NaiveDense(hidden, 10, "softmax", kernel_initializer="glorot_uniform", seed=seed + 1)])
    model = keras.Sequential([keras.Input((784,)), keras.layers.Dense(hidden, activation="relu"),
                              keras.layers.Dense(10, activation="softmax")])
    model.set_weights(naive.get_weights())
    return naive, model


def best_of(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=12_800)
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--hidden", type=int, default=512)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--learning-rate", type=float, default=0.01)
    args = parser.parse_args()

    import keras
    import tensorflow as tf

    from kerascourse.naive import NaiveTrainer

    x, y, source = load_data(args.samples)
    steps = args.epochs * -(-len(x) // args.batch_size)
    print(f"{source}: {len(x):,} samples, batch {args.batch_size}, 784-{args.hidden}-10, "
          f"{steps} steps per timed run, best of {args.repeats}; "
          f"TensorFlow {tf.__version__}, Keras {keras.__version__}, {os.cpu_count()} CPU cores")

    naive, model = build_pair(args.hidden)
    trainer = NaiveTrainer(naive, optimizer=None, learning_rate=args.learning_rate)
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=args.learning_rate),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])

    def run_ours(epochs):
        return trainer.fit(x, y, epochs=epochs, batch_size=args.batch_size, shuffle=False, verbose=False)

    def run_keras(epochs):
        return model.fit(x, y, epochs=epochs, batch_size=args.batch_size, shuffle=False, verbose=0)

    # The same first epoch on both sides (untimed: it traces the step), and the same result.
    first_ours, first_keras = run_ours(1).history["loss"][0], run_keras(1).history["loss"][0]
    if not np.isclose(first_ours, first_keras, rtol=1e-3):
        raise SystemExit(f"the two trainings differ: first-epoch loss {first_ours:.6f} vs {first_keras:.6f}")

    ours_time = best_of(lambda: run_ours(args.epochs), args.repeats)
    keras_time = best_of(lambda: run_keras(args.epochs), args.repeats)
    ours_rate, keras_rate = steps / ours_time, steps / keras_time
    print(f"first-epoch loss: naive {first_ours:.5f}, Keras {first_keras:.5f}")
    print(f"kerascourse.naive (compiled step): {ours_rate:8.1f} steps/s  ({ours_time:.2f} s)")
    print(f"keras.Sequential.fit:              {keras_rate:8.1f} steps/s  ({keras_time:.2f} s)")
    print(f"ratio naive / Keras: {ours_rate / keras_rate:.2f}x (target >= 0.8x)")


if __name__ == "__main__":
    main()
