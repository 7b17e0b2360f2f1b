import numpy as np
import pandas as pd
import pytest
from sklearn.datasets import load_digits

from grader.checks import check, check_array


@pytest.fixture
def digits_csv(tmp_path):
    """scikit-learn's bundled 8×8 digits, written the way MNIST CSVs are: label, then pixels, no header."""
    digits = load_digits()
    x, y = digits.images[:40].astype(np.int64), digits.target[:40]
    frame = pd.DataFrame(np.column_stack([y, x.reshape(len(x), -1)]))
    path = tmp_path / "digits.csv"
    frame.to_csv(path, header=False, index=False)
    return path, x, y


def test_every_sample_is_read(digits_csv, exercise):
    """every row becomes a sample: the first one is not swallowed as a header"""
    path, x, y = digits_csv
    images, labels = exercise.load_image_csv(str(path), 8)
    n = len(labels) if hasattr(labels, "__len__") else None
    check(n != len(y) - 1, "one sample is missing: pandas used the first row as column names. "
                           "The file has no header: pass header=None to pd.read_csv")
    labels = np.asarray(labels)
    last = x.reshape(len(x), -1)[:, -1]
    check_array(labels, y, name="labels from load_image_csv(path, 8)", mistakes={
        "these are the last column's values: the label is the first column (column 0), the pixels follow": last})
    check(labels.dtype.kind in "iu", f"labels from load_image_csv(path, 8) have dtype {labels.dtype}: class "
                                     f"labels are integers (the stub promises them). Read the pixels as they are, "
                                     f"or convert the labels with .astype(int)")


def test_images_are_reshaped(digits_csv, exercise):
    """the pixels of each row become an image of shape (side, side), in order and unchanged"""
    path, x, y = digits_csv
    images, labels = exercise.load_image_csv(str(path), 8)
    flat = np.column_stack([y, x.reshape(len(x), -1)])
    check_array(np.asarray(images), x, name="images from load_image_csv(path, 8)", mistakes={
        "the pixels were rescaled: load_image_csv keeps the values as they are in the file "
        "(scaling is a separate step)": x / 255.0,
        "the label went into the pixels and the last pixel was lost: the pixels are columns 1 onwards":
            flat[:, :-1].reshape(x.shape)})


def test_mnist_sized(tmp_path, exercise):
    """a 785-column MNIST-style file gives images of shape (n, 28, 28)"""
    rng = np.random.default_rng(0)
    pixels = rng.integers(0, 256, size=(5, 784))
    labels = rng.integers(0, 10, size=5)
    path = tmp_path / "mnist.csv"
    pd.DataFrame(np.column_stack([labels, pixels])).to_csv(path, header=False, index=False)
    images, got = exercise.load_image_csv(str(path), 28)
    check_array(np.asarray(images), pixels.reshape(5, 28, 28), name="images from a 785-column MNIST CSV")
    check_array(np.asarray(got), labels, name="labels from a 785-column MNIST CSV")
