"""Plausible wrong answers to chapter 3 fail, with a message that names the mistake.

The sources are whole exercise files; the correct parts a mistake shares with others are joined in from
the constants below. tests/test_backends_grading.py grades two of them under JAX too.
"""

import pytest
from conftest import Mistake, grade_mistake_round, mistake_rounds, round_ids

pytestmark = pytest.mark.slow   # spawns grading processes that import TensorFlow

# --- activations ---------------------------------------------------------------------------------------------

SIGMOID_TANH = '''
import numpy as np

def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))

def tanh(x):
    return (np.exp(x) - np.exp(-x)) / (np.exp(x) + np.exp(-x))
'''

RELU = '''
def relu(x):
    return np.maximum(0.0, x)
'''

THRESHOLD = '''
def threshold(x):
    return np.where(x >= 0, 1.0, 0.0)
'''

RELU_CAPPED = SIGMOID_TANH + '''
def relu(x):
    return np.clip(x, 0.0, 1.0)
''' + THRESHOLD

THRESHOLD_BOOLEANS = SIGMOID_TANH + RELU + '''
def threshold(x):
    return x >= 0
'''

RELU_IN_PLACE = SIGMOID_TANH + '''
def relu(x):
    x[x < 0] = 0
    return x
''' + THRESHOLD

# --- softmax -------------------------------------------------------------------------------------------------

SOFTMAX_NO_SHIFT = '''
import numpy as np

def softmax(x):
    e = np.exp(x)
    return e / np.sum(e, axis=-1, keepdims=True)
'''

SOFTMAX_GLOBAL_MAX = '''
import numpy as np

def softmax(x):
    e = np.exp(x - np.max(x))
    return e / np.sum(e, axis=-1, keepdims=True)
'''

SOFTMAX_COLUMNS = '''
import numpy as np

def softmax(x):
    e = np.exp(x - np.max(x, axis=0))
    return e / np.sum(e, axis=0)
'''

# --- gradient_descent ----------------------------------------------------------------------------------------

LOSS = '''
import numpy as np

def loss(w, x, y):
    return float(np.mean((x * w - y) ** 2))
'''

GRADIENT = '''
def gradient(w, x, y):
    return float(np.mean(2.0 * x * (x * w - y)))
'''

STEP = '''
def step(w, grad, learning_rate):
    return w - learning_rate * grad
'''

DESCEND = '''
def descend(x, y, w0=0.0, learning_rate=0.01, steps=100):
    ws = [float(w0)]
    for _ in range(steps):
        ws.append(step(ws[-1], gradient(ws[-1], x, y), learning_rate))
    return ws
'''

STEP_WRONG_SIGN = LOSS + GRADIENT + '''
def step(w, grad, learning_rate):
    return w + learning_rate * grad
''' + DESCEND

LOSS_SUMMED = '''
import numpy as np

def loss(w, x, y):
    return float(np.sum((x * w - y) ** 2))
''' + GRADIENT + STEP + DESCEND

DESCEND_WITHOUT_W0 = LOSS + GRADIENT + STEP + '''
def descend(x, y, w0=0.0, learning_rate=0.01, steps=100):
    ws = []
    w = w0
    for _ in range(steps):
        w = step(w, gradient(w, x, y), learning_rate)
        ws.append(w)
    return ws
'''

# --- linear_classifier ---------------------------------------------------------------------------------------

MODEL_LOSS = '''
import numpy as np
import tensorflow as tf

def model(x, W, b):
    return tf.matmul(x, W) + b

def square_loss(targets, predictions):
    return tf.reduce_mean(tf.square(targets - predictions))
'''

TRAINING_STEP = '''
def training_step(x, targets, W, b, learning_rate=0.1):
    with tf.GradientTape() as tape:
        loss = square_loss(targets, model(x, W, b))
    gW, gb = tape.gradient(loss, [W, b])
    W.assign_sub(learning_rate * gW)
    b.assign_sub(learning_rate * gb)
    return float(loss)
'''

TRAIN = '''
def train(x, labels, steps=40, learning_rate=0.1):
    W = tf.Variable(tf.random.uniform((2, 1)))
    b = tf.Variable(tf.zeros((1,)))
    t = tf.constant(np.asarray(labels, "float32").reshape(-1, 1))
    for _ in range(steps):
        training_step(tf.constant(x), t, W, b, learning_rate)
    return W.numpy(), b.numpy()
'''

DECISION_LINE = '''
def decision_line(W, b):
    w0, w1 = float(np.ravel(W)[0]), float(np.ravel(W)[1])
    return -w0 / w1, (0.5 - float(np.ravel(b)[0])) / w1
'''

