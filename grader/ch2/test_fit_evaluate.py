import numpy as np

from grader.checks import check, check_close, check_defaults, check_float
from kerascourse.datasets import load_digits
from kerascourse.naive import BatchGenerator, NaiveDense, NaiveSequential, one_training_step


def _data(n=120):
    (x, y), _ = load_digits(seed=0)
    return x[:n], y[:n]


def _model():
    return NaiveSequential([NaiveDense(64, 16, "relu", seed=0), NaiveDense(16, 10, "softmax", seed=1)])


def _spy_steps(exercise, monkeypatch) -> list:
    """Record (batch size, learning rate) of every one_training_step call the learner's fit makes."""
    calls = []
    original = getattr(exercise, "one_training_step", None)
    if original is None:   # fit reaches the step some other way: only its results are checked
        return calls

    def spy(model, images_batch, labels_batch, learning_rate=1e-3, *args, **kwargs):
        calls.append((len(images_batch), float(learning_rate)))
        return original(model, images_batch, labels_batch, learning_rate, *args, **kwargs)

    monkeypatch.setattr(exercise, "one_training_step", spy)
    return calls


def test_fit_passes_its_settings_on(exercise, monkeypatch):
    """fit trains on batches of batch_size (the last one short) with its learning_rate, every epoch"""
    x, y = _data()
    calls = _spy_steps(exercise, monkeypatch)
    exercise.fit(_model(), x, y, epochs=2, batch_size=50, learning_rate=0.5)
    if not calls:
        return
    rates = sorted({rate for _, rate in calls})
    check(rates == [0.5], f"fit(..., learning_rate=0.5) called one_training_step with learning_rate {rates}: pass "
                          f"fit's learning_rate on, one_training_step(model, x, y, learning_rate)"
          + (" (0.001 is one_training_step's default)" if 1e-3 in rates else ""))
    sizes = [size for size, _ in calls]
    check(sizes == [50, 50, 20] * 2, f"fit(120 samples, epochs=2, batch_size=50) trained on batches of {sizes}; "
                                     f"expected [50, 50, 20] in each epoch: BatchGenerator(images, labels, "
                                     f"batch_size) once per epoch, every batch of it")


def test_fit_returns_one_loss_per_epoch(exercise):
    """fit returns a list with one mean loss per epoch, equal to the book's loop"""
    x, y = _data()
    model = _model()
    losses = exercise.fit(model, x, y, epochs=3, batch_size=50, learning_rate=0.5)
    check(losses is not None, "fit returned None: return the list of each epoch's mean loss")
    losses = [float(v) for v in losses]
    check(len(losses) != 9, "fit(epochs=3) returned 9 losses, one per batch (3 epochs of 3 batches): return one "
                            "loss per epoch, the mean of that epoch's batch losses")
    check(len(losses) == 3, f"fit(epochs=3) should return 3 losses, one per epoch; got {len(losses)}")
    reference_model = _model()
    expected, last_batch = [], []
    for _ in range(3):
        batch_losses = [float(one_training_step(reference_model, xb, yb, 0.5)) for xb, yb in BatchGenerator(x, y, 50)]
        expected.append(float(np.mean(batch_losses)))
        last_batch.append(batch_losses[-1])
    check(not np.allclose(losses, last_batch, rtol=1e-3) or np.allclose(losses, expected, rtol=1e-3),
          "fit returned each epoch's last batch loss: return the mean of all the epoch's batch losses")
    check(not np.allclose(losses[0], expected[0], rtol=1e-3) or np.allclose(losses, expected, rtol=1e-3),
          "the first epoch is right but the later ones are not: does every epoch go over all the batches again?")
    for i, (mine, ref) in enumerate(zip(losses, expected)):
        check_close(mine, ref, name=f"the mean loss of epoch {i + 1} (120 digits, batches of 50, lr 0.5)", rtol=1e-3,
                    atol=1e-4)


def test_fit_learns(exercise):
    """training lowers the loss and raises the accuracy above chance (0.1)"""
    x, y = _data(300)
    model = _model()
    losses = exercise.fit(model, x, y, epochs=8, batch_size=32, learning_rate=0.5)
    check(float(losses[-1]) < float(losses[0]), f"the loss should fall during training; it went {float(losses[0]):.4f} "
                                                f"→ {float(losses[-1]):.4f}")
    accuracy = exercise.evaluate(model, x, y)
    check(accuracy is not None, "evaluate returned None: return the accuracy")
    check(float(accuracy) > 0.5, f"after 8 epochs the training accuracy should exceed 0.5; evaluate says {accuracy}")


def test_evaluate_is_a_fraction(exercise):
    """evaluate returns the fraction of correct argmax predictions, as a number in [0, 1]"""
    x, y = _data(60)
    model = _model()
    rng = np.random.default_rng(0)
    for w in model.weights:
        w.assign(rng.normal(size=tuple(w.shape)).astype("float32"))
    predictions = np.asarray(model(x))
    expected = float(np.mean(np.argmax(predictions, axis=1) == y))
    value = check_float(exercise.evaluate(model, x, y), name="evaluate(model, 60 digits, their labels)")
    check(not np.isclose(value, 100 * expected) or expected == 0,
          f"evaluate returned {value:.4g}, a percentage: accuracy is a plain fraction between 0 and 1")
    wrong_axis = np.argmax(predictions, axis=0)
    check(not np.isclose(value, float(np.mean(wrong_axis[: len(y)] == y[: len(wrong_axis)]))) or np.isclose(value, expected),
          "the argmax ran over the wrong axis: take the most probable class of each row (axis=1)")
    check_close(value, expected, name="evaluate(model, 60 digits, their labels)", rtol=1e-6)


def test_default_arguments(exercise):
    """fit keeps the defaults of the stub: batch_size=128, learning_rate=1e-3"""
    check_defaults(exercise.fit, name="fit", batch_size=128, learning_rate=1e-3)
