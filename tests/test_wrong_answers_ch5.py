"""Plausible wrong answers to chapter 5 fail, with a message that names the mistake.

LEARNER_MISTAKES holds three hand-written mistakes per exercise, as a beginner writes them; round k
(the k-th mistake of every exercise) is graded in one child process, exactly as `kerascourse grade` does.
"""

import pytest
from conftest import Mistake, grade_mistake_round, mistake_rounds, round_ids

CONV2D = '''
    import numpy as np

    def conv2d(image, kernel, stride=1):
        image, kernel = np.asarray(image, dtype=float), np.asarray(kernel, dtype=float)
        kh, kw = kernel.shape
        out_h = {out_h}
        out_w = {out_w}
        out = np.zeros((out_h, out_w))
        for i in range(out_h):
            for j in range(out_w):
                out[i, j] = np.sum(image[{rows}, {cols}] * kernel)
        return out
'''
RIGHT_ROWS, RIGHT_COLS = "i * stride:i * stride + kh", "j * stride:j * stride + kw"

MAX_POOL = '''
    import numpy as np

    def max_pool2d(feature_map, size=2, stride=2):
        f = np.asarray(feature_map)
        out_h, out_w = {out_h}, {out_w}
        out = np.zeros((out_h, out_w), dtype=f.dtype)
        for i in range(out_h):
            for j in range(out_w):
                {body}
        return out
'''

FLAT_LENGTH = '''
        def flat_length(height, width, channels, poolings):
            for _ in range(poolings):
                height, width = height // 2, width // 2
            return height * width * channels
'''

BUILD_CNN = '''
    import keras

    def build_cnn(input_shape=(64, 64, 3)):
        model = keras.Sequential([
            keras.Input(shape=input_shape),
            keras.layers.Conv2D(32, (3, 3), activation="relu"),
            keras.layers.MaxPooling2D((2, 2)),
            keras.layers.Flatten(),
            keras.layers.Dense(128, activation="relu"),
            keras.layers.Dense(1, activation="{output}"),
        ])
        model.compile({compile})
        return model
'''
CNN_COMPILE = 'optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"]'

CIFAR = '''
    import keras

    def build_cifar_cnn(input_shape=(32, 32, 3), num_classes=10):
        model = keras.Sequential([keras.Input(shape=input_shape)])
        for first, second in [(32, 64), (128, 128), (256, 256)]:
            model.add(keras.layers.Conv2D(first, (3, 3), {padding}activation="relu"))
            model.add(keras.layers.Conv2D(second, (3, 3), {padding}activation="relu"))
            model.add(keras.layers.MaxPooling2D((2, 2)))
        model.add(keras.layers.Flatten())
        model.add(keras.layers.Dense(1024{hidden}))
        model.add(keras.layers.Dense(512{hidden}))
        model.add(keras.layers.Dense(num_classes, activation="softmax"))
        model.compile(optimizer="adam", loss="{loss}", metrics=["accuracy"])
        return model
'''
SAME, RELU = 'padding="same", ', ', activation="relu"'

GENERATORS = '''
    from kerascourse.images import ImageDataGenerator

    def train_generator():
        return ImageDataGenerator({train})

    def test_generator():
        return ImageDataGenerator({test})
'''
AUGMENT = "rescale=1 / 255, shear_range=0.2, zoom_range=0.2, horizontal_flip=True"

TRAIN_SHAPES = '''
    import keras
    from kerascourse.images import ImageDataGenerator

    def train_shapes(x_train, y_train, epochs=8):
        model = keras.Sequential([
            keras.Input(shape=x_train.shape[1:]),
            keras.layers.Conv2D(16, (3, 3), activation="relu"),
            keras.layers.MaxPooling2D((2, 2)),
            keras.layers.Conv2D(32, (3, 3), activation="relu"),
            keras.layers.MaxPooling2D((2, 2)),
            keras.layers.Flatten(),
            keras.layers.Dense(64, activation="relu"),
            keras.layers.Dense(1, activation="sigmoid"),
        ])
        model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
        {fit}
        return model
'''

