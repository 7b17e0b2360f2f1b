"""Building every window of a long series: kerascourse.timeseries.make_windows vs Keras.

Both produce the same (x, y) pairs for a window of 60 steps and a horizon of 5
(the test suite checks that they are equal). ``make_windows`` returns zero-copy
views (``sliding_window_view``); ``keras.utils.timeseries_dataset_from_array``
gathers each batch of windows into a new tensor through ``tf.data``. The timings
include materialising every window once, as one pass over a training set would:
for ours, ``np.ascontiguousarray`` copies the views into one array (the copy a
``model.fit`` call makes anyway); for Keras, iterating over all batches.

    python benchmarks/bench_timeseries.py [--length 200000] [--window 60] [--horizon 5]
"""

from __future__ import annotations

import argparse
import os
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np


def ours(series, window, horizon):
    from kerascourse.timeseries import make_windows

    x, y = make_windows(series, window, horizon)
    return np.ascontiguousarray(x), np.ascontiguousarray(y)


def keras_windows(series, window, horizon, batch_size):
    import keras

    # One sequence of window + horizon steps per window, split into input and target.
    ds = keras.utils.timeseries_dataset_from_array(series, None, sequence_length=window + horizon,
                                                   batch_size=batch_size)
    n = 0
    last = None
    for batch in ds:
        batch = batch.numpy()
        n += len(batch)
        last = batch
    return n, last[:, :window], last[:, window:]


def best_of(fn, repeats):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--length", type=int, default=200_000)
    parser.add_argument("--window", type=int, default=60)
    parser.add_argument("--horizon", type=int, default=5)
    parser.add_argument("--batch-size", type=int, default=1024)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()

    import keras  # noqa: F401  (imported before timing)

    series = np.random.default_rng(0).normal(size=(args.length, 1)).astype("float32")
    n_windows = args.length - args.window - args.horizon + 1
    size_mb = n_windows * (args.window + args.horizon) * 4 / 1e6
    print(f"series of {args.length:,} steps -> {n_windows:,} windows of {args.window} steps, "
          f"horizon {args.horizon} ({size_mb:,.0f} MB once materialised)")

    from kerascourse.timeseries import make_windows

    view_time, (x_view, _) = best_of(lambda: make_windows(series, args.window, args.horizon), args.repeats)
    ours_time, (x, y) = best_of(lambda: ours(series, args.window, args.horizon), args.repeats)
    keras_time, (count, kx, ky) = best_of(
        lambda: keras_windows(series, args.window, args.horizon, args.batch_size), max(1, args.repeats - 2))

    assert count == len(x) == len(x_view), (count, len(x))
    np.testing.assert_array_equal(kx, x[-len(kx):])
    np.testing.assert_array_equal(ky[:, :, 0], y[-len(ky):])

    print(f"make_windows (views only)             {view_time * 1e3:10.2f} ms")
    print(f"make_windows + copy to one array      {ours_time * 1e3:10.2f} ms")
    print(f"keras timeseries_dataset_from_array   {keras_time * 1e3:10.2f} ms  (batch_size={args.batch_size})")
    print(f"ratio keras / make_windows+copy: {keras_time / ours_time:.1f}x;  "
          f"keras / views: {keras_time / view_time:,.0f}x")


if __name__ == "__main__":
    main()
