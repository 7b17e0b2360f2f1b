import keras
import numpy as np
from hypothesis import given, strategies as st

from grader.checks import check, check_array, check_known_mistakes, padded_size

EXAMPLE = [5, 3, 2, 5, 9, 7]
KERNEL = [1, 2, 3]


def _keras_conv1d(signal, kernel):
    """keras.ops.conv's answer, computed at a few padded shapes: the kernel padded with zeros to 5, the
    signal to 8, 16 or 32, the result cut to the real length. Zero weights add nothing, so the values are
    the same; a cold JAX grading compiles a few shapes, not one per example hypothesis draws."""
    signal, kernel = np.asarray(signal, "float32").ravel(), np.asarray(kernel, "float32").ravel()
    n, m = len(signal), len(kernel)
    if m > 5 or m > n:   # outside what the checks draw: Keras at the real shape
        x, k, length = signal, kernel, None
    else:
        x, k, length = np.zeros(padded_size(n + 5 - m), "float32"), np.zeros(5, "float32"), n - m + 1
        x[:n], k[:m] = signal, kernel
    return keras.ops.convert_to_numpy(keras.ops.conv(x.reshape(1, -1, 1), k.reshape(-1, 1, 1),
                                                     padding="valid"))[0, :length, 0]


def _mistakes(signal, kernel):
    signal, kernel = np.asarray(signal, float), np.asarray(kernel, float)
    right = np.correlate(signal, kernel, mode="valid")
    wrong = {
        "the kernel is flipped: that is the mathematicians' convolution (np.convolve); Keras slides the kernel "
        "as it is (cross-correlation), so the first output is 5·1 + 3·2 + 2·3 = 17":
            np.convolve(signal, kernel, mode="valid"),
        "the output is too long: in valid mode the kernel only visits positions where it fits entirely, "
        "len(signal) - len(kernel) + 1 of them": np.correlate(signal, kernel, mode="full"),
        "the output is padded to the input's length ('same' mode); valid mode keeps only the positions where "
        "the kernel fits": np.correlate(signal, kernel, mode="same"),
        f"the last position is missing (off by one): a signal of {len(signal)} and a kernel of {len(kernel)} give "
        f"{len(signal)} - {len(kernel)} + 1 = {len(right)} outputs, so loop over range(len(signal) - len(kernel) + 1)":
            right[:-1],
    }
    # a "mistake" that happens to give the right answer on this input is no mistake here
    return {text: w for text, w in wrong.items() if w.shape != right.shape or not np.allclose(w, right)}


def test_worked_example(exercise):
    """conv1d([5, 3, 2, 5, 9, 7], [1, 2, 3]) is [17, 22, 39, 44], as a float array"""
    out = exercise.conv1d(np.array(EXAMPLE), np.array(KERNEL))
    name = f"conv1d({EXAMPLE}, {KERNEL})"
    check_known_mistakes(out, _mistakes(EXAMPLE, KERNEL), name=name)
    if np.shape(out) == (6,):
        check(False, f"{name} returned 6 values; valid mode gives 6 - 3 + 1 = 4")
    out = check_array(out, np.correlate(EXAMPLE, KERNEL, mode="valid"), name=name)
    check(out.dtype.kind == "f", f"{name} returned the right numbers as {out.dtype} (whole numbers); the stub "
          f"promises a float array: the integer inputs made your output integer too. Create the output with "
          f"np.zeros(n) (float by default), or convert the inputs with np.asarray(signal, dtype=float)")


@given(st.lists(st.integers(-9, 9), min_size=1, max_size=20), st.lists(st.integers(-3, 3), min_size=1, max_size=5))
def test_matches_keras(exercise, signal, kernel):
    """conv1d equals keras.ops.conv (padding='valid') for any small signal and kernel, equal lengths included"""
    if len(kernel) > len(signal):
        signal, kernel = kernel, signal
    expected = _keras_conv1d(signal, kernel)
    out = exercise.conv1d(np.array(signal), np.array(kernel))
    name = f"conv1d({signal}, {kernel})"
    check_known_mistakes(out, _mistakes(signal, kernel), name=name, atol=1e-4)
    check_array(out, expected, name=name, atol=1e-4)
