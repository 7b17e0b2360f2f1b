"""Plausible wrong answers to chapter 1 fail, with a message that names the mistake.

LEARNER_MISTAKES holds what beginners really write, three per exercise, graded in rounds
(one child process per round, see conftest.mistake_rounds). A syntax error in one file
leaves its neighbours graded: the round that holds it expects every other mistake to
fail with its own message.
"""

import textwrap

import pytest
from conftest import Mistake, grade_mistake_round, mistake_rounds, round_ids



def _file(*parts: str) -> str:
    """One exercise file from a mistake and the correct functions it shares the file with."""
    return "\n".join(textwrap.dedent(part) for part in parts)


SLICING_REST = '''
def get_batch(x, batch_size, n):
    return x[batch_size * n: batch_size * (n + 1)]


def num_batches(num_samples, batch_size):
    return -(-num_samples // batch_size)
'''

SLICING_CROP = '''
def crop(images, margin):
    if margin == 0:
        return images
    return images[:, margin:-margin, margin:-margin]
'''

RESHAPE_UNFLATTEN = '''
def unflatten_images(vectors, height, width):
    return vectors.reshape(vectors.shape[0], height, width)
'''

RESHAPE_CHANNEL = '''
def add_channel_axis(images):
    return images[..., np.newaxis]
'''

RESHAPE_FLATTEN = '''
def flatten_images(images):
    return images.reshape(images.shape[0], -1)
'''