PREDICT_IMAGE = '''
    import numpy as np
    from kerascourse.images import img_to_array, load_img

    def predict_image(model, path, target_size, rescale=1.0 / 255):
        x = img_to_array(load_img(path, target_size=target_size))
        batch = {batch}
        return float(model.predict(batch, verbose=0)[0, 0])

    def label_of(probability, class_indices):
        names = {{index: name for name, index in class_indices.items()}}
        return names[1] if probability {compare} 0.5 else names[0]
'''
BATCH = "np.expand_dims(x, axis=0) * rescale"

LEARNER_MISTAKES = [
    # conv1d
    Mistake("conv1d", "kernel flipped, as the textbook convolution", '''
        import numpy as np
        def conv1d(signal, kernel):
            signal, kernel = np.asarray(signal, float), np.asarray(kernel, float)[::-1]
            k = len(kernel)
            return np.array([np.sum(signal[i:i + k] * kernel) for i in range(len(signal) - k + 1)])
    ''', ("kernel is flipped",)),
    Mistake("conv1d", "last position missing (off by one)", '''
        import numpy as np
        def conv1d(signal, kernel):
            signal, kernel = np.asarray(signal, float), np.asarray(kernel, float)
            k = len(kernel)
            out = np.zeros(len(signal) - k)
            for i in range(len(signal) - k):
                out[i] = np.sum(signal[i:i + k] * kernel)
            return out
    ''', ("last position is missing", "off by one")),
    Mistake("conv1d", "integer output for integer inputs", '''
        import numpy as np
        def conv1d(signal, kernel):
            k = len(kernel)
            return np.array([np.sum(signal[i:i + k] * kernel) for i in range(len(signal) - k + 1)])
    ''', ("int64", "float array")),
    # conv2d
    Mistake("conv2d", "stride ignored", CONV2D.format(out_h="image.shape[0] - kh + 1", out_w="image.shape[1] - kw + 1",
                                                      rows="i:i + kh", cols="j:j + kw"), ("stride is ignored",)),
    Mistake("conv2d", "output sized for the stride, windows not moved by it",
            CONV2D.format(out_h="(image.shape[0] - kh) // stride + 1", out_w="(image.shape[1] - kw) // stride + 1",
                          rows="i:i + kh", cols="j:j + kw"), ("do not move by the stride",)),
    Mistake("conv2d", "output size (h - kh + 1) // stride",
            CONV2D.format(out_h="(image.shape[0] - kh + 1) // stride", out_w="(image.shape[1] - kw + 1) // stride",
                          rows=RIGHT_ROWS, cols=RIGHT_COLS), ("(h - kh) // stride + 1",)),
    # max_pool
    Mistake("max_pool", "overlapping windows (stride 1)", '''
        import numpy as np
        def max_pool2d(feature_map, size=2, stride=2):
            f = np.asarray(feature_map)
            h, w = f.shape[0] - size + 1, f.shape[1] - size + 1
            return np.array([[f[i:i + size, j:j + size].max() for j in range(w)] for i in range(h)])
    ''', ("windows overlap",)),
    Mistake("max_pool", "running maximum started at 0", MAX_POOL.format(
        out_h="(f.shape[0] - size) // stride + 1", out_w="(f.shape[1] - size) // stride + 1", body='''best = 0
                for a in range(size):
                    for b in range(size):
                        best = max(best, f[i * stride + a, j * stride + b])
                out[i, j] = best'''), ("negative maximum", "not from a running maximum set to 0")),
    Mistake("max_pool", "size and stride ignored (always 2)", MAX_POOL.format(
        out_h="(f.shape[0] - 2) // 2 + 1", out_w="(f.shape[1] - 2) // 2 + 1",
        body="out[i, j] = f[2 * i:2 * i + 2, 2 * j:2 * j + 2].max()"), ("size=3 and stride=3 are ignored",)),
    # flatten
    Mistake("flatten", "batch axis flattened away", '''
        import numpy as np
        def flatten(feature_maps):
            return np.asarray(feature_maps).ravel()
    ''' + FLAT_LENGTH, ("keep the batch axis",)),
    Mistake("flatten", "channels first, as in PyTorch", '''
        import numpy as np
        def flatten(feature_maps):
            feature_maps = np.asarray(feature_maps)
            return np.transpose(feature_maps, (0, 3, 1, 2)).reshape(len(feature_maps), -1)
    ''' + FLAT_LENGTH, ("different order",)),
    Mistake("flatten", "flat_length halves with / (a float)", '''
        import numpy as np
        def flatten(feature_maps):
            feature_maps = np.asarray(feature_maps)
            return feature_maps.reshape(len(feature_maps), -1)
        def flat_length(height, width, channels, poolings):
            for _ in range(poolings):
                height, width = height / 2, width / 2
            return height * width * channels
    ''', ("whole number", "//")),
    # build_cnn
    Mistake("build_cnn", "softmax over one unit", BUILD_CNN.format(output="softmax", compile=CNN_COMPILE),
            ("softmax over one unit",)),
    Mistake("build_cnn", "RMSprop as in the book's cats-vs-dogs, not Adam", BUILD_CNN.format(
        output="sigmoid", compile='optimizer="rmsprop", loss="binary_crossentropy", metrics=["accuracy"]'),
        ("optimizer RMSprop", "Adam")),
    Mistake("build_cnn", "no accuracy metric", BUILD_CNN.format(
        output="sigmoid", compile='optimizer="adam", loss="binary_crossentropy"'), ("without the accuracy metric",)),
    # cifar_cnn
    Mistake("cifar_cnn", "padding 'valid': the image runs out", CIFAR.format(
        padding="", hidden=RELU, loss="categorical_crossentropy"), ("padding='same'",)),
    Mistake("cifar_cnn", "sparse loss for one-hot labels", CIFAR.format(
        padding=SAME, hidden=RELU, loss="sparse_categorical_crossentropy"), ("sparse_categorical_crossentropy", "one-hot")),
    Mistake("cifar_cnn", "hidden Dense layers without activation", CIFAR.format(
        padding=SAME, hidden="", loss="categorical_crossentropy"), ("activation 'linear'", "expected 'relu'")),
    # generators
    Mistake("generators", "the test set augmented like the training set", GENERATORS.format(train=AUGMENT, test=AUGMENT),
            ("never augment test data",)),
    Mistake("generators", "test images not rescaled", GENERATORS.format(train=AUGMENT, test=""),
            ("test_generator(): rescale is not set",)),
    Mistake("generators", "training images not augmented", GENERATORS.format(train="rescale=1 / 255", test="rescale=1 / 255"),
            ("train_generator() does not augment",)),
    # train_shapes
    Mistake("train_shapes", "fit on the raw 0-255 arrays", TRAIN_SHAPES.format(
        fit="model.fit(x_train, y_train, epochs=epochs, batch_size=16, verbose=0)"), ("the images themselves",)),
    Mistake("train_shapes", "a generator without rescale", TRAIN_SHAPES.format(
        fit="model.fit(ImageDataGenerator().flow(x_train, y_train, batch_size=16), epochs=epochs, verbose=0)"),
        ("rescale=None",)),
    Mistake("train_shapes", "epochs written into fit", TRAIN_SHAPES.format(
        fit="model.fit(ImageDataGenerator(rescale=1 / 255).flow(x_train, y_train, batch_size=16), epochs=5, verbose=0)"),
        ("epochs=5", "pass the epochs argument")),
    # predict_image
    Mistake("predict_image", "no rescale at prediction time", PREDICT_IMAGE.format(
        batch="np.expand_dims(x, axis=0)", compare=">"), ("not rescaled",)),
    Mistake("predict_image", "batch axis added at the end", PREDICT_IMAGE.format(
        batch="np.expand_dims(x, axis=-1) * rescale", compare=">"), ("batch axis goes first",)),
    Mistake("predict_image", "label_of says class 1 at exactly 0.5", PREDICT_IMAGE.format(batch=BATCH, compare=">="),
            ("label_of(0.5", "not >= 0.5")),
]

ROUNDS = mistake_rounds(LEARNER_MISTAKES)

# The first mistake of each exercise, as {exercise: source}: other tests grade these under other backends.
MISTAKES = {mistake.exercise: mistake.source for mistake in ROUNDS[0]}


@pytest.mark.slow
@pytest.mark.parametrize("round_", ROUNDS, ids=round_ids(ROUNDS))
def test_learner_mistakes(tmp_path, course, round_):
    grade_mistake_round(tmp_path, course, "ch5", round_)
