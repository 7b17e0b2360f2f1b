"""Images per second: kerascourse.images.ImageDataGenerator vs tf_keras's legacy one.

Both generators get identical settings and produce the same number of batches
(batch 32) from the same data, in one run:

* image sizes 64×64 and 150×150;
* augmentation (a) rescale + shear + zoom + horizontal flip (the cats-vs-dogs
  tutorial settings) and (b) rotation + width/height shifts;
* from in-memory arrays (``.flow``) and from a folder of JPEG files
  (``.flow_from_directory``, files of 200×200 resized on load).

Directory timings include building the iterator (indexing the folder; ours also
checks every file's header) and reading the batches. Each case draws one
untimed batch first (XLA compiles once per batch shape).

For directories it reports the first epoch (building the iterator included)
and the next one separately: ours keeps the decoded images in memory (``cache``)
while the legacy generator decodes every file again each epoch.

    python benchmarks/bench_images.py            # ~1 minute
    python benchmarks/bench_images.py --batches 20
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import warnings

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np  # noqa: E402
from PIL import Image  # noqa: E402

SETTINGS = {
    "a: rescale+shear+zoom+flip": dict(rescale=1 / 255, shear_range=0.2, zoom_range=0.2, horizontal_flip=True),
    "b: rotation+shifts": dict(rotation_range=40, width_shift_range=0.2, height_shift_range=0.2),
}
BATCH = 32


def write_folder(root, n_per_class, size=200, seed=0):
    """Two class folders of smooth random JPEGs (like photos, they compress and decode like photos)."""
    rng = np.random.default_rng(seed)
    for name in ("cats", "dogs"):
        os.makedirs(os.path.join(root, name))
        for i in range(n_per_class):
            small = rng.integers(0, 256, (size // 8, size // 8, 3), dtype=np.uint8)
            img = Image.fromarray(small).resize((size, size), Image.Resampling.BILINEAR)
            img.save(os.path.join(root, name, f"{name}.{i:04d}.jpg"), quality=90)


def time_batches(make_iterator, n_batches):
    """Images/s building the iterator and drawing ``n_batches``, then in the next epoch.

    One untimed batch first: it pays one-off costs (XLA compiling for this batch
    shape, PIL plugins, the page cache) that a training run pays once, not per epoch.
    """
    make_iterator()[0]
    start = time.perf_counter()
    iterator = make_iterator()
    images = _draw(iterator, n_batches)
    first = time.perf_counter() - start
    iterator.on_epoch_end()
    start = time.perf_counter()
    _draw(iterator, n_batches)
    return images / first, images / (time.perf_counter() - start)


def _draw(iterator, n_batches):
    images = 0
    for i in range(n_batches):
        x = iterator[i % len(iterator)]
        x = x[0] if isinstance(x, tuple) else x
        images += len(x)
    return images


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batches", type=int, default=12, help="batches timed per case (default 12)")
    args = parser.parse_args(argv)

    from tf_keras.preprocessing.image import ImageDataGenerator as LegacyGenerator

    from kerascourse.images import ImageDataGenerator

    n_batches = args.batches
    n_images = n_batches * BATCH
    rng = np.random.default_rng(0)
    rows = []
    with tempfile.TemporaryDirectory() as folder, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        write_folder(folder, n_per_class=n_images // 2)
        for size in (64, 150):
            x = rng.integers(0, 256, (n_images, size, size, 3)).astype("float32")
            y = rng.integers(0, 2, n_images)
            for name, kwargs in SETTINGS.items():
                for source in ("flow", "directory"):
                    timings, later = {}, {}
                    for label, cls in (("legacy", LegacyGenerator), ("ours", ImageDataGenerator)):
                        gen = cls(**kwargs)
                        if source == "flow":
                            def make(gen=gen):
                                return gen.flow(x, y, batch_size=BATCH, shuffle=True, seed=0)
                        else:
                            def make(gen=gen):
                                stdout, sys.stdout = sys.stdout, open(os.devnull, "w")  # "Found N images"
                                try:
                                    return gen.flow_from_directory(folder, target_size=(size, size),
                                                                   class_mode="binary", batch_size=BATCH,
                                                                   shuffle=True, seed=0)
                                finally:
                                    sys.stdout.close()
                                    sys.stdout = stdout
                        timings[label], later[label] = time_batches(make, n_batches)
                    cases = [(source, timings)]
                    if source == "directory":  # ours decodes each file once, then reads its cache
                        cases = [("directory, 1st epoch", timings), ("directory, next epochs", later)]
                    for label, speeds in cases:
                        rows.append((f"{size}x{size}", name, label, speeds["legacy"], speeds["ours"]))
                        print(f"  {rows[-1][0]:>7}  {name:<27} {label:<22} legacy {speeds['legacy']:6.0f}/s  "
                              f"ours {speeds['ours']:6.0f}/s  x{speeds['ours'] / speeds['legacy']:.1f}",
                              flush=True)

    print(f"\nImages per second, batch {BATCH}, {n_batches} batches per case, {os.cpu_count()} CPU cores")
    print("| size | augmentation | source | tf_keras legacy | kerascourse | ratio |")
    print("|---|---|---|---:|---:|---:|")
    for size, name, source, legacy, ours in rows:
        print(f"| {size} | {name} | {source} | {legacy:,.0f} | {ours:,.0f} | {ours / legacy:.1f}× |")
    ratios = np.array([ours / legacy for *_, legacy, ours in rows])
    print(f"\nratio: min {ratios.min():.1f}×, geometric mean {np.exp(np.log(ratios).mean()):.1f}×, "
          f"max {ratios.max():.1f}×")


if __name__ == "__main__":
    main()
