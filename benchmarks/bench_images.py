"""Images per second: kerascourse's ImageDataGenerator against every peer, one workload.

Peers, all given the same 7 transforms (rotation ±20°, width and height shifts
±10 %, shear ±10°, zoom ±10 %, horizontal flips, rescale to [0, 1]), batch 32,
the same images, bilinear resampling and "nearest" fill / resize:

* ``legacy``: tf_keras's ``ImageDataGenerator`` (Keras 2);
* ``keras-layers``: Keras 3 ``Rescaling``, ``RandomFlip``, ``RandomRotation``,
  ``RandomTranslation``, ``RandomZoom``, ``RandomShear`` mapped over a ``tf.data``
  pipeline (``AUTOTUNE`` parallel calls, prefetch; folders via
  ``image_dataset_from_directory``, with ``.cache()`` so later epochs skip decoding);
* ``albumentations``: ``A.Affine`` + ``A.HorizontalFlip`` + ``A.ToFloat`` per image,
  files read with ``cv2.imread`` (skipped when albumentations is not installed);
  ``albumentations-2t`` maps the same per-image work over 2 threads;
* ``kerascourse``: ``kerascourse.images.ImageDataGenerator``.

Sizes 64×64, 150×150 and 224×224; sources: in-memory ``uint8`` arrays, and a
folder of JPEG photos (500×375, the typical size of the cats-vs-dogs pictures)
resized on load, timed as the first epoch (building the iterator or dataset
included) and the next epoch; arrays are timed in their second epoch (steady
state). Each case draws one untimed batch first (XLA / tf.function tracing) and
starts from a collected heap and from memory the process has touched before
(``touch_memory``: a VM may back fresh pages lazily, and slowly). Rounds are
interleaved (every peer once per round, in turn) and the medians reported, because the machine may be shared; so is the
load average, and the CPU time per image (all threads), which a shared machine
distorts less than images per second. Last, the issue's targets, met or missed.

    python benchmarks/bench_images.py            # a few minutes
    python benchmarks/bench_images.py --quick    # ~1 minute: fewer batches, one round
    python benchmarks/bench_images.py --ceiling --sizes 64   # the first epoch against decoding alone
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import sys
import tempfile
import time
import warnings
from concurrent.futures import ThreadPoolExecutor

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np  # noqa: E402
from PIL import Image  # noqa: E402

BATCH = 32
SIZES = (64, 150, 224)
FILE_SIZE = (500, 375)  # (width, height) of the JPEGs in the folder
WORKLOAD = dict(rotation_range=20, width_shift_range=0.1, height_shift_range=0.1, shear_range=10,
                zoom_range=0.1, horizontal_flip=True, rescale=1 / 255)
PEERS = ("legacy", "keras-layers", "albumentations", "albumentations-2t", "kerascourse")


def write_folder(root, n_per_class, size=FILE_SIZE, seed=0):
    """Two class folders of smooth random JPEGs (like photos, they compress and decode like photos).

    Example:
        >>> write_folder(tempfile.mkdtemp(), 2, size=(32, 24))   # doctest: +SKIP
    """
    rng = np.random.default_rng(seed)
    for name in ("cats", "dogs"):
        os.makedirs(os.path.join(root, name))
        for i in range(n_per_class):
            small = rng.integers(0, 256, (size[1] // 8, size[0] // 8, 3), dtype=np.uint8)
            img = Image.fromarray(small).resize(size, Image.Resampling.BILINEAR)
            img.save(os.path.join(root, name, f"{name}.{i:04d}.jpg"), quality=90)


@contextlib.contextmanager
def quiet():
    """Silence "Found N images" lines and warnings while timing."""
    stdout, sys.stdout = sys.stdout, open(os.devnull, "w")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        sys.stdout.close()
        sys.stdout = stdout


# --------------------------------------------------------------------------- peers
# Each peer is a function (source, size) → a "make" function that builds a fresh
# epoch source; an epoch source is a function () → an iterator of image batches.


def generator_peer(cls):
    """legacy and kerascourse: the same ``ImageDataGenerator`` API."""
    def make(data, size):
        gen = cls(**WORKLOAD)
        if data["kind"] == "arrays":
            def build():
                return gen.flow(data["x"][size], data["y"], batch_size=BATCH, shuffle=True, seed=0)
        else:
            def build():
                return gen.flow_from_directory(data["folder"], target_size=(size, size), class_mode="binary",
                                               batch_size=BATCH, shuffle=True, seed=0)
        return _epochs_of_sequence(build)
    return make


def _epochs_of_sequence(build):
    """A Keras-style sequence → (first epoch including the build, next epochs) batch iterators."""
    state = {}

    def first():
        state["it"] = it = build()
        return (it[i] for i in range(len(it)))

    def later():
        it = state["it"]
        it.on_epoch_end()
        return (it[i] for i in range(len(it)))
    return first, later


def keras_layers_peer(data, size):
    """Keras 3 preprocessing layers in ``tf.data``, as the Keras guides recommend."""
    import keras
    import tensorflow as tf

    layers = keras.Sequential([
        keras.layers.Rescaling(1 / 255),
        keras.layers.RandomFlip("horizontal"),
        keras.layers.RandomRotation(20 / 360, fill_mode="nearest"),
        keras.layers.RandomTranslation(0.1, 0.1, fill_mode="nearest"),
        keras.layers.RandomZoom(0.1, 0.1, fill_mode="nearest"),
        keras.layers.RandomShear(0.18, 0.0, fill_mode="nearest"),  # tan(10°) ≈ 0.18
    ])

    def augment(x, y):
        return layers(tf.cast(x, "float32"), training=True), y

    state = {}
    if data["kind"] == "arrays":
        def build():
            ds = tf.data.Dataset.from_tensor_slices((data["x"][size], data["y"]))
            ds = ds.shuffle(len(data["y"]), seed=0).batch(BATCH)
            return ds.map(augment, num_parallel_calls=tf.data.AUTOTUNE).prefetch(tf.data.AUTOTUNE)
    else:
        def build():
            ds = keras.utils.image_dataset_from_directory(
                data["folder"], label_mode="binary", image_size=(size, size), batch_size=BATCH,
                interpolation="nearest", shuffle=True, seed=0, verbose=False)
            return ds.cache().map(augment, num_parallel_calls=tf.data.AUTOTUNE).prefetch(tf.data.AUTOTUNE)

    def first():
        state["ds"] = build()
        return (x for x, _ in state["ds"])

    def later():
        return (x for x, _ in state["ds"])
    return first, later


def albumentations_peer(threads):
    """albumentations per image (OpenCV inside), in one thread or over ``threads`` threads."""
    def make(data, size):
        import albumentations as A
        import cv2

        transform = A.Compose([
            A.Affine(rotate=(-20, 20), translate_percent=(-0.1, 0.1), shear=(-10, 10), scale=(0.9, 1.1),
                     interpolation=cv2.INTER_LINEAR, border_mode=cv2.BORDER_REPLICATE, p=1.0),
            A.HorizontalFlip(p=0.5),
            A.ToFloat(max_value=255),
        ])
        if data["kind"] == "arrays":
            x = data["x"][size]

            def load(i):
                return x[i]
            n = len(x)
        else:
            paths = data["paths"]

            def load(i):
                img = cv2.imread(paths[i], cv2.IMREAD_COLOR)
                img = cv2.resize(img, (size, size), interpolation=cv2.INTER_NEAREST)
                return cv2.cvtColor(img, cv2.COLOR_BGR2RGB)
            n = len(paths)
        pool = ThreadPoolExecutor(threads) if threads > 1 else None

        def one(i):
            return transform(image=load(i))["image"]

        def epoch():
            order = np.random.default_rng().permutation(n)
            for start in range(0, n, BATCH):
                idx = order[start:start + BATCH]
                images = pool.map(one, idx) if pool else map(one, idx)
                yield np.stack(list(images))
        return epoch, epoch
    return make


def peer_factories():
    """Peer name → factory (``None``: not installed here)."""
    from tf_keras.preprocessing.image import ImageDataGenerator as LegacyGenerator

    from kerascourse.images import ImageDataGenerator

    try:
        import albumentations  # noqa: F401
    except Exception:  # not installed, or a broken optional import of its own (torch)
        albumentations = None
    return {
        "legacy": generator_peer(LegacyGenerator),
        "keras-layers": keras_layers_peer,
        "albumentations": albumentations_peer(1) if albumentations else None,
        "albumentations-2t": albumentations_peer(2) if albumentations else None,
        "kerascourse": generator_peer(ImageDataGenerator),
    }


def decoding_only(data, size):
    """The folder's files through ``kerascourse``'s ``decode_file`` in plain threads, one per core, and
    nothing else: no augmentation, no indexing, no iterator. What the first epoch could reach at best."""
    from PIL import Image

    from kerascourse.images import _io

    paths, cores = data["paths"], os.cpu_count() or 1

    def decode(part):
        return [_io.decode_file(p, "RGB", (size, size), Image.Resampling.NEAREST) for p in part]

    def epoch():
        with ThreadPoolExecutor(cores) as pool:
            images = [x for part in pool.map(decode, [paths[i::cores] for i in range(cores)]) for x in part]
        for start in range(0, len(images), BATCH):
            yield np.stack(images[start:start + BATCH])
    return epoch, epoch


def ceiling_factories():
    """legacy, kerascourse, kerascourse without augmentation, and decoding alone (``--ceiling``)."""
    from tf_keras.preprocessing.image import ImageDataGenerator as LegacyGenerator

    from kerascourse.images import ImageDataGenerator

    def rescale_only(**_):
        return ImageDataGenerator(rescale=WORKLOAD["rescale"])
    return {
        "legacy": generator_peer(LegacyGenerator),
        "kerascourse": generator_peer(ImageDataGenerator),
        "kerascourse, no augmentation": generator_peer(rescale_only),
        "decoding only": decoding_only,
    }


def ceiling_table(results):
    """Images per second and the ratio to legacy, first epoch from the folder, for ``--ceiling``."""
    lines = ["| size | pipeline | images/s | ÷ legacy |", "|---|---|---:|---:|"]
    for (size, source), row in results.items():
        if source == "folder, 1st epoch":
            lines += [f"| {size}×{size} | {name} | {v:,.0f} | {v / row['legacy']:.2f}× |" for name, v in row.items()]
    return "\n".join(lines)


# --------------------------------------------------------------------------- timing


def time_epochs(make, data, size, n_batches):
    """``(images/s, CPU ms per image)`` over the first epoch (its building included) and over the next one.

    CPU time is the process's, all its threads together: on a shared machine it
    says what each image costs, whatever share of the cores the run was given.
    """
    first, later = make(data, size)
    for _ in zip(range(1), first()):  # untimed: tracing, compiling, plugin loading
        pass
    first, later = make(data, size)
    # Every peer starts from a collected heap: with TensorFlow loaded a full collection takes
    # a fifth of a second, which would otherwise land on whichever peer happens to trigger it.
    gc.collect()
    touch_memory()
    speeds = []
    for epoch in (first, later):
        start, cpu = time.perf_counter(), time.process_time()
        images = sum(len(_images_of(batch)) for _, batch in zip(range(n_batches), epoch()))
        speeds.append((images / (time.perf_counter() - start), 1e3 * (time.process_time() - cpu) / images))
    return speeds


# Memory touched and given back before every timed case (see touch_memory).
WARM_MEMORY_BYTES = 256 << 20


def touch_memory(nbytes=WARM_MEMORY_BYTES):
    """Write to ``nbytes`` of fresh memory and free it, so that the next allocations find touched pages.

    A virtual machine may back a page with real memory only when it is first
    written: on the 2-core VMs this benchmark runs on that costs about 8 ms per
    MB, against 0.1-0.2 ms for a page the guest has used before (measured: 58 MB,
    224×224 images for 384 files, took 510 ms the first time, 8 ms the next).
    Without this, whichever pipeline happens to allocate memory the process
    never used before (kerascourse's cache of decoded images, ``tf.data``'s
    ``.cache()``) pays that, at random; freed pages go back to the kernel, which
    hands them out again first.

    Example:
        >>> touch_memory(1 << 20)
    """
    buffer = np.ones(nbytes, dtype=np.uint8)
    del buffer


def _images_of(batch):
    return batch[0] if isinstance(batch, tuple) else batch


def run(sizes, n_batches, rounds, peers, sources=("arrays", "folder")):
    """``({(size, source): {peer: images/s}}, {(size, source): {peer: CPU ms per image}})``, medians of
    interleaved rounds, for ``sources`` (arrays, a folder of JPEGs, or both)."""
    n_images = n_batches * BATCH
    rng = np.random.default_rng(0)
    results, cpu = {}, {}
    with tempfile.TemporaryDirectory() as folder:
        write_folder(folder, n_per_class=n_images // 2)
        paths = sorted(os.path.join(root, f) for root, _, files in os.walk(folder) for f in files)
        data_of = {}
        if "arrays" in sources:
            data_of["arrays"] = {"kind": "arrays", "x": {s: rng.integers(0, 256, (n_images, s, s, 3), dtype=np.uint8)
                                                         for s in sizes},
                                 "y": rng.integers(0, 2, n_images).astype("float32")}
        if "folder" in sources:
            data_of["folder"] = {"kind": "folder", "folder": folder, "paths": paths}
        for size in sizes:
            for source, data in data_of.items():
                samples = {}
                for _ in range(rounds):
                    for name, make in peers.items():
                        if make is None:
                            continue
                        with quiet():
                            first, later = time_epochs(make, data, size, n_batches)
                        samples.setdefault(name, []).append((first, later))
                # Arrays: the steady state (a new tf.data pipeline retraces its map function in
                # its first epoch, a one-off cost that would swamp a short run).
                cases = [("arrays", 1)] if source == "arrays" else [("folder, 1st epoch", 0), ("folder, later", 1)]
                for label, k in cases:
                    row = {name: float(np.median([s[k][0] for s in runs])) for name, runs in samples.items()}
                    results[(size, label)] = row
                    cpu[(size, label)] = {name: float(np.median([s[k][1] for s in runs]))
                                          for name, runs in samples.items()}
                    print(f"  {size}x{size} {label:<18} " + "  ".join(f"{n} {v:,.0f}/s" for n, v in row.items()),
                          flush=True)
    return results, cpu


def table(results, peers):
    """The results as a Markdown table, with kerascourse's ratio to the best peer and to legacy."""
    shown = [p for p in PEERS if peers.get(p) is not None]
    lines = ["| size | source | " + " | ".join(shown) + " | ÷ best peer | ÷ legacy |",
             "|---|---|" + "---:|" * (len(shown) + 2)]
    for (size, source), row in results.items():
        best = max(v for n, v in row.items() if n != "kerascourse")
        ours = row["kerascourse"]
        cells = " | ".join(f"{row[p]:,.0f}" for p in shown)
        lines.append(f"| {size}×{size} | {source} | {cells} | {ours / best:.2f}× | {ours / row['legacy']:.1f}× |")
    return "\n".join(lines)


