"""The legacy module-level transforms of one image: ``random_rotation``, ``apply_affine_transform``, ...

Same names, arguments and defaults as ``keras.preprocessing.image`` in Keras 2,
including its default axes ``row_axis=1, col_axis=2, channel_axis=0`` (a
channels-*first* image) and its use of NumPy's global random state, so that
``np.random.seed(s)`` makes them reproducible and draws what the legacy
functions draw. They resample through the same batched path as the generator
(``order=1``) or scipy (other orders).

Where we differ from legacy, on purpose:

* the transforms turn and zoom about the true centre of the image; legacy uses
  ``(height / 2, height / 2)`` as the centre of non-square images;
* ``random_shift(x, wrg, hrg)`` shifts columns by a fraction ``wrg`` of the
  width and rows by ``hrg`` of the height; legacy swaps them (its ``wrg`` moves
  rows, scaled by the width). The draws come in the legacy order.
"""

from __future__ import annotations

import numpy as np

from kerascourse.images import _io, _transforms

__all__ = ["apply_affine_transform", "random_rotation", "random_shift", "random_shear", "random_zoom",
           "apply_channel_shift", "random_channel_shift", "apply_brightness_shift", "random_brightness",
           "flip_axis"]


def _check_axes(x, row_axis, col_axis, channel_axis):
    if np.unique([row_axis, col_axis, channel_axis]).size != 3:
        raise ValueError("'row_axis', 'col_axis', and 'channel_axis' must be distinct")
    actual = {row_axis, col_axis, channel_axis}
    if actual != {0, 1, 2}:
        raise ValueError(f"Invalid axis' indices: {actual - {0, 1, 2}}")
    if np.ndim(x) != 3:
        raise ValueError("Input arrays must be multi-channel 2D images.")
    if channel_axis not in (0, 2):
        raise ValueError("Channels are allowed and the first and last dimensions.")


def apply_affine_transform(x, theta=0, tx=0, ty=0, shear=0, zx=1, zy=1, row_axis=1, col_axis=2, channel_axis=0,
                           fill_mode="nearest", cval=0.0, order=1):
    """Rotate (degrees), shift (``tx`` columns, ``ty`` rows, in pixels), shear (degrees) and zoom one image.

    As the legacy function: the matrix is ``rotation @ shift @ shear @ zoom``
    about the image centre, output pixels sample the input (so ``tx=2`` shows
    the image moved 2 columns left), ``order`` is the spline order (1, the
    default, takes the fast path; others go through scipy), and an image with
    nothing to do comes back as it is. The centre is the true one also for
    non-square images (see the module docstring).

    Example:
        >>> import numpy as np
        >>> x = np.arange(16, dtype="float32").reshape(1, 4, 4)   # channels first, the legacy default
        >>> apply_affine_transform(x, theta=180)[0, 0].round().tolist()
        [15.0, 14.0, 13.0, 12.0]
    """
    _check_axes(x, row_axis, col_axis, channel_axis)
    params = {"theta": theta, "tx": tx, "ty": ty, "shear": shear, "zx": zx, "zy": zy}
    if all(params[k] == _transforms.PARAM_DEFAULTS[k] for k in params):
        return x
    x = np.asarray(x)
    dtype = x.dtype if x.dtype.kind == "f" else np.dtype("float32")
    order_hwc = (row_axis, col_axis, channel_axis)
    image = np.transpose(x, order_hwc)[np.newaxis]
    if fill_mode not in _transforms.FILL_MODES:
        raise ValueError(f"fill_mode must be one of {_transforms.FILL_MODES}, got {fill_mode!r}.")
    out = _transforms.apply_params(image, _transforms.stack_params([params]), fill_mode, cval, dtype, order)[0]
    return np.transpose(out, np.argsort(order_hwc))


def random_rotation(x, rg, row_axis=1, col_axis=2, channel_axis=0, fill_mode="nearest", cval=0.0,
                    interpolation_order=1):
    """Rotate one image by an angle from ``[-rg, rg]`` degrees (``np.random``).

    Example:
        >>> import numpy as np
        >>> random_rotation(np.zeros((3, 8, 8)), 30).shape
        (3, 8, 8)
    """
    theta = np.random.uniform(-rg, rg)
    return apply_affine_transform(x, theta=theta, row_axis=row_axis, col_axis=col_axis, channel_axis=channel_axis,
                                  fill_mode=fill_mode, cval=cval, order=interpolation_order)


