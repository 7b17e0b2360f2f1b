"""The cats-vs-dogs classifier: one convolution, one pooling, two dense layers.

The classic first CNN: Conv2D(32, 3×3, ReLU) finds small patterns, MaxPooling2D
(2×2) halves the image, Flatten turns the feature maps into one vector, Dense(128,
ReLU) combines them, and one sigmoid unit says how likely the second class is.

Run: kerascourse grade ch5 build_cnn    Hint: kerascourse hint ch5.build_cnn
"""

import keras


def build_cnn(input_shape=(64, 64, 3)):
    """A compiled binary image classifier: Conv2D 32 3×3 relu, MaxPooling2D 2×2, Flatten, Dense 128 relu, Dense 1 sigmoid.

    Compile it with the Adam optimizer, binary cross-entropy, and the accuracy metric.
    At 64×64×3 it has 3,937,409 parameters.
    """
    model = keras.Sequential([
        keras.Input(shape=input_shape),
        keras.layers.Conv2D(32, (3, 3), activation="relu"),
        keras.layers.MaxPooling2D((2, 2)),
        keras.layers.Flatten(),
        keras.layers.Dense(128, activation="relu"),
        keras.layers.Dense(1, activation="sigmoid"),
    ])
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    return model