DECISION_LINE_AT_ZERO = MODEL_LOSS + TRAINING_STEP + TRAIN + '''
def decision_line(W, b):
    w0, w1 = float(np.ravel(W)[0]), float(np.ravel(W)[1])
    return -w0 / w1, -float(np.ravel(b)[0]) / w1
'''

LABELS_NOT_RESHAPED = MODEL_LOSS + TRAINING_STEP + '''
def train(x, labels, steps=40, learning_rate=0.1):
    W = tf.Variable(tf.random.uniform((2, 1)))
    b = tf.Variable(tf.zeros((1,)))
    t = tf.constant(np.asarray(labels, "float32"))
    for _ in range(steps):
        training_step(tf.constant(x), t, W, b, learning_rate)
    return W.numpy(), b.numpy()
''' + DECISION_LINE

W_STARTS_AT_ZEROS = MODEL_LOSS + TRAINING_STEP + '''
def train(x, labels, steps=40, learning_rate=0.1):
    W = tf.Variable(tf.zeros((2, 1)))
    b = tf.Variable(tf.zeros((1,)))
    t = tf.constant(np.asarray(labels, "float32").reshape(-1, 1))
    for _ in range(steps):
        training_step(tf.constant(x), t, W, b, learning_rate)
    return W.numpy(), b.numpy()
''' + DECISION_LINE

# --- simple_dense --------------------------------------------------------------------------------------------

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

CONFIG_WITHOUT_SUPER = '''
import keras

class SimpleDense(keras.layers.Layer):
    def __init__(self, units, activation=None, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.activation = keras.activations.get(activation)

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], self.units), initializer="glorot_uniform")
        self.bias = self.add_weight(shape=(self.units,), initializer="zeros")

    def call(self, inputs):
        return self.activation(keras.ops.matmul(inputs, self.kernel) + self.bias)

    def get_config(self):
        return {"units": self.units, "activation": keras.activations.serialize(self.activation)}
'''

BIAS_STARTS_RANDOM = '''
import keras

class SimpleDense(keras.layers.Layer):
    def __init__(self, units, activation=None, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.activation = keras.activations.get(activation)

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], self.units), initializer="glorot_uniform")
        self.bias = self.add_weight(shape=(self.units,), initializer="random_normal")

    def call(self, inputs):
        return self.activation(keras.ops.matmul(inputs, self.kernel) + self.bias)

    def get_config(self):
        config = super().get_config()
        config.update(units=self.units, activation=keras.activations.serialize(self.activation))
        return config
'''

# --- complementary_colour ------------------------------------------------------------------------------------

COMPLEMENTARY = '''
import keras
import numpy as np

def complementary(rgb):
    return rgb.max(axis=1, keepdims=True) + rgb.min(axis=1, keepdims=True) - rgb
'''

COLOUR_MODEL = '''
def build_colour_model():
    return keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(64, activation="relu"),
                             keras.layers.Dense(32, activation="relu"), keras.layers.Dense(16, activation="relu"),
                             keras.layers.Dense(3)])
'''

COLOUR_OUTPUT_SIGMOID = COMPLEMENTARY + '''
def build_colour_model():
    return keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(64, activation="relu"),
                             keras.layers.Dense(32, activation="relu"), keras.layers.Dense(16, activation="relu"),
                             keras.layers.Dense(3, activation="sigmoid")])
'''

COLOUR_WITHOUT_KEEPDIMS = '''
import keras
import numpy as np

def complementary(rgb):
    return rgb.max(axis=1) + rgb.min(axis=1) - rgb
''' + COLOUR_MODEL

COLOUR_HIDDEN_LINEAR = COMPLEMENTARY + '''
def build_colour_model():
    return keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(64), keras.layers.Dense(32),
                             keras.layers.Dense(16), keras.layers.Dense(3)])
'''

# --- keras_workflow ------------------------------------------------------------------------------------------

WORKFLOW_TRAIN = '''
def train(model, x, y, epochs=10, batch_size=32, verbose=0):
    return model.fit(x, y, epochs=epochs, batch_size=batch_size, validation_split=0.2, verbose=verbose)
'''

WORKFLOW_EVALUATE = '''
def evaluate(model, x, y):
    return model.evaluate(x, y, verbose=0, return_dict=True)
'''

WORKFLOW_REST = '''
def predict(model, x):
    return model.predict(x, verbose=0)

def final_losses(history):
    return float(history.history["loss"][-1]), float(history.history["val_loss"][-1])
'''

WORKFLOW_COMPILE = '''
import keras
import numpy as np

def compile_model(model, learning_rate=0.1):
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=learning_rate), loss="mse", metrics=["mae"])
    return model
'''

