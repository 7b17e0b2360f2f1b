"""``ImageDataGenerator``: the Keras 2 augmentation API, for Keras 3, a batch at a time."""

from __future__ import annotations

import warnings

import numpy as np

from kerascourse.images import _io, _iterators, _transforms

_DEPRECATED_DATAFRAME_ARGS = {
    "has_ext": "has_ext is deprecated, filenames in the dataframe have to match the exact filenames in disk.",
    "sort": "sort is deprecated, batches will be created in thesame order than the filenames provided if "
            "shuffleis set to False.",
    "drop_duplicates": "drop_duplicates is deprecated, you can drop duplicates by using the "
                       "pandas.DataFrame.drop_duplicates method.",
}


def _default_dtype():
    import keras  # only for the configured float type, as the legacy generator

    return keras.config.floatx()


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
        zca_whitening, zca_epsilon: ZCA whitening learnt by :meth:`fit` (slow for
            large images: see :meth:`fit`); it turns on ``featurewise_center`` and
            off ``featurewise_std_normalization``, as in Keras 2.
        data_format: ``"channels_last"`` (images ``(h, w, c)``) or ``"channels_first"``
            (``(c, h, w)``); ``None`` means ``keras.config.image_data_format()``.
            The transforms run channels-last either way (a transposed view).
        interpolation_order: spline order of the resampling, 0 to 5. 1 (bilinear,
            the default) is the fast batched path (with OpenCV installed, random
            batches use ``cv2.warpAffine``: uint8 images come back rounded to whole
            values, at most about 0.5 from the exact bilinear value;
            ``apply_transform`` stays exact); 0 (nearest: label maps keep
            their values) and 2 to 5 run scipy per image and channel, like the
            legacy generator, and are several times slower.
        dtype: dtype of the batches (``None``: ``keras.config.floatx()``).

    Example:
        >>> import numpy as np
        >>> gen = ImageDataGenerator(rescale=1 / 255, horizontal_flip=True)
        >>> x = np.random.randint(0, 256, (10, 8, 8, 3)).astype("uint8")
        >>> batches = gen.flow(x, np.arange(10), batch_size=4, seed=0)
        >>> len(batches), batches[0][0].shape, float(batches[0][0].max()) <= 1.0
        (3, (4, 8, 8, 3), True)
    """

    def __init__(self, featurewise_center=False, samplewise_center=False, featurewise_std_normalization=False,
                 samplewise_std_normalization=False, zca_whitening=False, zca_epsilon=1e-6, rotation_range=0,
                 width_shift_range=0.0, height_shift_range=0.0, brightness_range=None, shear_range=0.0,
                 zoom_range=0.0, channel_shift_range=0.0, fill_mode="nearest", cval=0.0, horizontal_flip=False,
                 vertical_flip=False, rescale=None, preprocessing_function=None, data_format=None,
                 validation_split=0.0, interpolation_order=1, dtype=None):
        self.featurewise_center = featurewise_center
        self.samplewise_center = samplewise_center
        self.featurewise_std_normalization = featurewise_std_normalization
        self.samplewise_std_normalization = samplewise_std_normalization
        self.zca_whitening = zca_whitening
        self.zca_epsilon = zca_epsilon
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
        self.data_format = _io.check_data_format(data_format)
        # Axes of a batch, as the legacy generator names them.
        self.channel_axis, self.row_axis, self.col_axis = (3, 1, 2) if self.data_format == "channels_last" else (1, 2, 3)
        self.validation_split = validation_split
        self.interpolation_order = interpolation_order
        self.dtype = _default_dtype() if dtype is None else dtype
        self.mean = None
        self.std = None
        self.zca_whitening_matrix = None
        self._check_args()

    @property
    def _validation_split(self):
        # The legacy iterators read the split under this name.
        return self.validation_split

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
            raise ValueError("`zoom_range` should be a float or a tuple or list of two floats. "
                             f"Received: {zoom!r}")
        if self.zoom_range[0] <= 0 or self.zoom_range[0] > self.zoom_range[1]:
            raise ValueError(f"zoom_range must give 0 < low <= high, got {self.zoom_range}.")
        if self.brightness_range is not None:
            if not isinstance(self.brightness_range, (list, tuple)) or len(self.brightness_range) != 2:
                raise ValueError("`brightness_range should be tuple or list of two floats. "
                                 f"Received: {self.brightness_range!r}")
        if self.fill_mode not in _transforms.FILL_MODES:
            raise ValueError(f"fill_mode must be one of {_transforms.FILL_MODES}, got {self.fill_mode!r}.")
        if self.validation_split and not 0 < self.validation_split < 1:
            raise ValueError("`validation_split` must be strictly between 0 and 1.  "
                             f"Received: {self.validation_split!r}")
        if self.rescale is not None and not isinstance(self.rescale, (int, float, np.integer, np.floating)):
            raise ValueError(f"rescale must be a number or None, got {self.rescale!r}.")
        if self.preprocessing_function is not None and not callable(self.preprocessing_function):
            raise ValueError("preprocessing_function must be callable or None.")
        order = self.interpolation_order
        if isinstance(order, bool) or not isinstance(order, (int, np.integer)) or not 0 <= order <= 5:
            # Legacy passes it on to scipy, which fails at the first batch; here it fails at once.
            raise ValueError(f"interpolation_order must be an integer from 0 to 5, got {order!r}.")
        if self.zca_whitening:
            if not self.featurewise_center:
                self.featurewise_center = True
                warnings.warn("This ImageDataGenerator specifies `zca_whitening`, which overrides setting of "
                              "`featurewise_center`.", stacklevel=3)
            if self.featurewise_std_normalization:
                self.featurewise_std_normalization = False
                warnings.warn("This ImageDataGenerator specifies `zca_whitening` which overrides setting of"
                              "`featurewise_std_normalization`.", stacklevel=3)
        elif self.featurewise_std_normalization and not self.featurewise_center:
            self.featurewise_center = True
            warnings.warn("featurewise_std_normalization also turns on featurewise_center.", stacklevel=3)
        if self.samplewise_std_normalization and not self.samplewise_center:
            self.samplewise_center = True
            warnings.warn("samplewise_std_normalization also turns on samplewise_center.", stacklevel=3)

    # ------------------------------------------------------------------ iterators

    def flow(self, x, y=None, batch_size=32, shuffle=True, sample_weight=None, seed=None, save_to_dir=None,
             save_prefix="", save_format="png", ignore_class_split=False, subset=None, **kwargs):
        """Batches of augmented images from arrays (arguments in the legacy order).

        Args:
            x: images, shape ``(samples, height, width, channels)`` (``channels_first``:
                ``(samples, channels, height, width)``), or a tuple ``(images, extra)``
                whose ``extra`` (an array or a list of arrays) rides along untouched:
                the batches' inputs are then the tuple ``(images, *extra)`` (legacy
                gives a list, which Keras 3 would stack into one input).
            y: labels (any shape with ``len(y) == len(x)``) or ``None`` for images only.
            batch_size, shuffle, seed: batching, reshuffling each epoch, reproducibility.
            sample_weight: optional per-sample weights, returned as a third item.
            save_to_dir, save_prefix, save_format: also write every augmented image
                to ``save_to_dir/<prefix>_<index>_<random>.<format>`` (to look at them).
            ignore_class_split: with ``subset``, skip the check that both subsets
                hold the same label values (needed for regression targets).
            subset: ``"training"`` or ``"validation"`` when ``validation_split`` is set
                (validation is the *first* ``validation_split`` of the samples).
            **kwargs: ``workers``, ``use_multiprocessing``, ``max_queue_size`` (PyDataset).

        Returns:
            A :class:`~kerascourse.images.NumpyArrayIterator` (a ``keras.utils.PyDataset``).

        Example:
            >>> import numpy as np
            >>> flow = ImageDataGenerator().flow((np.zeros((4, 8, 8, 3)), np.ones((4, 2))), np.arange(4),
            ...                                  batch_size=2)
            >>> [a.shape for a in next(flow)[0]]
            [(2, 8, 8, 3), (2, 2)]
        """
        return _iterators.NumpyArrayIterator(
            x, y, self, batch_size=batch_size, shuffle=shuffle, sample_weight=sample_weight, seed=seed,
            data_format=self.data_format, save_to_dir=save_to_dir, save_prefix=save_prefix,
            save_format=save_format, subset=subset, ignore_class_split=ignore_class_split, dtype=self.dtype,
            **kwargs)

    def flow_from_directory(self, directory, target_size=(256, 256), color_mode="rgb", classes=None,
                            class_mode="categorical", batch_size=32, shuffle=True, seed=None, save_to_dir=None,
                            save_prefix="", save_format="png", follow_links=False, subset=None,
                            interpolation="nearest", keep_aspect_ratio=False, *, fast_jpeg=True, cache="auto",
                            **kwargs):
        """Batches of augmented images read from ``directory/<class>/*.png|jpg|...``.

        Unreadable files are skipped with a warning naming them when the folder is
        indexed; other files are ignored. ``class_mode`` is ``"categorical"``
        (one-hot labels), ``"binary"`` (0/1 floats, exactly two classes),
        ``"sparse"`` (integer labels), ``"input"`` (the images as targets, for
        autoencoders) or ``None`` (images only). Files are decoded by a thread
        pool (by OpenCV when it is installed: it releases the GIL); with ``fast_jpeg``
        (default) large JPEGs are decoded at reduced scale before the resize (set
        it to ``False`` for the legacy pixels exactly).
        With ``cache`` (``"auto"``: when the decoded images fit in 512 MiB) each file
        is decoded once, in its first epoch, and kept in memory as ``uint8``.
        ``keep_aspect_ratio`` crops the centre of each picture to the target's
        aspect ratio before resizing; ``save_to_dir`` etc. as in :meth:`flow`.

        Unlike the legacy generator, a folder with no image file for the subset
        raises ``ValueError`` instead of giving an empty iterator (that is almost
        always a wrong path, and training on nothing fails later, less clearly).

        Returns:
            A :class:`~kerascourse.images.DirectoryIterator` with ``class_indices``,
            ``classes``, ``filenames``, ``samples`` and ``num_classes``.
        """
        return _iterators.DirectoryIterator(
            directory, self, target_size=target_size, color_mode=color_mode, classes=classes,
            class_mode=class_mode, batch_size=batch_size, shuffle=shuffle, seed=seed, data_format=self.data_format,
            save_to_dir=save_to_dir, save_prefix=save_prefix, save_format=save_format, follow_links=follow_links,
            subset=subset, interpolation=interpolation, keep_aspect_ratio=keep_aspect_ratio, dtype=self.dtype,
            fast_jpeg=fast_jpeg, cache=cache, **kwargs)

    def flow_from_dataframe(self, dataframe, directory=None, x_col="filename", y_col="class", weight_col=None,
                            target_size=(256, 256), color_mode="rgb", classes=None, class_mode="categorical",
                            batch_size=32, shuffle=True, seed=None, save_to_dir=None, save_prefix="",
                            save_format="png", subset=None, interpolation="nearest", validate_filenames=True,
                            *, keep_aspect_ratio=False, fast_jpeg=True, cache="auto", **kwargs):
        """Batches of augmented images listed in a pandas DataFrame (file names in ``x_col``).

        ``class_mode``: ``"categorical"`` (one-hot; a cell holding a list of labels
        gives a multi-hot row), ``"binary"``, ``"sparse"``, ``"raw"`` (the ``y_col``
        column, or columns if ``y_col`` is a list, as they are), ``"multi_output"``
        (a tuple with one array per column of the list ``y_col``; legacy gives a
        list, which Keras 3 would stack into one target), ``"input"`` or
        ``None``. ``weight_col`` names a numeric column of sample weights, returned
        as a third item. With ``validate_filenames`` (default) rows whose file is
        missing or has no image extension are dropped with a warning (and so are
        files that are not readable images); ``False`` keeps every row.
        The legacy arguments ``has_ext``, ``sort``, ``drop_duplicates`` and
        ``class_mode="other"`` are accepted with its deprecation warnings.

        Returns:
            A :class:`~kerascourse.images.DataFrameIterator`.

        Example:
            >>> import pandas as pd
            >>> frame = pd.DataFrame({"filename": ["a.png"], "class": [["cat", "dog"]]})
            >>> it = ImageDataGenerator().flow_from_dataframe(frame, "photos/")   # doctest: +SKIP
        """
        for name, message in _DEPRECATED_DATAFRAME_ARGS.items():
            if name in kwargs:
                kwargs.pop(name)
                warnings.warn(message, DeprecationWarning, stacklevel=2)
        if class_mode == "other":
            warnings.warn('`class_mode` "other" is deprecated, please use `class_mode` "raw".', DeprecationWarning,
                          stacklevel=2)
            class_mode = "raw"
        return _iterators.DataFrameIterator(
            dataframe, directory, self, x_col=x_col, y_col=y_col, weight_col=weight_col, target_size=target_size,
            color_mode=color_mode, classes=classes, class_mode=class_mode, batch_size=batch_size, shuffle=shuffle,
            seed=seed, data_format=self.data_format, save_to_dir=save_to_dir, save_prefix=save_prefix,
            save_format=save_format, subset=subset, interpolation=interpolation,
            keep_aspect_ratio=keep_aspect_ratio, dtype=self.dtype, validate_filenames=validate_filenames,
            fast_jpeg=fast_jpeg, cache=cache, **kwargs)

    # ------------------------------------------------------------------ single images (Keras 2 API)

    def get_random_transform(self, img_shape, seed=None):
        """Random transform parameters for one image of shape ``img_shape``, as a dictionary.

        Keys: ``theta``, ``tx`` (column shift, pixels), ``ty`` (row shift),
        ``shear``, ``zx``, ``zy``, ``flip_horizontal``, ``flip_vertical``,
        ``channel_shift_intensity``, ``brightness``.
        """
        params = _transforms.random_params(self, 1, self._hwc(img_shape), np.random.default_rng(seed))
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
        """Apply a parameter dictionary (see :meth:`get_random_transform`) to one image.

        The image is ``(h, w, c)``, or ``(c, h, w)`` with ``data_format="channels_first"``.
        """
        x = self._check_image(x, "apply_transform")
        params = _transforms.stack_params([transform_parameters])
        return self._in_layout(x[np.newaxis], lambda last: _transforms.apply_params(
            last, params, self.fill_mode, self.cval, self.dtype, self.interpolation_order))[0]

    def random_transform(self, x, seed=None):
        """Apply a random transform to one image; ``seed`` makes it reproducible."""
        x = self._check_image(x, "random_transform")
        return self.apply_transform(x, self.get_random_transform(x.shape, seed))

    def _check_image(self, x, where):
        x = np.asarray(x)
        if x.ndim != 3:
            raise ValueError(f"{where} expects one image of rank 3 (height, width, channels), got shape {x.shape}.")
        return x.astype(self.dtype, copy=False)

    def _hwc(self, shape):
        """``(height, width, channels)`` of an image shape given in this generator's data format."""
        shape = tuple(shape)[-3:]
        return shape if self.data_format == "channels_last" else (shape[1], shape[2], shape[0])

    def _in_layout(self, x, fn):
        """Run ``fn`` (which works on channels-last batches) on a batch in this generator's layout."""
        if self.data_format == "channels_last":
            return fn(x)
        out = fn(np.moveaxis(x, 1, -1))
        return np.ascontiguousarray(np.moveaxis(out, -1, 1))

    # ------------------------------------------------------------------ normalisation

    def fit(self, x, augment=False, rounds=1, seed=None):
        """Learn the statistics of featurewise centring/normalisation and ZCA whitening.

        ``rescale`` is applied first, as in Keras 2. With ``augment=True`` the
        statistics are taken over ``rounds`` randomly augmented copies of ``x``.
        ZCA whitening computes, as the legacy generator, the SVD of the flattened
        images and a ``d × d`` matrix, ``d = height * width * channels``: fine for
        small images (32×32×3 gives 3072²), slow and memory-hungry for large ones
        (150×150×3 would need 18 GB), where it is best left off.

        Example:
            >>> import numpy as np
            >>> gen = ImageDataGenerator(featurewise_center=True).fit(np.ones((2, 4, 4, 3)))
            >>> gen.mean.shape
            (1, 1, 3)
        """
        x = np.asarray(x, dtype=self.dtype)
        if x.ndim != 4:
            raise ValueError(f"Input to `.fit()` should have rank 4. Got array with shape: {x.shape} "
                             "(fit expects a rank-4 array of images).")
        if len(x) == 0:
            raise ValueError("fit needs at least one image.")
        if x.shape[self.channel_axis] not in (1, 3, 4):
            warnings.warn(f'Expected input to be images following the data format convention "{self.data_format}" '
                          f"(channels on axis {self.channel_axis}), i.e. expected either 1, 3 or 4 channels on axis "
                          f"{self.channel_axis}. However, it was passed an array with shape {x.shape} "
                          f"({x.shape[self.channel_axis]} channels).", stacklevel=2)
        if self.rescale:
            x = x * self.rescale
        if augment:
            rng = np.random.default_rng(seed)
            x = np.concatenate([self._augment(x, rng) for _ in range(int(rounds))])
        axes = (0, self.row_axis, self.col_axis)
        shape = [1, 1, 1]
        shape[self.channel_axis - 1] = x.shape[self.channel_axis]
        if self.featurewise_center:
            self.mean = np.mean(x, axis=axes).reshape(shape).astype(self.dtype)
            x = x - self.mean
        if self.featurewise_std_normalization:
            self.std = np.std(x, axis=axes).reshape(shape).astype(self.dtype)
            x = x / (self.std + 1e-6)
        if self.zca_whitening:
            flat = x.reshape(len(x), -1)
            u, s, _ = np.linalg.svd(flat.T, full_matrices=False)
            s_inv = np.sqrt(len(x)) / (s + self.zca_epsilon)
            self.zca_whitening_matrix = (u * s_inv).dot(u.T)
        return self

    def standardize(self, x):
        """Normalise one image or a batch (in this generator's data format); returns a new array.

        In order: ``preprocessing_function`` (per image), ``rescale``,
        samplewise centring/normalisation (per image), featurewise ones and ZCA
        whitening (from :meth:`fit`). Unlike the legacy method, ``x`` is not
        changed in place.
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
        if self.zca_whitening:
            if self.zca_whitening_matrix is None:
                warnings.warn("zca_whitening is set but the generator has not been fit: call .fit(x_train) first.",
                              stacklevel=3)
            else:
                # One matrix product for the whole batch (legacy: one per image).
                x = (x.reshape(len(x), -1) @ self.zca_whitening_matrix).reshape(x.shape).astype(x.dtype, copy=False)
        return x

    # ------------------------------------------------------------------ batches

    def _augments(self):
        return bool(self.rotation_range or np.any(self.width_shift_range) or np.any(self.height_shift_range)
                    or self.shear_range or self.zoom_range != [1, 1] or self.channel_shift_range
                    or self.horizontal_flip or self.vertical_flip or self.brightness_range is not None)

    def _augment(self, x, rng):
        """Random transforms of a batch (in this generator's layout), all images at once; a new array."""
        if not self._augments() or len(x) == 0:
            return x.astype(self.dtype)

        def transform(last):
            params = _transforms.random_params(self, len(last), last.shape[1:], rng)
            # Random augmentation may take OpenCV's resampling (1/32-pixel coordinates):
            # nobody can tell a random rotation of 12.3° from one of 12.31°.
            return _transforms.apply_params(last, params, self.fill_mode, self.cval, self.dtype,
                                            self.interpolation_order, exact=False)

        return self._in_layout(x, transform)

    def _transform_batch(self, x, rng):
        """Augment then standardise a batch (any numeric dtype; uint8 straight from files is cheapest)."""
        return self._standardize_batch(self._augment(x, rng))


_iterators.register_generator_class(ImageDataGenerator)
