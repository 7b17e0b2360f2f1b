import numpy as np
import tensorflow as tf

from grader.checks import check, check_array, check_close, check_float
from kerascourse.datasets import gaussian_clouds

X4 = np.array([[1.0, 2.0], [0.0, -1.0], [3.0, 0.5], [-2.0, 1.0]], dtype="float32")
T4 = np.array([[1.0], [0.0], [1.0], [0.0]], dtype="float32")
W0 = np.array([[0.5], [-0.25]], dtype="float32")
B0 = np.array([0.1], dtype="float32")


def _numpy(value, name):
    if hasattr(value, "numpy"):
        value = value.numpy()
    check(value is not None, f"{name} returned None: did you forget `return`?")
    return np.asarray(value)


def test_model_is_linear(exercise):
    """model(x, W, b) = x @ W + b, one prediction per sample: shape (n, 1)"""
    out = _numpy(exercise.model(tf.constant(X4), tf.constant(W0), tf.constant(B0)), "model(x, W, b)")
    check_array(out, X4 @ W0 + B0, name="model(x, W, b) with x (4, 2), W (2, 1), b (1,)", mistakes={
        "the bias b is missing: the model is x @ W + b": X4 @ W0})


def test_square_loss(exercise):
    """square_loss is the mean of (targets − predictions)², a single number"""
    preds = X4 @ W0 + B0
    expected = float(np.mean((T4 - preds) ** 2))
    got = float(_numpy(exercise.square_loss(tf.constant(T4), tf.constant(preds)), "square_loss"))
    check(not np.isclose(got, expected * len(T4)), f"square_loss returned {got:.5g}, the *sum* of the squared "
                                                   f"errors; take their mean ({expected:.5g})")
    check_close(got, expected, name="square_loss(targets, predictions)", rtol=1e-5)


def _reference_step(lr=0.1):
    W, b = tf.Variable(W0), tf.Variable(B0)
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(T4 - (tf.matmul(X4, W) + b)))
    gW, gb = tape.gradient(loss, [W, b])
    return float(loss), W0 - lr * gW.numpy(), B0 - lr * gb.numpy(), W0 + lr * gW.numpy()


def test_training_step_updates_in_place(exercise):
    """training_step moves W and b against their gradients (in place) and returns the loss"""
    loss, W1, b1, W_wrong_sign = _reference_step(0.1)
    W, b = tf.Variable(W0), tf.Variable(B0)
    returned = exercise.training_step(tf.constant(X4), tf.constant(T4), W, b, 0.1)
    check(not np.allclose(W.numpy(), W0), "W did not change: update the variable in place with "
                                          "W.assign_sub(learning_rate * grad_W) (plain `W = W - ...` only "
                                          "rebinds a local name)")
    check_array(W.numpy(), W1, name="W after one training_step(learning_rate=0.1)", rtol=1e-4, atol=1e-6,
                mistakes={"W moved *with* the gradient, up the slope: subtract learning_rate · gradient":
                          W_wrong_sign})
    check_array(b.numpy(), b1, name="b after one training_step(learning_rate=0.1)", rtol=1e-4, atol=1e-6)
    returned = check_float(returned, name="training_step(x, targets, W, b, 0.1)")
    check_close(returned, loss, name="the loss training_step returns (computed before the update)", rtol=1e-4)


