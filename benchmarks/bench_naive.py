"""kerascourse.naive's compiled training step vs keras.Sequential.fit, side by side in one run.

The same two-layer network (784 → 512 relu → 10 softmax, the book's MNIST model),
the same random data, the same batch size, the same optimiser (plain SGD) and the
same number of steps. Each side is warmed up first (tracing and compiling are not
timed), then timed over ``--steps`` steps; the best of ``--repeats`` runs counts.
The target is a naive step at no less than 0.8× Keras's throughput.

    python benchmarks/bench_naive.py [--steps 200] [--batch 128] [--repeats 3]
"""

from __future__ import annotations

import argparse
import os
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=200, help="training steps per timed run")
    parser.add_argument("--batch", type=int, default=128)
    parser.add_argument("--hidden", type=int, default=512)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()

    import keras
    import tensorflow as tf

    from kerascourse.naive import NaiveDense, NaiveSequential, NaiveTrainer

    n = args.steps * args.batch  # one epoch = the timed number of steps
    rng = np.random.default_rng(0)
    x = rng.random((n, 784), dtype=np.float32)
    y = rng.integers(0, 10, n)

    naive = NaiveSequential([NaiveDense(784, args.hidden, "relu", seed=0),
                             NaiveDense(args.hidden, 10, "softmax", seed=1)])
    model = keras.Sequential([keras.Input((784,)), keras.layers.Dense(args.hidden, activation="relu"),
                              keras.layers.Dense(10, activation="softmax")])
    model.set_weights(naive.get_weights())
    model.compile(optimizer=keras.optimizers.SGD(1e-3), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])

    # NaiveTrainer is what kerascourse.naive.fit runs; kept across runs so its step is traced once, as Keras's is.
    trainer = NaiveTrainer(naive, learning_rate=1e-3)

    def run_naive():
        trainer.fit(x, y, epochs=1, batch_size=args.batch, shuffle=False, verbose=False)

    def run_keras():
        model.fit(x, y, epochs=1, batch_size=args.batch, shuffle=False, verbose=0)

    # Warm-up: trace and compile both steps on a few batches.
    trainer.fit(x[: 4 * args.batch], y[: 4 * args.batch], epochs=1, batch_size=args.batch, shuffle=False,
                verbose=False)
    model.fit(x[: 4 * args.batch], y[: 4 * args.batch], epochs=1, batch_size=args.batch, shuffle=False, verbose=0)

    # Alternate so that a busy machine hurts both sides alike.
    naive_time, keras_time = [], []
    for _ in range(args.repeats):
        naive_time.append(_once(run_naive))
        keras_time.append(_once(run_keras))
    naive_rate = args.steps / min(naive_time)
    keras_rate = args.steps / min(keras_time)
    device = "GPU" if tf.config.list_physical_devices("GPU") else "CPU"
    print(f"two-layer network 784→{args.hidden}→10, batch {args.batch}, {args.steps} steps of plain SGD, {device}, "
          f"best of {args.repeats}")
    print(f"  kerascourse.naive (compiled step): {naive_rate:8.1f} steps/s")
    print(f"  keras.Sequential.fit:              {keras_rate:8.1f} steps/s")
    print(f"  ratio naive / keras:               {naive_rate / keras_rate:8.2f}×  (target ≥ 0.80×)")


def _once(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
