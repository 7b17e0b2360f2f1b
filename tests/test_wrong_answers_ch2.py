"""Plausible wrong answers to chapter 2 fail, with a message that names the mistake."""

import pytest
from conftest import assert_named, grade_mistakes

MISTAKES = {
    # two mistakes in one file: W created as (output_size, input_size) and transposed in the product (the
    # outputs have the right shape), and the bias left out; separate checks name each
    "naive_dense": '''
        import tensorflow as tf
        class NaiveDense:
            def __init__(self, input_size, output_size, activation):
                self.activation = activation
                self.W = tf.Variable(tf.random.uniform((output_size, input_size), minval=0, maxval=1e-1))
                self.b = tf.Variable(tf.zeros((output_size,)))
            def __call__(self, inputs):
                return self.activation(tf.matmul(inputs, tf.transpose(self.W)))
            @property
            def weights(self):
                return [self.W, self.b]
    ''',
    # the softmax over the batch axis: each class sums to 1 over the samples
    "naive_sequential": '''
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
                return [w for layer in self.layers for w in layer.weights]
        def build_model(input_size=784, hidden=512, num_classes=10):
            return NaiveSequential([NaiveDense(input_size, hidden, tf.nn.relu),
                                    NaiveDense(hidden, num_classes, lambda t: tf.nn.softmax(t, axis=0))])
    ''',
    # the weights move up the slope
    "training_step": '''
        import keras
        import tensorflow as tf
        def update_weights(gradients, weights, learning_rate=1e-3):
            for g, w in zip(gradients, weights):
                w.assign_add(g * learning_rate)
        def one_training_step(model, images_batch, labels_batch, learning_rate=1e-3):
            with tf.GradientTape() as tape:
                predictions = model(images_batch)
                loss = tf.reduce_mean(keras.losses.sparse_categorical_crossentropy(labels_batch, predictions))
            update_weights(tape.gradient(loss, model.weights), model.weights, learning_rate)
            return loss
    ''',
    # rounds the number of batches down: the last, short batch is never seen
    "batch_generator": '''
        class BatchGenerator:
            def __init__(self, images, labels, batch_size=128):
                if len(images) != len(labels):
                    raise ValueError("lengths differ")
                self.index = 0
                self.images, self.labels, self.batch_size = images, labels, batch_size
                self.num_batches = len(images) // batch_size
            def next(self):
                images = self.images[self.index: self.index + self.batch_size]
                labels = self.labels[self.index: self.index + self.batch_size]
                self.index += self.batch_size
                return images, labels
    ''',
    # a constant the tape never watched
    "gradient_tape": '''
        import tensorflow as tf
        def gradient_at(f, x):
            v = tf.Variable(float(x))
            with tf.GradientTape() as tape:
                y = f(v)
            return float(tape.gradient(y, v))
        def gradient_of_constant(f, x):
            c = tf.constant(float(x))
            with tf.GradientTape() as tape:
                y = f(c)
            return tape.gradient(y, c)
        def bias_gradient(x, W, b):
            W, b = tf.Variable(W), tf.Variable(b)
            with tf.GradientTape() as tape:
                total = tf.reduce_sum(tf.matmul(tf.constant(x), W) + b)
            return tape.gradient(total, b).numpy()
        def second_derivative(f, t):
            v = tf.Variable(float(t))
            with tf.GradientTape() as outer:
                with tf.GradientTape() as inner:
                    y = f(v)
                speed = inner.gradient(y, v)
            return float(outer.gradient(speed, v))
    ''',
    # accuracy as a percentage
    "fit_evaluate": '''
        import numpy as np
        from kerascourse.naive import BatchGenerator, one_training_step
        def fit(model, images, labels, epochs, batch_size=128, learning_rate=1e-3):
            out = []
            for _ in range(epochs):
                out.append(float(np.mean([float(one_training_step(model, x, y, learning_rate))
                                          for x, y in BatchGenerator(images, labels, batch_size)])))
            return out
        def evaluate(model, images, labels):
            return 100 * float(np.mean(np.argmax(np.asarray(model(images)), axis=1) == labels))
    ''',
    # the book's settings, unchanged
    "homework": '''
        from kerascourse.naive import NaiveDense, NaiveSequential, fit
        def train_digits(x_train, y_train):
            model = NaiveSequential([NaiveDense(64, 512, "relu", seed=0), NaiveDense(512, 10, "softmax", seed=1)])
            fit(model, x_train, y_train, epochs=3, batch_size=128, learning_rate=1e-3, shuffle=False, verbose=False)
            return model
    ''',
}

EXPECTED = {
    "naive_dense": ("failed", "transposed"),
    "naive_sequential": ("failed", "softmax runs over the wrong axis"),
    "training_step": ("failed", "assign_sub"),
    "batch_generator": ("failed", "drop the last, short batch"),
    "gradient_tape": ("failed", "tape.watch"),
    "fit_evaluate": ("failed", "plain fraction"),
    "homework": ("failed", "try Adam"),
}


@pytest.fixture(scope="module")
def graded(tmp_path_factory, course):
    return grade_mistakes(tmp_path_factory.mktemp("ch2-mistakes"), course, "ch2", MISTAKES)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_mistake_is_named(graded, name):
    assert_named(graded, name, *EXPECTED[name])


def test_bias_left_out_is_named_by_its_own_check(graded):
    ex = graded.exercise("naive_dense")
    messages = {c.name: c.message for c in ex.checks}
    assert "the bias b is missing" in messages["test_bias_is_used"], messages
    assert "transposed" in messages["test_weights_shapes_and_types"], messages


def test_neighbours_still_pass(graded):
    untouched = {e.name: e.status for e in graded.exercises if e.name not in MISTAKES}
    assert untouched and set(untouched.values()) == {"passed"}, untouched
