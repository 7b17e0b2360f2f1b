"""``ImageDataGenerator``: the Keras 2 augmentation API, for Keras 3, a batch at a time."""

from __future__ import annotations

import warnings

import numpy as np

from kerascourse.images import _iterators, _transforms


class ImageDataGenerator:
    """Random augmentation and normalisation of image batches, with the Keras 2 arguments.

    Drop-in for ``keras.preprocessing.image.ImageDataGenerator`` (removed in
    Keras 3): the same keyword arguments, ``flow``, ``flow_from_directory``,
    ``flow_from_dataframe``, ``fit``, ``random_transform``, ``apply_transform``
    and ``standardize``. The iterators are ``keras.utils.PyDataset`` objects that
    ``model.fit`` takes directly, and each batch is transformed in one vectorised
    step (one affine matrix per image, one resampling for the batch).

    Args:
        featurewise_center: subtract the dataset mean (per channel), learnt by :meth:`fit`.
        samplewise_center: subtract each image's own mean.
        featurewise_std_normalization: divide by the dataset std (per channel), learnt by :meth:`fit`.
        samplewise_std_normalization: divide each image by its own std.
        rotation_range: degrees; rotations are drawn from ``[-r, r]``.
        width_shift_range, height_shift_range: a float < 1 is a fraction of the
            width/height, >= 1 pixels (drawn from ``[-r, r]``); an int ``n`` draws whole
            pixels from ``[0, n)`` with a random sign; a list draws from its values.
        brightness_range: ``(low, high)`` brightness factors, or ``None``.
        shear_range: shear angle in degrees, drawn from ``[-s, s]``.
        zoom_range: a float ``z`` means ``[1 - z, 1 + z]``; or a ``[low, high]`` pair.
        channel_shift_range: adds a value from ``[-c, c]`` to every channel.
        fill_mode: ``"nearest"``, ``"constant"``, ``"reflect"`` or ``"wrap"``, for points
            a transform brings in from outside the image.
        cval: fill value for ``fill_mode="constant"``.
        horizontal_flip, vertical_flip: flip half of the images at random.
        rescale: multiply every pixel by this (after the transforms), e.g. ``1/255``.
        preprocessing_function: called on each image (rank 3) after the transforms
            and before the rescaling, like Keras 2.
        validation_split: fraction of the data kept for ``subset="validation"``.
        dtype: dtype of the batches.

    Example:
        >>> import numpy as np
        >>> gen = ImageDataGenerator(rescale=1 / 255, horizontal_flip=True)
        >>> x = np.random.randint(0, 256, (10, 8, 8, 3)).astype("uint8")
        >>> batches = gen.flow(x, np.arange(10), batch_size=4, seed=0)
        >>> len(batches), batches[0][0].shape, float(batches[0][0].max()) <= 1.0
        (3, (4, 8, 8, 3), True)
    """

    def __init__(self, featurewise_center=False, samplewise_center=False, featurewise_std_normalization=False,
                 samplewise_std_normalization=False, rotation_range=0, width_shift_range=0.0,
                 height_shift_range=0.0, brightness_range=None, shear_range=0.0, zoom_range=0.0,
                 channel_shift_range=0.0, fill_mode="nearest", cval=0.0, horizontal_flip=False,
                 vertical_flip=False, rescale=None, preprocessing_function=None, validation_split=0.0,
                 dtype="float32"):
        self.featurewise_center = featurewise_center
        self.samplewise_center = samplewise_center
        self.featurewise_std_normalization = featurewise_std_normalization
        self.samplewise_std_normalization = samplewise_std_normalization
        self.rotation_range = rotation_range
        self.width_shift_range = width_shift_range
        self.height_shift_range = height_shift_range
        self.brightness_range = brightness_range
        self.shear_range = shear_range
        self.zoom_range = zoom_range
        self.channel_shift_range = channel_shift_range
        self.fill_mode = fill_mode
        self.cval = cval
        self.horizontal_flip = horizontal_flip
        self.vertical_flip = vertical_flip
        self.rescale = rescale
        self.preprocessing_function = preprocessing_function
        self.validation_split = validation_split
        self.dtype = dtype
        self.mean = None
        self.std = None
        self._check_args()

    def _check_args(self):
        for name in ("rotation_range", "shear_range", "channel_shift_range"):
            value = getattr(self, name)
            if not isinstance(value, (int, float, np.integer, np.floating)) or value < 0:
                raise ValueError(f"{name} must be a number >= 0, got {value!r}.")
        for name in ("width_shift_range", "height_shift_range"):
            value = getattr(self, name)
            try:
                values = np.asarray(value, dtype="float64")
            except (TypeError, ValueError):
                raise ValueError(f"{name} must be a number or a list of numbers, got {value!r}.") from None
            if values.ndim == 0 and values < 0:
                raise ValueError(f"{name} must be >= 0, got {value!r}.")
        zoom = self.zoom_range
        if isinstance(zoom, (int, float, np.integer, np.floating)) and not isinstance(zoom, bool):
            self.zoom_range = [1 - zoom, 1 + zoom]
        elif isinstance(zoom, (list, tuple, np.ndarray)) and len(zoom) == 2:
            self.zoom_range = [float(zoom[0]), float(zoom[1])]
        else:
            raise ValueError(f"zoom_range should be a float or a pair [low, high], got {zoom!r}.")
        if self.zoom_range[0] <= 0 or self.zoom_range[0] > self.zoom_range[1]:
            raise ValueError(f"zoom_range must give 0 < low <= high, got {self.zoom_range}.")
        if self.brightness_range is not None:
            if not isinstance(self.brightness_range, (list, tuple)) or len(self.brightness_range) != 2:
                raise ValueError(f"brightness_range should be a pair (low, high) or None, "
                                 f"got {self.brightness_range!r}.")
        if self.fill_mode not in _transforms.FILL_MODES:
            raise ValueError(f"fill_mode must be one of {_transforms.FILL_MODES}, got {self.fill_mode!r}.")
        if self.validation_split and not 0 < self.validation_split < 1:
            raise ValueError(f"validation_split must be strictly between 0 and 1, got {self.validation_split!r}.")
        if self.rescale is not None and not isinstance(self.rescale, (int, float, np.integer, np.floating)):
            raise ValueError(f"rescale must be a number or None, got {self.rescale!r}.")
        if self.preprocessing_function is not None and not callable(self.preprocessing_function):
            raise ValueError("preprocessing_function must be callable or None.")
        if self.featurewise_std_normalization and not self.featurewise_center:
            self.featurewise_center = True
            warnings.warn("featurewise_std_normalization also turns on featurewise_center.", stacklevel=3)
        if self.samplewise_std_normalization and not self.samplewise_center:
            self.samplewise_center = True
            warnings.warn("samplewise_std_normalization also turns on samplewise_center.", stacklevel=3)

    # ------------------------------------------------------------------ iterators

    def flow(self, x, y=None, batch_size=32, shuffle=True, seed=None, subset=None, sample_weight=None,
             **kwargs):
        """Batches of augmented images from arrays.

        Args:
            x: images, shape ``(samples, height, width, channels)``.
            y: labels (any shape with ``len(y) == len(x)``) or ``None`` for images only.
            batch_size, shuffle, seed: batching, reshuffling each epoch, reproducibility.
            subset: ``"training"`` or ``"validation"`` when ``validation_split`` is set
                (validation is the *first* ``validation_split`` of the samples).
            sample_weight: optional per-sample weights, returned as a third item.
            **kwargs: ``workers``, ``use_multiprocessing``, ``max_queue_size`` (PyDataset).

        Returns:
            A :class:`~kerascourse.images.NumpyArrayIterator` (a ``keras.utils.PyDataset``).
        """
        return _iterators.NumpyArrayIterator(x, y, self, batch_size=batch_size, shuffle=shuffle, seed=seed,
                                             subset=subset, sample_weight=sample_weight, **kwargs)

    def flow_from_directory(self, directory, target_size=(256, 256), color_mode="rgb", classes=None,
                            class_mode="categorical", batch_size=32, shuffle=True, seed=None, subset=None,
                            interpolation="nearest", follow_links=False, fast_jpeg=True, cache="auto",
                            **kwargs):
        """Batches of augmented images read from ``directory/<class>/*.png|jpg|...``.

        Unreadable files are skipped with a warning naming them when the folder is
        indexed; other files are ignored. ``class_mode`` is ``"categorical"``
        (one-hot labels), ``"binary"`` (0/1 floats, exactly two classes),
        ``"sparse"`` (integer labels), ``"input"`` (the images as targets, for
        autoencoders) or ``None`` (images only). Files are decoded by a thread
        pool; with ``fast_jpeg`` (default) large JPEGs are decoded at reduced
        scale before the resize (set it to ``False`` for the legacy pixels exactly).
        With ``cache`` (``"auto"``: when the decoded images fit in 512 MiB) each file
        is decoded once, in its first epoch, and kept in memory as ``uint8``.

        Returns:
            A :class:`~kerascourse.images.DirectoryIterator` with ``class_indices``,
            ``classes``, ``filenames``, ``samples`` and ``num_classes``.
        """
        return _iterators.DirectoryIterator(
            directory, self, target_size=target_size, color_mode=color_mode, classes=classes,
            class_mode=class_mode, batch_size=batch_size, shuffle=shuffle, seed=seed, subset=subset,
            interpolation=interpolation, follow_links=follow_links, fast_jpeg=fast_jpeg, cache=cache, **kwargs)

    def flow_from_dataframe(self, dataframe, directory=None, x_col="filename", y_col="class",
                            target_size=(256, 256), color_mode="rgb", classes=None, class_mode="categorical",
                            batch_size=32, shuffle=True, seed=None, subset=None, interpolation="nearest",
                            validate_filenames=True, fast_jpeg=True, cache="auto", **kwargs):
        """Batches of augmented images listed in a pandas DataFrame (file names in ``x_col``).

        ``class_mode="raw"`` returns the ``y_col`` values unchanged (e.g. regression targets).

        Returns:
            A :class:`~kerascourse.images.DataFrameIterator`.
        """
        return _iterators.DataFrameIterator(
            dataframe, self, directory=directory, x_col=x_col, y_col=y_col, target_size=target_size,
            color_mode=color_mode, classes=classes, class_mode=class_mode, batch_size=batch_size,
            shuffle=shuffle, seed=seed, subset=subset, interpolation=interpolation,
            validate_filenames=validate_filenames, fast_jpeg=fast_jpeg, cache=cache, **kwargs)

    # ------------------------------------------------------------------ single images (Keras 2 API)

    def get_random_transform(self, img_shape, seed=None):
        """Random transform parameters for one image of shape ``img_shape``, as a dictionary.

        Keys: ``theta``, ``tx`` (column shift, pixels), ``ty`` (row shift),
        ``shear``, ``zx``, ``zy``, ``flip_horizontal``, ``flip_vertical``,
        ``channel_shift_intensity``, ``brightness``.
        """
        params = _transforms.random_params(self, 1, img_shape, np.random.default_rng(seed))
        out = {}
        for key, value in params.items():
            if value is None:
                out[key] = None
            elif value.dtype == bool:
                out[key] = bool(value[0])
            else:
                out[key] = float(value[0])
        return out

    def apply_transform(self, x, transform_parameters):
        """Apply a parameter dictionary (see :meth:`get_random_transform`) to one image ``(h, w, c)``."""
        x = self._check_image(x, "apply_transform")
        params = _transforms.stack_params([transform_parameters])
        return _transforms.apply_params(x[np.newaxis], params, self.fill_mode, self.cval, self.dtype)[0]

    def random_transform(self, x, seed=None):
        """Apply a random transform to one image ``(h, w, c)``; ``seed`` makes it reproducible."""
        x = self._check_image(x, "random_transform")
        return self.apply_transform(x, self.get_random_transform(x.shape, seed))

    def _check_image(self, x, where):
        x = np.asarray(x)
        if x.ndim != 3:
            raise ValueError(f"{where} expects one image of rank 3 (height, width, channels), got shape {x.shape}.")
        return x.astype(self.dtype, copy=False)

    # ------------------------------------------------------------------ normalisation

    def fit(self, x, augment=False, rounds=1, seed=None):
        """Learn the per-channel mean and std used by featurewise centring/normalisation.

        ``rescale`` is applied first, as in Keras 2. With ``augment=True`` the
        statistics are taken over ``rounds`` randomly augmented copies of ``x``.
        """
        x = np.asarray(x, dtype=self.dtype)
        if x.ndim != 4:
            raise ValueError(f"fit expects a rank-4 array (samples, height, width, channels), got shape {x.shape}.")
        if len(x) == 0:
            raise ValueError("fit needs at least one image.")
        if self.rescale:
            x = x * self.rescale
        if augment:
            rng = np.random.default_rng(seed)
            x = np.concatenate([self._augment(x, rng) for _ in range(int(rounds))])
        if self.featurewise_center:
            self.mean = np.mean(x, axis=(0, 1, 2)).reshape(1, 1, -1).astype(self.dtype)
            x = x - self.mean
        if self.featurewise_std_normalization:
            self.std = np.std(x, axis=(0, 1, 2)).reshape(1, 1, -1).astype(self.dtype)
        return self

    def standardize(self, x):
        """Normalise one image ``(h, w, c)`` or a batch ``(n, h, w, c)``; returns a new array.

        In order: ``preprocessing_function`` (per image), ``rescale``,
        samplewise centring/normalisation (per image), featurewise ones (from :meth:`fit`).
        """
        x = np.array(x, dtype=self.dtype)
        if x.ndim == 3:
            return self._standardize_batch(x[np.newaxis])[0]
        if x.ndim != 4:
            raise ValueError(f"standardize expects an image (rank 3) or a batch (rank 4), got shape {x.shape}.")
        return self._standardize_batch(x)

    def _standardize_batch(self, x):
        # Works in place on a batch the caller owns.
        if self.preprocessing_function is not None:
            for i in range(len(x)):  # a user function of one image cannot be vectorised for them
                x[i] = self.preprocessing_function(x[i])
        if self.rescale:
            x *= np.asarray(self.rescale, dtype=x.dtype)
        if self.samplewise_center:
            x -= np.mean(x, axis=(1, 2, 3), keepdims=True)
        if self.samplewise_std_normalization:
            x /= np.std(x, axis=(1, 2, 3), keepdims=True) + 1e-6
        if self.featurewise_center:
            if self.mean is None:
                warnings.warn("featurewise_center is set but the generator has not been fit: call "
                              ".fit(x_train) first.", stacklevel=3)
            else:
                x -= self.mean
        if self.featurewise_std_normalization:
            if self.std is None:
                warnings.warn("featurewise_std_normalization is set but the generator has not been fit: call "
                              ".fit(x_train) first.", stacklevel=3)
            else:
                x /= self.std + 1e-6
        return x

    # ------------------------------------------------------------------ batches

    def _augments(self):
        return bool(self.rotation_range or np.any(self.width_shift_range) or np.any(self.height_shift_range)
                    or self.shear_range or self.zoom_range != [1, 1] or self.channel_shift_range
                    or self.horizontal_flip or self.vertical_flip or self.brightness_range is not None)

    def _augment(self, x, rng):
        """Random transforms of a batch, all images at once; returns a new ``self.dtype`` array."""
        if not self._augments():
            return x.astype(self.dtype)
        params = _transforms.random_params(self, len(x), x.shape[1:], rng)
        return _transforms.apply_params(x, params, self.fill_mode, self.cval, self.dtype)

    def _transform_batch(self, x, rng):
        """Augment then standardise a batch (any numeric dtype; uint8 straight from files is cheapest)."""
        return self._standardize_batch(self._augment(x, rng))
