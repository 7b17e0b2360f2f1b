import numpy as np
from hypothesis import given, strategies as st
from hypothesis.extra import numpy as hnp

from grader.checks import check

DTYPES = st.sampled_from([np.uint8, np.int32, np.int64, np.float32, np.float64, np.bool_])


def test_mnist_like_batch(exercise):
    """describe() reports rank 3, the shape and 'uint8' for a batch of MNIST-sized images"""
    x = np.zeros((60, 28, 28), dtype=np.uint8)
    got = exercise.describe(x)
    check(isinstance(got, tuple) and len(got) == 3,
          f"describe(x) should return a tuple (ndim, shape, dtype_name); got {got!r}")
    ndim, shape, dtype = got
    check(ndim == 3, f"describe(x) for a batch of images of shape (60, 28, 28): expected ndim 3, got {ndim!r}")
    check(tuple(shape) == (60, 28, 28), f"describe(x): expected shape (60, 28, 28), got {shape!r}")
    check(dtype == "uint8", f"describe(x): expected the dtype name 'uint8' (a string), got {dtype!r}")


def test_scalar_is_rank_zero(exercise):
    """a scalar is a rank-0 tensor with shape ()"""
    ndim, shape, _ = exercise.describe(np.array(3.5))
    check(ndim == 0 and tuple(shape) == (), f"describe(np.array(3.5)): a scalar has ndim 0 and shape (); "
                                            f"got ndim {ndim!r}, shape {shape!r}")


@given(hnp.arrays(DTYPES, hnp.array_shapes(min_dims=0, max_dims=5, max_side=4)))
def test_any_array(exercise, x):
    """describe() and count_values() agree with NumPy for arrays of any rank"""
    ndim, shape, dtype = exercise.describe(x)
    check((ndim, tuple(shape), dtype) == (x.ndim, x.shape, x.dtype.name),
          f"describe() of an array of shape {x.shape} and dtype {x.dtype.name}: expected "
          f"{(x.ndim, x.shape, x.dtype.name)}, got {(ndim, shape, dtype)}")
    count = exercise.count_values(x)
    check(count == x.size, f"count_values() of an array of shape {x.shape}: expected {x.size}, got {count!r}"
          + (" (that is the length of the first axis only)" if x.ndim and count == len(x) != x.size else ""))
