from hypothesis import given, strategies as st
import numpy as np
from sklearn.preprocessing import LabelEncoder

from grader.checks import check, check_array

names_strategy = st.lists(st.sampled_from(["cat", "dog", "bird", "fish", "horse"]), min_size=1, max_size=25)


def test_example(exercise):
    """encode_labels(['dog', 'cat', 'dog']) gives the array [1, 0, 1] and the list ['cat', 'dog']"""
    codes, classes = exercise.encode_labels(["dog", "cat", "dog"])
    check(type(classes) is list, f"encode_labels(['dog', 'cat', 'dog']): classes should be a Python list of "
                                 f"names; got {type(classes).__name__} {classes!r} (wrap it in list(...), or use "
                                 f"sorted(set(names)), which gives a list)")
    check(classes == ["cat", "dog"], f"classes should be the distinct names, sorted: expected "
          f"['cat', 'dog'], got {classes!r}"
          + (" (they are in the order they appeared: sort them)" if classes == ["dog", "cat"] else ""))
    check(isinstance(codes, np.ndarray), f"encode_labels(['dog', 'cat', 'dog']): the codes should be a NumPy "
                                         f"array (what a network is trained on); got {type(codes).__name__} "
                                         f"{codes!r} (wrap it in np.array(...))")
    check_array(codes, [1, 0, 1], name="codes of ['dog', 'cat', 'dog']", dtype_kind="iu", mistakes={
        "the codes count from 1: the first class gets code 0, its position in the list": [2, 1, 2]})


def test_decode_gives_a_list(exercise):
    """decode_labels([1, 0, 1], ['cat', 'dog']) is the list ['dog', 'cat', 'dog']"""
    back = exercise.decode_labels(np.array([1, 0, 1]), ["cat", "dog"])
    check(type(back) is list, f"decode_labels([1, 0, 1], ['cat', 'dog']) should return a Python list of names; "
                              f"got {type(back).__name__} {back!r}"
          + (" (indexing a NumPy array of the classes gives an array: convert it with .tolist())"
             if isinstance(back, np.ndarray) else ""))
    check(back == ["dog", "cat", "dog"], f"decode_labels([1, 0, 1], ['cat', 'dog']): expected ['dog', 'cat', 'dog'], "
                                         f"got {back!r}")


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
