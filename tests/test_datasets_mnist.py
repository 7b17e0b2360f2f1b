"""MNIST is read from a local mnist.npz or fails clearly; the bundled digits are split and scaled."""

import numpy as np
import pytest

from kerascourse.datasets import DatasetNotFoundError, load_digits, load_mnist


def _write_fake_mnist(path):
    rng = np.random.default_rng(0)
    np.savez(path, x_train=rng.integers(0, 256, (6, 28, 28), dtype=np.uint8), y_train=np.arange(6, dtype=np.uint8),
             x_test=rng.integers(0, 256, (3, 28, 28), dtype=np.uint8), y_test=np.arange(3, dtype=np.uint8))


def test_reads_a_given_file_and_folder(tmp_path):
    _write_fake_mnist(tmp_path / "mnist.npz")
    for where in (tmp_path / "mnist.npz", tmp_path):
        (x, y), (xt, yt) = load_mnist(where)
        assert x.shape == (6, 28, 28) and xt.shape == (3, 28, 28) and x.dtype == np.uint8
        np.testing.assert_array_equal(y, np.arange(6))
    (x, _), (xt, _) = load_mnist(tmp_path, flatten=True, scale=True)
    raw = np.load(tmp_path / "mnist.npz")["x_train"]
    assert x.shape == (6, 784) and xt.shape == (3, 784) and x.dtype == np.float32
    np.testing.assert_allclose(x, raw.reshape(6, -1) / 255, rtol=1e-6)


def test_reads_the_keras_cache(tmp_path, monkeypatch):
    (tmp_path / "datasets").mkdir()
    _write_fake_mnist(tmp_path / "datasets" / "mnist.npz")
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    (x, _), _ = load_mnist()
    assert x.shape == (6, 28, 28)


def test_absent_file_names_the_path_and_the_offline_alternative(tmp_path, monkeypatch):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    with pytest.raises(DatasetNotFoundError) as info:
        load_mnist()
    message = str(info.value)
    assert str(tmp_path / "datasets" / "mnist.npz") in message
    assert "load_digits" in message and "never" in message
    with pytest.raises(DatasetNotFoundError, match="elsewhere"):
        load_mnist(tmp_path / "elsewhere.npz")


def test_a_wrong_npz_is_refused(tmp_path):
    np.savez(tmp_path / "mnist.npz", images=np.zeros(3))
    with pytest.raises(ValueError, match="lacks"):
        load_mnist(tmp_path)


def test_digits_split_scaled_and_stratified():
    from sklearn.datasets import load_digits as sk

    (x, y), (xt, yt) = load_digits(test_size=0.2, seed=1)
    assert x.shape[1] == 64 and len(x) + len(xt) == 1797 and len(xt) == 360
    assert x.dtype == np.float32 and y.dtype == np.int64
    assert x.min() == 0.0 and x.max() == 1.0
    assert set(yt.tolist()) == set(range(10))
    # the same rows as scikit-learn's, divided by 16
    all_x = np.concatenate([x, xt]) * 16
    assert sorted(map(tuple, all_x.round().astype(int).tolist())) == sorted(map(tuple, sk().data.astype(int).tolist()))
    (x2, _), _ = load_digits(test_size=0.2, seed=1)
    np.testing.assert_array_equal(x, x2)
    with pytest.raises(ValueError, match="test_size"):
        load_digits(test_size=1.5)
