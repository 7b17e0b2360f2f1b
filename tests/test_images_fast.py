"""The fast paths of kerascourse.images (issue 16), each against the exact path it replaces.

* OpenCV resampling (optional) against the exact XLA kernel, within its documented
  tolerance, and the library without OpenCV;
* JPEGs decoded at reduced scale (``fast_jpeg``) against a full decode + resize;
* decoding pipelined one batch ahead: the same batches, whatever the access order.
"""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image
from scipy import ndimage

from kerascourse.images import ImageDataGenerator, _io, _transforms

# Documented tolerances of the OpenCV path (in pixel values, images in [0, 255]):
# uint8 batches are rounded to integers (0.5) and OpenCV may round source
# coordinates to 1/32 pixel (4.x; 5.x computes them in float): at most 1/64 of the
# step between neighbours more. Float batches: float32 rounding (5.x).
UINT8_SMOOTH_ATOL = 1.0
UINT8_NOISE_MEAN = 1.0
FLOAT32_ATOL = 2e-3

WORKLOAD = dict(rotation_range=30, width_shift_range=0.1, height_shift_range=0.1, shear_range=10, zoom_range=0.2,
                horizontal_flip=True, vertical_flip=True)

needs_opencv = pytest.mark.skipif(_transforms.opencv() is None, reason="OpenCV is not installed")


def batch(dtype, channels=3, smooth=False, n=5, size=(40, 50), seed=0):
    x = np.random.default_rng(seed).uniform(0, 255, (n,) + size + (channels,))
    if smooth:
        x = ndimage.gaussian_filter(x, (0, 3, 3, 0))
    return x.astype(dtype)


def both_paths(x, fill_mode="nearest", seed=1):
    params = _transforms.random_params(ImageDataGenerator(**WORKLOAD), len(x), x.shape[1:], np.random.default_rng(seed))
    exact = _transforms.apply_params(x, params, fill_mode, cval=7.0, exact=True)
    fast = _transforms.apply_params(x, params, fill_mode, cval=7.0, exact=False)
    return exact, fast


@pytest.fixture
def no_opencv(monkeypatch):
    monkeypatch.setattr(_transforms, "use_opencv", False)


# ----------------------------------------------------------------------------- OpenCV resampling


@needs_opencv
@pytest.mark.parametrize("fill_mode", ["nearest", "reflect"])
@pytest.mark.parametrize("channels", [1, 3, 4])
def test_opencv_uint8_within_tolerance_of_exact(fill_mode, channels):
    exact, fast = both_paths(batch("uint8", channels, smooth=True), fill_mode)
    assert fast.dtype == exact.dtype == np.float32 and fast.shape == exact.shape
    assert np.abs(fast - exact).max() <= UINT8_SMOOTH_ATOL
    exact, fast = both_paths(batch("uint8", channels), fill_mode)
    assert np.abs(fast - exact).mean() <= UINT8_NOISE_MEAN
    assert np.abs(fast - exact).max() <= 255 / 64 + 0.51


@needs_opencv
@pytest.mark.parametrize("fill_mode", ["nearest", "reflect"])
def test_opencv_float32_within_tolerance_of_exact(fill_mode):
    import cv2

    exact, fast = both_paths(batch("float32"), fill_mode)
    atol = FLOAT32_ATOL if int(cv2.__version__.split(".")[0]) >= 5 else 255 / 64
    np.testing.assert_allclose(fast, exact, atol=atol)


@pytest.mark.parametrize("fill_mode", ["constant", "wrap"])
def test_fill_modes_opencv_cannot_reproduce_stay_exact(fill_mode):
    exact, fast = both_paths(batch("uint8"), fill_mode)
    np.testing.assert_array_equal(fast, exact)


def test_more_than_four_channels_and_odd_dtypes_stay_exact():
    for x in (batch("float32", channels=5), batch("int64")):
        exact, fast = both_paths(x)
        np.testing.assert_array_equal(fast, exact)


def test_without_opencv_the_batched_path_is_the_exact_kernel(no_opencv):
    assert _transforms.opencv() is None
    exact, fast = both_paths(batch("uint8"))
    np.testing.assert_array_equal(fast, exact)


def test_opencv_missing_at_import_is_not_an_error(monkeypatch):
    monkeypatch.setattr(_transforms, "_CV2", [None])  # as if ``import cv2`` had failed
    gen = ImageDataGenerator(**WORKLOAD, rescale=1 / 255)
    x = gen.flow(batch("uint8", n=8), np.arange(8), batch_size=4, seed=0)[0][0]
    assert x.shape == (4, 40, 50, 3) and 0 <= x.min() and x.max() <= 1


@needs_opencv
def test_flow_batches_with_and_without_opencv_agree(monkeypatch):
    x = batch("uint8", smooth=True, n=8)
    gen = ImageDataGenerator(**WORKLOAD, rescale=1 / 255)
    fast = gen.flow(x, np.arange(8), batch_size=8, seed=3)[0]
    monkeypatch.setattr(_transforms, "use_opencv", False)
    exact = gen.flow(x, np.arange(8), batch_size=8, seed=3)[0]
    np.testing.assert_array_equal(fast[1], exact[1])
    np.testing.assert_allclose(fast[0], exact[0], atol=UINT8_SMOOTH_ATOL / 255)


