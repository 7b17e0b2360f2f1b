"""The fast paths of kerascourse.images (issue 16), each against the exact path it replaces.

* OpenCV resampling (optional) against the exact XLA kernel, within its documented
  tolerance, and the library without OpenCV;
* JPEGs decoded at reduced scale (``fast_jpeg``) against a full decode + resize,
  decoded by simplejpeg or OpenCV (both optional) against the same decoding by
  PIL, and the cases they leave to PIL;
* decoding pipelined one batch ahead: the same batches, whatever the access order.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
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

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

needs_opencv = pytest.mark.skipif(_transforms.opencv() is None, reason="OpenCV is not installed")

# The JPEG decoders of ``decode_file``, fastest first: each is used when the ones before it are missing.
# (simplejpeg without OpenCV: Pillow does the resizing that OpenCV would.)
DECODERS = ["simplejpeg", "simplejpeg without opencv", "opencv", "pil"]


def use_decoder(monkeypatch, decoder):
    """Make ``decoder`` the one ``decode_file`` picks (skip when it is not installed)."""
    if decoder.startswith("simplejpeg") and _io.simplejpeg() is None:
        pytest.skip("simplejpeg is not installed")
    if decoder == "opencv" and _transforms.opencv() is None:
        pytest.skip("OpenCV is not installed")
    monkeypatch.setattr(_io, "use_simplejpeg", decoder.startswith("simplejpeg"))
    monkeypatch.setattr(_transforms, "use_opencv", decoder in ("simplejpeg", "opencv"))


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


@pytest.mark.parametrize("decoder", DECODERS)
@pytest.mark.parametrize("interpolation", sorted(JPEG_MEAN_TOLERANCE))
@pytest.mark.parametrize("target", [(64, 64), (100, 120), (150, 150)])
def test_reduced_scale_jpeg_decoding_within_tolerance_of_full_decode(tmp_path, monkeypatch, decoder, interpolation,
                                                                     target):
    use_decoder(monkeypatch, decoder)
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


# ----------------------------------------------------------------------------- JPEGs decoded without PIL


def jpeg(tmp_path, kind, size=(400, 300)):
    """A smooth JPEG of one of the kinds a folder of photos may hold."""
    path = photo(tmp_path / f"{kind}.jpg", size=size)
    img = Image.open(path)
    if kind == "progressive":
        img.save(path, quality=85, progressive=True)
    elif kind == "no-chroma-subsampling":
        img.save(path, quality=85, subsampling=0)
    elif kind == "grayscale":
        img.convert("L").save(path, quality=85)
    elif kind == "exif-rotated":  # PIL ignores the orientation tag: so must OpenCV
        exif = Image.Exif()
        exif[0x0112] = 6
        img.save(path, quality=85, exif=exif)
    elif kind == "cmyk":
        img.convert("CMYK").save(path, quality=85)
    return path


def pil_decode(*args):
    """``decode_file`` with neither simplejpeg nor OpenCV: PIL's draft decoding, the reference."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_io, "use_simplejpeg", False)
        patch.setattr(_transforms, "use_opencv", False)
        return _io.decode_file(*args)


@pytest.mark.parametrize("decoder", DECODERS[:-1])
@pytest.mark.parametrize("kind", ["baseline", "progressive", "no-chroma-subsampling", "grayscale", "exif-rotated"])
@pytest.mark.parametrize("mode", ["RGB", "L"])
def test_fast_decoders_decode_jpegs_as_pil_does(tmp_path, monkeypatch, decoder, kind, mode):
    use_decoder(monkeypatch, decoder)
    path = jpeg(tmp_path, kind)
    assert _io._decode_jpeg_fast(path, mode, (64, 64)) is not None  # this is the fast path
    for target in [(64, 64), (100, 120), (150, 150), (37, 300), (300, 400)]:
        for interpolation, resample in _io._INTERPOLATIONS.items():
            fast = _io.decode_file(path, mode, target, resample)
            reference = pil_decode(path, mode, target, resample)
            assert fast.shape == reference.shape == target + (3 if mode == "RGB" else 1,) and fast.dtype == np.uint8
            # The same libjpeg-turbo at the same scale gives the same pixels; builds of
            # different versions may round a few of them differently.
            diff = np.abs(fast.astype(int) - reference)
            assert diff.mean() <= 0.25, (target, interpolation)


