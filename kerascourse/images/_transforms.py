"""Batched random image transforms: one 3×3 matrix per image, one resampling per batch.

The legacy generator calls ``scipy.ndimage.affine_transform`` once per channel
per image from a Python loop. Here rotation, shift, shear, zoom and flips of
every image in a batch are composed into one matrix each (NumPy, vectorised
over the batch) and the whole batch is resampled in a single call to
an XLA-compiled TensorFlow function (``keras.ops.image.affine_transform`` on
other backends).

Matrices map *output* pixel coordinates ``(x=column, y=row)`` to the input
coordinates they sample, the convention of both scipy and TensorFlow, and are
built exactly as ``tf_keras``'s ``apply_affine_transform`` builds them:
``rotation @ shift @ shear @ zoom`` about the image centre. The parameter names
follow its ``apply_transform`` dictionary: ``tx`` shifts columns, ``ty`` rows,
``zx`` zooms columns, ``zy`` rows.
"""

from __future__ import annotations

import os

import numpy as np

from kerascourse.images import _optional

# Names of the parameters in a transform dictionary, with their identity values.
PARAM_DEFAULTS = {
    "theta": 0.0,
    "tx": 0.0,
    "ty": 0.0,
    "shear": 0.0,
    "zx": 1.0,
    "zy": 1.0,
    "flip_horizontal": False,
    "flip_vertical": False,
    "channel_shift_intensity": None,
    "brightness": None,
}

FILL_MODES = ("nearest", "constant", "reflect", "wrap")


def _shift_amounts(shift_range, n, size, rng):
    """Draw ``n`` shifts (in pixels) the way the legacy generator interprets ``*_shift_range``."""
    if not shift_range:
        return np.zeros(n)
    if isinstance(shift_range, (int, np.integer)) and not isinstance(shift_range, bool):
        # An int n: whole pixels from [0, n), with a random sign (legacy np.random.choice(n)).
        amounts = rng.integers(0, shift_range, size=n).astype("float64")
        amounts *= rng.choice([-1.0, 1.0], size=n)
    elif isinstance(shift_range, (float, np.floating)):
        amounts = rng.uniform(-shift_range, shift_range, size=n)
    else:
        values = np.asarray(shift_range, dtype="float64").ravel()
        if values.size == 0:
            raise ValueError("A shift range given as a list must not be empty.")
        amounts = rng.choice(values, size=n) * rng.choice([-1.0, 1.0], size=n)
    if np.max(shift_range) < 1:
        amounts = amounts * size  # fractions of the image size
    return amounts


def random_params(gen, n, image_shape, rng):
    """Draw transform parameters for ``n`` images as arrays of length ``n``.

    ``gen`` is an :class:`ImageDataGenerator`; ``image_shape`` is ``(height, width, channels)``.
    """
    height, width = image_shape[0], image_shape[1]
    params = {}
    params["theta"] = rng.uniform(-gen.rotation_range, gen.rotation_range, n) if gen.rotation_range else np.zeros(n)
    # Width shifts move columns (tx), height shifts move rows (ty).
    params["tx"] = _shift_amounts(gen.width_shift_range, n, width, rng)
    params["ty"] = _shift_amounts(gen.height_shift_range, n, height, rng)
    params["shear"] = rng.uniform(-gen.shear_range, gen.shear_range, n) if gen.shear_range else np.zeros(n)
    low, high = gen.zoom_range
    if low == 1 and high == 1:
        params["zx"] = params["zy"] = np.ones(n)
    else:
        params["zx"] = rng.uniform(low, high, n)
        params["zy"] = rng.uniform(low, high, n)
    params["flip_horizontal"] = (rng.random(n) < 0.5) & bool(gen.horizontal_flip)
    params["flip_vertical"] = (rng.random(n) < 0.5) & bool(gen.vertical_flip)
    if gen.channel_shift_range:
        params["channel_shift_intensity"] = rng.uniform(-gen.channel_shift_range, gen.channel_shift_range, n)
    else:
        params["channel_shift_intensity"] = None
    if gen.brightness_range is not None:
        params["brightness"] = rng.uniform(gen.brightness_range[0], gen.brightness_range[1], n)
    else:
        params["brightness"] = None
    return params


