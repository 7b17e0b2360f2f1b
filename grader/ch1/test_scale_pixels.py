import numpy as np
from hypothesis import given
from hypothesis.extra import numpy as hnp

from grader.checks import check, check_array


def test_range_and_dtype(exercise):
    """0 becomes 0.0, 255 becomes 1.0, and the result is float32"""
    images = np.array([[[0, 51, 255]]], dtype=np.uint8)
    out = exercise.scale_images(images)
    check_array(out, np.array([[[0.0, 0.2, 1.0]]]), name="scale_images([0, 51, 255] as uint8)", dtype_kind="f",
                mistakes={"divide by 255, not 256: 255 must become exactly 1.0": images / 256.0})
    check(out.dtype == np.float32, f"scale_images should return float32 (what Keras layers use); got {out.dtype}")


@given(hnp.arrays(np.uint8, hnp.array_shapes(min_dims=1, max_dims=4, max_side=6)))
def test_any_image(exercise, images):
    """any uint8 array keeps its shape and lands in [0, 1]"""
    out = exercise.scale_images(images)
    check_array(out, images.astype(np.float32) / 255, name=f"scale_images(uint8 array of shape {images.shape})",
                dtype_kind="f")
