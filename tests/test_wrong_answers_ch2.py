"""Plausible wrong answers to chapter 2 fail, with a message that names the mistake."""

import textwrap

import pytest
from conftest import Mistake, grade_mistake_round, mistake_rounds, round_ids

pytestmark = pytest.mark.slow   # spawns grading processes that import TensorFlow


def _piece(source: str) -> str:
    """A correct part shared by several mistakes, indented like the mistakes' sources it is joined to."""
    return textwrap.indent(source, " " * 8)


RELU = _piece('''
def naive_relu(x):
    if x.ndim != 2:
        raise ValueError("naive_relu expects a matrix")
    x = x.copy()
    for i in range(x.shape[0]):
        for j in range(x.shape[1]):
            x[i, j] = max(x[i, j], 0)
    return x
''')

ADD = _piece('''
def naive_add(x, y):
    if x.ndim != 2 or y.ndim != 2 or x.shape != y.shape:
        raise ValueError("naive_add expects two matrices of the same shape")
    x = x.copy()
    for i in range(x.shape[0]):
        for j in range(x.shape[1]):
            x[i, j] += y[i, j]
    return x
''')

VECTOR_DOT = _piece('''
def naive_vector_dot(x, y):
    if x.ndim != 1 or y.ndim != 1 or x.shape[0] != y.shape[0]:
        raise ValueError("two vectors of the same length")
    z = 0.0
    for i in range(x.shape[0]):
        z += x[i] * y[i]
    return z
''')

MATRIX_VECTOR_DOT = _piece('''
def naive_matrix_vector_dot(x, y):
    if x.ndim != 2 or y.ndim != 1 or x.shape[1] != y.shape[0]:
        raise ValueError("a matrix and a vector that fit")
    z = np.zeros(x.shape[0])
    for i in range(x.shape[0]):
        z[i] = naive_vector_dot(x[i, :], y)
    return z
''')

MATRIX_DOT = _piece('''
def naive_matrix_dot(x, y):
    if x.ndim != 2 or y.ndim != 2 or x.shape[1] != y.shape[0]:
        raise ValueError("x.shape[1] must equal y.shape[0]")
    z = np.zeros((x.shape[0], y.shape[1]))
    for i in range(x.shape[0]):
        for j in range(y.shape[1]):
            z[i, j] = naive_vector_dot(x[i, :], y[:, j])
    return z
''')

GRADIENT_AT = _piece('''
def gradient_at(f, x):
    var = tf.Variable(float(x))
    with tf.GradientTape() as tape:
        y = f(var)
    return float(tape.gradient(y, var))
''')

GRADIENT_OF_CONSTANT = _piece('''
def gradient_of_constant(f, x):
    const = tf.constant(float(x))
    with tf.GradientTape() as tape:
        tape.watch(const)
        y = f(const)
    return float(tape.gradient(y, const))
''')

BIAS_GRADIENT = _piece('''
def bias_gradient(x, W, b):
    W = tf.Variable(W.astype("float32"))
    b = tf.Variable(b.astype("float32"))
    with tf.GradientTape() as tape:
        total = tf.reduce_sum(tf.matmul(tf.constant(x, dtype="float32"), W) + b)
    return tape.gradient(total, b).numpy()
''')

SECOND_DERIVATIVE = _piece('''
def second_derivative(f, t):
    time = tf.Variable(float(t))
    with tf.GradientTape() as outer:
        with tf.GradientTape() as inner:
            position = f(time)
        speed = inner.gradient(position, time)
    return float(outer.gradient(speed, time))
''')

NAIVE_SEQUENTIAL = _piece('''
class NaiveSequential:
    def __init__(self, layers):
        self.layers = layers

    def __call__(self, inputs):
        x = inputs
        for layer in self.layers:
            x = layer(x)
        return x

    @property
    def weights(self):
        weights = []
        for layer in self.layers:
            weights += layer.weights
        return weights
''')

BUILD_MODEL = _piece('''
def build_model(input_size=784, hidden=512, num_classes=10):
    return NaiveSequential([NaiveDense(input_size, hidden, activation=tf.nn.relu),
                            NaiveDense(hidden, num_classes, activation=tf.nn.softmax)])
''')

BATCH_NEXT = _piece('''
    def next(self):
        images = self.images[self.index: self.index + self.batch_size]
        labels = self.labels[self.index: self.index + self.batch_size]
        self.index += self.batch_size
        return images, labels
''')