def stack_params(dicts):
    """A list of per-image parameter dictionaries → one dictionary of arrays."""
    out = {}
    for key, default in PARAM_DEFAULTS.items():
        values = [d.get(key, default) for d in dicts]
        if default is None:
            out[key] = None if all(v is None for v in values) else np.array(
                [np.nan if v is None else v for v in values], dtype="float64")
        elif isinstance(default, bool):
            out[key] = np.array([bool(v) for v in values])
        else:
            out[key] = np.array(values, dtype="float64")
    unknown = set().union(*dicts) - set(PARAM_DEFAULTS) if dicts else set()
    if unknown:
        raise ValueError(f"Unknown transform parameters {sorted(unknown)}; expected some of {list(PARAM_DEFAULTS)}.")
    return out


def _needs_resampling(params):
    return bool(
        np.any(params["theta"] != 0) or np.any(params["tx"] != 0) or np.any(params["ty"] != 0)
        or np.any(params["shear"] != 0) or np.any(params["zx"] != 1) or np.any(params["zy"] != 1)
    )


def affine_matrices(params, height, width):
    """Compose one output→input matrix per image, shape ``(n, 3, 3)``, in ``(x, y)`` coordinates."""
    n = len(params["theta"])
    theta = np.deg2rad(params["theta"])
    shear = np.deg2rad(params["shear"])
    eye = np.broadcast_to(np.eye(3), (n, 3, 3))

    rotation = eye.copy()
    rotation[:, 0, 0] = np.cos(theta)
    rotation[:, 0, 1] = -np.sin(theta)
    rotation[:, 1, 0] = np.sin(theta)
    rotation[:, 1, 1] = np.cos(theta)
    shift = eye.copy()
    shift[:, 0, 2] = params["tx"]
    shift[:, 1, 2] = params["ty"]
    shearing = eye.copy()
    shearing[:, 0, 1] = -np.sin(shear)
    shearing[:, 1, 1] = np.cos(shear)
    zoom = eye.copy()
    zoom[:, 0, 0] = params["zx"]
    zoom[:, 1, 1] = params["zy"]

    # About the centre of the image: move the centre to the origin, transform, move back.
    ox, oy = width / 2 - 0.5, height / 2 - 0.5
    to_centre = np.array([[1, 0, ox], [0, 1, oy], [0, 0, 1]], dtype="float64")
    from_centre = np.array([[1, 0, -ox], [0, 1, -oy], [0, 0, 1]], dtype="float64")
    matrix = to_centre @ rotation @ shift @ shearing @ zoom @ from_centre

    # Flips act on the transformed output, so they come last on the output side.
    flip = eye.copy()
    h_flip = params["flip_horizontal"].astype(bool)
    v_flip = params["flip_vertical"].astype(bool)
    flip[h_flip, 0, 0] = -1
    flip[h_flip, 0, 2] = width - 1
    flip[v_flip, 1, 1] = -1
    flip[v_flip, 1, 2] = height - 1
    return matrix @ flip


_XLA_RESAMPLERS = {}


