"""model.fit(ImageDataGenerator(...).flow_from_directory(...)) trains a build_cnn model on a folder of PNGs."""

import keras
import numpy as np

from kerascourse.datasets import write_shapes_folder
from kerascourse.images import ImageDataGenerator
from kerascourse.models import build_cnn


def test_fit_from_a_folder_learns(tmp_path):
    root = write_shapes_folder(tmp_path / "shapes", splits={"train": 60}, size=32, colours="grey", seed=3)
    keras.utils.set_random_seed(0)
    flow = ImageDataGenerator(rescale=1 / 255, horizontal_flip=True).flow_from_directory(
        root / "train", target_size=(32, 32), class_mode="binary", batch_size=16, seed=0)
    assert flow.class_indices == {"circle": 0, "square": 1} and flow.samples == 120
    model = build_cnn((32, 32, 3), 2, learning_rate=0.001)
    history = model.fit(flow, epochs=4, verbose=0).history
    assert history["loss"][-1] < history["loss"][0]
    assert max(history["accuracy"]) > 0.6
    x, y = flow[0]
    assert x.shape[1:] == (32, 32, 3) and 0 <= x.min() and x.max() <= 1 and set(np.unique(y)) <= {0.0, 1.0}
