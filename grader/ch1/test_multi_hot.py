import numpy as np
from hypothesis import given, strategies as st

from kerascourse.preprocessing import multi_hot
from grader.checks import check, check_array, check_dtype

sequences_strategy = st.lists(st.lists(st.integers(0, 19), max_size=12), min_size=1, max_size=10)


def test_example(exercise):
    """[[3, 5, 3], [0]] in dimension 6: ones at 3 and 5 in the first row, at 0 in the second, float32"""
    out = exercise.vectorize_sequences([[3, 5, 3], [0]], dimension=6)
    expected = np.array([[0, 0, 0, 1, 0, 1], [1, 0, 0, 0, 0, 0]], dtype="float32")
    name = "vectorize_sequences([[3, 5, 3], [0]], dimension=6)"
    check_array(out, expected, name=name, dtype_kind="fb",
                mistakes={"a repeated index was counted twice: multi-hot records whether a word occurs (1), "
                          "not how often": np.array([[0, 0, 0, 2, 0, 1], [1, 0, 0, 0, 0, 0]])})
    check_dtype(out, "float32", name=f"{name} (the stub promises float32, what Keras layers compute in)")


def test_empty_sequence(exercise):
    """an empty sequence (a review with no known word) gives a row of zeros"""
    out = exercise.vectorize_sequences([[], [2]], dimension=4)
    check_array(out, [[0, 0, 0, 0], [0, 0, 1, 0]], name="vectorize_sequences([[], [2]], dimension=4)")


@given(sequences_strategy)
def test_matches_reference(exercise, sequences):
    """for any sequences, the rows mark exactly the indices that occur"""
    out = exercise.vectorize_sequences(sequences, dimension=20)
    check_array(out, multi_hot(sequences, 20), name=f"vectorize_sequences({sequences}, dimension=20)")


def test_default_dimension(exercise):
    """the default dimension is 10000, the book's vocabulary size"""
    out = np.asarray(exercise.vectorize_sequences([[1, 9999]]))
    check(out.shape == (1, 10000), f"vectorize_sequences([[1, 9999]]) should use dimension=10000 by default; "
                                   f"got shape {out.shape}")
