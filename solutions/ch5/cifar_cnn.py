"""A CIFAR-style stack: pairs of 3×3 convolutions, each pair then a 2×2 pooling.

Three blocks of two convolutions (32 and 64 filters, then 128 and 128, then 256
and 256), all 3×3 with ``padding="same"`` so that only the poolings shrink the
image, then Flatten and Dense 1024, 512 and one softmax unit per class. A 32×32
image is 4×4×256 = 4,096 numbers when it reaches Flatten.

Run: kerascourse grade ch5 cifar_cnn    Hint: kerascourse hint ch5.cifar_cnn
"""

import keras

BLOCKS = [(32, 64), (128, 128), (256, 256)]


def build_cifar_cnn(input_shape=(32, 32, 3), num_classes=10):
    """A compiled multi-class CNN: three blocks of two 3×3 'same' convolutions and a 2×2 pooling, then Dense 1024, 512, num_classes.

    Use ReLU everywhere except the softmax output; compile with Adam,
    categorical cross-entropy (one-hot labels) and accuracy.
    """
    model = keras.Sequential([keras.Input(shape=input_shape)])
    for first, second in BLOCKS:
        model.add(keras.layers.Conv2D(first, (3, 3), padding="same", activation="relu"))
        model.add(keras.layers.Conv2D(second, (3, 3), padding="same", activation="relu"))
        model.add(keras.layers.MaxPooling2D((2, 2)))
    model.add(keras.layers.Flatten())
    model.add(keras.layers.Dense(1024, activation="relu"))
    model.add(keras.layers.Dense(512, activation="relu"))
    model.add(keras.layers.Dense(num_classes, activation="softmax"))
    model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
    return model
