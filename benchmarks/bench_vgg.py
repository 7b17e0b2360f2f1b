"""VGG16: kerascourse.models vs keras.applications, and feature extraction vs a frozen base.

Three measurements, each side by side in one run:

1. ``preprocess_input`` on a batch of uint8 images: ours vs
   ``keras.applications.vgg16.preprocess_input`` (the test suite checks that the
   results are identical). Ours never writes into its input; Keras's NumPy path
   converts integer input to float32 (a copy) and then works in place.
2. Building the 224×224 model with its top (138 M parameters, random weights):
   ``build_vgg16()`` vs ``keras.applications.VGG16(weights=None)``.
3. The transfer-learning workflows on 32×32 images: one epoch of a frozen base
   with a new head (the base runs on every batch of every epoch) vs one epoch of
   the same head on features extracted once. The extraction itself is timed
   separately: it is paid once, not per epoch.

    python benchmarks/bench_vgg.py [--images 64] [--size 224] [--train 128]
"""

from __future__ import annotations

import argparse
import os
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np


def best_of(fn, repeats):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


def bench_preprocess(n, size, repeats):
    import keras

    from kerascourse.models import preprocess_input

    images = np.random.default_rng(0).integers(0, 256, size=(n, size, size, 3), dtype=np.uint8)
    t_ours, ours = best_of(lambda: preprocess_input(images), repeats)
    t_keras, theirs = best_of(lambda: keras.applications.vgg16.preprocess_input(images), repeats)
    assert np.array_equal(ours, theirs)
    print(f"preprocess_input, {n}×{size}×{size}×3 uint8:  ours {t_ours * 1e3:8.1f} ms   "
          f"keras {t_keras * 1e3:8.1f} ms   keras/ours {t_keras / t_ours:5.2f}")


def bench_build(repeats):
    import gc

    import keras

    from kerascourse.models import build_vgg16

    def ours():
        model = build_vgg16()
        count = model.count_params()
        del model
        gc.collect()
        return count

    def theirs():
        model = keras.applications.VGG16(weights=None)
        count = model.count_params()
        del model
        gc.collect()
        return count

    t_ours, n_ours = best_of(ours, repeats)
    t_keras, n_keras = best_of(theirs, repeats)
    assert n_ours == n_keras == 138_357_544
    print(f"build VGG16 224×224 with top (138,357,544 params):  ours {t_ours:6.2f} s   "
          f"keras {t_keras:6.2f} s   keras/ours {t_keras / t_ours:5.2f}")


def bench_workflows(n):
    import keras

    from kerascourse.models import build_vgg16, extract_features, transfer_model

    rng = np.random.default_rng(0)
    x = rng.uniform(-120, 140, size=(n, 32, 32, 3)).astype("float32")
    y = rng.integers(0, 2, size=n)
    keras.utils.set_random_seed(0)
    base = build_vgg16(input_shape=(32, 32, 3), include_top=False)

    model = transfer_model(base, 2, head=(256,))
    model.compile(optimizer="rmsprop", loss="sparse_categorical_crossentropy")
    model.fit(x[:32], y[:32], epochs=1, batch_size=32, verbose=0)  # trace the graph outside the timing
    t_frozen, _ = best_of(lambda: model.fit(x, y, epochs=1, batch_size=32, verbose=0), 2)

    t_extract, features = best_of(lambda: extract_features(base, x, batch_size=32), 1)
    features = features.reshape(n, -1)
    head = keras.Sequential([keras.Input(features.shape[1:]), keras.layers.Dense(256, activation="relu"),
                             keras.layers.Dropout(0.5), keras.layers.Dense(2, activation="softmax")])
    head.compile(optimizer="rmsprop", loss="sparse_categorical_crossentropy")
    head.fit(features[:32], y[:32], epochs=1, batch_size=32, verbose=0)
    t_head, _ = best_of(lambda: head.fit(features, y, epochs=1, batch_size=32, verbose=0), 2)
    print(f"one epoch on {n} images of 32×32:  frozen base + head {t_frozen:6.2f} s   "
          f"head on extracted features {t_head * 1e3:7.1f} ms   ratio {t_frozen / t_head:6.1f}"
          f"   (extracting the features once: {t_extract:.2f} s)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--images", type=int, default=64, help="batch size for preprocess_input")
    parser.add_argument("--size", type=int, default=224, help="image side for preprocess_input")
    parser.add_argument("--train", type=int, default=128, help="images per epoch in the workflow comparison")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()

    import keras

    print(f"Keras {keras.__version__} ({keras.backend.backend()}), NumPy {np.__version__}")
    bench_preprocess(args.images, args.size, args.repeats)
    bench_build(2)
    bench_workflows(args.train)


if __name__ == "__main__":
    main()