LEARNER_MISTAKES = [
    # --- tensor_attributes
    Mistake("tensor_attributes", "the dtype object instead of its name", '''
        import numpy as np
        def describe(x):
            return x.ndim, x.shape, x.dtype
        def count_values(x):
            return int(x.size)
    ''', ("string", "x.dtype.name")),
    Mistake("tensor_attributes", "the shape as a list", '''
        import numpy as np
        def describe(x):
            return x.ndim, list(x.shape), x.dtype.name
        def count_values(x):
            return int(x.size)
    ''', ("tuple",)),
    Mistake("tensor_attributes", "np.prod of the shape (a float 1.0 for a scalar)", '''
        import numpy as np
        def describe(x):
            return x.ndim, x.shape, x.dtype.name
        def count_values(x):
            return np.prod(x.shape)
    ''', ("np.prod", "int")),
    # --- slicing
    Mistake("slicing", "crop slices the sample axis", _file('''
        import numpy as np
        def crop(images, margin):
            if margin == 0:
                return images
            return images[margin:-margin, margin:-margin]
    ''', SLICING_REST), ("sample axis",)),
    Mistake("slicing", "np.ceil gives a float count", _file('''
        import numpy as np
        def get_batch(x, batch_size, n):
            return x[batch_size * n: batch_size * (n + 1)]
        def num_batches(num_samples, batch_size):
            return np.ceil(num_samples / batch_size)
    ''', SLICING_CROP), ("int", "np.ceil")),
    Mistake("slicing", "n // b + 1 batches, one too many when b divides n", _file('''
        import numpy as np
        def get_batch(x, batch_size, n):
            return x[batch_size * n: batch_size * (n + 1)]
        def num_batches(num_samples, batch_size):
            return num_samples // batch_size + 1
    ''', SLICING_CROP), ("one batch too many", "divides")),
    # --- reshape_images
    Mistake("reshape_images", "flatten() flattens the whole batch", _file('''
        import numpy as np
        def flatten_images(images):
            return images.flatten()
    ''', RESHAPE_UNFLATTEN, RESHAPE_CHANNEL), ("whole batch", "sample axis")),
    Mistake("reshape_images", "height and width swapped when unflattening", _file('''
        import numpy as np
        def unflatten_images(vectors, height, width):
            return vectors.reshape(len(vectors), width, height)
    ''', RESHAPE_FLATTEN, RESHAPE_CHANNEL), ("swapped",)),
    Mistake("reshape_images", "the channel axis inserted first (channels first)", _file('''
        import numpy as np
        def add_channel_axis(images):
            return np.expand_dims(images, axis=1)
    ''', RESHAPE_FLATTEN, RESHAPE_UNFLATTEN), ("channels last",)),
    # --- read_image_csv
    Mistake("read_image_csv", "pandas eats the first sample as a header", '''
        import numpy as np
        import pandas as pd
        def load_image_csv(path, side):
            frame = pd.read_csv(path)
            return frame.iloc[:, 1:].to_numpy().reshape(-1, side, side), frame.iloc[:, 0].to_numpy()
    ''', ("header=None",)),
    Mistake("read_image_csv", "the label taken from the last column", '''
        import numpy as np
        import pandas as pd
        def load_image_csv(path, side):
            data = pd.read_csv(path, header=None).to_numpy()
            return data[:, :-1].reshape(-1, side, side), data[:, -1]
    ''', ("first column",)),
    Mistake("read_image_csv", "everything read as float32, labels included", '''
        import numpy as np
        import pandas as pd
        def load_image_csv(path, side):
            data = pd.read_csv(path, header=None).to_numpy(dtype="float32")
            return data[:, 1:].reshape(-1, side, side), data[:, 0]
    ''', ("integers", "float32")),
    # --- label_encoding
    Mistake("label_encoding", "classes in order of appearance, not sorted", '''
        import numpy as np
        def encode_labels(names):
            classes = list(dict.fromkeys(names))
            return np.array([classes.index(n) for n in names]), classes
        def decode_labels(codes, classes):
            return [classes[c] for c in codes]
    ''', ("sort them",)),
    Mistake("label_encoding", "codes counted from 1", '''
        import numpy as np
        def encode_labels(names):
            classes = sorted(set(names))
            index = {name: i for i, name in enumerate(classes, start=1)}
            return np.array([index[n] for n in names]), classes
        def decode_labels(codes, classes):
            return [classes[c - 1] for c in codes]
    ''', ("count from 1",)),
    Mistake("label_encoding", "decode returns a NumPy array of names", '''
        import numpy as np
        def encode_labels(names):
            classes = sorted(set(names))
            index = {name: i for i, name in enumerate(classes)}
            return np.array([index[n] for n in names]), classes
        def decode_labels(codes, classes):
            return np.array(classes)[codes]
    ''', ("list", ".tolist()")),
    # --- one_hot
    Mistake("one_hot", "label k in column k + 1", '''
        import numpy as np
        def one_hot(labels, num_classes=None):
            labels = np.asarray(labels)
            if num_classes is None:
                num_classes = int(labels.max()) + 1
            if labels.min() < 0 or labels.max() >= num_classes:
                raise ValueError("label out of range")
            out = np.zeros((len(labels), num_classes + 1), dtype="float32")
            out[np.arange(len(labels)), labels + 1] = 1.0
            return out[:, :num_classes]
    ''', ("off by one",)),
    Mistake("one_hot", "np.zeros' default float64", '''
        import numpy as np
        def one_hot(labels, num_classes=None):
            labels = np.asarray(labels)
            if num_classes is None:
                num_classes = int(labels.max()) + 1
            if labels.min() < 0 or labels.max() >= num_classes:
                raise ValueError("label out of range")
            out = np.zeros((len(labels), num_classes))
            out[np.arange(len(labels)), labels] = 1
            return out
    ''', ("float32", "float64")),
    Mistake("one_hot", "the number of classes counted as distinct labels", '''
        import numpy as np
        def one_hot(labels, num_classes=None):
            labels = np.asarray(labels)
            if num_classes is None:
                num_classes = len(np.unique(labels))
            if labels.min() < 0 or labels.max() >= num_classes:
                raise ValueError("label out of range")
            out = np.zeros((len(labels), num_classes), dtype="float32")
            out[np.arange(len(labels)), labels] = 1.0
            return out
    ''', ("max(labels) + 1", "distinct")),
    # --- multi_hot
    Mistake("multi_hot", "a syntax error: the file does not import", '''
        def vectorize_sequences(sequences, dimension=10000)
            return None
    ''', ("SyntaxError at line 2",), status="error"),
    Mistake("multi_hot", "counts instead of presence", '''
        import numpy as np
        def vectorize_sequences(sequences, dimension=10000):
            results = np.zeros((len(sequences), dimension), dtype="float32")
            for i, sequence in enumerate(sequences):
                for j in sequence:
                    results[i, j] += 1.0
            return results
    ''', ("counted twice",)),
    Mistake("multi_hot", "the book's np.zeros without a dtype: float64", '''
        import numpy as np
        def vectorize_sequences(sequences, dimension=10000):
            results = np.zeros((len(sequences), dimension))
            for i, sequence in enumerate(sequences):
                results[i, sequence] = 1.0
            return results
    ''', ("float32", "float64")),
    # --- scale_pixels
    Mistake("scale_pixels", "a Python list instead of an array", '''
        def scale_images(images):
            return [v / 255 for v in images.ravel().tolist()]
    ''', ("Python list",)),
    Mistake("scale_pixels", "divided without converting: float64", '''
        import numpy as np
        def scale_images(images):
            return images / 255.0
    ''', ("float32", "float64")),
    Mistake("scale_pixels", "integer division", '''
        import numpy as np
        def scale_images(images):
            return images // 255
    ''', ("integer division",)),
    # --- min_max
    Mistake("min_max", "the test split scaled with its own statistics", '''
        def min_max_scale(train, test):
            def scale(x):
                return (x - x.min(axis=0)) / (x.max(axis=0) - x.min(axis=0))
            return scale(train), scale(test)
    ''', ("its own min and max",)),
    Mistake("min_max", "a constant column divides by zero", '''
        import numpy as np
        def min_max_scale(train, test):
            low, high = train.min(axis=0), train.max(axis=0)
            return (train - low) / (high - low), (test - low) / (high - low)
    ''', ("constant", "NaN", "division by zero")),
    Mistake("min_max", "one min and max for the whole array", '''
        import numpy as np
        def min_max_scale(train, test):
            low, high = train.min(), train.max()
            return (train - low) / (high - low), (test - low) / (high - low)
    ''', ("whole array", "axis=0")),
    # --- standard_scaler
    Mistake("standard_scaler", "the mean over the wrong axis", '''
        import numpy as np
        class ZScoreScaler:
            def fit(self, x):
                self.mean_ = x.mean(axis=1)
                self.std_ = x.std(axis=0)
                return self
            def transform(self, x):
                return (x - self.mean_[: x.shape[1]]) / self.std_
            def inverse_transform(self, z):
                return z * self.std_ + self.mean_[: z.shape[1]]
    ''', ("axis=0",)),
    Mistake("standard_scaler", "the sample std (ddof=1)", '''
        import numpy as np
        class ZScoreScaler:
            def fit(self, x):
                self.mean_ = x.mean(axis=0)
                std = x.std(axis=0, ddof=1)
                self.std_ = np.where(std == 0, 1.0, std)
                return self
            def transform(self, x):
                return (x - self.mean_) / self.std_
            def inverse_transform(self, z):
                return z * self.std_ + self.mean_
    ''', ("ddof=1", "population")),
    Mistake("standard_scaler", "transform refits on the data it is given", '''
        import numpy as np
        class ZScoreScaler:
            def fit(self, x):
                self.mean_ = x.mean(axis=0)
                std = x.std(axis=0)
                self.std_ = np.where(std == 0, 1.0, std)
                return self
            def transform(self, x):
                self.fit(x)
                return (x - self.mean_) / self.std_
            def inverse_transform(self, z):
                return z * self.std_ + self.mean_
    ''', ("its own statistics",)),
]

ROUNDS = mistake_rounds(LEARNER_MISTAKES)


@pytest.mark.parametrize("round_", ROUNDS, ids=round_ids(ROUNDS))
def test_learner_mistakes(tmp_path, course, round_):
    grade_mistake_round(tmp_path, course, "ch1", round_)
