import keras
import numpy as np
from hypothesis import given, strategies as st

from grader.checks import check, check_close, check_float

EXPLANATIONS = {
    "a": "once the base is trainable the optimizer updates its weights too, with the same learning rate "
         "as the head's",
    "b": "`trainable` only decides whether fit may change a weight; the ImageNet weights are still there "
         "when fit starts",
    "d": "a large step moves a weight far from its pre-trained value in a single update; the pre-trained "
         "filters are overwritten, not just learned more slowly",
}

arrays = st.lists(st.floats(-5, 5, allow_nan=False, width=32), min_size=1, max_size=12).map(
    lambda v: np.array(v, dtype="float32"))


def _expected(before, after):
    moved = np.sqrt(sum(np.sum((a.astype("float64") - b.astype("float64")) ** 2) for b, a in zip(before, after)))
    return moved / np.sqrt(sum(np.sum(b.astype("float64") ** 2) for b in before))


def test_example(exercise):
    """relative_change([[3, 4]], [[3, 5]]) is 0.2: the change has norm 1, the weights norm 5"""
    got = exercise.relative_change([np.array([3.0, 4.0])], [np.array([3.0, 5.0])])
    check(got is not None, "relative_change returned None: did you forget the `return` statement?")
    hint = ""
    if np.isclose(float(got), 1 / np.sqrt(34)):
        hint = ": divide by the norm of the weights BEFORE the change (5), not after"
    elif np.isclose(float(got), 0.04):
        hint = ": take square roots: the norms are sqrt(sum of squares)"
    elif np.isclose(float(got), 1.0):
        hint = ": divide the change by the size of the weights"
    elif np.isclose(float(got), 0.125):
        hint = ": norms, not plain sums: sqrt(3² + 4²) = 5"
    check(np.isclose(float(got), 0.2), f"relative_change([[3, 4]], [[3, 5]]): expected 0.2, got {got}{hint}")


def _norm(arrays_):
    return np.sqrt(sum(np.sum(np.asarray(a, "float64") ** 2) for a in arrays_))


def _mistakes(before, after):
    """The wrong ways to combine several arrays, by name."""
    ratios = [_norm([a - b]) / _norm([b]) for b, a in zip(before, after)]
    return {
        "divide by the norm of the weights BEFORE the change, not after": _norm([a - b for b, a in zip(before, after)])
        / _norm(after),
        "that is the average of each array's own relative change; take the norms over all the arrays together: "
        "sum the squares of every array, then one square root for the change and one for the weights":
            float(np.mean(ratios)),
        "that is each array's relative change added up; take the norms over all the arrays together": float(sum(ratios)),
        "that is the first array's relative change alone; the other arrays count too": ratios[0],
        "the norms of the arrays were added (‖a₁‖ + ‖a₂‖); a norm over all arrays together is the square root of "
        "all the squares added up": sum(_norm([a - b]) for b, a in zip(before, after))
        / sum(_norm([b]) for b in before),
    }


def test_two_arrays(exercise):
    """relative_change([[3, 4], [6, 8]], [[3, 5], [6, 9]]) is √2 / √125 ≈ 0.1265: norms over both arrays together, a float"""
    before = [np.array([3.0, 4.0]), np.array([6.0, 8.0])]
    after = [np.array([3.0, 5.0]), np.array([6.0, 9.0])]
    name = "relative_change([[3, 4], [6, 8]], [[3, 5], [6, 9]])"
    got = check_float(exercise.relative_change(before, after), name=name)
    want = float(np.sqrt(2) / np.sqrt(125))
    if not np.isclose(got, want, rtol=1e-6):
        for text, wrong in _mistakes(before, after).items():
            check(not np.isclose(got, wrong, rtol=1e-6), f"{name} gave {got:.4g}, expected {want:.4g}: {text}")
    check_close(got, want, name=name, rtol=1e-6)


@given(st.lists(arrays, min_size=1, max_size=3), st.floats(0.0, 2.0))
def test_several_arrays(exercise, before, scale):
    """relative_change takes the norms over all arrays together"""
    before = [b + np.float32(6.0) for b in before]  # never all zeros
    rng = np.random.default_rng(len(before))
    after = [b + scale * rng.standard_normal(b.shape).astype("float32") for b in before]
    expected = float(_expected(before, after))
    got = exercise.relative_change(before, after)
    check_close(got, expected, name=f"relative_change on {len(before)} arrays", rtol=1e-4, atol=1e-6)


def test_experiment(exercise):
    """measured with your relative_change, one step at learning rate 1e-2 moves the weights 100 times more than at 1e-5"""
    rng = np.random.default_rng(0)
    x = rng.uniform(-1, 1, size=(16, 8, 8, 3)).astype("float32")
    y = rng.integers(0, 2, size=16)
    changes = {}
    for rate in (1e-2, 1e-5):
        keras.utils.set_random_seed(0)
        model = keras.Sequential([keras.Input((8, 8, 3)), keras.layers.Conv2D(16, 3, activation="relu"),
                                  keras.layers.Flatten(), keras.layers.Dense(2, activation="softmax")])
        model.compile(optimizer=keras.optimizers.RMSprop(rate), loss="sparse_categorical_crossentropy",
                      run_eagerly=True)
        before = model.layers[0].get_weights()
        model.fit(x, y, epochs=1, batch_size=16, verbose=0)
        changes[rate] = float(exercise.relative_change(before, model.layers[0].get_weights()))
    check(changes[1e-2] > 100 * changes[1e-5],
          f"your relative_change says one step at 1e-2 moved the filters by {changes[1e-2]:.3g} and at 1e-5 by "
          f"{changes[1e-5]:.3g}; the first should be about 1000 times the second")


def test_answer(exercise):
    """the answer to the question: why a high learning rate on an unfrozen base destroys its features"""
    got = exercise.answer()
    check(isinstance(got, str), f"answer() should return a letter such as \"a\"; got {got!r}")
    letter = got.strip().lower().rstrip(")")
    check(letter in ("a", "b", "c", "d"), f"answer() returned {got!r}; return one of \"a\", \"b\", \"c\", \"d\"")
    check(letter == "c", f"answer {letter}) is not it: {EXPLANATIONS.get(letter, '')}. Read the question again: what "
          f"do the first gradients from a random head look like, and what does a large step do with them?")