SGD_BY_NAME = '''
import keras
import numpy as np

def compile_model(model, learning_rate=0.1):
    model.compile(optimizer="sgd", loss="mse", metrics=["mae"])
    return model
''' + WORKFLOW_TRAIN + WORKFLOW_EVALUATE + WORKFLOW_REST

VALIDATED_ON_TRAINING_DATA = WORKFLOW_COMPILE + '''
def train(model, x, y, epochs=10, batch_size=32, verbose=0):
    return model.fit(x, y, epochs=epochs, batch_size=batch_size, validation_data=(x, y), verbose=verbose)
''' + WORKFLOW_EVALUATE + WORKFLOW_REST

EVALUATE_AS_LIST = WORKFLOW_COMPILE + WORKFLOW_TRAIN + '''
def evaluate(model, x, y):
    return model.evaluate(x, y, verbose=0)
''' + WORKFLOW_REST

LEARNER_MISTAKES = [
    Mistake("activations", "ReLU capped at 1", RELU_CAPPED, ("not capped at 1",)),
    Mistake("activations", "threshold returns booleans, not floats", THRESHOLD_BOOLEANS, ("booleans", "1.0 and 0.0")),
    Mistake("activations", "ReLU zeroes the caller's array in place", RELU_IN_PLACE, ("changed the caller's array",
                                                                                      "in place")),
    Mistake("softmax", "no shift: exp(1000) overflows", SOFTMAX_NO_SHIFT, ("subtract the largest score",)),
    Mistake("softmax", "shifted by the whole batch's max, not each row's", SOFTMAX_GLOBAL_MAX,
            ("largest score of the whole batch", "each row's own maximum")),
    Mistake("softmax", "normalised over the columns (axis=0)", SOFTMAX_COLUMNS, ("columns were normalised",
                                                                                 "axis=-1")),
    Mistake("gradient_descent", "the step goes up the slope", STEP_WRONG_SIGN, ("went *up* the slope",)),
    Mistake("gradient_descent", "the loss is the sum of squared errors", LOSS_SUMMED, ("*sum* of squared errors",
                                                                                     "mean")),
    Mistake("gradient_descent", "descend forgets w0 in the list it returns", DESCEND_WITHOUT_W0,
            ("101 values", "w0")),
    Mistake("linear_classifier", "the decision line where the prediction is 0", DECISION_LINE_AT_ZERO,
            ("(0.5 − b) / W[1]",)),
    Mistake("linear_classifier", "labels not reshaped to (n, 1): the loss broadcasts to (n, n)",
            LABELS_NOT_RESHAPED, ("shape (100,)", "labels.reshape(-1, 1)")),
    Mistake("linear_classifier", "W starts at zeros, not random-uniform", W_STARTS_AT_ZEROS,
            ("random-uniform in [0, 1)", "not random")),
    Mistake("simple_dense", "the weights created in __init__", LAYER_WEIGHTS_IN_INIT, ("create them in build",)),
    Mistake("simple_dense", "get_config without super().get_config()", CONFIG_WITHOUT_SUPER,
            ("lost the layer's name", "super().get_config()")),
    Mistake("simple_dense", "the bias starts random, not at zeros", BIAS_STARTS_RANDOM,
            ("bias should start at zeros",)),
    Mistake("complementary_colour", "a sigmoid on the regression output", COLOUR_OUTPUT_SIGMOID,
            ("regression output must be able to take any value",)),
    Mistake("complementary_colour", "max and min without keepdims", COLOUR_WITHOUT_KEEPDIMS, ("keepdims=True",)),
    Mistake("complementary_colour", "hidden layers without ReLU", COLOUR_HIDDEN_LINEAR, ("hidden layers should use "
                                                                                       "ReLU",)),
    Mistake("keras_workflow", "optimizer='sgd' ignores the learning rate", SGD_BY_NAME,
            ("default learning rate 0.01", "SGD(learning_rate=learning_rate)")),
    Mistake("keras_workflow", "validated on the training data itself", VALIDATED_ON_TRAINING_DATA,
            ("samples it also trains on", "validation_split=0.2")),
    Mistake("keras_workflow", "evaluate returns a list, not a dict", EVALUATE_AS_LIST, ("return_dict=True",)),
]

ROUNDS = mistake_rounds(LEARNER_MISTAKES)


@pytest.mark.parametrize("round_", ROUNDS, ids=round_ids(ROUNDS))
def test_learner_mistakes(tmp_path, course, round_):
    grade_mistake_round(tmp_path, course, "ch3", round_)
