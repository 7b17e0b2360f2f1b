import json

import numpy as np
import pytest

from kerascourse.datasets import (DatasetNotFoundError, build_word_index, complementary, complementary_colours,
                                  decode_sequence, gaussian_clouds, load_boston_housing, load_imdb,
                                  load_imdb_word_index, load_reuters, load_sentiment, load_tabular, sentiment_texts,
                                  texts_to_sequences)


def test_sentiment_texts_deterministic_and_balanced():
    texts, labels = sentiment_texts(200, seed=4)
    again, labels_again = sentiment_texts(200, seed=4)
    assert texts == again and np.array_equal(labels, labels_again)
    assert labels.sum() == 100 and set(labels.tolist()) == {0, 1}
    assert sentiment_texts(200, seed=5)[0] != texts


def test_load_sentiment_encoded_like_imdb():
    (x_train, y_train), (x_test, y_test), index = load_sentiment(n_samples=400, return_word_index=True)
    assert len(x_train) == 300 and len(x_test) == 100 and x_train.dtype == object
    assert all(seq[0] == 1 for seq in x_train)
    assert min(index.values()) == 1
    # Decoding a training review gives its words back.
    texts, _ = sentiment_texts(400)
    assert decode_sequence(x_train[0][1:], index) == " ".join(texts[0].lower().split())
    (small, _), _ = load_sentiment(num_words=20, n_samples=400)
    assert max(max(s) for s in small) < 20


def test_word_index_and_sequences():
    index = build_word_index(["the cat", "the dog sat", "Dog!"])
    assert index == {"dog": 1, "the": 2, "cat": 3, "sat": 4}
    assert texts_to_sequences(["the unknown dog"], index) == [[1, 5, 2, 4]]
    assert texts_to_sequences(["the dog"], index, num_words=5, start_char=None) == [[2, 4]]
    with pytest.raises(ValueError):
        build_word_index("a single string")
    with pytest.raises(ValueError):
        texts_to_sequences(["x"], index, num_words=3)


def _write_imdb(folder):
    rng = np.random.RandomState(0)
    def ragged(n):
        out = np.empty(n, dtype=object)
        out[:] = [list(rng.randint(1, 30, size=rng.randint(1, 8))) for _ in range(n)]
        return out
    np.savez(folder / "imdb.npz", x_train=ragged(10), y_train=rng.randint(0, 2, 10),
             x_test=ragged(6), y_test=rng.randint(0, 2, 6))
    np.savez(folder / "reuters.npz", x=ragged(20), y=rng.randint(0, 46, 20))
    np.savez(folder / "boston_housing.npz", x=rng.normal(size=(50, 13)), y=rng.uniform(5, 50, 50))
    (folder / "imdb_word_index.json").write_text(json.dumps({"the": 1, "film": 2}))


def test_cache_loaders_read_the_keras_cache(tmp_path, monkeypatch):
    cache = tmp_path / "datasets"
    cache.mkdir()
    _write_imdb(cache)
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    raw = np.load(cache / "imdb.npz", allow_pickle=True)
    (x_train, y_train), (x_test, y_test) = load_imdb(num_words=20)
    assert len(x_train) == 10 and len(x_test) == 6
    assert all(seq[0] == 1 and all(w == 2 or 3 < w < 20 for w in seq[1:]) for seq in x_train)
    # Same shuffle as keras: seed 113, train then test from one RandomState.
    order = np.arange(10)
    np.random.RandomState(113).shuffle(order)
    assert list(x_test.shape) == [6]
    expected = [1] + [w + 3 if w + 3 < 20 else 2 for w in raw["x_train"][order[0]]]
    assert x_train[0] == expected and y_train[0] == raw["y_train"][order[0]]
    (r_train, _), (r_test, _) = load_reuters(test_split=0.25)
    assert len(r_train) == 15 and len(r_test) == 5
    (b_train, _), (b_test, _) = load_boston_housing()
    assert b_train.shape == (40, 13) and b_test.shape == (10, 13)
    assert load_imdb_word_index() == {"the": 1, "film": 2}


def test_cache_loaders_fail_clearly(tmp_path, monkeypatch):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "empty"))
    for loader, name, alternative in ((load_imdb, "imdb.npz", "load_sentiment"),
                                      (load_reuters, "reuters.npz", "load_tabular"),
                                      (load_boston_housing, "boston_housing.npz", "diabetes")):
        with pytest.raises(DatasetNotFoundError, match=name) as info:
            loader()
        assert alternative in str(info.value)


def test_tabular_splits():
    (x_train, y_train), (x_test, y_test) = load_tabular("breast_cancer", test_size=0.2)
    assert x_train.shape[1] == 30 and x_train.dtype == np.float32 and y_train.dtype == np.int64
    assert abs(y_train.mean() - y_test.mean()) < 0.02   # stratified
    (x_train, y_train), _ = load_tabular("diabetes")
    assert y_train.dtype == np.float32
    with pytest.raises(ValueError, match="unknown dataset"):
        load_tabular("mnist")
    with pytest.raises(ValueError, match="test_size"):
        load_tabular("wine", test_size=1.5)


def test_colours_and_clouds():
    x, y = complementary_colours(100, seed=1)
    assert x.dtype == np.float32 and x.min() >= 0 and x.max() < 1
    np.testing.assert_allclose(complementary(y), x, atol=1e-6)   # the complement of the complement
    np.testing.assert_allclose(y.max(1) + y.min(1), x.max(1) + x.min(1), atol=1e-6)   # lightness kept
    with pytest.raises(ValueError, match="3 channels"):
        complementary(np.zeros((2, 4)))
    x, y = gaussian_clouds(2000, seed=0)
    np.testing.assert_allclose(x[y == 0].mean(0), [0, 3], atol=0.1)
    np.testing.assert_allclose(np.cov(x[y == 1].T), [[1, 0.5], [0.5, 1]], atol=0.1)
    with pytest.raises(ValueError, match="positive semi-definite"):
        gaussian_clouds(3, cov=[[1, 2], [2, 1]])
