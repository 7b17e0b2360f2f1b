import keras
import numpy as np
import tensorflow as tf

from grader.checks import check, check_array, check_close, check_defaults
from kerascourse.naive import NaiveDense, NaiveSequential

RNG = np.random.default_rng(0)
X = RNG.random((16, 8)).astype("float32")
Y = RNG.integers(0, 3, 16)


def _model():
    return NaiveSequential([NaiveDense(8, 6, "relu", seed=0), NaiveDense(6, 3, "softmax", seed=1)])


def test_update_goes_against_the_gradient(exercise):
    """update_weights does w ← w − learning_rate · g, in place"""
    w = tf.Variable([1.0, 2.0, 3.0])
    exercise.update_weights([tf.constant([10.0, -10.0, 0.0])], [w], learning_rate=0.1)
    check_array(w.numpy(), [0.0, 3.0, 3.0], name="w = [1, 2, 3] after update_weights(g = [10, -10, 0], lr = 0.1)",
                mistakes={"the weights moved up the slope (w + lr·g): use w.assign_sub(learning_rate * g), the step goes "
                          "against the gradient": [2.0, 1.0, 3.0],
                          "the learning rate was not used: the step is learning_rate * g": [-9.0, 12.0, 3.0],
                          "w did not change: `w = w - learning_rate * g` only gives the name w a new value inside "
                          "the loop; update the variable itself with w.assign_sub(learning_rate * g)": [1.0, 2.0, 3.0]})


def test_update_every_weight(exercise):
    """every (gradient, weight) pair is updated"""
    ws = [tf.Variable(np.ones((2, 2), "float32")), tf.Variable(np.ones(2, "float32"))]
    exercise.update_weights([tf.ones((2, 2)), tf.ones(2)], ws, learning_rate=0.5)
    check(np.allclose(ws[0].numpy(), 0.5) and np.allclose(ws[1].numpy(), 0.5),
          "update_weights should update every weight in the list (loop over zip(gradients, weights))")


def test_step_matches_keras_sgd(exercise):
    """one step gives the same loss and the same new weights as Keras's SGD on the same model"""
    model = _model()
    reference = keras.Sequential([keras.Input((8,)), keras.layers.Dense(6, activation="relu"),
                                  keras.layers.Dense(3, activation="softmax")])
    reference.set_weights([w.numpy() for w in model.weights])
    reference.compile(optimizer=keras.optimizers.SGD(0.5), loss="sparse_categorical_crossentropy")
    loss = exercise.one_training_step(model, X, Y, learning_rate=0.5)
    expected_loss = float(reference.train_on_batch(X, Y))
    check(loss is not None, "one_training_step returned None: return the batch's mean loss")
    check(not np.isclose(float(loss), expected_loss * len(X), rtol=1e-4),
          f"one_training_step returned {float(loss):.4g}, the sum of the {len(X)} samples' losses: the loss is "
          f"their mean, tf.reduce_mean (expected {expected_loss:.4g})")
    check_close(loss, expected_loss, name="the loss one_training_step returned", rtol=1e-4, atol=1e-5)
    for i, (mine, theirs) in enumerate(zip(model.weights, reference.get_weights())):
        before = [w for w in _model().weights][i].numpy()
        if np.allclose(mine.numpy(), before):
            check(False, "one_training_step did not change the weights: call update_weights with the gradients "
                         "of the loss with respect to model.weights")
        check_array(mine.numpy(), theirs, name=f"model.weights[{i}] after one step", rtol=1e-4, atol=1e-5,
                    mistakes={"the weights moved up the slope: use assign_sub (w - lr·g), not assign_add":
                              2 * before - theirs})


def test_loss_goes_down(exercise):
    """a few steps on the same batch lower the loss"""
    model = _model()
    losses = [float(exercise.one_training_step(model, X, Y, learning_rate=0.5)) for _ in range(5)]
    check(losses[-1] < losses[0], f"five steps on the same batch should lower the loss; it went "
                                  f"{losses[0]:.4f} → {losses[-1]:.4f}. Does the step go against the gradient?")


def test_default_learning_rate(exercise):
    """one_training_step and update_weights keep the book's default learning rate, 1e-3"""
    check_defaults(exercise.one_training_step, name="one_training_step", learning_rate=1e-3)
    check_defaults(exercise.update_weights, name="update_weights", learning_rate=1e-3)