def _xla_resampler(fill_mode):
    """A TensorFlow function, compiled with XLA, that resamples a batch bilinearly.

    It computes each output pixel's source coordinates once, gathers its four
    neighbours with all their channels, and blends them, fused into one loop by
    XLA: about twice as fast as ``ImageProjectiveTransformV3``, which redoes the
    coordinate arithmetic for every channel. XLA compiles once per batch shape.
    """
    if fill_mode in _XLA_RESAMPLERS:
        return _XLA_RESAMPLERS[fill_mode]
    import tensorflow as tf

    def neighbour_index(i, n):
        # Integer index of a neighbour outside the image → the pixel the fill mode uses.
        if fill_mode == "reflect":  # (d c b a | a b c d | d c b a)
            i = tf.math.floormod(i, 2 * n)
            return tf.where(i >= n, 2 * n - 1 - i, i)
        return tf.clip_by_value(i, 0, n - 1)  # nearest (a a | a b c d | d d), and constant's edges

    @tf.function(jit_compile=True, reduce_retracing=True)
    def resample(images, transforms, cval):
        shape = tf.shape(images)
        n, h, w, c = shape[0], shape[1], shape[2], shape[3]
        cols = tf.cast(tf.range(w), tf.float32)[None, None, :]
        rows = tf.cast(tf.range(h), tf.float32)[None, :, None]
        t = transforms[:, :, None, None]
        xs = t[:, 0] * cols + t[:, 1] * rows + t[:, 2]
        ys = t[:, 3] * cols + t[:, 4] * rows + t[:, 5]
        if fill_mode == "wrap":
            # scipy's "wrap" (the legacy generator's): the first and last pixels overlap,
            # so source coordinates repeat with period n - 1: (d b c d | a b c d | b c a b).
            w_period = tf.cast(tf.maximum(w - 1, 1), tf.float32)
            h_period = tf.cast(tf.maximum(h - 1, 1), tf.float32)
            xs = tf.math.floormod(xs, w_period)
            ys = tf.math.floormod(ys, h_period)
        x0f, y0f = tf.floor(xs), tf.floor(ys)
        fx, fy = (xs - x0f)[..., None], (ys - y0f)[..., None]
        x0, y0 = tf.cast(x0f, tf.int32), tf.cast(y0f, tf.int32)
        base = (tf.range(n) * (h * w))[:, None, None]
        flat = tf.reshape(images, (-1, c))
        corners = []
        for dy in (0, 1):
            for dx in (0, 1):
                xi, yi = x0 + dx, y0 + dy
                corners.append(tf.cast(
                    tf.gather(flat, base + neighbour_index(yi, h) * w + neighbour_index(xi, w)), tf.float32))
        top = corners[0] + fx * (corners[1] - corners[0])
        bottom = corners[2] + fx * (corners[3] - corners[2])
        out = top + fy * (bottom - top)
        if fill_mode == "constant":
            # As scipy's "constant" mode: a pixel whose source lies outside the image is cval.
            w_max, h_max = tf.cast(w - 1, tf.float32), tf.cast(h - 1, tf.float32)
            outside = (xs < 0) | (xs > w_max) | (ys < 0) | (ys > h_max)
            out = tf.where(outside[..., None], cval, out)
        return out

    _XLA_RESAMPLERS[fill_mode] = resample
    return resample


def _resample(x, matrices, fill_mode, cval):
    """Resample a batch ``(n, h, w, c)`` bilinearly with one matrix per image, in one call."""
    import keras  # imported here so that ``import kerascourse.images`` stays light

    transforms = np.concatenate([matrices[:, 0, :], matrices[:, 1, :], np.zeros((len(x), 2))], axis=1)
    transforms = transforms.astype("float32")
    if keras.backend.backend() == "tensorflow":
        # XLA compiles once per shape: pad small batches (the last of an epoch) up to a
        # power of two, at least 32, so that an epoch needs one or two compilations.
        n = len(x)
        padded = max(32, 1 << (n - 1).bit_length())
        if padded != n:
            x = np.concatenate([x, np.zeros((padded - n,) + x.shape[1:], x.dtype)])
            transforms = np.concatenate([transforms, np.tile(transforms[:1], (padded - n, 1))])
        import tensorflow as tf

        # Augmentation is input-pipeline work: keep it on the CPU, beside the decoding,
        # as the legacy generator did, and leave the GPU to the model.
        with tf.device("/CPU:0"):
            out = _xla_resampler(fill_mode)(x, transforms, np.float32(cval))
        return out.numpy()[:n]
    out = keras.ops.image.affine_transform(x, transforms, interpolation="bilinear", fill_mode=fill_mode,
                                           fill_value=cval, data_format="channels_last")
    return keras.ops.convert_to_numpy(out)


# --------------------------------------------------------------------------- OpenCV fast path