@pytest.mark.parametrize("decoder", DECODERS[:-1])
def test_jpegs_the_fast_decoders_do_not_take_go_to_pil(tmp_path, monkeypatch, decoder):
    use_decoder(monkeypatch, decoder)
    nearest = _io._INTERPOLATIONS["nearest"]
    cmyk = jpeg(tmp_path, "cmyk")
    baseline = jpeg(tmp_path, "baseline")
    cut = tmp_path / "cut.jpg"
    cut.write_bytes(baseline.read_bytes()[:-2000])  # header intact, the end of the scan missing
    png = tmp_path / "a.png"
    Image.open(baseline).save(png)
    assert _io._decode_jpeg_fast(cmyk, "RGB", (64, 64)) is None
    assert _io._decode_jpeg_fast(cut, "RGB", (64, 64)) is None
    assert _io._decode_jpeg_fast(png, "RGB", (64, 64)) is None
    misnamed = tmp_path / "photo.png"  # a JPEG by its bytes: PIL reads it, by name it is no JPEG
    misnamed.write_bytes(baseline.read_bytes())
    assert _io._decode_jpeg_fast(misnamed, "RGB", (64, 64)) is None
    upper = tmp_path / "PHOTO.JPEG"
    upper.write_bytes(baseline.read_bytes())
    assert _io._decode_jpeg_fast(upper, "RGB", (64, 64)) is not None
    assert _io._decode_jpeg_fast(baseline, "RGBA", (64, 64)) is None
    for path, mode in [(cmyk, "RGB"), (png, "RGB"), (misnamed, "RGB"), (baseline, "RGBA")]:
        np.testing.assert_array_equal(_io.decode_file(path, mode, (64, 64), nearest),
                                      pil_decode(path, mode, (64, 64), nearest))
    with pytest.raises(OSError, match="truncated"):  # as PIL always said
        _io.decode_file(cut, "RGB", (64, 64), nearest)
    # keep_aspect_ratio crops the full image: PIL, no reduced decoding.
    np.testing.assert_array_equal(
        _io.decode_file(baseline, "RGB", (64, 64), nearest, keep_aspect_ratio=True),
        _io.decode_file(baseline, "RGB", (64, 64), nearest, fast_jpeg=False, keep_aspect_ratio=True))


def test_without_simplejpeg_or_opencv_jpegs_are_decoded_by_pil(tmp_path, monkeypatch):
    monkeypatch.setattr(_transforms, "_CV2", [None])  # as if ``import cv2`` had failed
    monkeypatch.setattr(_io, "_SIMPLEJPEG", [None])  # and ``import simplejpeg``
    path = jpeg(tmp_path, "baseline")
    assert _io._decode_jpeg_fast(path, "RGB", (64, 64)) is None
    x = _io.decode_file(path, "RGB", (64, 64), _io._INTERPOLATIONS["bilinear"])
    full = _io.decode_file(path, "RGB", (64, 64), _io._INTERPOLATIONS["bilinear"], fast_jpeg=False)
    assert x.shape == (64, 64, 3) and np.abs(x.astype(float) - full).mean() <= JPEG_MEAN_TOLERANCE["bilinear"]


@SETTINGS
@given(width=st.integers(1, 260), height=st.integers(1, 260), target=st.tuples(st.integers(1, 70), st.integers(1, 70)),
       gray=st.booleans(), mode=st.sampled_from(["RGB", "L"]), seed=st.integers(0, 2**16))
