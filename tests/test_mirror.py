"""Keras objects crossing between the grader and the learner process as values (grader.mirror, grader.wire)."""

import json
import os
import threading

import keras
import numpy as np
import pytest

from grader import mirror
from grader.wire import ProtocolError, decode, encode, encode_parts, read_frame, send_frame


def _model(compiled=True):
    keras.utils.set_random_seed(1)
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, activation="relu", name="hidden"),
                              keras.layers.Dropout(0.2), keras.layers.Dense(1, name="out")])
    if compiled:
        model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="mse", metrics=["mae"])
    return model


def test_a_model_rebuilt_from_its_state_is_the_same_model():
    model = _model()
    copy = mirror.rebuild(mirror.state_of(model))
    assert type(copy) is keras.Sequential and copy is not model
    assert [layer.name for layer in copy.layers] == [layer.name for layer in model.layers]
    for mine, theirs in zip(copy.get_weights(), model.get_weights()):
        np.testing.assert_array_equal(mine, theirs)
    assert copy.get_compile_config() == model.get_compile_config()
    assert type(copy.optimizer) is keras.optimizers.Adam
    x = np.random.default_rng(0).random((5, 4)).astype("float32")
    np.testing.assert_allclose(copy.predict(x, verbose=0), model.predict(x, verbose=0), rtol=1e-6)
    assert mirror.digest(mirror.state_of(copy)) == mirror.digest(mirror.state_of(model))


def test_changes_are_applied_in_place():
    model, copy = _model(), _model(compiled=False)
    model.layers[0].trainable = False
    model.set_weights([w + 1 for w in model.get_weights()])
    before = id(copy)
    mirror.apply_state(copy, mirror.state_of(model))
    assert id(copy) == before and copy.layers[0].trainable is False and copy.compiled
    for mine, theirs in zip(copy.get_weights(), model.get_weights()):
        np.testing.assert_array_equal(mine, theirs)


def test_other_layers_cannot_be_applied():
    small = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
    with pytest.raises(mirror.MirrorMismatch):
        mirror.apply_state(small, mirror.state_of(_model()))


def test_only_keras_own_classes_cross_by_value():
    class Mine(keras.layers.Layer):
        def call(self, x):
            return x

    assert mirror.is_mirrorable(_model())
    assert not mirror.is_mirrorable(keras.Sequential([keras.Input((2,)), Mine()]))
    assert not mirror.is_mirrorable(keras.Sequential([keras.Input((2,)), keras.layers.Dense(1, activation=lambda x: x)]))
    assert not mirror.is_mirrorable(np.zeros(3))


def test_a_state_that_names_other_code_is_refused_before_anything_runs():
    state = mirror.state_of(_model())
    config = json.loads(state["config"])
    config["module"] = "os"
    state["config"] = json.dumps(config)
    with pytest.raises(TypeError, match="outside Keras"):
        mirror.rebuild(state)


def test_history_and_callbacks_cross_as_values():
    stop = keras.callbacks.EarlyStopping(monitor="val_loss", patience=4, restore_best_weights=True)
    state = mirror.callback_state(stop, plain=lambda v: isinstance(v, (int, float, str, bool, type(None))))
    copy = mirror.rebuild_callback(state)
    assert type(copy) is keras.callbacks.EarlyStopping
    assert (copy.patience, copy.monitor, copy.restore_best_weights) == (4, "val_loss", True)
    with pytest.raises(TypeError):
        mirror.rebuild_callback({"class": "Popen", "attributes": {}})
    history = keras.callbacks.History()
    mirror.apply_history(history, {"history": {"loss": [1.0, 0.5]}, "params": {"epochs": 2}, "epoch": [0, 1]})
    assert history.history == {"loss": [1.0, 0.5]} and history.epoch == [0, 1]


def test_library_values_cross_as_their_class_and_attributes():
    from kerascourse.preprocessing import MinMaxScaler

    scaler = MinMaxScaler().fit(np.array([[0.0], [10.0]]))
    copy = mirror.rebuild_library_value(mirror.library_state(scaler))
    assert type(copy) is MinMaxScaler
    np.testing.assert_allclose(copy.transform(np.array([[5.0]])), [[0.5]])
    with pytest.raises(TypeError):
        mirror.rebuild_library_value({"module": "subprocess", "class": "Popen", "attributes": {}})


def test_large_arrays_cross_a_pipe_without_copies_and_stay_writable():
    values = {"w": np.arange(3_000_000, dtype="float32").reshape(1000, 3000), "n": (1, 2.5), "s": np.array(["a"])}
    read, write = os.pipe()
    with os.fdopen(read, "rb") as reader, os.fdopen(write, "wb") as writer:
        thread = threading.Thread(target=lambda: (send_frame(writer, encode_parts(values)), writer.flush()))
        thread.start()
        got = decode(read_frame(reader))
        thread.join()
    np.testing.assert_array_equal(got["w"], values["w"])
    assert got["w"].dtype == np.float32 and got["w"].flags.writeable and got["n"] == (1, 2.5)
    got["w"][0, 0] = -1   # a check may change what came back in place
    assert decode(encode(values))["s"].tolist() == ["a"]


def test_an_array_of_python_objects_is_refused_on_arrival():
    frame = bytearray(encode({"x": np.arange(3)}))
    frame = frame.replace(b'"dtype": "<i8"', b'"dtype": "|O8"')
    with pytest.raises(ProtocolError):
        decode(bytes(frame))


def test_a_model_that_cannot_cross_says_why_in_the_checks_words():
    from grader.remote import RemoteCallable, _described

    class MyDense(keras.layers.Dense):
        pass

    model = keras.Sequential([keras.Input((2,)), MyDense(1)])
    assert not mirror.is_mirrorable(model)
    why = mirror.why_not_rebuilt(model)
    assert "MyDense, a class of your own" in why and "keras.layers" in why
    # The checks write "got {type(model).__name__}": the reference's class carries the description.
    assert _described(RemoteCallable, why).__name__ == why


NO_TENSORFLOW = '''
import sys
import keras
from grader import lazy_tensorflow, mirror

lazy_tensorflow.install()   # as every grading process does

model = keras.Sequential([keras.Input((6, 2)), keras.layers.LSTM(3), keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="mse", metrics=["mae"])
state = mirror.state_of(model)
copy = mirror.rebuild(state)
copy.get_compile_config()
keras.utils.set_random_seed(0)   # as the grader does before each check
assert "tensorflow" not in sys.modules, "serializing a model or seeding imported TensorFlow"
import tensorflow  # now Keras's serializer sees it, and says the same
assert mirror.state_of(copy)["config"] == state["config"]
print("ok")
'''


def test_on_jax_a_model_crosses_without_importing_tensorflow():
    """Keras's serializer and set_random_seed would import TensorFlow (seconds) just to ask about it
    (grader.lazy_tensorflow)."""
    import importlib.util
    import os
    import subprocess
    import sys
    from pathlib import Path

    if importlib.util.find_spec("jax") is None:
        pytest.skip("JAX is not installed")
    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "KERAS_BACKEND": "jax", "JAX_PLATFORMS": "cpu", "PYTHONPATH": str(root)}
    proc = subprocess.run([sys.executable, "-c", NO_TENSORFLOW], env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0 and proc.stdout.strip() == "ok", proc.stderr[-3000:]
