import keras
import numpy as np
from hypothesis import given, strategies as st

from grader.checks import check, check_close, check_float

X = np.array([0.0, 1.0, 2.0, 3.0, 4.0])
Y = np.array([0.0, 6.0, 12.0, 18.0, 24.0])


def test_loss_values(exercise):
    """the loss is the mean squared error: 0 at W = 6, 36 · 6 = 216 at W = 0"""
    check_close(exercise.loss(6.0, X, Y), 0.0, name="loss(6.0, x, y)")
    value = check_float(exercise.loss(0.0, X, Y), name="loss(0.0, x, y)")
    check(not np.isclose(value, 1080.0), "loss(0.0, x, y) is 1080, the *sum* of squared errors; "
                                         "the loss is their mean (divide by the number of samples): 216")
    check(not np.isclose(value, 108.0), "loss(0.0, x, y) is 108: the squared error is (x·w − y)², "
                                        "with no factor 1/2 (the mean is 216)")
    check_close(value, 216.0, name="loss(0.0, x, y)")
    reference = float(keras.losses.MeanSquaredError()(Y, X * 4.5))
    check_close(exercise.loss(4.5, X, Y), reference, name="loss(4.5, x, y) (compared with keras's MSE)")


def _closed_form_derivative(w: float) -> float:
    return float(np.mean(2 * X * (X * w - Y)))


def _tape_derivative(w: float) -> float:
    """d/dw mean((x·w − y)²) at w, by tf.GradientTape on TensorFlow; on another backend by its closed form,
    2·mean(x·(x·w − y)) in float64 (importing TensorFlow there would cost seconds of every grading)."""
    if keras.backend.backend() != "tensorflow":
        return _closed_form_derivative(w)
    import tensorflow as tf

    var = tf.Variable(w, dtype="float64")
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(tf.constant(X) * var - tf.constant(Y)))
    return float(tape.gradient(loss, var))


@given(st.floats(-20, 20, allow_nan=False))
def test_gradient_matches_tape(exercise, w):
    """gradient(w) equals the derivative tf.GradientTape computes, for any w"""
    expected = _tape_derivative(w)
    got = float(exercise.gradient(w, X, Y))
    if not np.isclose(got, expected, rtol=1e-6, atol=1e-6):
        if np.isclose(got, -expected, rtol=1e-6, atol=1e-6) and expected != 0:
            check(False, f"gradient({w}, x, y) = {got:.6g} has the wrong sign (expected {expected:.6g}): "
                         f"d/dw (x·w − y)² = 2·x·(x·w − y), prediction minus target")
        if np.isclose(got, expected / 2, rtol=1e-6, atol=1e-6):
            check(False, f"gradient({w}, x, y) = {got:.6g} is half the derivative ({expected:.6g}): "
                         f"the derivative of u² is 2·u, so there is a factor 2")
        if np.isclose(got, expected * len(X), rtol=1e-6, atol=1e-6):
            check(False, f"gradient({w}, x, y) = {got:.6g}: that is the derivative of the sum; "
                         f"the loss is the mean, so average over the samples ({expected:.6g})")
    check_close(got, expected, name=f"gradient({w}, x, y)", rtol=1e-6, atol=1e-6)


def test_step_goes_against_the_slope(exercise):
    """step(w, grad, lr) moves against the gradient: step(1.0, 2.0, 0.1) = 0.8"""
    got = float(exercise.step(1.0, 2.0, 0.1))
    check(not np.isclose(got, 1.2), "step(1.0, grad=2.0, learning_rate=0.1) returned 1.2: the step went "
                                    "*up* the slope. Gradient descent subtracts: w − learning_rate · grad")
    check_close(got, 0.8, name="step(1.0, grad=2.0, learning_rate=0.1)")
    check_close(exercise.step(10.0, -4.0, 0.5), 12.0, name="step(10.0, grad=-4.0, learning_rate=0.5)")


def test_descend_converges_to_six(exercise):
    """descend from W = 0 with learning rate 0.01 reaches W ≈ 6, the loss falling at every step"""
    ws = exercise.descend(X, Y, w0=0.0, learning_rate=0.01, steps=100)
    check(isinstance(ws, (list, tuple, np.ndarray)), f"descend should return the list of w values; "
                                                     f"got {type(ws).__name__}")
    ws = [float(w) for w in ws]
    check(len(ws) == 101, f"descend(..., steps=100) should return 101 values (w0 and one per step); "
                          f"got {len(ws)}")
    check(ws[0] == 0.0, f"the first value should be w0 = 0.0; got {ws[0]}")
    if abs(ws[-1]) > 1e6 or not np.isfinite(ws[-1]):
        check(False, f"W ran away to {ws[-1]:.3g}: the step goes up the slope (use w − lr·grad) "
                     f"or the gradient has the wrong sign")
    losses = [float(np.mean((X * w - Y) ** 2)) for w in ws]
    check(all(b <= a + 1e-9 for a, b in zip(losses, losses[1:])),
          "the loss went up during descent: each step should go against the gradient")
    check_close(ws[-1], 6.0, name="the last W of descend(x, y, w0=0, learning_rate=0.01, steps=100)", atol=1e-3)


def test_exact_path_with_larger_rate(exercise):
    """with learning rate 0.1 each step multiplies W − 6 by 1 − 12·0.1 = −0.2: W overshoots 6 and comes back"""
    with np.errstate(over="ignore", invalid="ignore"):
        ws = [float(w) for w in exercise.descend(X, Y, w0=0.0, learning_rate=0.1, steps=20)]
    # dL/dW = 2·mean(x²)·(W − 6) = 12·(W − 6), so W − 6 is multiplied by (1 − 12·lr) at every step.
    expected = [6.0 - 6.0 * (1 - 12 * 0.1) ** k for k in range(21)]
    check(len(ws) == 21 and np.allclose(ws, expected, rtol=1e-6, atol=1e-6),
          f"descend(x, y, w0=0, learning_rate=0.1, steps=20) should visit 0, 7.2, 5.76, 6.048, ... "
          f"(6 − 6·(−0.2)^k); got {[round(w, 4) for w in ws[:4]]}...")