@example(width=5, height=5, target=(1, 1), gray=False, mode="RGB", seed=0)  # 3/8 and 1/4 both give 2×2
def test_jpeg_header_scale_and_fast_decoders_agree_with_pil(tmp_path_factory, width, height, target, gray, mode,
                                                            seed):
    # Noise: decoded at another scale, its pixels would differ by far more than rounding.
    noise = np.random.default_rng(seed).integers(0, 256, (height, width) + (() if gray else (3,)), dtype=np.uint8)
    path = tmp_path_factory.mktemp("jpeg") / "a.jpg"
    Image.fromarray(noise).save(path)
    assert _io.jpeg_header(path.read_bytes()) == (width, height, 1 if gray else 3)
    with Image.open(path) as img:
        img.draft(mode, (target[1], target[0]))
        drafted = np.asarray(img.convert(mode)).astype(int)
    scale = _io.jpeg_scale((width, height), target)
    assert (-(-height // scale), -(-width // scale)) == drafted.shape[:2]
    for decoder in ["simplejpeg", "opencv"]:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(_io, "use_simplejpeg", decoder == "simplejpeg")
            x = _io._decode_jpeg_fast(path, mode, target)
        if x is not None:  # None: that decoder is not installed
            assert x.shape == drafted.shape, decoder
            assert np.abs(x - drafted).max() <= 1, decoder  # the same scale: rounding at most


@SETTINGS
@given(data=st.binary(max_size=200), jpeg_start=st.booleans())
def test_jpeg_header_never_raises(data, jpeg_start):
    header = _io.jpeg_header(b"\xff\xd8" + data if jpeg_start else data)
    assert header is None or (len(header) == 3 and all(isinstance(v, int) for v in header))


@needs_opencv
@SETTINGS
@given(size=st.tuples(st.integers(1, 300), st.integers(1, 300)), target=st.tuples(st.integers(1, 300),
                                                                                  st.integers(1, 300)),
       channels=st.sampled_from([1, 3]))
def test_opencv_nearest_resize_picks_pils_pixels(size, target, channels):
    x = np.random.default_rng(0).integers(0, 256, size + (channels,), dtype=np.uint8)
    x = x[:, :, 0] if channels == 1 else x
    mode = "L" if channels == 1 else "RGB"
    nearest = _io._INTERPOLATIONS["nearest"]
    ours = _io._resize_array(x, mode, target, nearest)
    np.testing.assert_array_equal(ours, np.asarray(Image.fromarray(x).resize(target[::-1], nearest)))


def test_quick_jpeg_check_accepts_jpegs_and_leaves_the_rest_to_pil(tmp_path):
    good = jpeg(tmp_path, "baseline")
    (tmp_path / "empty.jpg").write_bytes(b"")
    (tmp_path / "text.jpg").write_text("not a jpeg at all")
    (tmp_path / "soi-only.jpg").write_bytes(b"\xff\xd8\xff")
    assert _io.check_files([good, jpeg(tmp_path, "progressive")]) == [None, None]
    for name in ("empty.jpg", "text.jpg", "soi-only.jpg"):
        assert _io.check_file(tmp_path / name) is not None, name


def with_segment_before_the_frame(path, nbytes):
    """The JPEG at ``path`` with an ``nbytes`` application segment (an EXIF thumbnail's place) after SOI."""
    data = path.read_bytes()
    segment = b"\xff\xe1" + (nbytes + 2).to_bytes(2, "big") + bytes(nbytes)
    out = path.with_name(f"{path.stem}-{nbytes}.jpg")
    out.write_bytes(data[:2] + segment + data[2:])
    return out


@pytest.mark.parametrize("decoder", DECODERS)
@pytest.mark.parametrize("nbytes", [100, 5000, 30000])
def test_a_frame_header_beyond_the_first_look_is_still_found(tmp_path, monkeypatch, decoder, nbytes):
    use_decoder(monkeypatch, decoder)
    path = with_segment_before_the_frame(jpeg(tmp_path, "baseline"), nbytes)
    assert _io.check_file(path) is None
    assert _io.jpeg_header(path.read_bytes()) == (400, 300, 3)
    nearest = _io._INTERPOLATIONS["nearest"]
    np.testing.assert_array_equal(_io.decode_file(path, "RGB", (64, 64), nearest),
                                  pil_decode(path, "RGB", (64, 64), nearest))


def test_read_file_reads_the_whole_file(tmp_path):
    data = np.random.default_rng(0).bytes(300_000)
    (tmp_path / "f").write_bytes(data)
    assert _io.read_file(tmp_path / "f") == data
    (tmp_path / "empty").write_bytes(b"")
    assert _io.read_file(tmp_path / "empty") == b""


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


@pytest.fixture(params=["one file per task", "chunks of files"])
def chunking(request, monkeypatch):
    """Decode one file per pool task, or several (with 4-image batches: 2 per task)."""
    from kerascourse.images import _iterators

    if request.param == "one file per task":
        monkeypatch.setattr(_iterators, "FILES_PER_TASK", 1)
    else:
        monkeypatch.setattr(_iterators.os, "cpu_count", lambda: 1)
    return request.param


@pytest.mark.parametrize("cache", [True, False])
def test_prefetching_gives_the_same_batches_in_any_order(folder, cache, chunking):
    in_order = [directory(folder, cache)[i] for i in range(4)]
    backwards = directory(folder, cache)
    out_of_order = {i: backwards[i] for i in (3, 1, 2, 0)}
    for i, (x, y) in enumerate(in_order):
        np.testing.assert_array_equal(x, out_of_order[i][0])
        np.testing.assert_array_equal(y, out_of_order[i][1])


def test_prefetching_stays_bounded_and_claims_what_it_decodes(folder, chunking):
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


def test_prefetched_chunks_claimed_piecemeal_in_a_new_epoch(folder, chunking):
    # Without a cache, files prefetched for batch 1 of epoch 0 are claimed, one by one,
    # by whichever batches of the reshuffled epoch 1 hold them.
    prefetched = directory(folder, cache=False)
    prefetched[0]
    prefetched.on_epoch_end()
    fresh = directory(folder, cache=False)
    fresh.on_epoch_end()
    for i in range(len(fresh)):
        x, y = prefetched[i]
        np.testing.assert_array_equal(x, fresh[i][0])
        np.testing.assert_array_equal(y, fresh[i][1])
    assert len(prefetched._pending) <= 3 * prefetched.batch_size


def test_a_file_that_breaks_after_indexing_is_left_out_with_prefetching(folder):
    it = directory(folder, cache=True, shuffle=False)
    with open(it.filepaths[5], "wb") as f:
        f.write(b"\xff\xd8 not a jpeg any more")
    with pytest.warns(UserWarning, match="Could not read"):
        sizes = [len(it[i][0]) for i in range(len(it))]
    assert sum(sizes) == it.samples - 1
