"""Plausible wrong answers to chapter 1 fail, with a message that names the mistake."""

import pytest
from conftest import assert_named, grade_mistakes

MISTAKES = {
    # label k in column k + 1
    "one_hot": '''
        import numpy as np
        def one_hot(labels, num_classes=None):
            labels = np.asarray(labels)
            if num_classes is None:
                num_classes = int(labels.max()) + 1
            out = np.zeros((len(labels), num_classes + 1), dtype="float32")
            out[np.arange(len(labels)), labels + 1] = 1.0
            return out[:, :num_classes]
    ''',
    # the test split scaled with its own statistics
    "min_max": '''
        def min_max_scale(train, test):
            def scale(x):
                return (x - x.min(axis=0)) / (x.max(axis=0) - x.min(axis=0))
            return scale(train), scale(test)
    ''',
    # the mean over the wrong axis
    "standard_scaler": '''
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
    ''',
    # pandas eats the first sample as a header
    "read_image_csv": '''
        import pandas as pd
        def load_image_csv(path, side):
            frame = pd.read_csv(path)
            return frame.iloc[:, 1:].to_numpy().reshape(-1, side, side), frame.iloc[:, 0].to_numpy()
    ''',
    # a syntax error: the file does not import, the neighbours are still graded
    "multi_hot": '''
        def vectorize_sequences(sequences, dimension=10000)
            return None
    ''',
    # returns a list instead of an array
    "scale_pixels": '''
        def scale_images(images):
            return [v / 255 for v in images.ravel().tolist()]
    ''',
    # the classes in order of appearance, not sorted
    "label_encoding": '''
        import numpy as np
        def encode_labels(names):
            classes = list(dict.fromkeys(names))
            return np.array([classes.index(n) for n in names]), classes
        def decode_labels(codes, classes):
            return [classes[c] for c in codes]
    ''',
}

EXPECTED = {
    "one_hot": ("failed", "off by one"),
    "min_max": ("failed", "its own min and max"),
    "standard_scaler": ("failed", "axis=0"),
    "read_image_csv": ("failed", "header=None"),
    "multi_hot": ("error", "SyntaxError at line 2"),
    "scale_pixels": ("failed", "Python list"),
    "label_encoding": ("failed", "sort them"),
}


@pytest.fixture(scope="module")
def graded(tmp_path_factory, course):
    return grade_mistakes(tmp_path_factory.mktemp("ch1-mistakes"), course, "ch1", MISTAKES)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_mistake_is_named(graded, name):
    assert_named(graded, name, *EXPECTED[name])


def test_neighbours_still_pass(graded):
    untouched = {e.name: e.status for e in graded.exercises if e.name not in MISTAKES}
    assert untouched and set(untouched.values()) == {"passed"}, untouched
