"""Plausible wrong answers to chapter 5 fail, with a message that names the mistake."""

import pytest
from conftest import assert_named, grade_mistakes

MISTAKES = {
    # the kernel flipped: convolution as the textbook defines it, instead of cross-correlation
    "conv1d": '''
        import numpy as np
        def conv1d(signal, kernel):
            # flipped as in the textbook definition of convolution (np.convolve does the same, and is refused)
            signal, kernel = np.asarray(signal, float), np.asarray(kernel, float)[::-1]
            k = len(kernel)
            return np.array([np.sum(signal[i:i + k] * kernel) for i in range(len(signal) - k + 1)])
    ''',
    # the stride ignored
    "conv2d": '''
        import numpy as np
        def conv2d(image, kernel, stride=1):
            image, kernel = np.asarray(image, float), np.asarray(kernel, float)
            kh, kw = kernel.shape
            out = np.zeros((image.shape[0] - kh + 1, image.shape[1] - kw + 1))
            for i in range(out.shape[0]):
                for j in range(out.shape[1]):
                    out[i, j] = np.sum(image[i:i + kh, j:j + kw] * kernel)
            return out
    ''',
    # overlapping windows (stride 1)
    "max_pool": '''
        import numpy as np
        def max_pool2d(feature_map, size=2, stride=2):
            f = np.asarray(feature_map)
            h, w = f.shape[0] - size + 1, f.shape[1] - size + 1
            return np.array([[f[i:i + size, j:j + size].max() for j in range(w)] for i in range(h)])
    ''',
    # the batch axis flattened away
    "flatten": '''
        import numpy as np
        def flatten(feature_maps):
            return np.asarray(feature_maps).ravel()
        def flat_length(height, width, channels, poolings):
            return (height // 2 ** poolings) * (width // 2 ** poolings) * channels
    ''',
    # a softmax over one unit
    "build_cnn": '''
        import keras
        def build_cnn(input_shape=(64, 64, 3)):
            model = keras.Sequential([keras.Input(shape=input_shape),
                keras.layers.Conv2D(32, (3, 3), activation="relu"), keras.layers.MaxPooling2D((2, 2)),
                keras.layers.Flatten(), keras.layers.Dense(128, activation="relu"),
                keras.layers.Dense(1, activation="softmax")])
            model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
            return model
    ''',
    # padding "valid": the image runs out
    "cifar_cnn": '''
        import keras
        def build_cifar_cnn(input_shape=(32, 32, 3), num_classes=10):
            model = keras.Sequential([keras.Input(shape=input_shape)])
            for a, b in [(32, 64), (128, 128), (256, 256)]:
                model.add(keras.layers.Conv2D(a, (3, 3), activation="relu"))
                model.add(keras.layers.Conv2D(b, (3, 3), activation="relu"))
                model.add(keras.layers.MaxPooling2D((2, 2)))
            model.add(keras.layers.Flatten())
            model.add(keras.layers.Dense(1024, activation="relu"))
            model.add(keras.layers.Dense(512, activation="relu"))
            model.add(keras.layers.Dense(num_classes, activation="softmax"))
            model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
            return model
    ''',
    # the test set augmented like the training set
    "generators": '''
        from kerascourse.images import ImageDataGenerator
        def train_generator():
            return ImageDataGenerator(rescale=1 / 255, shear_range=0.2, zoom_range=0.2, horizontal_flip=True)
        def test_generator():
            return ImageDataGenerator(rescale=1 / 255, shear_range=0.2, zoom_range=0.2, horizontal_flip=True)
    ''',
    # no rescale at prediction time
    "predict_image": '''
        import numpy as np
        from kerascourse.images import img_to_array, load_img
        def predict_image(model, path, target_size, rescale=1.0 / 255):
            x = img_to_array(load_img(path, target_size=target_size))[None]
            return float(model.predict(x, verbose=0)[0, 0])
        def label_of(probability, class_indices):
            names = {i: n for n, i in class_indices.items()}
            return names[1] if probability > 0.5 else names[0]
    ''',
}

EXPECTED = {
    "conv1d": ("failed", "kernel is flipped"),
    "conv2d": ("failed", "stride is ignored"),
    "max_pool": ("failed", "windows overlap"),
    "flatten": ("failed", "keep the batch axis"),
    "build_cnn": ("failed", "softmax over one unit"),
    "cifar_cnn": ("failed", "padding='same'"),
    "generators": ("failed", "never augment test data"),
    "predict_image": ("failed", "not rescaled"),
}


@pytest.fixture(scope="module")
def graded(tmp_path_factory, course):
    # train_shapes is slow and unchanged: grade everything else
    names = [ex.name for ex in course.chapter("ch5").exercises if ex.name != "train_shapes"]
    return grade_mistakes(tmp_path_factory.mktemp("ch5-mistakes"), course, "ch5", MISTAKES, exercises=names)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_mistake_is_named(graded, name):
    assert_named(graded, name, *EXPECTED[name])