def test_train_protocol(exercise, monkeypatch):
    """train starts from W uniform in [0, 1) and b = 0, and takes `steps` full-batch steps on targets (n, 1)"""
    calls = []
    original = exercise.training_step

    def spy(x, targets, W, b, *args, **kwargs):
        calls.append({"n": len(x), "targets": tuple(targets.shape), "W": np.array(W), "b": np.array(b)})
        return original(x, targets, W, b, *args, **kwargs)

    monkeypatch.setattr(exercise, "training_step", spy)
    x, labels = gaussian_clouds(50, seed=3)   # 100 points
    exercise.train(x, labels, steps=5, learning_rate=0.1)
    if not calls:   # train runs its steps without calling training_step: its results are checked below
        return
    check(len(calls) == 5, f"train(..., steps=5) called training_step {len(calls)} times; expected 5, one per step")
    first = calls[0]
    check(first["targets"] == (100, 1),
          f"train passed targets of shape {first['targets']} to training_step; expected (100, 1), like the "
          f"predictions x @ W" + (": targets − predictions of shapes (100,) and (100, 1) broadcasts to (100, 100), "
                                  "comparing every sample with every other. Reshape the labels: "
                                  "labels.reshape(-1, 1)" if first["targets"] == (100,) else ""))
    check(first["n"] == 100, f"train's steps used {first['n']} of the 100 samples; the stub asks for full-batch "
                             f"steps (all samples in every step)")
    W, b = first["W"], first["b"]
    check(W.shape == (2, 1) and b.shape == (1,), f"train started from W of shape {W.shape} and b of shape "
                                                 f"{b.shape}; expected (2, 1) and (1,)")
    check(np.all(b == 0), f"train started from b = {b.tolist()}; the stub says b starts at 0 (tf.zeros((1,)))")
    check(np.all((W >= 0) & (W < 1)) and W[0, 0] != W[1, 0],
          f"train started from W = {W.ravel().tolist()}; the stub says W starts random-uniform in [0, 1): "
          f"tf.random.uniform((2, 1))" + (" (all equal weights are not random)" if W[0, 0] == W[1, 0] else ""))


def test_train_separates_the_clouds(exercise):
    """train(...) on two Gaussian clouds (means (0, 3) and (3, 0)) classifies at least 95% correctly"""
    x, labels = gaussian_clouds(500, seed=1)
    out = exercise.train(x, labels, steps=40, learning_rate=0.1)
    check(isinstance(out, (tuple, list)) and len(out) == 2, f"train should return (W, b); got {out!r}")
    # the stub promises NumPy arrays: the tf.Variable itself is converted with W.numpy()
    W = check_array(out[0], name="the W that train returns", shape=(2, 1), dtype_kind="f")
    b = check_array(out[1], name="the b that train returns", shape=(1,), dtype_kind="f")
    predictions = x @ W + b
    accuracy = float(np.mean((predictions[:, 0] > 0.5) == (labels == 1)))
    check(accuracy >= 0.95, f"after 40 steps the classifier is right on {accuracy:.1%} of the points; expected "
                            f"at least 95%. Is the step against the gradient, with learning rate 0.1 and "
                            f"targets of shape (n, 1)?")


def test_decision_line(exercise):
    """decision_line(W, b) is where W[0]·x0 + W[1]·x1 + b = 0.5, as x1 = slope·x0 + intercept"""
    W = np.array([[0.2], [-0.4]])
    b = np.array([0.3])
    out = exercise.decision_line(W, b)
    check(isinstance(out, (tuple, list)) and len(out) == 2, f"decision_line should return (slope, intercept); "
                                                            f"got {out!r}")
    slope, intercept = float(out[0]), float(out[1])
    check_close(slope, 0.5, name="the slope of decision_line(W=[[0.2], [-0.4]], b=[0.3])")
    check(not np.isclose(intercept, 0.75), "the intercept puts the line where the prediction is 0; the "
                                           "classes are split where it is 0.5: intercept = (0.5 − b) / W[1]")
    check_close(intercept, -0.5, name="the intercept of decision_line(W=[[0.2], [-0.4]], b=[0.3])")


def test_line_splits_the_trained_model(exercise):
    """points above and below the learner's decision line get different predicted classes"""
    x, labels = gaussian_clouds(300, seed=2)
    W, b = exercise.train(x, labels, steps=40, learning_rate=0.1)
    W, b = _numpy(W, "train: W"), _numpy(b, "train: b")
    slope, intercept = (float(v) for v in exercise.decision_line(W, b))
    above = x[:, 1] > slope * x[:, 0] + intercept
    predicted = (x @ W + b)[:, 0] > 0.5
    agree = float(np.mean(above == predicted)) if W[1, 0] > 0 else float(np.mean(above != predicted))
    check(agree >= 0.99, f"the line from decision_line does not match the model's own predictions "
                         f"({agree:.1%} agree): rewrite W[0]·x0 + W[1]·x1 + b = 0.5 as x1 = ...")
