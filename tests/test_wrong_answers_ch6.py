"""Plausible wrong answers to chapter 6 fail, with a message that names the mistake.

Two workspaces (an exercise can hold one mistake at a time), each graded once in a
child process exactly as `kerascourse grade` does.
"""


import pytest
from conftest import assert_named, grade_mistakes

BUILD = '''
    import keras
    from keras import layers

    SPEC = {spec}

    def build_vgg16(input_shape=(224, 224, 3), num_classes=1000, include_top=True):
        inputs = keras.Input(shape=input_shape)
        x = inputs
        for block, filters, convs in SPEC:
            for i in range(1, convs + 1):
                x = layers.Conv2D(filters, {kernel}, padding="same", activation="relu", name=f"{{block}}_conv{{i}}")(x)
            x = layers.MaxPooling2D((2, 2), strides=(2, 2), name=f"{{block}}_pool")(x)
        if include_top:
            x = layers.Flatten(name="flatten")(x)
            x = layers.Dense(4096, activation="relu", name="fc1")(x)
            x = layers.Dense(4096, activation="relu", name="fc2")(x)
            x = layers.Dense(num_classes, activation="softmax", name="predictions")(x)
        return keras.Model(inputs, x, name="vgg16")
'''
VGG_SPEC = '[("block1", 64, 2), ("block2", 128, 2), ("block3", 256, 3), ("block4", 512, 3), ("block5", 512, 3)]'
SHORT_BLOCK3 = VGG_SPEC.replace('("block3", 256, 3)', '("block3", 256, 2)')

FINE_TUNE = '''
    import keras

    def fine_tune(model, base, learning_rate=1e-5):
        base.trainable = True
        {freeze}
        {compile}
        return model
'''
FREEZE_BEFORE_BLOCK5 = '''unfrozen = False
        for layer in base.layers:
            unfrozen = unfrozen or layer.name == "block5_conv1"
            layer.trainable = unfrozen'''
RECOMPILE = ('model.compile(optimizer=keras.optimizers.RMSprop(learning_rate=learning_rate), '
             'loss="sparse_categorical_crossentropy", metrics=["accuracy"])')

# The mistakes the issue names, and a few more a learner plausibly makes.
WORKSPACE_A = {
    # a convolution missing in block 3
    "build_vgg16": BUILD.format(spec=SHORT_BLOCK3, kernel="(3, 3)"),
    # /255 instead of BGR and mean subtraction
    "preprocess": '''
        import numpy as np
        MEAN_BGR = np.array([103.939, 116.779, 123.68], dtype="float32")
        def preprocess_input(images):
            return np.asarray(images, dtype="float32") / 255.0
        def prepare_image(image):
            return preprocess_input(image[np.newaxis])
    ''',
    # the base left trainable
    "frozen_head": '''
        import keras
        from keras import layers
        def add_head(base, num_classes):
            inputs = keras.Input(shape=base.input.shape[1:])
            x = layers.Flatten()(base(inputs))
            x = layers.Dense(256, activation="relu")(x)
            return keras.Model(inputs, layers.Dense(num_classes, activation="softmax")(x))
    ''',
    # every layer of the base unfrozen
    "fine_tune": FINE_TUNE.format(freeze="pass", compile=RECOMPILE),
    # no bias in a convolution
    "param_count": '''
        def conv2d_params(kernel_size, in_channels, filters):
            return kernel_size * kernel_size * in_channels * filters
        def dense_params(in_features, units):
            return in_features * units + units
    ''',
    # each block's first convolution given its own number of channels as input
    "count_vgg16": '''
        VGG16_BLOCKS = [(64, 2), (128, 2), (256, 3), (512, 3), (512, 3)]
        def flatten_size(height, width):
            for _ in VGG16_BLOCKS:
                height, width = height // 2, width // 2
            return height * width * 512
        def vgg16_block_params(input_size=224, num_classes=1000):
            counts = {}
            for number, (filters, convs) in enumerate(VGG16_BLOCKS, start=1):
                channels = 3 if number == 1 else filters
                total = 0
                for _ in range(convs):
                    total += 3 * 3 * channels * filters + filters
                    channels = filters
                counts[f"block{number}"] = total
            features = flatten_size(input_size, input_size)
            top = 0
            for units in [4096, 4096, num_classes]:
                top += features * units + units
                features = units
            counts["top"] = top
            return counts
    ''',
    # features not flattened
    "feature_extraction": '''
        import keras
        def extract_features(base, images, batch_size=32):
            return base.predict(images, batch_size=batch_size, verbose=0)
        def train_classifier(features, labels, num_classes, epochs=30):
            raise NotImplementedError("later")
    ''',
    # the wrong letter
    "high_learning_rate": '''
        import numpy as np
        def relative_change(before, after):
            moved = sum(float(np.sum((np.asarray(a) - np.asarray(b)) ** 2)) for b, a in zip(before, after))
            return float(np.sqrt(moved) / np.sqrt(sum(float(np.sum(np.asarray(b) ** 2)) for b in before)))
        def answer():
            return "b"
    ''',
}

WORKSPACE_B = {
    # 5×5 kernels
    "build_vgg16": BUILD.format(spec=VGG_SPEC, kernel="(5, 5)"),
    # the channels never reversed to BGR
    "preprocess": '''
        import numpy as np
        MEAN_BGR = np.array([103.939, 116.779, 123.68], dtype="float32")
        def preprocess_input(images):
            return np.asarray(images, dtype="float32") - MEAN_BGR
        def prepare_image(image):
            return preprocess_input(image[np.newaxis])
    ''',
    # the right layers unfrozen, but the model never recompiled
    "fine_tune": FINE_TUNE.format(freeze=FREEZE_BEFORE_BLOCK5, compile="pass"),
}

EXPECTED_A = {
    "build_vgg16": "a convolution is missing: block3 has 3 convolutions",
    "preprocess": "you divided by 255",
    "frozen_head": "the base was left trainable",
    "fine_tune": "all 13 convolutions of the base are trainable",
    "param_count": "the biases are missing",
    "count_vgg16": "block2_conv1 sees the 64 channels block1 produces",
    "feature_extraction": "flatten to one row per image",
    "high_learning_rate": "b) is not it",
}
EXPECTED_B = {
    "build_vgg16": "kernel_size (5, 5), expected (3, 3)",
    "preprocess": "still in RGB order",
    "fine_tune": "recompile",
}


def _grade(tmp_path_factory, course, label, mistakes):
    return grade_mistakes(tmp_path_factory.mktemp(f"ch6-{label}"), course, "ch6", mistakes,
                          exercises=sorted(mistakes))


@pytest.fixture(scope="module")
def graded_a(tmp_path_factory, course):
    return _grade(tmp_path_factory, course, "a", WORKSPACE_A)


@pytest.fixture(scope="module")
def graded_b(tmp_path_factory, course):
    return _grade(tmp_path_factory, course, "b", WORKSPACE_B)


def _check(graded, name, phrase):
    assert_named(graded, name, "failed", phrase)


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(EXPECTED_A))
def test_mistake_is_named(graded_a, name):
    _check(graded_a, name, EXPECTED_A[name])


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(EXPECTED_B))
def test_second_mistake_is_named(graded_b, name):
    _check(graded_b, name, EXPECTED_B[name])