def random_shift(x, wrg, hrg, row_axis=1, col_axis=2, channel_axis=0, fill_mode="nearest", cval=0.0,
                 interpolation_order=1):
    """Shift one image by up to ``wrg`` of its width (columns) and ``hrg`` of its height (rows).

    Legacy moves rows by the width fraction and columns by the height fraction;
    here each range moves its own axis (see the module docstring).

    Example:
        >>> import numpy as np
        >>> random_shift(np.zeros((8, 8, 1)), 0.2, 0.1, 0, 1, 2).shape
        (8, 8, 1)
    """
    h, w = np.shape(x)[row_axis], np.shape(x)[col_axis]
    rows = np.random.uniform(-hrg, hrg) * h  # drawn first, as legacy draws its first shift
    cols = np.random.uniform(-wrg, wrg) * w
    return apply_affine_transform(x, tx=cols, ty=rows, row_axis=row_axis, col_axis=col_axis,
                                  channel_axis=channel_axis, fill_mode=fill_mode, cval=cval,
                                  order=interpolation_order)


def random_shear(x, intensity, row_axis=1, col_axis=2, channel_axis=0, fill_mode="nearest", cval=0.0,
                 interpolation_order=1):
    """Shear one image by an angle from ``[-intensity, intensity]`` degrees.

    Example:
        >>> import numpy as np
        >>> random_shear(np.zeros((1, 5, 5)), 20).shape
        (1, 5, 5)
    """
    shear = np.random.uniform(-intensity, intensity)
    return apply_affine_transform(x, shear=shear, row_axis=row_axis, col_axis=col_axis, channel_axis=channel_axis,
                                  fill_mode=fill_mode, cval=cval, order=interpolation_order)


def random_zoom(x, zoom_range, row_axis=1, col_axis=2, channel_axis=0, fill_mode="nearest", cval=0.0,
                interpolation_order=1):
    """Zoom columns and rows of one image by factors from ``zoom_range = (low, high)``.

    Example:
        >>> import numpy as np
        >>> random_zoom(np.zeros((1, 6, 6)), (0.8, 1.2)).shape
        (1, 6, 6)
    """
    if len(zoom_range) != 2:
        raise ValueError(f"`zoom_range` should be a tuple or list of two floats. Received: {zoom_range}")
    if zoom_range[0] == 1 and zoom_range[1] == 1:
        zx, zy = 1, 1
    else:
        zx, zy = np.random.uniform(zoom_range[0], zoom_range[1], 2)
    return apply_affine_transform(x, zx=zx, zy=zy, row_axis=row_axis, col_axis=col_axis, channel_axis=channel_axis,
                                  fill_mode=fill_mode, cval=cval, order=interpolation_order)


def apply_channel_shift(x, intensity, channel_axis=0):
    """Add ``intensity`` to every channel, clipped to the image's own min and max.

    Example:
        >>> import numpy as np
        >>> apply_channel_shift(np.array([[[0.0, 10.0]]]), 5.0, 2).tolist()
        [[[5.0, 10.0]]]
    """
    x = np.asarray(x)
    # One clip for all channels: the legacy per-channel loop clips each to the same bounds.
    return np.clip(x + intensity, np.min(x), np.max(x))


def random_channel_shift(x, intensity_range, channel_axis=0):
    """:func:`apply_channel_shift` with an intensity from ``[-intensity_range, intensity_range]``."""
    intensity = np.random.uniform(-intensity_range, intensity_range)
    return apply_channel_shift(x, intensity, channel_axis=channel_axis)


def apply_brightness_shift(x, brightness, scale=True):
    """Scale the brightness of one channels-last image with ``PIL.ImageEnhance.Brightness``, as legacy.

    With ``scale`` (default) the result is in ``[0, 255]``; without it, an image
    outside ``[0, 255]`` is mapped back to its own range.

    Example:
        >>> import numpy as np
        >>> apply_brightness_shift(np.full((2, 2, 3), 100.0), 0.5, scale=False)[0, 0].tolist()
        [50.0, 50.0, 50.0]
    """
    from PIL import ImageEnhance

    x_min, x_max = np.min(x), np.max(x)
    local_scale = x_min < 0 or x_max > 255
    img = _io.array_to_img(x, "channels_last", scale=local_scale or scale)
    out = _io.img_to_array(ImageEnhance.Brightness(img).enhance(brightness), "channels_last")
    if not scale and local_scale:
        out = out / 255 * (x_max - x_min) + x_min
    return out


def random_brightness(x, brightness_range, scale=True):
    """:func:`apply_brightness_shift` with a factor from ``brightness_range = (low, high)``."""
    if len(brightness_range) != 2:
        raise ValueError(f"`brightness_range should be tuple or list of two floats. Received: {brightness_range}")
    u = np.random.uniform(brightness_range[0], brightness_range[1])
    return apply_brightness_shift(x, u, scale)


def flip_axis(x, axis):
    """Reverse ``x`` along ``axis`` (a copy), as the legacy helper."""
    return np.flip(np.asarray(x), axis).copy()
