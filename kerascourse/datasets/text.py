"""Text classification data: a generated sentiment corpus, and the IMDB and Reuters loaders.

The sentiment corpus is made here, from word lists, so it is always available
offline: short movie-review sentences labelled 1 (positive) or 0 (negative).
:func:`load_sentiment` encodes it exactly as ``keras.datasets.imdb`` encodes
IMDB (1 marks the start, 2 an out-of-vocabulary word, word ranks shifted by 3),
so code written for one runs on the other.

:func:`load_imdb` and :func:`load_reuters` read ``imdb.npz`` / ``reuters.npz``
from the Keras cache (``~/.keras/datasets``) or a path you give, and return the
same arrays as ``keras.datasets.imdb.load_data`` / ``reuters.load_data``; they
never download and raise :class:`~kerascourse.datasets.DatasetNotFoundError`
naming the file when it is absent.

Example:
    >>> texts, labels = sentiment_texts(4, seed=1)
    >>> len(texts), labels.tolist()
    (4, [1, 0, 0, 1])
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Sequence

import numpy as np

from kerascourse.datasets.local import find_local_file

__all__ = ["sentiment_texts", "load_sentiment", "build_word_index", "texts_to_sequences", "decode_sequence",
           "load_imdb", "load_imdb_word_index", "load_reuters"]

_POSITIVE = ("good", "great", "excellent", "wonderful", "brilliant", "superb", "enjoyable", "moving",
             "funny", "charming", "beautiful", "clever", "gripping", "delightful", "memorable", "fresh",
             "touching", "stunning", "solid", "fantastic")
_NEGATIVE = ("bad", "awful", "terrible", "boring", "dull", "poor", "weak", "stupid", "messy", "painful",
             "predictable", "bland", "tedious", "forgettable", "silly", "clumsy", "lifeless", "annoying",
             "disappointing", "horrible")
_SUBJECTS = ("the film", "the movie", "the plot", "the acting", "the script", "the ending", "the cast",
             "the soundtrack", "the director's work", "the story", "the dialogue", "the camera work",
             "the lead actor", "the pacing", "this sequel")
_INTENSIFIERS = ("", "", "really ", "very ", "truly ", "quite ", "so ", "rather ")
_OPENERS = ("", "", "honestly ", "overall ", "i thought ", "in my view ", "frankly ", "to be fair ")
_CLOSERS = ("", "", " and that is all i have to say", " from start to finish", " for most of the time",
            " despite the long running time", " if you ask me", " and the audience agreed")
_POSITIVE_VERBS = ("loved", "enjoyed", "adored", "recommend")
_NEGATIVE_VERBS = ("hated", "regret", "disliked", "endured")


def _sentence(rng: np.random.RandomState, positive: bool) -> str:
    words, verbs = (_POSITIVE, _POSITIVE_VERBS) if positive else (_NEGATIVE, _NEGATIVE_VERBS)
    other = _NEGATIVE if positive else _POSITIVE
    subject = _SUBJECTS[rng.randint(len(_SUBJECTS))]
    adjective = words[rng.randint(len(words))]
    kind = rng.randint(4)
    if kind == 0:
        core = f"{subject} was {_INTENSIFIERS[rng.randint(len(_INTENSIFIERS))]}{adjective}"
    elif kind == 1:
        core = f"i {verbs[rng.randint(len(verbs))]} {subject.replace('the ', 'this ', 1)}"
    elif kind == 2:
        # A mixed review: one opposite word, outweighed by two of the true sentiment.
        second = words[rng.randint(len(words))]
        core = (f"{subject} was {other[rng.randint(len(other))]} at times but "
                f"{_SUBJECTS[rng.randint(len(_SUBJECTS))]} was {adjective} and {second}")
    else:
        core = f"a {_INTENSIFIERS[rng.randint(len(_INTENSIFIERS))]}{adjective} {subject.split(' ', 1)[1]}"
    return f"{_OPENERS[rng.randint(len(_OPENERS))]}{core}{_CLOSERS[rng.randint(len(_CLOSERS))]}"


def sentiment_texts(n_samples: int = 1000, seed: int = 0) -> tuple[list[str], np.ndarray]:
    """Generate ``n_samples`` short reviews and their labels (1 positive, 0 negative).

    Classes are balanced (up to one sample) and in random order. The words that
    carry the sentiment come from two lists of 20 adjectives and 4 verbs; the
    rest (subjects, intensifiers, openers, closers) carry none, and a quarter of
    the reviews are mixed ("... was dull at times but ... was great and moving"),
    so a bag-of-words model must weigh words, not just spot one.

    Example:
        >>> texts, labels = sentiment_texts(2, seed=0)
        >>> sorted(labels.tolist())
        [0, 1]
    """
    if isinstance(n_samples, bool) or not isinstance(n_samples, (int, np.integer)) or n_samples < 1:
        raise ValueError(f"n_samples must be a positive integer; got {n_samples!r}")
    rng = np.random.RandomState(seed)
    labels = np.arange(n_samples) % 2
    rng.shuffle(labels)
    texts = [_sentence(rng, bool(label)) for label in labels]
    return texts, labels.astype(np.int64)


def _tokens(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower())


def build_word_index(texts: Sequence[str]) -> dict[str, int]:
    """Rank the words of ``texts`` by frequency: ``{word: rank}``, the most frequent is 1.

    Ties are broken alphabetically, so the index does not depend on the text order.
    This is the format of ``keras.datasets.imdb.get_word_index()``.

    Example:
        >>> build_word_index(["b a a", "c b a"])
        {'a': 1, 'b': 2, 'c': 3}
    """
    if isinstance(texts, str):
        raise ValueError("texts must be a list of strings, not a single string")
    counts = Counter(token for text in texts for token in _tokens(text))
    ranked = sorted(counts, key=lambda word: (-counts[word], word))
    return {word: rank for rank, word in enumerate(ranked, start=1)}


def texts_to_sequences(texts: Sequence[str], word_index: dict[str, int], num_words: int | None = None,
                       start_char: int | None = 1, oov_char: int = 2, index_from: int = 3) -> list[list[int]]:
    """Encode texts as lists of integers, the way Keras encodes IMDB.

    Word ``w`` becomes ``word_index[w] + index_from``; a word not in the index,
    or whose code is ``>= num_words``, becomes ``oov_char``; each sequence starts
    with ``start_char`` (unless None). Codes 0..index_from-1 stay reserved.

    Example:
        >>> texts_to_sequences(["a c z"], {"a": 1, "b": 2, "c": 3}, num_words=6)
        [[1, 4, 2, 2]]
    """
    if isinstance(texts, str):
        raise ValueError("texts must be a list of strings, not a single string")
    if num_words is not None and num_words <= index_from:
        raise ValueError(f"num_words must be greater than index_from={index_from} (the reserved codes)")
    sequences = []
    for text in texts:
        codes = [] if start_char is None else [start_char]
        for token in _tokens(text):
            code = word_index.get(token)
            code = oov_char if code is None else code + index_from
            if num_words is not None and code >= num_words:
                code = oov_char
            codes.append(code)
        sequences.append(codes)
    return sequences


def decode_sequence(sequence: Sequence[int], word_index: dict[str, int], index_from: int = 3) -> str:
    """Turn a Keras-encoded sequence back into words (reserved codes become ``?``).

    Example:
        >>> decode_sequence([1, 4, 2], {"a": 1})
        '? a ?'
    """
    reverse = {rank + index_from: word for word, rank in word_index.items()}
    return " ".join(reverse.get(int(code), "?") for code in sequence)


def load_sentiment(num_words: int | None = None, n_samples: int = 1000, test_split: float = 0.25, seed: int = 0,
                   return_word_index: bool = False):
    """The generated sentiment corpus, split and encoded like ``keras.datasets.imdb.load_data``.

    The word index is built from the training texts only (a test word it has never
    seen becomes the out-of-vocabulary code 2, as it would in practice).

    Returns:
        ``(x_train, y_train), (x_test, y_test)``: lists of integer sequences (as
        object arrays) and 0/1 labels; with ``return_word_index=True`` a third
        item, the ``{word: rank}`` index for :func:`decode_sequence`.

    Example:
        >>> (x_train, y_train), (x_test, y_test) = load_sentiment(n_samples=100)
        >>> len(x_train), len(x_test), x_train[0][0]
        (75, 25, 1)
    """
    if not 0.0 < test_split < 1.0:
        raise ValueError(f"test_split must be between 0 and 1; got {test_split!r}")
    texts, labels = sentiment_texts(n_samples, seed)
    cut = int(round(len(texts) * (1 - test_split)))
    if cut in (0, len(texts)):
        raise ValueError(f"{n_samples} samples are too few to split with test_split={test_split}")
    word_index = build_word_index(texts[:cut])
    sequences = texts_to_sequences(texts, word_index, num_words=num_words)
    x = np.empty(len(sequences), dtype=object)
    x[:] = sequences
    result = ((x[:cut], labels[:cut]), (x[cut:], labels[cut:]))
    return result + (word_index,) if return_word_index else result


def _load_npz(filename: str, path, alternative: str) -> dict:
    file = find_local_file(filename, path, offline_alternative=alternative)
    # The sequences are ragged, stored as pickled object arrays: only open files you trust.
    with np.load(file, allow_pickle=True) as data:
        return {key: data[key] for key in data.files}


def _encode(xs, num_words, skip_top, start_char, oov_char, index_from):
    if start_char is not None:
        xs = [[start_char] + [w + index_from for w in x] for x in xs]
    else:
        xs = [[w + index_from for w in x] for x in xs]
    if not num_words:
        # Keras's own rule (the highest code itself then counts as out of vocabulary); kept for identical arrays.
        num_words = max(max(x) for x in xs if len(x))
    if oov_char is not None:
        return [[w if skip_top <= w < num_words else oov_char for w in x] for x in xs]
    return [[w for w in x if skip_top <= w < num_words] for x in xs]


def _object_array(sequences) -> np.ndarray:
    out = np.empty(len(sequences), dtype=object)
    out[:] = sequences
    return out


def load_imdb(num_words: int | None = None, path=None, *, skip_top: int = 0, seed: int = 113,
              start_char: int | None = 1, oov_char: int | None = 2, index_from: int = 3):
    """IMDB reviews from ``imdb.npz`` in the Keras cache, as ``keras.datasets.imdb.load_data`` gives them.

    Each split is shuffled with ``seed`` (as Keras does), sequences start with
    ``start_char``, words are shifted by ``index_from``, and words ranked
    ``num_words`` or beyond become ``oov_char``.

    Raises:
        DatasetNotFoundError: ``imdb.npz`` is not on this machine.
    """
    data = _load_npz("imdb.npz", path, "kerascourse.datasets.load_sentiment(), a generated sentiment "
                                       "corpus encoded the same way")
    rng = np.random.RandomState(seed)
    splits = []
    for xk, yk in (("x_train", "y_train"), ("x_test", "y_test")):
        x, y = data[xk], data[yk]
        order = np.arange(len(x))
        rng.shuffle(order)
        splits.append((x[order], y[order]))
    n_train = len(splits[0][0])
    xs = _encode(list(splits[0][0]) + list(splits[1][0]), num_words, skip_top, start_char, oov_char, index_from)
    return ((_object_array(xs[:n_train]), splits[0][1]), (_object_array(xs[n_train:]), splits[1][1]))


def load_imdb_word_index(path=None) -> dict[str, int]:
    """IMDB's ``{word: rank}`` index from ``imdb_word_index.json`` in the Keras cache."""
    file = find_local_file("imdb_word_index.json", path,
                           offline_alternative="load_sentiment(return_word_index=True)")
    with open(file, encoding="utf-8") as fh:
        return json.load(fh)


def load_reuters(num_words: int | None = None, test_split: float = 0.2, path=None, *, skip_top: int = 0,
                 seed: int = 113, start_char: int | None = 1, oov_char: int | None = 2, index_from: int = 3):
    """Reuters newswires (46 topics) from ``reuters.npz``, as ``keras.datasets.reuters.load_data`` gives them.

    Raises:
        DatasetNotFoundError: ``reuters.npz`` is not on this machine.
    """
    if not 0.0 <= test_split < 1.0:
        raise ValueError(f"test_split must be in [0, 1); got {test_split!r}")
    data = _load_npz("reuters.npz", path, "scikit-learn's bundled wine or digits data for a multiclass "
                                          "exercise (kerascourse.datasets.load_tabular)")
    x, y = data["x"], data["y"]
    order = np.arange(len(x))
    np.random.RandomState(seed).shuffle(order)
    x, y = x[order], y[order]
    xs = _encode(list(x), num_words, skip_top, start_char, oov_char, index_from)
    cut = int(len(xs) * (1 - test_split))
    return (_object_array(xs[:cut]), np.array(y[:cut])), (_object_array(xs[cut:]), np.array(y[cut:]))
