"""Plausible wrong answers to chapter 6 fail, with a message that names the mistake.

LEARNER_MISTAKES holds three hand-written mistakes per exercise, as a beginner writes them; round k
(the k-th mistake of every exercise) is graded in one child process, exactly as `kerascourse grade` does.
"""

import pytest
from conftest import Mistake, grade_mistake_round, mistake_rounds, round_ids

PARAM_COUNT = '''
    import math

    def conv2d_params(kernel_size, in_channels, filters):
        return {conv}

    def dense_params(in_features, units):
        return {dense}
'''
CONV_PARAMS, DENSE_PARAMS = "kernel_size * kernel_size * in_channels * filters + filters", "in_features * units + units"

COUNT_VGG16 = '''
    VGG16_BLOCKS = [(64, 2), (128, 2), (256, 3), (512, 3), (512, 3)]
    DENSE_UNITS = [4096, 4096]

    def flatten_size(height, width):
        for _ in VGG16_BLOCKS:
            height, width = height {divide} 2, width {divide} 2
        return height * width * 512

    def vgg16_block_params(input_size=224, num_classes=1000):
        counts = {{}}
        channels = 3
        for number, (filters, convs) in enumerate(VGG16_BLOCKS, start=1):
            {first_channels}
            total = 0
            for _ in range(convs):
                total += 3 * 3 * channels * filters + filters
                channels = filters
            counts[f"block{{number}}"] = total
        features = {features}
        top = 0
        for units in DENSE_UNITS + [num_classes]:
            top += features * units + units
            features = units
        counts["top"] = top
        return counts
'''
COUNT_RIGHT = {"divide": "//", "first_channels": "", "features": "flatten_size(input_size, input_size)"}

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
            x = layers.Dense(4096, activation="relu", name="{fc1}")(x)
            x = layers.Dense(4096, activation="relu", name="{fc2}")(x)
            x = layers.Dense(num_classes, activation="softmax", name="{predictions}")(x)
        return keras.Model(inputs, x, name="vgg16")
'''
VGG_SPEC = '[("block1", 64, 2), ("block2", 128, 2), ("block3", 256, 3), ("block4", 512, 3), ("block5", 512, 3)]'
SHORT_BLOCK3 = VGG_SPEC.replace('("block3", 256, 3)', '("block3", 256, 2)')
KERAS_TOP = {"fc1": "fc1", "fc2": "fc2", "predictions": "predictions"}

PREPROCESS = '''
    import numpy as np

    MEAN_BGR = np.array([103.939, 116.779, 123.68], dtype="float32")

    def preprocess_input(images):
        {body}

    def prepare_image(image):
        return preprocess_input(image[np.newaxis])
'''

FROZEN_HEAD = '''
    import keras
    from keras import layers

    def add_head(base, num_classes):
        {freeze}
        inputs = keras.Input(shape=base.input.shape[1:])
        x = base(inputs, training=False)
        x = layers.{flatten}()(x)
        x = layers.Dense(256{activation})(x)
        x = layers.Dropout(0.5)(x)
        outputs = layers.Dense(num_classes, activation="softmax")(x)
        return keras.Model(inputs, outputs)
'''
FREEZE, RELU = "base.trainable = False", ', activation="relu"'

FEATURES = '''
    import keras
    import numpy as np
    from keras import layers

    def extract_features(base, images, batch_size=32):
        features = base.predict(images, batch_size=batch_size, verbose=0)
        return {flat}

    def train_classifier(features, labels, num_classes, epochs=30):
        model = keras.Sequential([
            keras.Input(shape=features.shape[1:]),
            layers.Dense(256, activation="relu"),
            layers.Dropout(0.5),
            layers.Dense(num_classes, activation="softmax"),
        ])
        model.compile(optimizer="rmsprop", loss="{loss}", metrics=["accuracy"])
        model.fit(features, {labels}, epochs=epochs, batch_size=32, verbose=0)
        return model
'''
FLAT, SPARSE = "features.reshape(len(images), -1)", "sparse_categorical_crossentropy"

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

HIGH_LR = '''
    import numpy as np

    def relative_change(before, after):
        {body}

    def answer():
        return "{letter}"
