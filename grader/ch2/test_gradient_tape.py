import numpy as np
import tensorflow as tf

from grader.checks import check, check_array, check_close


def _number(value, name):
    check(value is not None, f"{name} returned None: tape.gradient gives None when the tape did not watch the "
                             f"input (a tf.constant needs tape.watch(x)), or when you forgot `return`")
    return value


def test_linear_slope(exercise):
    """d(2x + 3)/dx = 2, wherever x is"""
    for x in (0.0, 5.0, -3.0):
        value = _number(exercise.gradient_at(lambda v: 2 * v + 3, x), "gradient_at(2x + 3)")
        check_close(value, 2.0, name=f"gradient_at(lambda x: 2 * x + 3, {x})")


def test_cubic(exercise):
    """d(x³)/dx = 3x²: at x = 2 the slope is 12"""
    value = _number(exercise.gradient_at(lambda v: v ** 3, 2.0), "gradient_at(x ** 3, 2)")
    check_close(value, 12.0, name="gradient_at(lambda x: x ** 3, 2.0)", rtol=1e-5)


def test_constant_needs_watch(exercise):
    """the gradient with respect to a constant: d(x·x)/dx = 6 at x = 3 (needs tape.watch)"""
    value = exercise.gradient_of_constant(lambda v: v * v, 3.0)
    check(value is not None, "gradient_of_constant returned None: a tf.constant is not watched by the tape. Call "
                             "tape.watch(x) inside the `with` block before computing f(x)")
    check_close(value, 6.0, name="gradient_of_constant(lambda x: x * x, 3.0)")


def test_bias_gradient_is_batch_size(exercise):
    """for sum(x @ W + b) the gradient w.r.t. b is the batch size in every entry"""
    rng = np.random.default_rng(0)
    x = rng.random((5, 3)).astype("float32")
    W = rng.random((3, 4)).astype("float32")
    b = np.zeros(4, "float32")
    out = exercise.bias_gradient(x, W, b)
    check(out is not None, "bias_gradient returned None: b must be a tf.Variable (or watched) inside the tape")
    check_array(out, np.full(4, 5.0), name="bias_gradient(x (5, 3), W (3, 4), b (4,))", allow_tensor=True,
                mistakes={"every entry is 1: did you take the mean instead of the sum? Each of the 5 "
                          "samples adds b once, so every entry is 5": np.full(4, 1.0)})


def test_second_derivative_falling_apple(exercise):
    """position 4.9·t²: the second derivative (acceleration) is 9.8 at any t"""
    for t in (0.0, 1.0, 3.0):
        value = exercise.second_derivative(lambda v: 4.9 * v ** 2, t)
        check(value is not None, "second_derivative returned None: compute the first gradient inside the outer "
                                 "tape's `with` block, then take the outer tape's gradient of it")
        check(t in (0.0, 1.0) or abs(float(value) - 9.8 * t) > 1e-3,
              f"second_derivative(4.9 t², {t}) returned {float(value):.4g}, the first derivative 9.8·t (the speed): "
              f"differentiate once more with the outer tape")
        check_close(value, 9.8, name=f"second_derivative(lambda t: 4.9 * t ** 2, {t})", rtol=1e-5)


def test_second_derivative_of_cubic(exercise):
    """d²(t³)/dt² = 6t: 12 at t = 2"""
    check_close(exercise.second_derivative(lambda v: v ** 3, 2.0), 12.0, name="second_derivative(lambda t: t ** 3, 2.0)",
                rtol=1e-5)
    check(tf.executing_eagerly(), "your code switched TensorFlow out of eager mode")
