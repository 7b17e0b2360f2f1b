"""Reading and writing image files with PIL, the way ``keras.utils`` does.

``load_img`` / ``img_to_array`` / ``array_to_img`` / ``save_img`` give the same
pixels as their ``keras.utils`` namesakes. ``decode_file`` is the fast path the
iterators use: it returns ``uint8`` pixels straight from PIL (no float copy),
and PIL releases the GIL while it decodes, so a thread pool decodes in parallel.
"""

from __future__ import annotations

import os
import warnings
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from PIL import Image

from kerascourse.images import _optional

__all__ = ["load_img", "img_to_array", "array_to_img", "save_img"]

# Extensions the legacy generator accepts; anything else in a class folder is ignored.
IMAGE_EXTENSIONS = (".png", ".jpg", ".jpeg", ".bmp", ".ppm", ".tif", ".tiff", ".gif")

_COLOR_MODES = {"rgb": ("RGB", 3), "rgba": ("RGBA", 4), "grayscale": ("L", 1)}

_INTERPOLATIONS = {
    "nearest": Image.Resampling.NEAREST,
    "bilinear": Image.Resampling.BILINEAR,
    "bicubic": Image.Resampling.BICUBIC,
    "hamming": Image.Resampling.HAMMING,
    "box": Image.Resampling.BOX,
    "lanczos": Image.Resampling.LANCZOS,
}


def _check_color_mode(color_mode):
    if color_mode not in _COLOR_MODES:
        raise ValueError(f"color_mode must be one of {sorted(_COLOR_MODES)}, got {color_mode!r}.")
    return _COLOR_MODES[color_mode]


def _check_interpolation(interpolation):
    if interpolation not in _INTERPOLATIONS:
        raise ValueError(f"interpolation must be one of {sorted(_INTERPOLATIONS)}, got {interpolation!r}.")
    return _INTERPOLATIONS[interpolation]


def _check_target_size(target_size):
    if target_size is None:
        return None
    try:
        height, width = (int(v) for v in target_size)
    except (TypeError, ValueError):
        raise ValueError(f"target_size must be a pair (height, width), got {target_size!r}.") from None
    if height < 1 or width < 1:
        raise ValueError(f"target_size must be positive, got {target_size!r}.")
    return height, width


def check_data_format(data_format):
    """``None`` → Keras's configured format; anything but the two formats → the legacy ``ValueError``."""
    if data_format is None:
        import keras  # only here: reading the config is all it is needed for

        data_format = keras.config.image_data_format()
    if data_format not in ("channels_last", "channels_first"):
        raise ValueError('`data_format` should be `"channels_last"` (channel after row and column) or '
                         f'`"channels_first"` (channel before row and column). Received: {data_format}')
    return data_format


