"""Plausible wrong answers to chapter 3 fail, with a message that names the mistake."""

import pytest
from conftest import assert_named

SOFTMAX_NO_SHIFT = '''
import numpy as np

def softmax(x):
    e = np.exp(x)
    return e / np.sum(e, axis=-1, keepdims=True)
'''

RELU_CAPPED = '''
import numpy as np

def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))

def tanh(x):
    return np.tanh(x)

def relu(x):
    return np.clip(x, 0.0, 1.0)

def threshold(x):
    return np.where(x >= 0, 1.0, 0.0)
'''

STEP_WRONG_SIGN = '''
import numpy as np

def loss(w, x, y):
    return float(np.mean((x * w - y) ** 2))

def gradient(w, x, y):
    return float(np.mean(2.0 * x * (x * w - y)))

def step(w, grad, learning_rate):
    return w + learning_rate * grad

def descend(x, y, w0=0.0, learning_rate=0.01, steps=100):
    ws = [float(w0)]
    for _ in range(steps):
        ws.append(step(ws[-1], gradient(ws[-1], x, y), learning_rate))
    return ws
'''

DECISION_LINE_AT_ZERO = '''
import numpy as np
import tensorflow as tf

def model(x, W, b):
    return tf.matmul(x, W) + b

def square_loss(targets, predictions):
    return tf.reduce_mean(tf.square(targets - predictions))

def training_step(x, targets, W, b, learning_rate=0.1):
    with tf.GradientTape() as tape:
        loss = square_loss(targets, model(x, W, b))
    gW, gb = tape.gradient(loss, [W, b])
    W.assign_sub(learning_rate * gW)
    b.assign_sub(learning_rate * gb)
    return float(loss)

def train(x, labels, steps=40, learning_rate=0.1):
    W = tf.Variable(tf.random.uniform((2, 1)))
    b = tf.Variable(tf.zeros((1,)))
    t = tf.constant(np.asarray(labels, "float32").reshape(-1, 1))
    for _ in range(steps):
        training_step(tf.constant(x), t, W, b, learning_rate)
    return W.numpy(), b.numpy()

def decision_line(W, b):
    w0, w1 = float(np.ravel(W)[0]), float(np.ravel(W)[1])
    return -w0 / w1, -float(np.ravel(b)[0]) / w1
'''

LAYER_WEIGHTS_IN_INIT = '''
import keras

class SimpleDense(keras.layers.Layer):
    def __init__(self, units, activation=None, input_dim=3, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.activation = keras.activations.get(activation)
        self.kernel = self.add_weight(shape=(input_dim, units), initializer="glorot_uniform")
        self.bias = self.add_weight(shape=(units,), initializer="zeros")

    def call(self, inputs):
        return self.activation(keras.ops.matmul(inputs, self.kernel) + self.bias)

    def get_config(self):
        config = super().get_config()
        config.update(units=self.units, activation=keras.activations.serialize(self.activation))
        return config
'''

COLOUR_OUTPUT_RELU = '''
import keras
import numpy as np

def complementary(rgb):
    return rgb.max(axis=1, keepdims=True) + rgb.min(axis=1, keepdims=True) - rgb

def build_colour_model():
    return keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(64, activation="relu"),
                             keras.layers.Dense(32, activation="relu"), keras.layers.Dense(16, activation="relu"),
                             keras.layers.Dense(3, activation="sigmoid")])
'''


@pytest.mark.slow
def test_wrong_answers_fail_with_named_mistakes(make_workspace, grade):
    mistakes = {
        "softmax": (SOFTMAX_NO_SHIFT, "subtract the largest score"),
        "activations": (RELU_CAPPED, "not capped at 1"),
        "gradient_descent": (STEP_WRONG_SIGN, "went *up* the slope"),
        "linear_classifier": (DECISION_LINE_AT_ZERO, "(0.5 − b) / W[1]"),
        "simple_dense": (LAYER_WEIGHTS_IN_INIT, "create them in build"),
        "complementary_colour": (COLOUR_OUTPUT_RELU, "regression output must be able to take any value"),
    }
    ws = make_workspace("ch3", {name: source for name, (source, _) in mistakes.items()})
    result = grade("ch3", ws, exercises=list(mistakes))
    for name, (_, words) in mistakes.items():
        assert_named(result, name, "failed", words)
