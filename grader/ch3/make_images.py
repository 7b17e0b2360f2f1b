"""Draw the pictures of the chapter 3 lesson with kerascourse.plots.

    python grader/ch3/make_images.py

Writes grader/ch3/images/*.png (a few seconds of training on a CPU).
"""

from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent / "images"


def main():
    import keras
    import tensorflow as tf

    from kerascourse.datasets import complementary_colours, gaussian_clouds
    from kerascourse.models import build_dense_regressor
    from kerascourse.plots import activation_functions, decision_line, loss_parabola, training_curves

    HERE.mkdir(exist_ok=True)
    keras.utils.set_random_seed(0)
    activation_functions(path=HERE / "activations.png")

    x, y = np.arange(5.0), 6.0 * np.arange(5.0)
    ws = [0.0]
    for _ in range(6):   # learning rate 0.05: each step multiplies W − 6 by 1 − 12·0.05 = 0.4
        ws.append(ws[-1] - 0.05 * float(np.mean(2 * x * (x * ws[-1] - y))))
    loss_parabola(x, y, ws, path=HERE / "loss_parabola.png")

    points, labels = gaussian_clouds(1000, seed=0)
    W = tf.Variable(tf.random.uniform((2, 1)))
    b = tf.Variable(tf.zeros((1,)))
    targets = tf.constant(labels.reshape(-1, 1).astype("float32"))
    for _ in range(40):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(targets - (tf.matmul(points, W) + b)))
        gW, gb = tape.gradient(loss, [W, b])
        W.assign_sub(0.1 * gW)
        b.assign_sub(0.1 * gb)
    decision_line(points, labels, W.numpy(), b.numpy(), path=HERE / "decision_line.png")

    xc, yc = complementary_colours(2000, seed=0)
    model = build_dense_regressor(3, outputs=3, hidden=(64, 32, 16), optimizer="sgd", learning_rate=0.1)
    history = model.fit(xc, yc, epochs=20, batch_size=32, validation_split=0.2, verbose=0)
    training_curves(history, path=HERE / "colour_training.png", title="complementary colours, SGD 0.1")
    print("wrote", *sorted(p.name for p in HERE.glob("*.png")))


if __name__ == "__main__":
    main()
