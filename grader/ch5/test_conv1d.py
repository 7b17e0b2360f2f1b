import keras
import numpy as np
from hypothesis import given, strategies as st

from grader.checks import check, check_array

EXAMPLE = [5, 3, 2, 5, 9, 7]
KERNEL = [1, 2, 3]


def _keras_conv1d(signal, kernel):
    x = np.asarray(signal, "float32").reshape(1, -1, 1)
    k = np.asarray(kernel, "float32").reshape(-1, 1, 1)
    return keras.ops.convert_to_numpy(keras.ops.conv(x, k, padding="valid"))[0, :, 0]


def _mistakes(signal, kernel):
    signal, kernel = np.asarray(signal, float), np.asarray(kernel, float)
    return {
        "the kernel is flipped: that is the mathematicians' convolution (np.convolve); Keras slides the kernel "
        "as it is (cross-correlation), so the first output is 5·1 + 3·2 + 2·3 = 17":
            np.convolve(signal, kernel, mode="valid"),
        "the output is too long: in valid mode the kernel only visits positions where it fits entirely, "
        "len(signal) - len(kernel) + 1 of them": np.correlate(signal, kernel, mode="full"),
        "the output is padded to the input's length ('same' mode); valid mode keeps only the positions where "
        "the kernel fits": np.correlate(signal, kernel, mode="same"),
    }


def test_worked_example(exercise):
    """conv1d([5, 3, 2, 5, 9, 7], [1, 2, 3]) is [17, 22, 39, 44]"""
    out = exercise.conv1d(np.array(EXAMPLE), np.array(KERNEL))
    expected = np.correlate(EXAMPLE, KERNEL, mode="valid")
    mistakes = _mistakes(EXAMPLE, KERNEL)
    for text, wrong in mistakes.items():
        check(not (np.shape(out) == wrong.shape and np.allclose(out, wrong)), f"conv1d({EXAMPLE}, {KERNEL}): {text}")
    if np.shape(out) == (6,):
        check(False, f"conv1d({EXAMPLE}, {KERNEL}) returned 6 values; valid mode gives 6 - 3 + 1 = 4")
    check_array(out, expected, name=f"conv1d({EXAMPLE}, {KERNEL})")


@given(st.lists(st.integers(-9, 9), min_size=1, max_size=20), st.lists(st.integers(-3, 3), min_size=1, max_size=5))
def test_matches_keras(exercise, signal, kernel):
    """conv1d equals keras.ops.conv with padding='valid' for any small signal and kernel"""
    if len(kernel) > len(signal):
        signal, kernel = kernel, signal
    expected = _keras_conv1d(signal, kernel)
    out = exercise.conv1d(np.array(signal), np.array(kernel))
    check_array(out, expected, name=f"conv1d({signal}, {kernel})", atol=1e-4, mistakes=_mistakes(signal, kernel))
