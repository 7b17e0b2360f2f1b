from hypothesis import given, strategies as st
import numpy as np
from sklearn.preprocessing import LabelEncoder

from grader.checks import check, check_array

names_strategy = st.lists(st.sampled_from(["cat", "dog", "bird", "fish", "horse"]), min_size=1, max_size=25)


def test_example(exercise):
    """encode_labels(['dog', 'cat', 'dog']) gives codes [1, 0, 1] and classes ['cat', 'dog']"""
    codes, classes = exercise.encode_labels(["dog", "cat", "dog"])
    check(list(classes) == ["cat", "dog"], f"classes should be the distinct names, sorted: expected "
          f"['cat', 'dog'], got {list(classes)!r}"
          + (" (they are in the order they appeared: sort them)" if list(classes) == ["dog", "cat"] else ""))
    check_array(np.asarray(codes), [1, 0, 1], name="codes of ['dog', 'cat', 'dog']", dtype_kind="iu")


@given(names_strategy)
def test_matches_scikit_learn(exercise, names):
    """the codes and classes equal scikit-learn's LabelEncoder, whatever the order of the data"""
    encoder = LabelEncoder().fit(names)
    codes, classes = exercise.encode_labels(names)
    check(list(classes) == encoder.classes_.tolist(),
          f"encode_labels({names}): expected classes {encoder.classes_.tolist()}, got {list(classes)!r}")
    check_array(np.asarray(codes), encoder.transform(names), name=f"codes of {names}")


@given(names_strategy)
def test_round_trip(exercise, names):
    """decode_labels(encode_labels(names)) gives the names back"""
    codes, classes = exercise.encode_labels(names)
    back = exercise.decode_labels(codes, classes)
    check(list(back) == names, f"decode_labels(encode_labels({names})) gave {list(back)!r}")