ONE_TRAINING_STEP = _piece('''
def one_training_step(model, images_batch, labels_batch, learning_rate=1e-3):
    with tf.GradientTape() as tape:
        predictions = model(images_batch)
        loss = tf.reduce_mean(keras.losses.sparse_categorical_crossentropy(labels_batch, predictions))
    update_weights(tape.gradient(loss, model.weights), model.weights, learning_rate)
    return loss
''')

FIT = _piece('''
def fit(model, images, labels, epochs, batch_size=128, learning_rate=1e-3):
    epoch_losses = []
    for _ in range(epochs):
        losses = [float(one_training_step(model, x, y, learning_rate))
                  for x, y in BatchGenerator(images, labels, batch_size)]
        epoch_losses.append(float(np.mean(losses)))
    return epoch_losses
''')

EVALUATE = _piece('''
def evaluate(model, images, labels):
    predicted = np.argmax(np.asarray(model(images)), axis=1)
    return float(np.mean(predicted == labels))
''')

LEARNER_MISTAKES = [
    # --- elementwise -------------------------------------------------------------------------------------
    Mistake("elementwise", "ReLU edits the caller's matrix in place", '''
        import numpy as np

        def naive_relu(x):
            if x.ndim != 2:
                raise ValueError("naive_relu expects a matrix")
            for i in range(x.shape[0]):
                for j in range(x.shape[1]):
                    x[i, j] = max(x[i, j], 0)
            return x
    ''' + ADD, ("changed its input", "copy")),
    Mistake("elementwise", "result built with np.zeros: float64 from float32", '''
        import numpy as np

        def naive_relu(x):
            if x.ndim != 2:
                raise ValueError("naive_relu expects a matrix")
            z = np.zeros(x.shape)
            for i in range(x.shape[0]):
                for j in range(x.shape[1]):
                    z[i, j] = max(x[i, j], 0)
            return z
    ''' + ADD, ("float32", "float64", "dtype")),
    Mistake("elementwise", "naive_add without its shape check", '''
        import numpy as np
    ''' + RELU + '''
        def naive_add(x, y):
            x = x.copy()
            for i in range(x.shape[0]):
                for j in range(x.shape[1]):
                    x[i, j] += y[i, j]
            return x
    ''', ("ValueError", "shapes differ")),
    # --- broadcasting ------------------------------------------------------------------------------------
    Mistake("broadcasting", "the vector indexed by the row, y[i]", '''
        import numpy as np

        def naive_add_matrix_and_vector(x, y):
            if x.ndim != 2 or y.ndim != 1 or x.shape[1] != y.shape[0]:
                raise ValueError("a matrix and a vector of one entry per column")
            x = x.copy()
            for i in range(x.shape[0]):
                for j in range(x.shape[1]):
                    x[i, j] += y[i]
            return x
    ''', ("y[j]",)),
    Mistake("broadcasting", "len(y) compared with the rows, not the columns", '''
        import numpy as np

        def naive_add_matrix_and_vector(x, y):
            if x.ndim != 2 or y.ndim != 1:
                raise ValueError("a matrix and a vector")
            if len(y) != x.shape[0]:
                raise ValueError("the vector needs one entry per row")
            x = x.copy()
            for i in range(x.shape[0]):
                for j in range(x.shape[1]):
                    x[i, j] += y[j]
            return x
    ''', ("x.shape[1] (the columns)", "not x.shape[0]")),
    Mistake("broadcasting", "the input matrix changed in place", '''
        import numpy as np

        def naive_add_matrix_and_vector(x, y):
            if x.ndim != 2 or y.ndim != 1 or x.shape[1] != y.shape[0]:
                raise ValueError("a matrix and a vector of one entry per column")
            for i in range(x.shape[0]):
                for j in range(x.shape[1]):
                    x[i, j] += y[j]
            return x
    ''', ("changed its input x", "copy")),
    # --- dot_products ------------------------------------------------------------------------------------
    Mistake("dot_products", "the running total overwritten: z = x[i] * y[i]", '''
        import numpy as np

        def naive_vector_dot(x, y):
            if x.ndim != 1 or y.ndim != 1 or x.shape[0] != y.shape[0]:
                raise ValueError("two vectors of the same length")
            z = 0.0
            for i in range(x.shape[0]):
                z = x[i] * y[i]
            return z
    ''' + MATRIX_VECTOR_DOT + MATRIX_DOT, ("last product", "z += x[i] * y[i]")),
    Mistake("dot_products", "zip() silently drops the extra entries of a longer vector", '''
        import numpy as np

        def naive_vector_dot(x, y):
            z = 0.0
            for a, b in zip(x, y):
                z += a * b
            return z
    ''' + MATRIX_VECTOR_DOT + MATRIX_DOT, ("should raise ValueError", "same length")),
    Mistake("dot_products", "the product stored transposed, z[j, i]", '''
        import numpy as np
    ''' + VECTOR_DOT + MATRIX_VECTOR_DOT + '''
        def naive_matrix_dot(x, y):
            if x.ndim != 2 or y.ndim != 2 or x.shape[1] != y.shape[0]:
                raise ValueError("x.shape[1] must equal y.shape[0]")
            z = np.zeros((x.shape[0], y.shape[1]))
            for i in range(x.shape[0]):
                for j in range(y.shape[1]):
                    z[j, i] = naive_vector_dot(x[i, :], y[:, j])
            return z
    ''', ("transposed",)),
    # --- gradient_tape -----------------------------------------------------------------------------------
    Mistake("gradient_tape", "a constant the tape never watched", '''
        import numpy as np
        import tensorflow as tf
    ''' + GRADIENT_AT + '''
        def gradient_of_constant(f, x):
            const = tf.constant(float(x))
            with tf.GradientTape() as tape:
                y = f(const)
            return float(tape.gradient(y, const))
    ''' + BIAS_GRADIENT + SECOND_DERIVATIVE, ("came back None", "tape.watch")),
    Mistake("gradient_tape", "the first gradient taken outside the outer tape", '''
        import numpy as np
        import tensorflow as tf
    ''' + GRADIENT_AT + GRADIENT_OF_CONSTANT + BIAS_GRADIENT + '''
        def second_derivative(f, t):
            time = tf.Variable(float(t))
            with tf.GradientTape() as outer:
                with tf.GradientTape() as inner:
                    position = f(time)
            speed = inner.gradient(position, time)
            return float(outer.gradient(speed, time))
    ''', ("came back None", "inside the outer tape")),
    Mistake("gradient_tape", "tensors returned where the stub promises a float and a NumPy array", '''
        import numpy as np
        import tensorflow as tf

        def gradient_at(f, x):
            var = tf.Variable(float(x))
            with tf.GradientTape() as tape:
                y = f(var)
            return tape.gradient(y, var)
    ''' + GRADIENT_OF_CONSTANT + BIAS_GRADIENT + SECOND_DERIVATIVE, ("expected a float", "EagerTensor")),
    # --- naive_dense -------------------------------------------------------------------------------------
    Mistake("naive_dense", "W created (output_size, input_size) and transposed in the product", '''
        import tensorflow as tf

        class NaiveDense:
            def __init__(self, input_size, output_size, activation):
                self.activation = activation
                self.W = tf.Variable(tf.random.uniform((output_size, input_size), minval=0, maxval=1e-1))
                self.b = tf.Variable(tf.zeros((output_size,)))

            def __call__(self, inputs):
                return self.activation(tf.matmul(inputs, tf.transpose(self.W)) + self.b)

            @property
            def weights(self):
                return [self.W, self.b]
    ''', ("transposed", "(input_size, output_size)")),
    Mistake("naive_dense", "the bias left out of the output", '''
        import tensorflow as tf

        class NaiveDense:
            def __init__(self, input_size, output_size, activation):
                self.activation = activation
                self.W = tf.Variable(tf.random.uniform((input_size, output_size), minval=0, maxval=1e-1))
                self.b = tf.Variable(tf.zeros((output_size,)))

            def __call__(self, inputs):
                return self.activation(tf.matmul(inputs, self.W))

            @property
            def weights(self):
                return [self.W, self.b]
    ''', ("bias b is missing",)),
    Mistake("naive_dense", "W from np.random.uniform: a float64 variable", '''
        import numpy as np
        import tensorflow as tf

        class NaiveDense:
            def __init__(self, input_size, output_size, activation):
                self.activation = activation
                self.W = tf.Variable(np.random.uniform(0, 0.1, (input_size, output_size)))
                self.b = tf.Variable(tf.zeros((output_size,)))

            def __call__(self, inputs):
                return self.activation(tf.matmul(inputs, self.W) + self.b)

            @property
            def weights(self):
                return [self.W, self.b]
    ''', ("float64", "float32")),
    # --- naive_sequential --------------------------------------------------------------------------------
    Mistake("naive_sequential", "the softmax over the batch axis", '''
        import tensorflow as tf
        from kerascourse.naive import NaiveDense
    ''' + NAIVE_SEQUENTIAL + '''
        def build_model(input_size=784, hidden=512, num_classes=10):
            return NaiveSequential([NaiveDense(input_size, hidden, tf.nn.relu),
                                    NaiveDense(hidden, num_classes, lambda t: tf.nn.softmax(t, axis=0))])
    ''', ("softmax runs over the wrong axis",)),
    Mistake("naive_sequential", "weights as a list of lists", '''
        import tensorflow as tf
        from kerascourse.naive import NaiveDense

        class NaiveSequential:
            def __init__(self, layers):
                self.layers = layers

            def __call__(self, inputs):
                x = inputs
                for layer in self.layers:
                    x = layer(x)
                return x

            @property
            def weights(self):
                return [layer.weights for layer in self.layers]
    ''' + BUILD_MODEL, ("flatten the list of lists",)),
    Mistake("naive_sequential", "return inside the loop: only the first layer runs", '''
        import tensorflow as tf
        from kerascourse.naive import NaiveDense

        class NaiveSequential:
            def __init__(self, layers):
                self.layers = layers

            def __call__(self, inputs):
                x = inputs
                for layer in self.layers:
                    x = layer(x)
                    return x

            @property
            def weights(self):
                weights = []
                for layer in self.layers:
                    weights += layer.weights
                return weights
    ''' + BUILD_MODEL, ("first layer's output", "return` inside the for loop")),
    # --- batch_generator ---------------------------------------------------------------------------------
    Mistake("batch_generator", "num_batches rounded down: the last, short batch is lost", '''
        class BatchGenerator:
            def __init__(self, images, labels, batch_size=128):
                if len(images) != len(labels):
                    raise ValueError("lengths differ")
                self.index = 0
                self.images, self.labels, self.batch_size = images, labels, batch_size
                self.num_batches = len(images) // batch_size
    ''' + BATCH_NEXT, ("drop the last, short batch", "math.ceil")),
    Mistake("batch_generator", "index moved on by 1 instead of batch_size", '''
        import math

        class BatchGenerator:
            def __init__(self, images, labels, batch_size=128):
                if len(images) != len(labels):
                    raise ValueError("lengths differ")
                self.index = 0
                self.images, self.labels, self.batch_size = images, labels, batch_size
                self.num_batches = math.ceil(len(images) / batch_size)

            def next(self):
                images = self.images[self.index: self.index + self.batch_size]
                labels = self.labels[self.index: self.index + self.batch_size]
                self.index += 1
                return images, labels
    ''', ("overlap", "by batch_size")),
    Mistake("batch_generator", "images and labels of different lengths accepted", '''
        import math

        class BatchGenerator:
            def __init__(self, images, labels, batch_size=128):
                self.index = 0
                self.images, self.labels, self.batch_size = images, labels, batch_size
                self.num_batches = math.ceil(len(images) / batch_size)
    ''' + BATCH_NEXT, ("should raise ValueError", "every image needs its label")),
    # --- training_step -----------------------------------------------------------------------------------
    Mistake("training_step", "the weights moved up the slope (assign_add)", '''
        import keras
        import tensorflow as tf

        def update_weights(gradients, weights, learning_rate=1e-3):
            for g, w in zip(gradients, weights):
                w.assign_add(g * learning_rate)
    ''' + ONE_TRAINING_STEP, ("up the slope", "assign_sub")),
    Mistake("training_step", "w = w - lr * g rebinds a name and changes no variable", '''
        import keras
        import tensorflow as tf

        def update_weights(gradients, weights, learning_rate=1e-3):
            for g, w in zip(gradients, weights):
                w = w - learning_rate * g
    ''' + ONE_TRAINING_STEP, ("w did not change", "assign_sub")),
    Mistake("training_step", "the batch's losses summed, not averaged", '''
        import keras
        import tensorflow as tf

        def update_weights(gradients, weights, learning_rate=1e-3):
            for g, w in zip(gradients, weights):
                w.assign_sub(g * learning_rate)

        def one_training_step(model, images_batch, labels_batch, learning_rate=1e-3):
            with tf.GradientTape() as tape:
                predictions = model(images_batch)
                loss = tf.reduce_sum(keras.losses.sparse_categorical_crossentropy(labels_batch, predictions))
            update_weights(tape.gradient(loss, model.weights), model.weights, learning_rate)
            return loss
    ''', ("sum of the 16 samples", "reduce_mean")),
    # --- fit_evaluate ------------------------------------------------------------------------------------
    Mistake("fit_evaluate", "accuracy as a percentage", '''
        import numpy as np
        from kerascourse.naive import BatchGenerator, one_training_step
    ''' + FIT + '''
        def evaluate(model, images, labels):
            predicted = np.argmax(np.asarray(model(images)), axis=1)
            return 100 * float(np.mean(predicted == labels))
    ''', ("plain fraction",)),
    Mistake("fit_evaluate", "every batch's loss returned, not one mean per epoch", '''
        import numpy as np
        from kerascourse.naive import BatchGenerator, one_training_step

        def fit(model, images, labels, epochs, batch_size=128, learning_rate=1e-3):
            losses = []
            for _ in range(epochs):
                for x, y in BatchGenerator(images, labels, batch_size):
                    losses.append(float(one_training_step(model, x, y, learning_rate)))
            return losses
    ''' + EVALUATE, ("one per batch", "one loss per epoch")),
    Mistake("fit_evaluate", "the learning rate not passed on to one_training_step", '''
        import numpy as np
        from kerascourse.naive import BatchGenerator, one_training_step

        def fit(model, images, labels, epochs, batch_size=128, learning_rate=1e-3):
            epoch_losses = []
            for _ in range(epochs):
                losses = [float(one_training_step(model, x, y)) for x, y in BatchGenerator(images, labels, batch_size)]
                epoch_losses.append(float(np.mean(losses)))
            return epoch_losses
    ''' + EVALUATE, ("learning_rate [0.001]", "pass fit's learning_rate on")),
    # --- homework ----------------------------------------------------------------------------------------
    Mistake("homework", "the book's settings, unchanged", '''
        from kerascourse.naive import NaiveDense, NaiveSequential, fit

        def train_digits(x_train, y_train):
            model = NaiveSequential([NaiveDense(64, 512, "relu", seed=0), NaiveDense(512, 10, "softmax", seed=1)])
            fit(model, x_train, y_train, epochs=3, batch_size=128, learning_rate=1e-3, shuffle=False, verbose=False)
            return model
    ''', ("chance level", "try Adam")),
    Mistake("homework", "a ReLU output layer: scores, not probabilities", '''
        from kerascourse.naive import NaiveDense, NaiveSequential, fit

        def train_digits(x_train, y_train):
            model = NaiveSequential([
                NaiveDense(64, 64, "relu", kernel_initializer="glorot_uniform", seed=0),
                NaiveDense(64, 10, "relu", kernel_initializer="glorot_uniform", seed=1),
            ])
            fit(model, x_train, y_train, epochs=10, batch_size=64, optimizer="adam", learning_rate=1e-2,
                shuffle=True, seed=0, verbose=False)
            return model
    ''', ("summing to 1", "softmax")),
    Mistake("homework", "the trained model never returned", '''
        from kerascourse.naive import NaiveDense, NaiveSequential, fit

        def train_digits(x_train, y_train):
            model = NaiveSequential([
                NaiveDense(64, 64, "relu", kernel_initializer="glorot_uniform", seed=0),
                NaiveDense(64, 10, "softmax", kernel_initializer="glorot_uniform", seed=1),
            ])
            fit(model, x_train, y_train, epochs=10, batch_size=64, optimizer="adam", learning_rate=1e-2,
                shuffle=True, seed=0, verbose=False)
    ''', ("returned None", "return the trained model")),
]

ROUNDS = mistake_rounds(LEARNER_MISTAKES)


@pytest.mark.parametrize("round_", ROUNDS, ids=round_ids(ROUNDS))
def test_learner_mistakes(tmp_path, course, round_):
    grade_mistake_round(tmp_path, course, "ch2", round_)