'''
RELATIVE_CHANGE = '''moved = sum(float(np.sum((np.asarray(a) - np.asarray(b)) ** 2)) for b, a in zip(before, after))
        return float(np.sqrt(moved) / np.sqrt(sum(float(np.sum(np.asarray(b) ** 2)) for b in before)))'''

BY_NORM_AFTER = '''moved = sum(float(np.sum((np.asarray(a) - np.asarray(b)) ** 2)) for b, a in zip(before, after))
        return float(np.sqrt(moved) / np.sqrt(sum(float(np.sum(np.asarray(a) ** 2)) for a in after)))'''
MEAN_OF_RATIOS = '''ratios = [np.linalg.norm(np.asarray(a) - np.asarray(b)) / np.linalg.norm(b)
                  for b, a in zip(before, after)]
        return float(np.mean(ratios))'''

LEARNER_MISTAKES = [
    # param_count
    Mistake("param_count", "no bias in a convolution", PARAM_COUNT.format(
        conv="kernel_size * kernel_size * in_channels * filters", dense=DENSE_PARAMS), ("the biases are missing",)),
    Mistake("param_count", "math.pow gives a float", PARAM_COUNT.format(
        conv="math.pow(kernel_size, 2) * in_channels * filters + filters", dense=DENSE_PARAMS),
        ("expected a whole number", "got a float")),
    Mistake("param_count", "a Dense bias per input", PARAM_COUNT.format(
        conv=CONV_PARAMS, dense="in_features * units + in_features"), ("one bias per unit",)),
    # count_vgg16
    Mistake("count_vgg16", "each block's first convolution given its own filters as input channels",
            COUNT_VGG16.format(**{**COUNT_RIGHT, "first_channels": "channels = 3 if number == 1 else filters"}),
            ("block2_conv1 sees the 64 channels block1 produces",)),
    Mistake("count_vgg16", "pooling with / (a float)", COUNT_VGG16.format(**{**COUNT_RIGHT, "divide": "/"}),
            ("whole number", "//")),
    Mistake("count_vgg16", "fc1's input size fixed at 7·7·512", COUNT_VGG16.format(**{**COUNT_RIGHT, "features": "7 * 7 * 512"}),
            ("fc1 sees 1·1·512",)),
    # build_vgg16
    Mistake("build_vgg16", "a convolution missing in block3", BUILD.format(spec=SHORT_BLOCK3, kernel="(3, 3)", **KERAS_TOP),
            ("a convolution is missing: block3 has 3 convolutions",)),
    Mistake("build_vgg16", "5×5 kernels", BUILD.format(spec=VGG_SPEC, kernel="(5, 5)", **KERAS_TOP),
            ("kernel_size (5, 5), expected (3, 3)",)),
    Mistake("build_vgg16", "the top's layers named in the learner's own way", BUILD.format(
        spec=VGG_SPEC, kernel="(3, 3)", fc1="dense1", fc2="dense2", predictions="output"),
        ("called 'dense1'", "Keras calls it 'fc1'")),
    # preprocess
    Mistake("preprocess", "divided by 255", PREPROCESS.format(body='return np.asarray(images, dtype="float32") / 255.0'),
            ("you divided by 255",)),
    Mistake("preprocess", "channels never reversed to BGR", PREPROCESS.format(
        body='return np.asarray(images, dtype="float32") - MEAN_BGR'), ("still in RGB order",)),
    Mistake("preprocess", "float64 result", PREPROCESS.format(
        body="return np.asarray(images, dtype=float)[..., ::-1] - np.array([103.939, 116.779, 123.68])"),
        ("expected dtype float32, got float64",)),
    # frozen_head
    Mistake("frozen_head", "the base left trainable", FROZEN_HEAD.format(freeze="pass", flatten="Flatten", activation=RELU),
            ("the base was left trainable",)),
    Mistake("frozen_head", "Dense(256) without an activation", FROZEN_HEAD.format(freeze=FREEZE, flatten="Flatten",
                                                                               activation=""),
            ("activation 'linear'", "expected 'relu'")),
    Mistake("frozen_head", "the feature map pooled instead of flattened", FROZEN_HEAD.format(
        freeze=FREEZE, flatten="GlobalAveragePooling2D", activation=RELU), ("pooled", "instead of flattened")),
    # feature_extraction
    Mistake("feature_extraction", "features not flattened", FEATURES.format(flat="features", loss=SPARSE, labels="labels"),
            ("flatten to one row per image",)),
    Mistake("feature_extraction", "rows of a fixed 512 numbers", FEATURES.format(
        flat="features.reshape(-1, 512)", loss=SPARSE, labels="labels"), ("rows of 512 numbers",)),
    Mistake("feature_extraction", "one-hot labels and categorical cross-entropy", FEATURES.format(
        flat=FLAT, loss="categorical_crossentropy", labels="keras.utils.to_categorical(labels, num_classes)"),
        ("'categorical_crossentropy', the loss for one-hot labels",)),
    # fine_tune
    Mistake("fine_tune", "every layer of the base unfrozen", FINE_TUNE.format(freeze="pass", compile=RECOMPILE),
            ("all 13 convolutions of the base are trainable",)),
    Mistake("fine_tune", "the right layers unfrozen, never recompiled", FINE_TUNE.format(
        freeze=FREEZE_BEFORE_BLOCK5, compile="pass"), ("did not call model.compile",)),
    Mistake("fine_tune", "recompiled with optimizer='rmsprop' (default learning rate)", FINE_TUNE.format(
        freeze=FREEZE_BEFORE_BLOCK5,
        compile='model.compile(optimizer="rmsprop", loss="sparse_categorical_crossentropy", metrics=["accuracy"])'),
        ("learning rate 0.001", "RMSprop's default")),
    # high_learning_rate
    Mistake("high_learning_rate", "the wrong letter", HIGH_LR.format(body=RELATIVE_CHANGE, letter="b"), ("b) is not it",)),
    Mistake("high_learning_rate", "divided by the norm after the change", HIGH_LR.format(body=BY_NORM_AFTER, letter="c"),
            ("divide by the norm of the weights BEFORE",)),
    Mistake("high_learning_rate", "the average of each array's relative change", HIGH_LR.format(
        body=MEAN_OF_RATIOS, letter="c"), ("average of each array's own relative change",)),
]

ROUNDS = mistake_rounds(LEARNER_MISTAKES)

# The first mistake of each exercise, as {exercise: source}: other tests grade these under other backends.
WORKSPACE_A = {mistake.exercise: mistake.source for mistake in ROUNDS[0]}


@pytest.mark.slow
@pytest.mark.parametrize("round_", ROUNDS, ids=round_ids(ROUNDS))
def test_learner_mistakes(tmp_path, course, round_):
    grade_mistake_round(tmp_path, course, "ch6", round_)
