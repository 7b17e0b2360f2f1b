"""Offline datasets: generated, bundled with scikit-learn, or read from a local file.

Nothing here downloads. Loaders for the classic Keras datasets (MNIST, IMDB, ...)
read the file from the Keras cache (``~/.keras/datasets``) or a path you give, and
fail with a :class:`DatasetNotFoundError` that names the file they looked for.
"""

from kerascourse.datasets.local import DatasetNotFoundError, find_local_file, keras_cache_dir
from kerascourse.datasets.series import (load_prices, prices_csv_path, seasonal_series, sine_wave,
                                         synthetic_prices)

__all__ = ["DatasetNotFoundError", "find_local_file", "keras_cache_dir"]
__all__ += ["sine_wave", "seasonal_series", "synthetic_prices", "prices_csv_path", "load_prices"]
from kerascourse.datasets.tabular import (complementary, complementary_colours, gaussian_clouds,
                                          load_boston_housing, load_tabular)
from kerascourse.datasets.text import (build_word_index, decode_sequence, load_imdb, load_imdb_word_index,
                                       load_reuters, load_sentiment, sentiment_texts, texts_to_sequences)

__all__ += ["load_tabular", "load_boston_housing", "complementary", "complementary_colours", "gaussian_clouds"]
__all__ += ["sentiment_texts", "load_sentiment", "build_word_index", "texts_to_sequences", "decode_sequence",
            "load_imdb", "load_imdb_word_index", "load_reuters"]
from kerascourse.datasets.shapes import SHAPES, make_shapes, write_multiclass_shapes_folder, write_shapes_folder

__all__ += ["SHAPES", "make_shapes", "write_shapes_folder", "write_multiclass_shapes_folder"]
from kerascourse.datasets.mnist import load_digits, load_mnist

__all__ += ["load_mnist", "load_digits"]