# Fill modes OpenCV reproduces exactly: its border rules pick the same neighbours
# as scipy's. ("constant" blends cval into edge pixels, "wrap" has another period:
# those two stay on the XLA kernel.)
_OPENCV_BORDERS = {"nearest": "BORDER_REPLICATE", "reflect": "BORDER_REFLECT"}
_OPENCV_DTYPES = ("uint8", "uint16", "int16", "float32", "float64")
# Tests and benchmarks switch this off to compare the two paths.
use_opencv = True
_CV2 = []


def opencv():
    """The ``cv2`` module, or ``None`` when OpenCV is not installed (it is optional).

    Example:
        >>> opencv() is None or hasattr(opencv(), "warpAffine")
        True
    """
    # Without it the library works on the XLA kernel.
    return _optional.load("cv2", _CV2) if use_opencv else None


def _can_use_opencv(x, fill_mode):
    return (opencv() is not None and fill_mode in _OPENCV_BORDERS and 1 <= x.shape[-1] <= 4
            and x.dtype.name in _OPENCV_DTYPES and x.shape[1] < 32767 and x.shape[2] < 32767)


_WARP_POOL = []
# Output pixels of a batch from which warping in threads pays (about 32 images of 90×90).
_THREADED_WARP_PIXELS = 1 << 18


def _warp_pool():
    """Threads for ``cv2.warpAffine``: it releases the GIL, so images warp in parallel on every core."""
    if not _WARP_POOL:
        from concurrent.futures import ThreadPoolExecutor

        _WARP_POOL.append(ThreadPoolExecutor(max_workers=os.cpu_count() or 1,
                                             thread_name_prefix="kerascourse-warp"))
    return _WARP_POOL[0]


def _resample_opencv(x, matrices, fill_mode, dtype="float32"):
    """Resample a batch bilinearly with ``cv2.warpAffine``, one image per call, in the input's dtype.

    About 3× faster than the XLA kernel, at a price: OpenCV rounds source
    coordinates to 1/32 pixel (and uint8 results to integers), so pixels can
    differ from the exact bilinear value by up to ``1/64`` of the step between
    neighbours (plus 0.5 for uint8): invisible for random augmentation, which is
    why only the batched random path uses it (``apply_transform`` stays exact).
    Returns a new ``dtype`` array.

    Example:
        >>> x = np.zeros((2, 8, 8, 3), "uint8")
        >>> _resample_opencv(x, np.tile(np.eye(3), (2, 1, 1)), "nearest").dtype   # doctest: +SKIP
        dtype('float32')
    """
    cv2 = opencv()
    x = np.ascontiguousarray(x)
    n, h, w, c = x.shape
    # Each thread also casts its images to ``dtype``: uint8 stays uint8 until here,
    # and the conversion to float runs on every core instead of one.
    out = np.empty(x.shape, dtype)
    border = getattr(cv2, _OPENCV_BORDERS[fill_mode])
    flags = cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP  # our matrices map output to input
    affine = np.ascontiguousarray(matrices[:, :2, :], dtype="float64")

    def warp(chunk):
        for i in chunk:
            out[i] = cv2.warpAffine(x[i], affine[i], (w, h), flags=flags, borderMode=border).reshape(h, w, c)

    # A few images per task: less queueing overhead than one task per image. Small batches warp
    # here: handing them to threads costs more than it saves (32 images of 64×64: 0.83 ms in this
    # thread, 1.0 ms split over two threads, measured on 2 cores).
    workers = min(n, os.cpu_count() or 1)
    if workers <= 1 or n * h * w < _THREADED_WARP_PIXELS:
        warp(range(n))
    else:
        list(_warp_pool().map(warp, np.array_split(np.arange(n), workers)))
    return out


def _resample_scipy(x, matrices, fill_mode, cval, order):
    """The slow path: ``scipy.ndimage.affine_transform`` per image and channel, any spline ``order``.

    Used for ``interpolation_order`` other than 1 (0 keeps label maps' values
    exact; 2 to 5 are smoother splines), exactly as the legacy generator calls it.
    """
    from scipy import ndimage

    out = np.empty(x.shape, dtype="float32" if x.dtype.kind in "biu" else x.dtype)
    for i, matrix in enumerate(matrices):
        # Our matrices act on (x=column, y=row); scipy's axes are (row, column).
        rc = matrix[[1, 0, 2]][:, [1, 0, 2]]
        for c in range(x.shape[-1]):
            out[i, :, :, c] = ndimage.affine_transform(x[i, :, :, c], rc[:2, :2], rc[:2, 2], order=order,
                                                       mode=fill_mode, cval=cval)
    return out


