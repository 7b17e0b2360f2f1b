"""Training a CNN on pictures: circles versus squares.

The images arrive as uint8 pixels (0–255). A generator rescales them (and may
augment them) batch by batch, and ``model.fit`` reads the batches directly. Two
classes, balanced: 0.5 accuracy is chance; a small CNN with two convolution blocks gets
well above it in a few epochs.

Run: kerascourse grade ch5 train_shapes    Hint: kerascourse hint ch5.train_shapes
"""

import keras

from kerascourse.images import ImageDataGenerator


def train_shapes(x_train, y_train, epochs=8):
    """Build, compile and train a small binary CNN on ``x_train`` (n, h, w, 3) uint8 and ``y_train`` (n,) 0/1.

    Two blocks of Conv2D (16, then 32 filters, 3×3, relu) and MaxPooling2D 2×2, Flatten,
    Dense 64 relu, Dense 1 sigmoid. Feed the images through
    ImageDataGenerator(rescale=1/255).flow(x_train, y_train, batch_size=16) and return the trained model.
    """
    keras.utils.set_random_seed(0)
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
    batches = ImageDataGenerator(rescale=1.0 / 255).flow(x_train, y_train, batch_size=16, seed=0)
    model.fit(batches, epochs=epochs, verbose=0)
    return model
