import numpy as np
import tensorflow as tf

from grader.checks import CheckFailed, check, check_array, check_close, check_float


def _number(call, name, why_none):
    """The float that ``call()`` returns; a gradient that came back None is named, however it surfaced."""
    try:
        value = call()
    except TypeError as exc:
        # float(None) or None * 2: the learner's code converted a gradient the tape could not compute
        if "NoneType" not in str(exc):
            raise
        raise CheckFailed(f"{name} raised TypeError ({exc}): a gradient came back None. {why_none}") from None
    if value is None:
        raise CheckFailed(f"{name} returned None. {why_none}")
    return check_float(value, name=name)


NOT_WATCHED = ("tape.gradient gives None when the tape did not watch the input: a tf.Variable is watched by "
               "itself, a tf.constant needs tape.watch(x) inside the `with` block")
OUTSIDE_OUTER = ("The outer tape only records what runs inside its `with` block: compute the first gradient "
                 "(inner.gradient) inside the outer tape's `with`, then take outer.gradient of it")


def test_linear_slope(exercise):
    """d(2x + 3)/dx = 2, wherever x is"""
    for x in (0.0, 5.0, -3.0):
        name = f"gradient_at(lambda x: 2 * x + 3, {x})"
        check_close(_number(lambda: exercise.gradient_at(lambda v: 2 * v + 3, x), name, NOT_WATCHED), 2.0,
                    name=name)


def test_cubic(exercise):
    """d(x³)/dx = 3x²: at x = 2 the slope is 12"""
    name = "gradient_at(lambda x: x ** 3, 2.0)"
    check_close(_number(lambda: exercise.gradient_at(lambda v: v ** 3, 2.0), name, NOT_WATCHED), 12.0, name=name,
                rtol=1e-5)


def test_constant_needs_watch(exercise):
    """the gradient with respect to a constant: d(x·x)/dx = 6 at x = 3 (needs tape.watch)"""
    name = "gradient_of_constant(lambda x: x * x, 3.0)"
    value = _number(lambda: exercise.gradient_of_constant(lambda v: v * v, 3.0), name,
                    "A tf.constant is not watched by the tape: call tape.watch(x) inside the `with` block before "
                    "computing f(x)")
    check_close(value, 6.0, name=name)


def test_bias_gradient_is_batch_size(exercise):
    """for sum(x @ W + b) the gradient w.r.t. b is the batch size in every entry"""
    rng = np.random.default_rng(0)
    x = rng.random((5, 3)).astype("float32")
    W = rng.random((3, 4)).astype("float32")
    b = np.zeros(4, "float32")
    out = exercise.bias_gradient(x, W, b)
    check(out is not None, "bias_gradient returned None: b must be a tf.Variable (or watched) inside the tape")
    # the stub promises a NumPy array: a tensor is converted with .numpy()
    check_array(out, np.full(4, 5.0), name="bias_gradient(x (5, 3), W (3, 4), b (4,))",
                mistakes={"every entry is 1: did you take the mean instead of the sum? Each of the 5 "
                          "samples adds b once, so every entry is 5": np.full(4, 1.0)})


def test_second_derivative_falling_apple(exercise):
    """position 4.9·t²: the second derivative (acceleration) is 9.8 at any t"""
    for t in (0.0, 1.0, 3.0):
        value = _number(lambda: exercise.second_derivative(lambda v: 4.9 * v ** 2, t),
                        f"second_derivative(lambda t: 4.9 * t ** 2, {t})", OUTSIDE_OUTER)
        check(t in (0.0, 1.0) or abs(value - 9.8 * t) > 1e-3,
              f"second_derivative(4.9 t², {t}) returned {float(value):.4g}, the first derivative 9.8·t (the speed): "
              f"differentiate once more with the outer tape")
        check_close(value, 9.8, name=f"second_derivative(lambda t: 4.9 * t ** 2, {t})", rtol=1e-5)


def test_second_derivative_of_cubic(exercise):
    """d²(t³)/dt² = 6t: 12 at t = 2"""
    name = "second_derivative(lambda t: t ** 3, 2.0)"
    check_close(_number(lambda: exercise.second_derivative(lambda v: v ** 3, 2.0), name, OUTSIDE_OUTER), 12.0,
                name=name, rtol=1e-5)
    check(tf.executing_eagerly(), "your code switched TensorFlow out of eager mode")
