"""``keras.utils.PyDataset`` iterators over arrays, class folders and data frames.

Each batch is built in one go: the images are gathered (from memory, or decoded
from files by a thread pool), transformed together by the generator, and
standardised together; file iterators queue the next batch's files for
decoding behind the current batch's (pipelining). The order of the samples is a permutation drawn from
``(seed, epoch)`` and the random transforms of batch ``i`` from
``(seed, epoch, i)``, so a seeded iterator gives the same batches whatever
order, or however many worker threads, Keras asks for them in.
"""

from __future__ import annotations

import os
import threading
import warnings

import keras
import numpy as np

from kerascourse.images import _io

CLASS_MODES = ("categorical", "binary", "sparse", "input", None)
CACHE_AUTO_BYTES = 512 * 2**20
FILES_PER_TASK = 8  # at most, per task of the decoding pool


class BatchIndexError(IndexError, ValueError):
    """A batch index out of range: an ``IndexError`` (Python's sequence protocol) and,
    as the legacy iterators raise, a ``ValueError``."""


class ImageIterator(keras.utils.PyDataset):
    """Base class: batching, shuffling per epoch, seeding, and the legacy iterator protocol.

    Batches come two ways. ``iterator[i]`` (what ``model.fit`` uses) gives batch
    ``i`` of the current epoch; ``on_epoch_end()`` starts the next epoch. And,
    as the legacy iterators, ``next(iterator)`` / ``iterator.next()`` give batch
    after batch forever: at the end of an epoch they start the next one
    (reshuffled); ``reset()`` makes the next call start a new epoch. ``iter()``
    returns the iterator itself, so ``for x, y in iterator:`` never ends by
    itself, as in Keras 2: ``break`` out of it, or use
    ``itertools.islice(iterator, len(iterator))`` for one epoch.

    Args:
        n: number of samples.
        batch_size: samples per batch (the last batch may be smaller).
        shuffle: reshuffle the samples at the start of every epoch.
        seed: integer seed for the shuffling and the random transforms.
        **kwargs: ``workers``, ``use_multiprocessing``, ``max_queue_size`` for
            ``keras.utils.PyDataset``.

    Example:
        >>> import numpy as np
        >>> from kerascourse.images import ImageDataGenerator
        >>> flow = ImageDataGenerator().flow(np.zeros((5, 4, 4, 1)), np.arange(5), batch_size=2, shuffle=False)
        >>> [len(next(flow)[1]) for _ in range(4)]   # the 4th batch starts the second epoch
        [2, 2, 1, 2]
    """

    def __init__(self, n, batch_size, shuffle, seed, **kwargs):
        super().__init__(**kwargs)
        if isinstance(batch_size, bool) or not isinstance(batch_size, (int, np.integer)) or batch_size < 1:
            raise ValueError(f"batch_size must be a positive integer, got {batch_size!r}.")
        if seed is not None and (isinstance(seed, bool) or not isinstance(seed, (int, np.integer))):
            raise ValueError(f"seed must be an integer or None, got {seed!r}.")
        self.n = int(n)
        self.batch_size = int(batch_size)
        self.shuffle = bool(shuffle)
        self.seed = seed
        # Without a seed, draw one now: batches still differ from run to run,
        # but within this iterator everything follows from one number.
        self._seed = int(np.random.SeedSequence().entropy % (2**63)) if seed is None else int(seed)
        self.epoch = 0
        self.index_array = self._index_array()
        # The legacy protocol's state: the next batch next() gives, and the batches served.
        self.batch_index = 0
        self.total_batches_seen = 0
        self._lock = threading.Lock()
        self._epoch_untouched = True  # next() has not yet served a batch of this epoch

    def _index_array(self):
        if not self.shuffle:
            return np.arange(self.n)
        return np.random.default_rng([self._seed, self.epoch, 0]).permutation(self.n)

    def __len__(self):
        return -(-self.n // self.batch_size)

    def on_epoch_end(self):
        """Called by ``model.fit`` after each epoch: reshuffle for the next one."""
        self.epoch += 1
        self.index_array = self._index_array()
        self._epoch_untouched = True

    def reset(self):
        """Make the next ``next()`` start a new epoch from its first batch, as the legacy ``reset``."""
        self.batch_index = 0

    def __getitem__(self, idx):
        if isinstance(idx, slice) or not isinstance(idx, (int, np.integer)):
            raise TypeError(f"Batch index must be an integer, got {type(idx).__name__}.")
        if idx < 0:
            idx += len(self)
        if not 0 <= idx < len(self):
            raise BatchIndexError(f"Asked to retrieve element {idx}, but the Sequence has length {len(self)} "
                                  f"(batch index {idx} out of range for {len(self)} batches).")
        self.total_batches_seen += 1
        return self._batch(int(idx), self.epoch, self.index_array)

    def _batch(self, idx, epoch, index_array):
        indices = index_array[idx * self.batch_size:(idx + 1) * self.batch_size]
        rng = np.random.default_rng([self._seed, epoch, 1 + idx])
        return self._get_batch(indices, rng)

    def __iter__(self):
        # As the legacy iterators: ``for batch in iterator`` calls next() forever.
        return self

    def __next__(self):
        return self.next()

    def next(self):
        """The next batch; after the last batch of an epoch, the first of a new (reshuffled) epoch."""
        with self._lock:
            if self.n == 0:  # legacy: an empty batch, forever
                idx, epoch, index_array = 0, self.epoch, self.index_array
            else:
                if self.batch_index == 0:
                    if not self._epoch_untouched:
                        self.on_epoch_end()
                    self._epoch_untouched = False
                idx, epoch, index_array = self.batch_index, self.epoch, self.index_array
                self.batch_index = (idx + 1) % len(self)
            self.total_batches_seen += 1
        # Built outside the lock, so that threads build batches in parallel.
        return self._batch(idx, epoch, index_array)

    def _get_batch(self, indices, rng):
        raise NotImplementedError

    def _set_save_attrs(self, data_format, save_to_dir, save_prefix, save_format):
        self.data_format = data_format
        self.save_to_dir = save_to_dir
        self.save_prefix = save_prefix
        self.save_format = save_format

    def _save_batch(self, batch_x, indices, rng):
        """Write each augmented image to ``save_to_dir`` as ``<prefix>_<index>_<random>.<format>``, as legacy."""
        if not self.save_to_dir:
            return
        for image, index in zip(batch_x, np.asarray(indices).tolist()):
            name = f"{self.save_prefix}_{index}_{int(rng.integers(10**7))}.{self.save_format}"
            _io.array_to_img(image, self.data_format, scale=True).save(os.path.join(self.save_to_dir, name))


def _split_bounds(n, validation_split, subset):
    """``(start, stop)`` of ``subset`` among ``n`` samples: validation is the first part, as in Keras 2."""
    if subset is None:
        return 0, n
    if subset not in ("training", "validation"):
        raise ValueError(f'Invalid subset name: {subset!r}; expected "training" or "validation" (or None for '
                         'the whole set; subset needs validation_split in the generator).')
    if not validation_split:
        raise ValueError(f"subset={subset!r} needs validation_split > 0 in the ImageDataGenerator.")
    split = int(validation_split * n)
    return (0, split) if subset == "validation" else (split, n)


# The ImageDataGenerator class, registered by its module when it is imported: that module
# imports this one, so importing it from here would make an import circle.
_generator_class = None


def register_generator_class(cls) -> None:
    """Tell the iterators which class builds the do-nothing generator that ``image_data_generator=None`` means."""
    global _generator_class
    _generator_class = cls


def _identity_generator(dtype):
    """A generator that only converts to ``dtype``: legacy iterators accept ``image_data_generator=None``."""
    return _generator_class(dtype=dtype)


def _split_extra_inputs(x):
    """``(images, extra)`` → images and the list of extra input arrays (legacy ``flow`` multi-input)."""
    if not isinstance(x, (tuple, list)):
        return x, []
    extra = [np.asarray(a) for a in x[1]] if isinstance(x[1], list) else [np.asarray(x[1])]
    images = x[0]
    for a in extra:
        if len(images) != len(a):
            raise ValueError("All of the arrays in `x` should have the same length. Found a pair with: "
                             f"len(x[0]) = {len(images)}, len(x[?]) = {len(a)}")
    return images, extra


class NumpyArrayIterator(ImageIterator):
    """Batches of ``(x, y)`` from in-memory arrays, returned by :meth:`ImageDataGenerator.flow`.

    Arguments in the legacy order (note the legacy default ``shuffle=False`` when
    built directly; :meth:`ImageDataGenerator.flow` shuffles by default). ``x`` may
    be ``(images, extra)``; the batches' inputs are then the tuple ``(images, *extra)``
    (legacy: a list, which Keras 3's ``fit`` does not take as several inputs).
    The images are kept in their own dtype (``uint8`` stays ``uint8`` until a batch
    is built), not converted to float up front as in Keras 2.

    Example:
        >>> import numpy as np
        >>> from kerascourse.images import ImageDataGenerator
        >>> it = NumpyArrayIterator(np.zeros((3, 4, 4, 1)), np.arange(3), ImageDataGenerator(), batch_size=2)
        >>> it[1][1].tolist()
        [2]
    """

    def __init__(self, x, y, image_data_generator, batch_size=32, shuffle=False, sample_weight=None, seed=None,
                 data_format=None, save_to_dir=None, save_prefix="", save_format="png", subset=None,
                 ignore_class_split=False, dtype=None, **kwargs):
        gen = image_data_generator
        data_format = _io.check_data_format(data_format or gen.data_format)
        x, extra = _split_extra_inputs(x)
        x = np.asarray(x)
        if y is not None and len(x) != len(y):
            raise ValueError("`x` (images tensor) and `y` (labels) should have the same length. Found: "
                             f"x.shape = {x.shape}, y.shape = {np.asarray(y).shape} "
                             f"(same length needed; got {len(x)} images and {len(y)} labels).")
        if sample_weight is not None and len(x) != len(sample_weight):
            raise ValueError("`x` (images tensor) and `sample_weight` should have the same length. Found: "
                             f"x.shape = {x.shape}, sample_weight.shape = {np.asarray(sample_weight).shape}")
        if x.ndim != 4:
            raise ValueError(
                f"Input data in `NumpyArrayIterator` should have rank 4. You passed an array with shape {x.shape} "
                "(x must be a rank-4 array of images). "
                + ("Add a channel axis with x[..., None] for grayscale images." if x.ndim == 3 else ""))
        channel_axis = 3 if data_format == "channels_last" else 1
        if x.shape[channel_axis] not in (1, 3, 4):
            warnings.warn(f'NumpyArrayIterator is set to use the data format convention "{data_format}" (channels '
                          f"on axis {channel_axis}), i.e. expected either 1, 3, or 4 channels on axis {channel_axis}. "
                          f"However, it was passed an array with shape {x.shape} ({x.shape[channel_axis]} channels).",
                          stacklevel=3)
        if not (np.issubdtype(x.dtype, np.number) or x.dtype == bool):
            raise ValueError(f"x must hold numbers, got dtype {x.dtype}.")
        y = None if y is None else np.asarray(y)
        sample_weight = None if sample_weight is None else np.asarray(sample_weight)
        start, stop = _split_bounds(len(x), gen.validation_split, subset)
        if subset is not None and y is not None and not ignore_class_split:
            _check_class_split(y, start if subset == "training" else stop)
        self.x = x[start:stop]
        self.x_misc = [a[start:stop] for a in extra]
        self.y = None if y is None else y[start:stop]
        self.sample_weight = None if sample_weight is None else sample_weight[start:stop]
        self.image_data_generator = gen
        self.subset = subset
        self.dtype = gen.dtype if dtype is None else dtype
        self._set_save_attrs(data_format, save_to_dir, save_prefix, save_format)
        super().__init__(len(self.x), batch_size, shuffle, seed, **kwargs)

    def _get_batch(self, indices, rng):
        batch_x = self.image_data_generator._transform_batch(self.x[indices], rng).astype(self.dtype, copy=False)
        self._save_batch(batch_x, indices, rng)
        # A tuple of inputs, where legacy gives a list: Keras 3 reads a list as one stacked array.
        inputs = (batch_x, *(a[indices] for a in self.x_misc)) if self.x_misc else batch_x
        if self.y is None:
            return inputs
        if self.sample_weight is not None:
            return inputs, self.y[indices], self.sample_weight[indices]
        return inputs, self.y[indices]


def _check_class_split(y, split):
    """Legacy check: both subsets must hold the same label values (``ignore_class_split`` skips it)."""
    first, second = np.unique(y[:split]), np.unique(y[split:])
    if not np.array_equal(first, second):
        raise ValueError(
            "Training and validation subsets have different number of classes after the split. If your numpy "
            "arrays are sorted by the label, you might want to shuffle them. (The subsets hold different classes; "
            "for regression targets pass ignore_class_split=True.)")


class _FileIterator(ImageIterator):
    """Shared machinery for iterators that decode image files."""

    def _set_file_attrs(self, image_data_generator, target_size, color_mode, class_mode, interpolation,
                        fast_jpeg=True, data_format=None, save_to_dir=None, save_prefix="", save_format="png",
                        keep_aspect_ratio=False, dtype=None):
        if class_mode not in self._class_modes:
            raise ValueError(f"Invalid class_mode: {class_mode}; expected one of: {self._class_modes} "
                             "(class_mode must be one of these).")
        if image_data_generator is None:
            image_data_generator = _identity_generator(dtype or "float32")
        self.pil_mode, channels = _io._check_color_mode(color_mode)
        self.target_size = _io._check_target_size(target_size)
        if self.target_size is None:
            raise ValueError("target_size must be a (height, width) pair; every image in a batch needs one size.")
        self.resample = _io._check_interpolation(interpolation)
        self.image_data_generator = image_data_generator
        self.color_mode = color_mode
        self.class_mode = class_mode
        self.interpolation = interpolation
        self.keep_aspect_ratio = bool(keep_aspect_ratio)
        self.fast_jpeg = bool(fast_jpeg)
        self._set_save_attrs(_io.check_data_format(data_format or image_data_generator.data_format), save_to_dir,
                             save_prefix, save_format)
        # Files decode to (h, w, c), which is also how the cache keeps them.
        self._decoded_shape = self.target_size + (channels,)
        self.image_shape = (self._decoded_shape if self.data_format == "channels_last"
                            else (channels,) + self.target_size)
        self.dtype = image_data_generator.dtype if dtype is None else dtype
        self._sample_weight = None

    def _drop_unreadable(self, paths):
        """Indices of ``paths`` that decode, warning once with the names of those that do not."""
        # In this thread: a check is mostly Python (a 4 KB read, a walk over the markers), so threads
        # would only queue for the GIL; measured, a pool of them took 3-6 times as long.
        reasons = _io.check_files(paths)
        bad = [(p, r) for p, r in zip(paths, reasons) if r is not None]
        if bad:
            listing = "\n".join(f"  {p} ({r})" for p, r in bad[:20])
            more = f"\n  ... and {len(bad) - 20} more" if len(bad) > 20 else ""
            warnings.warn(f"Skipping {len(bad)} unreadable image file(s):\n{listing}{more}", stacklevel=4)
        return np.array([r is None for r in reasons], dtype=bool)

    @property
    def filepaths(self):
        """Full paths of the image files, in index order."""
        return self._filepaths

    @property
    def labels(self):
        """The class of every sample (``classes``), or the targets for ``"raw"`` / ``"multi_output"``."""
        return self._targets if self.class_mode in ("raw", "multi_output") else self.classes

    @property
    def sample_weight(self):
        """Per-sample weights (data frames' ``weight_col``), or ``None``."""
        return self._sample_weight

    def _setup_cache(self, cache):
        """Keep decoded images in memory after their first epoch (``"auto"``: if they fit in 512 MiB)."""
        nbytes = self.samples * int(np.prod(self._decoded_shape))
        if cache == "auto":
            cache = nbytes <= CACHE_AUTO_BYTES
        elif not isinstance(cache, bool):
            raise ValueError(f"cache must be True, False or 'auto', got {cache!r}.")
        self.cache = cache
        # np.empty only reserves address space; pages are touched as images arrive.
        self._cache = np.empty((self.samples,) + self._decoded_shape, dtype="uint8") if cache else None
        self._cached = np.zeros(self.samples, dtype=bool)
        self._failed = set()
        # File index → Future of the decoding of its chunk of files (this batch's and the next's);
        # the future's result maps each index of the chunk to its image.
        self._pending = {}
        self._pending_lock = threading.Lock()

    def _decode(self, i):
        """File ``i`` as ``uint8`` ``(h, w, c)``, or the exception decoding it raised."""
        try:
            return _io.decode_file(self._filepaths[i], self.pil_mode, self.target_size, self.resample,
                                   self.fast_jpeg, self.keep_aspect_ratio)
        except Exception as err:
            return err

    def _decode_chunk(self, indices):
        """``{index: image or exception}`` for a chunk of files: one pool task for several files."""
        return {i: self._decode(i) for i in indices}

    def _submit(self, indices, limit=None):
        """Start decoding the files of ``indices`` that are neither cached nor in flight.

        ``limit`` caps the decoded-but-unclaimed images (prefetching never piles up).
        Files go to the pool a few per task: a task costs about 50 µs of Python and
        thread switching, 7 % of decoding a photo at 1/4 scale; with at least two
        tasks per core for each batch, every core still gets work.

        Example:
            >>> it._submit(np.array([3, 4]))   # doctest: +SKIP
        """
        pool = _io.thread_pool()
        with self._pending_lock:
            todo = []
            for i in np.asarray(indices).tolist():
                if limit is not None and len(self._pending) + len(todo) >= limit:
                    break
                if i not in self._pending and not (self._cache is not None and self._cached[i]):
                    todo.append(i)
            per_task = min(FILES_PER_TASK, max(1, -(-len(todo) // (2 * (os.cpu_count() or 1)))))
            for start in range(0, len(todo), per_task):
                chunk = todo[start:start + per_task]
                future = pool.submit(self._decode_chunk, chunk)
                for i in chunk:
                    self._pending[i] = future

    def _batch(self, idx, epoch, index_array):
        # Pipelining: queue this batch's files, then the next batch's, so that the pool
        # decodes batch idx + 1 while batch idx is augmented and trained on.
        size = self.batch_size
        self._submit(index_array[idx * size:(idx + 1) * size])
        self._submit(index_array[(idx + 1) * size:(idx + 2) * size], limit=3 * size)
        return super()._batch(idx, epoch, index_array)

    def _load(self, indices):
        """The batch's images as ``uint8``: from the cache, prefetched, or decoded in parallel.

        A file that fails to decode now (changed since indexing, or a truncated JPEG)
        is left out of the batch with a warning, never an exception mid-epoch.
        """
        indices = np.asarray(indices)
        todo = indices if self._cache is None else indices[~self._cached[indices]]
        self._submit(todo)  # a no-op for files already in flight
        with self._pending_lock:
            futures = {i: self._pending.pop(i, None) for i in todo.tolist()}
        # One wait per chunk, not per file. A future another thread claimed first
        # (overlapping requests): decode here.
        chunks = {id(f): f.result() for f in futures.values() if f is not None}
        decoded = {i: self._decode(i) if f is None else chunks[id(f)][i] for i, f in futures.items()}
        failed = [i for i, a in decoded.items() if isinstance(a, Exception)]
        new_failures = [i for i in failed if i not in self._failed]
        if new_failures:
            names = ", ".join(f"{self._filepaths[i]} ({decoded[i]})" for i in new_failures)
            warnings.warn(f"Could not read image file(s) {names}; leaving them out of their batches.",
                          stacklevel=3)
            self._failed.update(new_failures)
        ok = np.array([i not in decoded or not isinstance(decoded[i], Exception) for i in indices.tolist()],
                      dtype=bool)
        indices = indices[ok]
        batch = np.empty((len(indices),) + self._decoded_shape, dtype="uint8")
        for row, i in enumerate(indices.tolist()):
            if i in decoded:
                batch[row] = decoded[i]
                if self._cache is not None:
                    self._cache[i] = decoded[i]
                    self._cached[i] = True
            else:
                batch[row] = self._cache[i]
        return batch, indices

    def _get_batch(self, indices, rng):
        batch_u8, indices = self._load(indices)
        if self.data_format == "channels_first":
            batch_u8 = batch_u8.transpose(0, 3, 1, 2)  # a view; the generator transforms channels-last anyway
        # uint8 goes straight to the transforms: gathering bytes moves less memory than floats.
        batch_x = self.image_data_generator._transform_batch(batch_u8, rng).astype(self.dtype, copy=False)
        self._save_batch(batch_x, indices, rng)
        return self._with_labels(batch_x, indices)

    def _with_labels(self, batch_x, indices):
        mode = self.class_mode
        if mode is None:
            return batch_x
        if mode == "input":
            batch_y = batch_x.copy()
        elif mode in ("binary", "sparse"):
            batch_y = np.asarray(self.classes)[indices].astype(self.dtype)
        elif mode == "categorical":
            batch_y = np.zeros((len(indices), self.num_classes), dtype=self.dtype)
            if isinstance(self.classes, np.ndarray):
                batch_y[np.arange(len(indices)), self.classes[indices]] = 1.0
            else:  # a data frame's lists of labels: multi-hot rows
                for row, i in enumerate(indices.tolist()):
                    batch_y[row, self.classes[i]] = 1.0
        elif mode == "multi_output":
            # A tuple, where legacy gives a list: Keras 3 reads a list as one stacked array.
            batch_y = tuple(target[indices] for target in self._targets)
        else:  # "raw": the y column(s) as they are
            batch_y = self._targets[indices]
        if self._sample_weight is None:
            return batch_x, batch_y
        return batch_x, batch_y, self._sample_weight[indices]


def _list_class_files(class_dir, follow_links, directory):
    """Image files under one class folder (recursively), sorted as the legacy generator sorts them.

    Returns ``(paths, filenames)``: the paths, and the same relative to ``directory``
    (``os.path.relpath``, computed once per folder rather than once per file).
    """
    paths, filenames = [], []
    for root, _, files in sorted(os.walk(class_dir, followlinks=follow_links), key=lambda t: t[0]):
        # A file name has no separator: joining onto normalised prefixes once per folder
        # gives what os.path.join and normpath would give per file, at a fraction of the cost.
        relative_root = os.path.normpath(os.path.relpath(root, directory))
        relative_prefix = "" if relative_root == os.curdir else relative_root + os.sep
        root_prefix = os.path.join(root, "")
        for name in sorted(files):
            if name.lower().endswith(_io.IMAGE_EXTENSIONS):
                paths.append(root_prefix + name)
                filenames.append(relative_prefix + name)
    return paths, filenames


class DirectoryIterator(_FileIterator):
    """Batches from a folder with one subfolder per class, returned by :meth:`ImageDataGenerator.flow_from_directory`.

    Arguments in the legacy order, then ours (``fast_jpeg``, ``cache``) by keyword only.

    Attributes:
        class_indices: dict mapping each class (subfolder) name to its index.
        classes: class index of every sample, in the order of ``filenames``.
        filenames: paths relative to ``directory`` (``"cats/cat001.png"``).
        samples: number of images found (after skipping unreadable ones).
        num_classes: number of classes.
    """

    _class_modes = CLASS_MODES

    def __init__(self, directory, image_data_generator, target_size=(256, 256), color_mode="rgb", classes=None,
                 class_mode="categorical", batch_size=32, shuffle=True, seed=None, data_format=None,
                 save_to_dir=None, save_prefix="", save_format="png", follow_links=False, subset=None,
                 interpolation="nearest", keep_aspect_ratio=False, dtype=None, *, fast_jpeg=True, cache="auto",
                 **kwargs):
        self._set_file_attrs(image_data_generator, target_size, color_mode, class_mode, interpolation, fast_jpeg,
                             data_format, save_to_dir, save_prefix, save_format, keep_aspect_ratio, dtype)
        image_data_generator = self.image_data_generator
        directory = os.fspath(directory)
        if not os.path.exists(directory):
            raise FileNotFoundError(f"Image directory not found: {directory!r}")
        if not os.path.isdir(directory):
            raise ValueError(f"{directory!r} is a file; flow_from_directory needs a folder with one subfolder "
                             "per class.")
        self.directory = directory
        if classes is None:
            classes = sorted(d for d in os.listdir(directory) if os.path.isdir(os.path.join(directory, d)))
        else:
            classes = list(classes)
            missing = [c for c in classes if not os.path.isdir(os.path.join(directory, c))]
            if missing:
                raise FileNotFoundError(f"Class folder(s) {missing} not found in {directory!r}.")
        if not classes:
            loose = [f for f in os.listdir(directory) if f.lower().endswith(_io.IMAGE_EXTENSIONS)]
            hint = (f" It holds {len(loose)} image file(s) directly: put them in one subfolder per class "
                    "(for example train/cats/*.png and train/dogs/*.png)." if loose else "")
            raise ValueError(f"No class subfolders in {directory!r}.{hint}")
        if class_mode == "binary" and len(classes) != 2:
            raise ValueError(f"class_mode='binary' needs exactly 2 classes, found {len(classes)}: {classes}. "
                             "Use class_mode='categorical' or 'sparse' for more classes.")
        self.class_indices = {name: i for i, name in enumerate(classes)}
        self.num_classes = len(classes)
        self.subset = subset

        paths, filenames, labels = [], [], []
        for name in classes:
            files, relative = _list_class_files(os.path.join(directory, name), follow_links, directory)
            start, stop = _split_bounds(len(files), image_data_generator.validation_split, subset)
            paths += files[start:stop]
            filenames += relative[start:stop]
            labels += [self.class_indices[name]] * (stop - start)
        if not paths:
            raise ValueError(f"No image files ({', '.join(_io.IMAGE_EXTENSIONS)}) found in the class folders "
                             f"{classes} of {directory!r}" + (f" for subset={subset!r}." if subset else "."))
        readable = self._drop_unreadable(paths)
        self._filepaths = [p for p, ok in zip(paths, readable) if ok]
        self.classes = np.asarray(labels, dtype="int32")[readable]
        if not self._filepaths:
            raise ValueError(f"None of the {len(paths)} image files in {directory!r} could be read.")
        self.filenames = [f for f, ok in zip(filenames, readable) if ok]
        self.samples = len(self._filepaths)
        print(f"Found {self.samples} images belonging to {self.num_classes} classes.")
        self._setup_cache(cache)
        super().__init__(self.samples, batch_size, shuffle, seed, **kwargs)


class DataFrameIterator(_FileIterator):
    """Batches from a pandas DataFrame of file names and labels, returned by
    :meth:`ImageDataGenerator.flow_from_dataframe` (arguments in the legacy order).

    The rows are processed in the legacy order: file names are validated
    (``validate_filenames``), rows whose labels are not among ``classes`` are
    dropped, then the validation split is taken. ``classes`` is an int array,
    or a list of lists of ints when a ``y_col`` cell holds several labels.

    Example:
        >>> import pandas as pd
        >>> frame = pd.DataFrame({"filename": ["a.png", "b.png"], "class": [["cat"], ["cat", "dog"]]})
        >>> it = DataFrameIterator(frame, "photos", validate_filenames=False)   # doctest: +SKIP
        >>> it[0][1].tolist()                                                   # doctest: +SKIP
        [[1.0, 0.0], [1.0, 1.0]]
    """

    _class_modes = ("binary", "categorical", "input", "multi_output", "raw", "sparse", None)

    def __init__(self, dataframe, directory=None, image_data_generator=None, x_col="filename", y_col="class",
                 weight_col=None, target_size=(256, 256), color_mode="rgb", classes=None, class_mode="categorical",
                 batch_size=32, shuffle=True, seed=None, data_format="channels_last", save_to_dir=None,
                 save_prefix="", save_format="png", subset=None, interpolation="nearest", keep_aspect_ratio=False,
                 dtype="float32", validate_filenames=True, *, fast_jpeg=True, cache="auto", **kwargs):
        self._set_file_attrs(image_data_generator, target_size, color_mode, class_mode, interpolation, fast_jpeg,
                             data_format, save_to_dir, save_prefix, save_format, keep_aspect_ratio, dtype)
        self.directory = "" if directory is None else os.fspath(directory)
        frame = dataframe.copy()
        _check_frame(frame, x_col, y_col, weight_col, classes, class_mode)
        if validate_filenames:
            frame = self._valid_rows(frame, x_col)
        self.class_indices, self.num_classes = {}, 0
        if class_mode in ("categorical", "binary", "sparse"):
            frame, names = _filter_classes(frame, y_col, classes)
            self.class_indices = {name: i for i, name in enumerate(names)}
            self.num_classes = len(names)
        start, stop = _split_bounds(len(frame), self.image_data_generator.validation_split, subset)
        frame = frame.iloc[start:stop]
        self.subset = subset
        self.classes = None
        if class_mode in ("categorical", "binary", "sparse"):
            self.classes = _class_numbers(frame[y_col], self.class_indices)
        self.filenames = frame[x_col].tolist()
        self._filepaths = [os.path.join(self.directory, name) for name in self.filenames]
        self._sample_weight = frame[weight_col].values if weight_col else None
        if class_mode == "multi_output":
            self._targets = [np.array(frame[col].tolist()) for col in y_col]
        elif class_mode == "raw":
            self._targets = frame[y_col].values
        self.samples = len(self.filenames)
        checked = "validated" if validate_filenames else "non-validated"
        print(f"Found {self.samples} {checked} image filenames"
              + (f" belonging to {self.num_classes} classes." if self.classes is not None else "."))
        self._setup_cache(cache)
        super().__init__(self.samples, batch_size, shuffle, seed, **kwargs)

    def _valid_rows(self, frame, x_col):
        """Rows whose file exists with an image extension (legacy), and that PIL can open (ours)."""
        paths = [os.path.join(self.directory, name) for name in frame[x_col]]
        valid = np.array([p.lower().endswith(_io.IMAGE_EXTENSIONS) and os.path.isfile(p) for p in paths], bool)
        if not valid.all():
            where = "" if not self.directory or os.path.isdir(self.directory) else (
                f" (the directory {self.directory!r} does not exist)")
            warnings.warn(f'Found {int((~valid).sum())} invalid image filename(s) in x_col="{x_col}". '
                          f"These filename(s) will be ignored.{where}", stacklevel=4)
        if valid.any():
            valid[valid] = self._drop_unreadable([p for p, v in zip(paths, valid) if v])
        return frame[valid]


def _check_frame(frame, x_col, y_col, weight_col, classes, class_mode):
    """The legacy checks of ``flow_from_dataframe``'s columns, with its messages."""
    if class_mode == "multi_output" and not isinstance(y_col, list):
        raise TypeError(f'If class_mode="{class_mode}", y_col must be a list. Received {type(y_col).__name__}.')
    columns = list(frame.columns)
    if x_col not in columns:
        raise ValueError(f"x_col={x_col!r} is not a column of the data frame (columns: {columns}).")
    if not all(isinstance(v, str) for v in frame[x_col]):
        raise TypeError(f"All values in column x_col={x_col} must be strings.")
    if class_mode not in ("input", None):
        for col in (y_col if isinstance(y_col, list) else [y_col]):
            if col not in columns:
                raise ValueError(f"y_col={col!r} is not a column of the data frame (columns: {columns}).")
    if class_mode in ("binary", "sparse") and not all(isinstance(v, str) for v in frame[y_col]):
        raise TypeError(f'If class_mode="{class_mode}", y_col="{y_col}" column values must be strings.')
    if class_mode == "binary":
        if classes:
            if len(set(classes)) != 2:
                raise ValueError(f'If class_mode="binary" there must be 2 classes. {len(set(classes))} class/es '
                                 "were given.")
        elif frame[y_col].nunique() != 2:
            raise ValueError(f'If class_mode="binary" there must be 2 classes. Found {frame[y_col].nunique()} '
                             "classes.")
    if class_mode == "categorical" and not all(isinstance(v, (str, list, tuple)) for v in frame[y_col]):
        raise TypeError(f'If class_mode="{class_mode}", y_col="{y_col}" column values must be type string, list '
                        "or tuple.")
    if classes and class_mode in ("input", "multi_output", "raw", None):
        warnings.warn(f'`classes` will be ignored given the class_mode="{class_mode}"', stacklevel=4)
    if weight_col and not issubclass(frame[weight_col].dtype.type, np.number):
        raise TypeError(f"Column weight_col={weight_col} must be numeric.")


def _filter_classes(frame, y_col, classes):
    """``(frame, class names)``: with ``classes``, rows keep only those labels (rows left without one go)."""
    if not classes:
        names = set()
        for value in frame[y_col]:
            names.update(value if isinstance(value, (list, tuple)) else [value])
        return frame, sorted(names)
    names = list(dict.fromkeys(classes))
    wanted = set(names)

    def keep(value):
        if isinstance(value, (list, tuple)):
            return [v for v in value if v in wanted] or None
        return value if value in wanted else None

    frame = frame.copy()
    frame[y_col] = frame[y_col].apply(keep)
    return frame.dropna(subset=[y_col]), names


def _class_numbers(labels, class_indices):
    """Class index per row: an int array, or (as legacy) a list of ints and lists when rows hold several labels."""
    if any(isinstance(v, (list, tuple)) for v in labels):
        return [[class_indices[v] for v in value] if isinstance(value, (list, tuple)) else class_indices[value]
                for value in labels]
    return np.array([class_indices[v] for v in labels], dtype="int32")
