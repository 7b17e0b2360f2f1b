"""``keras.utils.PyDataset`` iterators over arrays, class folders and data frames.

Each batch is built in one go: the images are gathered (from memory, or decoded
from files by a thread pool), transformed together by the generator, and
standardised together. The order of the samples is a permutation drawn from
``(seed, epoch)`` and the random transforms of batch ``i`` from
``(seed, epoch, i)``, so a seeded iterator gives the same batches whatever
order, or however many worker threads, Keras asks for them in.
"""

from __future__ import annotations

import os
import warnings

import keras
import numpy as np

from kerascourse.images import _io

CLASS_MODES = ("categorical", "binary", "sparse", "input", None)
CACHE_AUTO_BYTES = 512 * 2**20


class ImageIterator(keras.utils.PyDataset):
    """Base class: batching, shuffling per epoch and seeding. Subclasses build the batches.

    Args:
        n: number of samples.
        batch_size: samples per batch (the last batch may be smaller).
        shuffle: reshuffle the samples at the start of every epoch.
        seed: integer seed for the shuffling and the random transforms.
        **kwargs: ``workers``, ``use_multiprocessing``, ``max_queue_size`` for
            ``keras.utils.PyDataset``.
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

    def __getitem__(self, idx):
        if isinstance(idx, slice) or not isinstance(idx, (int, np.integer)):
            raise TypeError(f"Batch index must be an integer, got {type(idx).__name__}.")
        if idx < 0:
            idx += len(self)
        if not 0 <= idx < len(self):
            raise IndexError(f"Batch index {idx} out of range for {len(self)} batches.")
        indices = self.index_array[idx * self.batch_size:(idx + 1) * self.batch_size]
        rng = np.random.default_rng([self._seed, self.epoch, 1 + int(idx)])
        return self._get_batch(indices, rng)

    def __iter__(self):
        # ``for x, y in iterator`` goes once through the current epoch.
        for idx in range(len(self)):
            yield self[idx]

    def _get_batch(self, indices, rng):
        raise NotImplementedError


def _split_bounds(n, validation_split, subset):
    """``(start, stop)`` of ``subset`` among ``n`` samples: validation is the first part, as in Keras 2."""
    if subset is None:
        return 0, n
    if subset not in ("training", "validation"):
        raise ValueError(f"subset must be 'training', 'validation' or None, got {subset!r}.")
    if not validation_split:
        raise ValueError(f"subset={subset!r} needs validation_split > 0 in the ImageDataGenerator.")
    split = int(validation_split * n)
    return (0, split) if subset == "validation" else (split, n)


class NumpyArrayIterator(ImageIterator):
    """Batches of ``(x, y)`` from in-memory arrays, returned by :meth:`ImageDataGenerator.flow`."""

    def __init__(self, x, y, image_data_generator, batch_size=32, shuffle=True, seed=None, subset=None,
                 sample_weight=None, **kwargs):
        x = np.asarray(x)
        if x.ndim != 4:
            raise ValueError(
                f"x must be a rank-4 array of images (samples, height, width, channels); got shape {x.shape}. "
                + ("Add a channel axis with x[..., None] for grayscale images." if x.ndim == 3 else ""))
        if x.shape[3] not in (1, 3, 4):
            warnings.warn(f"Expected 1, 3 or 4 channels on the last axis of x, got shape {x.shape}.", stacklevel=3)
        if not (np.issubdtype(x.dtype, np.number) or x.dtype == bool):
            raise ValueError(f"x must hold numbers, got dtype {x.dtype}.")
        if y is not None:
            y = np.asarray(y)
            if len(y) != len(x):
                raise ValueError(f"x and y must have the same length; got {len(x)} images and {len(y)} labels.")
        if sample_weight is not None:
            sample_weight = np.asarray(sample_weight)
            if len(sample_weight) != len(x):
                raise ValueError(f"sample_weight must have one weight per image; got {len(sample_weight)} "
                                 f"for {len(x)} images.")
        start, stop = _split_bounds(len(x), image_data_generator.validation_split, subset)
        split = int(image_data_generator.validation_split * len(x))
        # Only class labels can go missing from a subset; regression targets (floats) are exempt.
        if subset is not None and y is not None and y.ndim == 1 and y.dtype.kind in "biuUSO":
            if not np.array_equal(np.unique(y[:split]), np.unique(y[split:])):
                raise ValueError(
                    "Training and validation subsets have different classes after the split. If your arrays "
                    "are sorted by label, shuffle them before calling flow().")
        self.x = x[start:stop]
        self.y = None if y is None else y[start:stop]
        self.sample_weight = None if sample_weight is None else sample_weight[start:stop]
        self.image_data_generator = image_data_generator
        self.subset = subset
        self.dtype = image_data_generator.dtype
        super().__init__(len(self.x), batch_size, shuffle, seed, **kwargs)

    def _get_batch(self, indices, rng):
        batch_x = self.image_data_generator._transform_batch(self.x[indices], rng)
        if self.y is None:
            return batch_x
        if self.sample_weight is not None:
            return batch_x, self.y[indices], self.sample_weight[indices]
        return batch_x, self.y[indices]


class _FileIterator(ImageIterator):
    """Shared machinery for iterators that decode image files."""

    def _set_file_attrs(self, image_data_generator, target_size, color_mode, class_mode, interpolation,
                        fast_jpeg=True):
        if class_mode not in self._class_modes:
            raise ValueError(f"class_mode must be one of {self._class_modes}, got {class_mode!r}.")
        self.pil_mode, channels = _io._check_color_mode(color_mode)
        self.target_size = _io._check_target_size(target_size)
        if self.target_size is None:
            raise ValueError("target_size must be a (height, width) pair; every image in a batch needs one size.")
        self.resample = _io._check_interpolation(interpolation)
        self.image_data_generator = image_data_generator
        self.color_mode = color_mode
        self.class_mode = class_mode
        self.interpolation = interpolation
        self.fast_jpeg = bool(fast_jpeg)
        self.image_shape = self.target_size + (channels,)
        self.dtype = image_data_generator.dtype

    def _drop_unreadable(self, paths):
        """Indices of ``paths`` that decode, warning once with the names of those that do not."""
        reasons = list(_io.thread_pool().map(_io.check_file, paths))
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
        return self.classes

    def _setup_cache(self, cache):
        """Keep decoded images in memory after their first epoch (``"auto"``: if they fit in 512 MiB)."""
        nbytes = self.samples * int(np.prod(self.image_shape))
        if cache == "auto":
            cache = nbytes <= CACHE_AUTO_BYTES
        elif not isinstance(cache, bool):
            raise ValueError(f"cache must be True, False or 'auto', got {cache!r}.")
        self.cache = cache
        # np.empty only reserves address space; pages are touched as images arrive.
        self._cache = np.empty((self.samples,) + self.image_shape, dtype="uint8") if cache else None
        self._cached = np.zeros(self.samples, dtype=bool)
        self._failed = set()

    def _load(self, indices):
        """The batch's images as ``uint8``: from the cache, or decoded in parallel.

        A file that fails to decode now (changed since indexing, or a truncated JPEG)
        is left out of the batch with a warning, never an exception mid-epoch.
        """
        indices = np.asarray(indices)
        todo = indices if self._cache is None else indices[~self._cached[indices]]

        def decode(i):
            try:
                return _io.decode_file(self._filepaths[i], self.pil_mode, self.target_size, self.resample,
                                       self.fast_jpeg)
            except Exception as err:
                return err

        decoded = dict(zip(todo.tolist(), _io.thread_pool().map(decode, todo.tolist()) if len(todo) > 1
                           else map(decode, todo.tolist())))
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
        batch = np.empty((len(indices),) + self.image_shape, dtype="uint8")
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
        # uint8 goes straight to the transforms: gathering bytes moves less memory than floats.
        batch_x = self.image_data_generator._transform_batch(batch_u8, rng)
        return self._with_labels(batch_x, indices)

    def _with_labels(self, batch_x, indices):
        mode = self.class_mode
        if mode is None:
            return batch_x
        if mode == "input":
            return batch_x, batch_x.copy()
        if mode in ("binary", "sparse"):
            return batch_x, self.classes[indices].astype(self.dtype)
        if mode == "categorical":
            batch_y = np.zeros((len(indices), self.num_classes), dtype=self.dtype)
            batch_y[np.arange(len(indices)), self.classes[indices]] = 1.0
            return batch_x, batch_y
        # "raw" (data frames): the y column as it is.
        return batch_x, self._raw_labels[indices]


def _list_class_files(class_dir, follow_links):
    """Image files under one class folder (recursively), sorted as the legacy generator sorts them."""
    found = []
    for root, _, files in sorted(os.walk(class_dir, followlinks=follow_links), key=lambda t: t[0]):
        for name in sorted(files):
            if name.lower().endswith(_io.IMAGE_EXTENSIONS):
                found.append(os.path.join(root, name))
    return found


class DirectoryIterator(_FileIterator):
    """Batches from a folder with one subfolder per class, returned by :meth:`ImageDataGenerator.flow_from_directory`.

    Attributes:
        class_indices: dict mapping each class (subfolder) name to its index.
        classes: class index of every sample, in the order of ``filenames``.
        filenames: paths relative to ``directory`` (``"cats/cat001.png"``).
        samples: number of images found (after skipping unreadable ones).
        num_classes: number of classes.
    """

    _class_modes = CLASS_MODES

    def __init__(self, directory, image_data_generator, target_size=(256, 256), color_mode="rgb", classes=None,
                 class_mode="categorical", batch_size=32, shuffle=True, seed=None, subset=None,
                 interpolation="nearest", follow_links=False, fast_jpeg=True, cache="auto", **kwargs):
        self._set_file_attrs(image_data_generator, target_size, color_mode, class_mode, interpolation, fast_jpeg)
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

        paths, labels = [], []
        for name in classes:
            files = _list_class_files(os.path.join(directory, name), follow_links)
            start, stop = _split_bounds(len(files), image_data_generator.validation_split, subset)
            paths += files[start:stop]
            labels += [self.class_indices[name]] * (stop - start)
        if not paths:
            raise ValueError(f"No image files ({', '.join(_io.IMAGE_EXTENSIONS)}) found in the class folders "
                             f"{classes} of {directory!r}" + (f" for subset={subset!r}." if subset else "."))
        readable = self._drop_unreadable(paths)
        self._filepaths = [p for p, ok in zip(paths, readable) if ok]
        self.classes = np.asarray(labels, dtype="int32")[readable]
        if not self._filepaths:
            raise ValueError(f"None of the {len(paths)} image files in {directory!r} could be read.")
        self.filenames = [os.path.relpath(p, directory) for p in self._filepaths]
        self.samples = len(self._filepaths)
        print(f"Found {self.samples} images belonging to {self.num_classes} classes.")
        self._setup_cache(cache)
        super().__init__(self.samples, batch_size, shuffle, seed, **kwargs)


class DataFrameIterator(_FileIterator):
    """Batches from a pandas DataFrame of file names and labels, returned by
    :meth:`ImageDataGenerator.flow_from_dataframe`.

    ``class_mode`` may also be ``"raw"``: the ``y_col`` values are returned as they are
    (regression targets, for example).
    """

    _class_modes = CLASS_MODES + ("raw",)

    def __init__(self, dataframe, image_data_generator, directory=None, x_col="filename", y_col="class",
                 target_size=(256, 256), color_mode="rgb", classes=None, class_mode="categorical", batch_size=32,
                 shuffle=True, seed=None, subset=None, interpolation="nearest", validate_filenames=True,
                 fast_jpeg=True, cache="auto", **kwargs):
        self._set_file_attrs(image_data_generator, target_size, color_mode, class_mode, interpolation, fast_jpeg)
        if x_col not in dataframe.columns:
            raise ValueError(f"x_col={x_col!r} is not a column of the data frame (columns: {list(dataframe.columns)}).")
        needs_y = class_mode not in ("input", None)
        if needs_y and y_col not in dataframe.columns:
            raise ValueError(f"y_col={y_col!r} is not a column of the data frame (columns: {list(dataframe.columns)}).")
        if directory is not None and not os.path.isdir(directory):
            raise FileNotFoundError(f"Image directory not found: {os.fspath(directory)!r}")
        self.directory = None if directory is None else os.fspath(directory)
        names = [str(f) for f in dataframe[x_col]]
        paths = [n if self.directory is None else os.path.join(self.directory, n) for n in names]
        keep = np.array([n.lower().endswith(_io.IMAGE_EXTENSIONS) for n in names], dtype=bool)
        if not keep.all():
            warnings.warn(f"Ignoring {int((~keep).sum())} row(s) whose file name has no image extension.",
                          stacklevel=3)
        frame = dataframe[keep].reset_index(drop=True)
        paths = [p for p, k in zip(paths, keep) if k]
        start, stop = _split_bounds(len(paths), image_data_generator.validation_split, subset)
        frame, paths = frame.iloc[start:stop].reset_index(drop=True), paths[start:stop]
        if validate_filenames:
            exists = np.array([os.path.isfile(p) for p in paths], dtype=bool)
            if not exists.all():
                missing = [p for p, e in zip(paths, exists) if not e]
                warnings.warn(f"Skipping {len(missing)} missing file(s): {missing[:10]}", stacklevel=3)
            readable = exists.copy()
            readable[exists] = self._drop_unreadable([p for p, e in zip(paths, exists) if e])
            frame, paths = frame[readable].reset_index(drop=True), [p for p, r in zip(paths, readable) if r]
        if not paths:
            raise ValueError("No readable image files listed in the data frame.")
        self.subset = subset
        self._filepaths = paths
        self.filenames = [str(f) for f in frame[x_col]]
        self.samples = len(paths)
        if class_mode in ("categorical", "binary", "sparse"):
            values = [str(v) for v in frame[y_col]]
            names = sorted(set(values)) if classes is None else list(classes)
            if class_mode == "binary" and len(names) != 2:
                raise ValueError(f"class_mode='binary' needs exactly 2 classes in {y_col!r}, found {names}.")
            self.class_indices = {name: i for i, name in enumerate(names)}
            unknown = sorted(set(values) - set(names))
            if unknown:
                raise ValueError(f"Labels {unknown} in column {y_col!r} are not among classes={names}.")
            self.classes = np.array([self.class_indices[v] for v in values], dtype="int32")
            self.num_classes = len(names)
        else:
            self.class_indices, self.num_classes = {}, 0
            self.classes = None
            self._raw_labels = np.asarray(frame[y_col].to_numpy()) if class_mode == "raw" else None
        print(f"Found {self.samples} images" + (f" belonging to {self.num_classes} classes." if self.num_classes
                                                else "."))
        self._setup_cache(cache)
        super().__init__(self.samples, batch_size, shuffle, seed, **kwargs)
