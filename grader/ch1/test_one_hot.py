import numpy as np
import keras
from hypothesis import given, strategies as st

from grader.checks import check, check_array, check_dtype, check_raises

labels_strategy = st.lists(st.integers(0, 9), min_size=1, max_size=30).map(np.array)


def test_small_example(exercise):
    """one_hot([0, 2, 1], 3) has one float32 row per label with a single 1 in the label's column"""
    out = exercise.one_hot(np.array([0, 2, 1]), num_classes=3)
    expected = np.eye(3, dtype="float32")[[0, 2, 1]]
    name = "one_hot([0, 2, 1], num_classes=3)"
    check_array(out, expected, name=name, dtype_kind="fb", mistakes={
        "each 1 is one column too far to the right (off by one): label k goes in column k, counting from 0":
            np.eye(4)[[1, 3, 2]][:, :3],
        "the result is transposed: one row per label, one column per class": expected.T,
    })
    check_dtype(out, "float32", name=f"{name} (what to_categorical returns and Keras trains on)")


def test_absent_class_keeps_its_column(exercise):
    """one_hot([0, 2]) has 3 columns: class 1 is absent from these labels but still a class"""
    labels = np.array([0, 2])
    try:
        out = exercise.one_hot(labels)
    except (ValueError, IndexError) as exc:
        check(False, f"one_hot([0, 2]) raised {type(exc).__name__} ({exc}): with num_classes=None there are "
                     f"max(labels) + 1 = 3 classes, even though class 1 does not occur (counting the distinct "
                     f"labels gives 2)")
    shape = getattr(out, "shape", None)
    check(shape != (2, 2), "one_hot([0, 2]) has 2 columns: the distinct labels were counted, but class 1 is only "
                           "absent from this batch. With num_classes=None there are max(labels) + 1 = 3 classes")
    check_array(out, np.eye(3)[[0, 2]], name="one_hot([0, 2])")


@given(labels_strategy, st.integers(0, 3))
def test_matches_keras(exercise, labels, extra):
    """one_hot(labels, n) equals keras.utils.to_categorical(labels, n)"""
    num_classes = int(labels.max()) + 1 + extra
    expected = keras.utils.to_categorical(labels, num_classes)
    out = exercise.one_hot(labels, num_classes=num_classes)
    check_array(out, expected, name=f"one_hot({labels.tolist()}, num_classes={num_classes})", dtype_kind="f")


@given(labels_strategy)
def test_properties(exercise, labels):
    """argmax of every row gives the label back, and every row sums to 1"""
    out = np.asarray(exercise.one_hot(labels))
    check(out.shape == (len(labels), labels.max() + 1),
          f"one_hot({labels.tolist()}) with num_classes=None should infer {labels.max() + 1} classes "
          f"(max label + 1) and return shape {(len(labels), labels.max() + 1)}; got shape {out.shape}")
    check(np.array_equal(out.argmax(axis=1), labels), f"one_hot({labels.tolist()}): argmax of the rows "
          f"should give the labels back; got {out.argmax(axis=1).tolist()}")
    check(np.allclose(out.sum(axis=1), 1), f"one_hot({labels.tolist()}): every row should sum to 1")


def test_rejects_bad_labels(exercise):
    """a negative label, or one that is >= num_classes, raises ValueError"""
    check_raises(ValueError, exercise.one_hot, np.array([0, 3]), 3, name="one_hot([0, 3], num_classes=3)",
                 why="label 3 does not exist when there are 3 classes (0, 1, 2)")
    check_raises(ValueError, exercise.one_hot, np.array([0, -1]), 3, name="one_hot([0, -1], num_classes=3)",
                 why="a label cannot be negative (and NumPy would silently count -1 from the end)")