def test_apply_transform_stays_exact_with_opencv():
    x = batch("float32", n=1)[0]
    params = {"theta": 17.0, "tx": 1.3, "shear": 5.0, "zx": 0.9}
    ours = ImageDataGenerator().apply_transform(x, params)
    rc = _transforms.affine_matrices(_transforms.stack_params([params]), 40, 50)[0]
    exact = _transforms._resample(x[None], rc[None], "nearest", 0.0)[0]
    np.testing.assert_array_equal(ours, exact)


# ----------------------------------------------------------------------------- reduced-scale JPEG decoding

# Documented tolerance of ``fast_jpeg`` (mean absolute difference, pixel values in
# [0, 255], photographs reduced 2× to 8×) against a full decode + the same resize:
# bilinear and bicubic agree closely, "box" (exact area averages of the full image)
# a little less; "nearest" picks single pixels, from a full image
# or from its (smoother) reduced decode, so it differs more, as aliasing does.
JPEG_MEAN_TOLERANCE = {"bilinear": 3.0, "bicubic": 3.0, "box": 8.0, "nearest": 15.0}


def photo(path, size=(400, 300), seed=0):
    """A smooth random picture saved as a JPEG, like a photograph."""
    rng = np.random.default_rng(seed)
    small = rng.integers(0, 256, (size[1] // 8, size[0] // 8, 3), dtype=np.uint8)
    Image.fromarray(small).resize(size, Image.Resampling.BILINEAR).save(path, quality=90)
    return path


@pytest.mark.parametrize("interpolation", sorted(JPEG_MEAN_TOLERANCE))
@pytest.mark.parametrize("target", [(64, 64), (100, 120), (150, 150)])
def test_reduced_scale_jpeg_decoding_within_tolerance_of_full_decode(tmp_path, interpolation, target):
    resample = _io._INTERPOLATIONS[interpolation]
    for seed in range(3):
        path = photo(tmp_path / f"{seed}.jpg", seed=seed)
        fast = _io.decode_file(path, "RGB", target, resample, fast_jpeg=True).astype(float)
        full = _io.decode_file(path, "RGB", target, resample, fast_jpeg=False).astype(float)
        assert fast.shape == full.shape == target + (3,)
        assert np.abs(fast - full).mean() <= JPEG_MEAN_TOLERANCE[interpolation]


def test_jpeg_smaller_than_twice_the_target_is_decoded_in_full(tmp_path):
    path = photo(tmp_path / "a.jpg", size=(200, 150))
    nearest = _io._INTERPOLATIONS["nearest"]
    np.testing.assert_array_equal(_io.decode_file(path, "RGB", (100, 110), nearest, fast_jpeg=True),
                                  _io.decode_file(path, "RGB", (100, 110), nearest, fast_jpeg=False))


# ----------------------------------------------------------------------------- pipelined decoding


@pytest.fixture
def folder(tmp_path):
    for name in ("cats", "dogs"):
        (tmp_path / name).mkdir()
        for i in range(7):
            photo(tmp_path / name / f"{i}.jpg", size=(80, 60), seed=i + 10 * (name == "dogs"))
    return tmp_path


def directory(folder, cache, **kwargs):
    gen = ImageDataGenerator(rotation_range=10, horizontal_flip=True, rescale=1 / 255)
    return gen.flow_from_directory(folder, target_size=(32, 32), class_mode="binary", batch_size=4, seed=5,
                                   cache=cache, **kwargs)


@pytest.mark.parametrize("cache", [True, False])
def test_prefetching_gives_the_same_batches_in_any_order(folder, cache):
    in_order = [directory(folder, cache)[i] for i in range(4)]
    backwards = directory(folder, cache)
    out_of_order = {i: backwards[i] for i in (3, 1, 2, 0)}
    for i, (x, y) in enumerate(in_order):
        np.testing.assert_array_equal(x, out_of_order[i][0])
        np.testing.assert_array_equal(y, out_of_order[i][1])


def test_prefetching_stays_bounded_and_claims_what_it_decodes(folder):
    it = directory(folder, cache=False)
    for epoch in range(2):
        for i in range(len(it)):
            it[i]
            assert len(it._pending) <= 3 * it.batch_size
        it.on_epoch_end()
    it = directory(folder, cache=True)
    for i in range(len(it)):
        it[i]
    assert it._cached.all() and not it._pending  # the last batch has no next one to prefetch


def test_a_file_that_breaks_after_indexing_is_left_out_with_prefetching(folder):
    it = directory(folder, cache=True, shuffle=False)
    with open(it.filepaths[5], "wb") as f:
        f.write(b"\xff\xd8 not a jpeg any more")
    with pytest.warns(UserWarning, match="Could not read"):
        sizes = [len(it[i][0]) for i in range(len(it))]
    assert sum(sizes) == it.samples - 1
