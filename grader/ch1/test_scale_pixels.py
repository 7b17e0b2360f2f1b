import numpy as np
from hypothesis import given
from hypothesis.extra import numpy as hnp

from grader.checks import check, check_array, check_dtype


def test_range_and_dtype(exercise):
    """0 becomes 0.0, 51 becomes 0.2, 255 becomes 1.0, and the result is float32"""
    images = np.array([[[0, 51, 255]]], dtype=np.uint8)
    out = exercise.scale_images(images)
    name = "scale_images([0, 51, 255] as uint8)"
    if isinstance(out, np.ndarray) and out.dtype.kind in "iu":
        check(not np.array_equal(out, images // 255),
              f"{name} gave {out.ravel().tolist()}: integer division (//) keeps whole numbers only, so every "
              f"pixel but 255 becomes 0. Divide with / after converting to float32")
    check_array(out, np.array([[[0.0, 0.2, 1.0]]]), name=name, dtype_kind="f",
                mistakes={"divide by 255, not 256: 255 must become exactly 1.0": images / 256.0,
                          "integer division (//) keeps whole numbers only: divide with /": images // 255})
    check_dtype(out, "float32", name=f"{name} (Keras layers compute in float32)")


@given(hnp.arrays(np.uint8, hnp.array_shapes(min_dims=1, max_dims=4, max_side=6)))
def test_any_image(exercise, images):
    """any uint8 array keeps its shape and lands in [0, 1] as float32"""
    out = exercise.scale_images(images)
    name = f"scale_images(uint8 array of shape {images.shape})"
    check_array(out, images.astype(np.float32) / 255, name=name, dtype_kind="f")
    check_dtype(out, "float32", name=name)
