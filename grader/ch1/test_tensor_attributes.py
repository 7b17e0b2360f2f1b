import numpy as np
from hypothesis import given, strategies as st
from hypothesis.extra import numpy as hnp

from grader.checks import check

DTYPES = st.sampled_from([np.uint8, np.int32, np.int64, np.float32, np.float64, np.bool_])


def _check_types(got, call: str) -> tuple:
    """describe() promises (int, tuple, str): a list, a numpy.dtype or a NumPy number only look alike."""
    check(isinstance(got, tuple) and len(got) == 3,
          f"{call} should return a tuple (ndim, shape, dtype_name); got {got!r}")
    ndim, shape, dtype = got
    check(type(ndim) is int, f"{call}: ndim should be a Python int; got {type(ndim).__name__} {ndim!r}")
    check(type(shape) is tuple, f"{call}: the shape should be a tuple, as x.shape is; got a "
                                f"{type(shape).__name__} {shape!r} (return x.shape itself, not list(x.shape))")
    check(type(dtype) is str, f"{call}: the dtype name should be a string such as 'uint8'; got "
                              f"{'the dtype object x.dtype' if isinstance(dtype, np.dtype) else type(dtype).__name__} "
                              f"({dtype!r}), which only prints like one: return x.dtype.name")
    return got


def test_mnist_like_batch(exercise):
    """describe() reports rank 3, the shape and 'uint8' (a str) for a batch of MNIST-sized images"""
    x = np.zeros((60, 28, 28), dtype=np.uint8)
    ndim, shape, dtype = _check_types(exercise.describe(x), "describe(x of shape (60, 28, 28), uint8)")
    check(ndim == 3, f"describe(x) for a batch of images of shape (60, 28, 28): expected ndim 3, got {ndim!r}")
    check(shape == (60, 28, 28), f"describe(x): expected shape (60, 28, 28), got {shape!r}")
    check(dtype == "uint8", f"describe(x): expected the dtype name 'uint8' (a string), got {dtype!r}")


def test_scalar_is_rank_zero(exercise):
    """a scalar is a rank-0 tensor with shape () holding one number"""
    ndim, shape, _ = exercise.describe(np.array(3.5))
    check(ndim == 0 and tuple(shape) == (), f"describe(np.array(3.5)): a scalar has ndim 0 and shape (); "
                                            f"got ndim {ndim!r}, shape {shape!r}")
    count = exercise.count_values(np.array(3.5))
    check(type(count) is int and count == 1,
          f"count_values(np.array(3.5)): a scalar holds 1 number, expected the int 1; got "
          f"{type(count).__name__} {count!r}" + (" (np.prod of the empty shape () is the float 1.0: "
                                                 "use x.size)" if isinstance(count, float) else ""))


def test_count_is_an_int(exercise):
    """count_values() returns a Python int (x.size), not a NumPy number"""
    x = np.zeros((2, 3, 4))
    count = exercise.count_values(x)
    check(type(count) is int, f"count_values(x of shape (2, 3, 4)) should return a Python int; got "
                              f"{type(count).__name__} {count!r}" + (" (np.prod gives a NumPy number: use x.size, "
                                                                     "or wrap it in int(...))"
                                                                     if isinstance(count, np.generic) else ""))
    check(count == 24, f"count_values(x of shape (2, 3, 4)): expected 24, got {count!r}"
          + (" (that is the length of the first axis only)" if count == 2 else ""))


@given(hnp.arrays(DTYPES, hnp.array_shapes(min_dims=0, max_dims=5, max_side=4)))
def test_any_array(exercise, x):
    """describe() and count_values() agree with NumPy for arrays of any rank and dtype"""
    ndim, shape, dtype = _check_types(exercise.describe(x), f"describe(x of shape {x.shape}, {x.dtype.name})")
    check((ndim, shape, dtype) == (x.ndim, x.shape, x.dtype.name),
          f"describe() of an array of shape {x.shape} and dtype {x.dtype.name}: expected "
          f"{(x.ndim, x.shape, x.dtype.name)}, got {(ndim, shape, dtype)}")
    count = exercise.count_values(x)
    check(count == x.size, f"count_values() of an array of shape {x.shape}: expected {x.size}, got {count!r}"
          + (" (that is the length of the first axis only)" if x.ndim and count == len(x) != x.size else ""))
