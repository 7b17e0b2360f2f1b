"""The library's Keras-level helpers work under JAX and PyTorch, not only TensorFlow.

The backend is fixed when Keras is first imported, so each backend runs one
script in a child Python with ``KERAS_BACKEND`` set. The script touches every
Keras-level helper a practitioner imports: models (dense, CNN, VGG16, transfer,
k-fold), layers, activations, preprocessing, timeseries, training.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import textwrap

import pytest

pytestmark = pytest.mark.slow   # a child Python per backend

SCRIPT = textwrap.dedent('''
    import numpy as np
    import keras
    from keras import ops

    from kerascourse import activations, preprocessing
    from kerascourse.layers import SimpleDense
    from kerascourse.models import (build_cifar_cnn, build_cnn, build_dense_classifier, build_vgg16,
                                    cross_validate, extract_features, feature_extractor, trainable_param_count,
                                    transfer_model, unfreeze)
    from kerascourse.timeseries import build_lstm, forecast, make_windows
    from kerascourse.training import best_epoch, history_dict

    assert keras.backend.backend() == BACKEND, keras.backend.backend()
    rng = np.random.default_rng(0)

    # layers and activations take the backend's own tensors
    layer = SimpleDense(4, activation="relu")
    out = layer(ops.ones((2, 3)))
    assert tuple(out.shape) == (2, 4)
    assert np.all(ops.convert_to_numpy(out) >= 0)
    assert SimpleDense.from_config(layer.get_config()).units == 4
    tensor = ops.convert_to_tensor(np.array([-1.0, 0.0, 2.0]))
    assert np.allclose(activations.relu(tensor), [0.0, 0.0, 2.0])
    assert np.allclose(activations.softmax(tensor).sum(), 1.0)
    assert preprocessing.one_hot(ops.convert_to_numpy(ops.array([0, 2])), 3).shape == (2, 3)

    # dense models train, and the training helpers read their History
    x = rng.normal(size=(64, 8)).astype("float32")
    y = (x[:, 0] > 0).astype("int64")
    model = build_dense_classifier(8, 2, hidden=(8,))
    history = model.fit(x, y, epochs=3, batch_size=16, validation_split=0.25, verbose=0)
    assert len(history_dict(history)["loss"]) == 3 and 1 <= best_epoch(history) <= 3
    result = cross_validate(lambda: build_dense_classifier(8, 2, hidden=(8,)), x, y, k=2, epochs=1)
    assert len(result.scores) == 2

    # The rest builds and runs models without training them: under JAX each new model's
    # train step is an XLA compilation (seconds), and training is what the chapters' grading covers.

    # convolutional networks
    images = rng.uniform(0, 1, size=(4, 32, 32, 3)).astype("float32")
    assert build_cnn((32, 32, 3), 2).predict(images, verbose=0).shape[0] == 4
    assert build_cifar_cnn((32, 32, 3), 10).count_params() == 5_851_338  # compile-heavy under JAX: 20 shapes

    # VGG16 and transfer learning
    base = build_vgg16(input_shape=(32, 32, 3), include_top=False)
    assert base.count_params() == 14_714_688
    features = extract_features(feature_extractor(base), images, batch_size=2)
    assert features.shape == (4, 1, 1, 512) and isinstance(features, np.ndarray)
    model = transfer_model(base, 2, head=(8,))
    before = trainable_param_count(model)
    assert model.predict(images, verbose=0).shape == (4, 2)
    unfreeze(model, "block5_conv1", warn=False)
    assert trainable_param_count(model) > before

    # time series
    series = np.sin(np.arange(120) / 5.0).astype("float32")
    xw, yw = make_windows(series, 10, 2)
    lstm = build_lstm(10, 1, horizon=2, units=(8,))
    assert np.asarray(forecast(lstm, xw[:3])).shape[0] == 3
    print("OK", BACKEND)
''')


def _run(backend: str) -> None:
    from grader.runner import GradeOptions, child_environment

    # The grader's own child environment: KERAS_BACKEND, no GPU, and JAX's on-disk compilation cache.
    env = child_environment(GradeOptions(backend=backend, device="cpu"))
    env.pop("PYTEST_DISABLE_PLUGIN_AUTOLOAD", None)
    source = f"BACKEND = {backend!r}\n" + SCRIPT
    proc = subprocess.run([sys.executable, "-c", source], env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0 and f"OK {backend}" in proc.stdout, proc.stderr[-4000:]


@pytest.mark.skipif(importlib.util.find_spec("jax") is None, reason="JAX is not installed (pip install -e \".[jax]\")")
def test_library_under_jax():
    _run("jax")


@pytest.mark.skipif(importlib.util.find_spec("torch") is None,
                    reason="PyTorch is not installed (pip install -e \".[torch]\")")
def test_library_under_torch():
    _run("torch")