# The targets (kerascourse's ratio to the best peer, or to legacy), by (size, source).
TARGETS = {
    "arrays": {64: ("best peer", 2.0), 150: ("best peer", 2.0), 224: ("best peer", 1.5)},
    "folder, 1st epoch": {size: ("legacy", 5.0) for size in SIZES},
}


def cpu_table(cpu, peers):
    """CPU time per image as a Markdown table, with legacy's and the best peer's ÷ kerascourse's."""
    shown = [p for p in PEERS if peers.get(p) is not None]
    lines = ["| size | source | " + " | ".join(shown) + " | best peer ÷ ours | legacy ÷ ours |",
             "|---|---|" + "---:|" * (len(shown) + 2)]
    for (size, source), row in cpu.items():
        best = min(v for n, v in row.items() if n != "kerascourse")
        ours = row["kerascourse"]
        cells = " | ".join(f"{row[p]:.2f}" for p in shown)
        lines.append(f"| {size}×{size} | {source} | {cells} | {best / ours:.2f}× | {row['legacy'] / ours:.1f}× |")
    return "\n".join(lines)


def targets(results):
    """One line per target of issue 16 that this run measured: the ratio reached, and met or missed.

    Besides the ratios in ``TARGETS``, kerascourse must be ahead of every peer on
    a folder's first epoch (ratio to the best peer above 1).

    Example:
        >>> targets({(64, "arrays"): {"legacy": 1.0, "kerascourse": 3.0}})
        ['64×64 arrays: 3.00× best peer (target 2.0×): met']
    """
    lines = []
    for (size, source), row in results.items():
        goals = []
        if size in TARGETS.get(source, {}):
            goals.append(TARGETS[source][size])
        if source == "folder, 1st epoch":
            goals.append(("best peer", 1.0))
        best = max(v for n, v in row.items() if n != "kerascourse")
        for against, goal in goals:
            ratio = row["kerascourse"] / (row["legacy"] if against == "legacy" else best)
            lines.append(f"{size}×{size} {source}: {ratio:.2f}× {against} (target {goal:.1f}×): "
                         + ("met" if ratio >= goal else "MISSED"))
    return lines


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batches", type=int, default=12, help="batches per epoch (default 12; the folder "
                        "holds that many batches of files)")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds, medians reported (default 3)")
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES), help="image sizes (default 64 150 224)")
    parser.add_argument("--quick", action="store_true", help="4 batches, 1 round: a smoke run")
    parser.add_argument("--ceiling", action="store_true",
                        help="first epoch from the folder only: legacy, kerascourse, kerascourse without "
                        "augmentation, and decoding alone (what the first epoch could reach at best)")
    parser.add_argument("--no-opencv", action="store_true",
                        help="kerascourse without OpenCV and simplejpeg (its XLA kernel, Pillow decoding)")
    args = parser.parse_args(argv)
    if args.quick:
        args.batches, args.rounds = 4, 1
    if args.no_opencv:
        from kerascourse.images import _io, _transforms

        _transforms.use_opencv = False
        _io.use_simplejpeg = False
    if args.ceiling:
        results, _ = run(args.sizes, args.batches, args.rounds, ceiling_factories(), sources=("folder",))
        print(f"\nFirst epoch from the folder (median of {args.rounds} interleaved rounds), batch {BATCH}, "
              f"{os.cpu_count()} CPU cores; folder: {FILE_SIZE[0]}×{FILE_SIZE[1]} JPEGs")
        print(ceiling_table(results))
        return
    peers = peer_factories()
    if peers["albumentations"] is None:
        print("albumentations is not installed: skipping it (pip install albumentations)")
    load_before = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    results, cpu = run(args.sizes, args.batches, args.rounds, peers)
    load_after = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"\nImages per second (median of {args.rounds} interleaved rounds), batch {BATCH}, {args.batches} "
          f"batches per epoch, {os.cpu_count()} CPU cores (load average {load_before:.1f} before the run, "
          f"{load_after:.1f} after); folder: {FILE_SIZE[0]}×{FILE_SIZE[1]} JPEGs")
    print(table(results, peers))
    print("\nCPU milliseconds per image (all threads; what an image costs, whatever the load):")
    print(cpu_table(cpu, peers))
    print("\nTargets:\n" + "\n".join(targets(results)))


if __name__ == "__main__":
    main()