def _apply_brightness(x, factors):
    """Scale brightness as ``PIL.ImageEnhance.Brightness`` does on 8-bit pixels.

    Images already in ``[0, 255]`` are truncated to integers, multiplied and clipped;
    images outside that range are first stretched to it and mapped back afterwards,
    as the legacy generator does.
    """
    factors = factors.reshape(-1, 1, 1, 1)
    lo = x.min(axis=(1, 2, 3), keepdims=True)
    hi = x.max(axis=(1, 2, 3), keepdims=True)
    out_of_range = (lo < 0) | (hi > 255)
    span = np.where(hi - lo == 0, 1, hi - lo)
    stretched = np.where(out_of_range, (x - lo) / np.where(out_of_range, span, 1) * 255, x)
    pixels = np.floor(stretched)
    # PIL blends with black and truncates: int(pixel * factor), clipped to 8 bits.
    bright = np.clip(np.floor(pixels * factors.astype("float32")), 0, 255)
    return np.where(out_of_range, bright / 255 * (hi - lo) + lo, bright).astype(x.dtype)


def apply_params(x, params, fill_mode="nearest", cval=0.0, dtype="float32", order=1, exact=True):
    """Apply per-image parameters to a batch ``(n, h, w, c)``; returns a new ``dtype`` array.

    Order as in the legacy generator: affine transform, channel shift, flips, brightness.
    ``order`` is the spline order of the resampling: 1 (bilinear) takes the fast
    batched path, any other order the per-image scipy path. ``exact=False`` lets
    bilinear resampling use OpenCV when it is installed (see :func:`_resample_opencv`).

    Example:
        >>> x = np.arange(12, dtype="float32").reshape(1, 2, 2, 3)
        >>> apply_params(x, stack_params([{"flip_horizontal": True}]))[0, 0, 0].tolist()
        [3.0, 4.0, 5.0]
    """
    x = np.asarray(x)
    height, width = x.shape[1], x.shape[2]
    h_flip = params["flip_horizontal"].astype(bool)
    v_flip = params["flip_vertical"].astype(bool)
    channel_shift = params.get("channel_shift_intensity")
    if _needs_resampling(params):
        # Flips are folded into the matrices: they map whole pixels to whole pixels,
        # so doing them during the resampling is exact. Channel shifts come before
        # flips in the legacy order, but they commute (min/max don't move).
        matrices = affine_matrices(params, height, width)
        if order == 1 and not exact and _can_use_opencv(x, fill_mode):
            x = _resample_opencv(x, matrices, fill_mode, dtype)
        elif order == 1:
            x = _resample(x, matrices, fill_mode, cval).astype(dtype, copy=False)
        else:
            x = _resample_scipy(x.astype(dtype, copy=False), matrices, fill_mode, cval, order).astype(dtype,
                                                                                                   copy=False)
    else:
        x = x.astype(dtype)  # a copy, also when x already has this dtype
        if h_flip.any():
            x[h_flip] = x[h_flip, :, ::-1]
        if v_flip.any():
            x[v_flip] = x[v_flip, ::-1]
    if channel_shift is not None:
        shift = np.nan_to_num(channel_shift).reshape(-1, 1, 1, 1).astype(x.dtype)
        lo = x.min(axis=(1, 2, 3), keepdims=True)
        hi = x.max(axis=(1, 2, 3), keepdims=True)
        x = np.clip(x + shift, lo, hi)
    brightness = params.get("brightness")
    if brightness is not None:
        todo = ~np.isnan(brightness)
        if todo.any():
            x[todo] = _apply_brightness(x[todo], brightness[todo])
    return x