def _aspect_crop_box(size, target_size):
    """The centred crop of a ``(width, height)`` image with the aspect ratio of ``target_size``, as Keras."""
    width, height = size
    target_height, target_width = target_size
    crop_height = min(height, (width * target_height) // target_width)
    crop_width = min(width, (height * target_width) // target_height)
    top, left = (height - crop_height) // 2, (width - crop_width) // 2
    return left, top, left + crop_width, top + crop_height


def _to_mode_and_size(img, pil_mode, target_size, resample, keep_aspect_ratio=False):
    # Same order as keras.utils.load_img: convert the colour mode, then (crop and) resize.
    if img.mode != pil_mode:
        img = img.convert(pil_mode)
    if target_size is not None and img.size != (target_size[1], target_size[0]):
        box = _aspect_crop_box(img.size, target_size) if keep_aspect_ratio else None
        img = img.resize((target_size[1], target_size[0]), resample, box=box)
    return img


def load_img(path, grayscale=False, color_mode="rgb", target_size=None, interpolation="nearest",
             keep_aspect_ratio=False):
    """Load an image file into a PIL image, as ``keras.utils.load_img`` does (same argument order).

    Args:
        path: path of the image file.
        grayscale: deprecated in Keras 2, still accepted: the same as ``color_mode="grayscale"``.
        color_mode: ``"rgb"``, ``"rgba"`` or ``"grayscale"``.
        target_size: ``(height, width)`` to resize to, or ``None`` to keep the size.
        interpolation: PIL resampling used when resizing (``"nearest"``,
            ``"bilinear"``, ``"bicubic"``, ...).
        keep_aspect_ratio: crop the centre to the aspect ratio of ``target_size``
            before resizing, instead of stretching.

    Returns:
        A ``PIL.Image.Image`` whose pixels are loaded (the file is closed).

    Example:
        >>> img = load_img("cat.png", target_size=(64, 64))   # doctest: +SKIP
        >>> img_to_array(img).shape                            # doctest: +SKIP
        (64, 64, 3)
    """
    if grayscale:
        warnings.warn('grayscale is deprecated. Please use color_mode = "grayscale"', stacklevel=2)
        color_mode = "grayscale"
    pil_mode, _ = _check_color_mode(color_mode)
    size = _check_target_size(target_size)
    resample = _check_interpolation(interpolation)
    if not os.path.exists(path):
        raise FileNotFoundError(f"No such image file: {path!r}")
    with Image.open(path) as img:
        img.load()
        return _to_mode_and_size(img, pil_mode, size, resample, keep_aspect_ratio)


def img_to_array(img, data_format=None, dtype=None):
    """PIL image → NumPy array ``(height, width, channels)`` (``channels_first``: ``(channels, h, w)``).

    Grayscale images get a channel axis of size 1, as in Keras. The arguments
    come in the order of ``keras.utils.img_to_array``; ``dtype`` defaults to float32.

    Example:
        >>> from PIL import Image
        >>> img_to_array(Image.new("L", (4, 3))).shape
        (3, 4, 1)
    """
    data_format = check_data_format(data_format)
    x = np.asarray(img, dtype=dtype or "float32")
    if x.ndim == 2:
        x = x[:, :, np.newaxis]
    elif x.ndim != 3:
        raise ValueError(f"Unsupported image shape {x.shape}; expected (height, width[, channels]).")
    return x.transpose(2, 0, 1) if data_format == "channels_first" else x


def array_to_img(x, data_format=None, scale=True, dtype=None):
    """NumPy array ``(height, width, channels)`` → PIL image, as ``keras.utils.array_to_img``.

    ``data_format="channels_first"`` reads ``(channels, height, width)``; ``dtype`` is
    accepted for the legacy signature (the pixels are computed in float32).

    With ``scale=True`` the values are stretched to ``[0, 255]`` first, so an
    array rescaled to ``[0, 1]`` still shows as a normal picture.

    Example:
        >>> import numpy as np
        >>> array_to_img(np.zeros((8, 8, 3))).size
        (8, 8)
    """
    x = np.asarray(x, dtype="float32")
    if x.ndim != 3:
        raise ValueError(f"array_to_img expects a rank-3 array (height, width, channels), got shape {x.shape}.")
    if check_data_format(data_format) == "channels_first":
        x = x.transpose(1, 2, 0)
    if scale:
        x = x - np.min(x)
        x_max = np.max(x)
        if x_max != 0:
            x = x / x_max
        x = x * 255
    channels = x.shape[2]
    if channels == 4:
        return Image.fromarray(x.astype("uint8"), "RGBA")
    if channels == 3:
        return Image.fromarray(x.astype("uint8"), "RGB")
    if channels == 1:
        if np.max(x) > 255:
            # 32-bit signed integer grayscale, as Keras does for high-range data.
            return Image.fromarray(x[:, :, 0].astype("int32"), "I")
        return Image.fromarray(x[:, :, 0].astype("uint8"), "L")
    raise ValueError(f"Unsupported number of channels: {channels}; expected 1, 3 or 4.")


def save_img(path, x, data_format=None, file_format=None, scale=True, **kwargs):
    """Save a NumPy image array to ``path`` (format from the extension unless given).

    Arguments in the order of ``keras.utils.save_img``.

    Example:
        >>> import numpy as np
        >>> save_img("/tmp/black.png", np.zeros((8, 8, 3)))   # doctest: +SKIP
    """
    img = array_to_img(x, data_format, scale=scale)
    if img.mode == "RGBA" and (file_format in ("jpg", "jpeg") or str(path).lower().endswith((".jpg", ".jpeg"))):
        warnings.warn("JPEG has no alpha channel; saving as RGB.", stacklevel=2)
        img = img.convert("RGB")
    img.save(path, format=file_format, **kwargs)


# --------------------------------------------------------------------------- fast path

_POOL = None


def thread_pool():
    """A process-wide pool for decoding files; PIL releases the GIL while it decodes."""
    global _POOL
    if _POOL is None:
        _POOL = ThreadPoolExecutor(max_workers=min(16, (os.cpu_count() or 1) + 2),
                                   thread_name_prefix="kerascourse-images")
    return _POOL


def decode_file(path, pil_mode, target_size, resample, fast_jpeg=True, keep_aspect_ratio=False):
    """Decode one file to a ``uint8`` array ``(height, width, channels)``; raises on a bad file.

    With ``fast_jpeg``, a JPEG at least twice as large as ``target_size`` is decoded
    at a reduced scale (1/2, 1/4 or 1/8, PIL's ``draft``, still no smaller than
    the target) before the resize: several times faster, and the smoother
    pixels it gives are closer to an area-averaged resize than to a plain
    nearest-neighbour one. When simplejpeg or OpenCV is installed it does that
    decoding (:func:`_decode_jpeg_fast`: the same libjpeg-turbo, the same scale,
    without holding the GIL). ``fast_jpeg=False`` reproduces ``keras.utils.load_img``.
    """
    fast = fast_jpeg and target_size is not None and not keep_aspect_ratio
    if fast:
        x = _decode_jpeg_fast(path, pil_mode, target_size)
        if x is not None:
            x = _resize_array(x, pil_mode, target_size, resample)
            return x[:, :, np.newaxis] if x.ndim == 2 else x
    with Image.open(path) as img:
        if fast and img.format == "JPEG":
            img.draft(pil_mode if pil_mode != "RGBA" else "RGB", (target_size[1], target_size[0]))
        img.load()
        img = _to_mode_and_size(img, pil_mode, target_size, resample, keep_aspect_ratio)
        x = np.asarray(img)
    return x[:, :, np.newaxis] if x.ndim == 2 else x


# Enough of a file for the frame header of nearly every JPEG (EXIF thumbnails come first),
# and the first look, enough for a JPEG without a thumbnail.
_HEADER_BYTES = 65536
_FIRST_LOOK_BYTES = 4096
# os.open's flags for reading a file's bytes (binary matters on Windows only).
_READ_FLAGS = os.O_RDONLY | getattr(os, "O_BINARY", 0)

# Frame headers of the 8-bit JPEGs that libjpeg decodes at reduced scale: baseline,
# extended and progressive Huffman (lossless and arithmetic-coded files go to PIL).
_JPEG_SOF = (0xC0, 0xC1, 0xC2)


def jpeg_header(data):
    """``(width, height, components)`` from a JPEG's frame header, or ``None`` when it is not one we take.

    A few markers walked in Python: far cheaper than ``Image.open``'s full parse.

    Example:
        >>> jpeg_header(b"not a jpeg") is None
        True
    """
    if data[:2] != b"\xff\xd8":
        return None
    pos, end = 2, len(data) - 9
    while pos < end:
        if data[pos] != 0xFF:
            return None
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte before a marker
            pos += 1
            continue
        if marker in _JPEG_SOF:
            if data[pos + 4] != 8:  # 12-bit samples
                return None
            height, width = int.from_bytes(data[pos + 5:pos + 7], "big"), int.from_bytes(data[pos + 7:pos + 9], "big")
            return width, height, data[pos + 9]
        if 0xC3 <= marker <= 0xCF or marker == 0xDA:  # another frame type, or the scan before any frame
            return None
        pos += 2 + int.from_bytes(data[pos + 2:pos + 4], "big")
    return None


def jpeg_scale(size, target_size):
    """The reduction PIL's ``draft`` picks: the largest of 8, 4, 2 that keeps both sides ≥ the target, else 1.

    Example:
        >>> jpeg_scale((500, 375), (64, 64)), jpeg_scale((500, 375), (224, 224))
        (4, 1)
    """
    scale = min(size[0] // target_size[1], size[1] // target_size[0])
    return next((s for s in (8, 4, 2) if scale >= s), 1)


_REDUCED_FLAGS = {  # (scale, colour) → the name of OpenCV's imread flag
    (1, False): "IMREAD_GRAYSCALE", (2, False): "IMREAD_REDUCED_GRAYSCALE_2",
    (4, False): "IMREAD_REDUCED_GRAYSCALE_4", (8, False): "IMREAD_REDUCED_GRAYSCALE_8",
    (1, True): "IMREAD_COLOR", (2, True): "IMREAD_REDUCED_COLOR_2",
    (4, True): "IMREAD_REDUCED_COLOR_4", (8, True): "IMREAD_REDUCED_COLOR_8",
}


def _resize_array(x, pil_mode, target_size, resample):
    """Resize ``uint8`` pixels as PIL does; nearest-neighbour through OpenCV, which picks the same pixels.

    OpenCV's ``INTER_NEAREST_EXACT`` samples pixel centres as PIL's ``NEAREST``
    does (the tests check it), without the round trip through a PIL image.
    """
    if x.shape[:2] == target_size:
        return x
    from kerascourse.images._transforms import opencv

    cv2 = opencv()
    if resample == Image.Resampling.NEAREST and cv2 is not None and hasattr(cv2, "INTER_NEAREST_EXACT"):
        return cv2.resize(x, (target_size[1], target_size[0]), interpolation=cv2.INTER_NEAREST_EXACT)
    return np.asarray(_to_mode_and_size(Image.fromarray(x), pil_mode, target_size, resample))


# Tests and benchmarks switch this off to compare the decoders.
use_simplejpeg = True
_SIMPLEJPEG = []


def simplejpeg():
    """The ``simplejpeg`` module, or ``None`` when it is not installed (it is optional).

    Example:
        >>> simplejpeg() is None or hasattr(simplejpeg(), "decode_jpeg")
        True
    """
    # Without it OpenCV or PIL decode JPEGs.
    return _optional.load("simplejpeg", _SIMPLEJPEG) if use_simplejpeg else None


def read_file(path):
    """The bytes of a file, in four system calls.

    ``open(path, "rb").read()`` makes about nine (it also checks for a terminal,
    seeks, and reads until an empty read), each releasing and retaking the GIL:
    with several threads decoding, every handover is a wake-up.

    Example:
        >>> len(read_file(__file__)) > 0
        True
    """
    fd = os.open(path, _READ_FLAGS)
    try:
        size = os.fstat(fd).st_size
        data = os.read(fd, size)
        while len(data) < size:  # a short read (network file systems, signals): read on
            chunk = os.read(fd, size - len(data))
            if not chunk:
                break
            data += chunk
        return data
    finally:
        os.close(fd)


def _decode_jpeg_fast(path, pil_mode, target_size):
    """A JPEG decoded at PIL's draft scale (``uint8``, RGB or L) without PIL, or ``None``: let PIL do it.

    simplejpeg, else OpenCV: both decode with libjpeg-turbo at the scale PIL's
    ``draft`` picks (same pixels) and never hold the GIL, where ``Image.open``
    parses the headers in Python, so two threads decode twice as fast;
    simplejpeg is a few per cent faster again. Only the common case is taken
    (an intact 8-bit RGB or grayscale JPEG named ``.jpg`` or ``.jpeg``, read as
    RGB or L); CMYK files, files cut short (no end marker: PIL raises for those),
    and anything the decoder rejects go to PIL, which behaves as it always did.
    """
    from kerascourse.images._transforms import opencv  # optional; imported once there

    sj, cv2 = simplejpeg(), opencv()
    # By name first: reading a PNG here only to hand it to PIL would read it twice.
    if (sj is None and cv2 is None) or pil_mode not in ("RGB", "L") \
            or not os.fspath(path).lower().endswith((".jpg", ".jpeg")):
        return None
    data = read_file(path)
    header = jpeg_header(data)
    # EOI can only be a marker (the scan stuffs its 0xFF bytes), so finding it at the end means an intact file.
    if header is None or header[2] not in (1, 3) or data.find(b"\xff\xd9", len(data) - 32) < 0:
        return None
    width, height, _ = header
    if width == 0 or height == 0:
        return None
    scale = jpeg_scale((width, height), target_size)
    color = pil_mode == "RGB"
    # simplejpeg picks libjpeg-turbo's scale from the sizes it must keep; from 16 pixels on, no
    # factor but 1/scale (of 1/8, 2/8, ..., 16/8) gives these sizes, so it is PIL's scale.
    if sj is not None and max(width, height) >= 16:
        try:
            x = sj.decode_jpeg(data, colorspace="RGB" if color else "GRAY", min_height=-(-height // scale),
                               min_width=-(-width // scale), strict=True)
        except ValueError:  # corrupt data, or a warning that strict mode raises for: PIL decides
            return None
        return x[:, :, 0] if x.ndim == 3 and not color else x
    if cv2 is None:
        return None
    flags = getattr(cv2, _REDUCED_FLAGS[scale, color])
    flags |= cv2.IMREAD_IGNORE_ORIENTATION  # PIL ignores EXIF orientation too
    rgb = color and hasattr(cv2, "IMREAD_COLOR_RGB")  # OpenCV ≥ 4.11: no BGR → RGB pass
    if rgb:
        flags = (flags & ~cv2.IMREAD_COLOR) | cv2.IMREAD_COLOR_RGB
    x = cv2.imdecode(np.frombuffer(data, np.uint8), flags)
    if x is None:
        return None
    return cv2.cvtColor(x, cv2.COLOR_BGR2RGB) if color and not rgb else x


def check_file(path):
    """Return ``None`` if ``path`` looks like an intact image, else the reason it does not.

    Opening parses the header (catching files that are not images at all) and
    ``verify`` checks the chunk checksums of PNGs, without decoding the pixels,
    so indexing stays cheap. A JPEG whose markers lead to a frame header passes
    on a look at its first 4 KB (:func:`jpeg_header`, a few times cheaper than
    ``Image.open``; up to 64 KB when an EXIF block with a thumbnail comes first).
    A file that passes but still fails to decode later (a truncated JPEG) is
    left out of its batch with a warning.
    """
    try:
        fd = os.open(path, _READ_FLAGS)
        try:
            head = os.read(fd, _FIRST_LOOK_BYTES)
            header = jpeg_header(head)
            if header is None and head[:2] == b"\xff\xd8" and len(head) == _FIRST_LOOK_BYTES:
                header = jpeg_header(head + os.read(fd, _HEADER_BYTES - _FIRST_LOOK_BYTES))
        finally:
            os.close(fd)
        if header is not None:
            return None
        with Image.open(path) as img:
            img.verify()
    except Exception as err:  # PIL raises several types for bad files
        return f"{type(err).__name__}: {err}"
    return None


def check_files(paths):
    """:func:`check_file` for each of ``paths`` (one task of the pool checks many files)."""
    return [check_file(p) for p in paths]
