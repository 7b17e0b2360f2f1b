"""Keras objects that cross between the grader and the learner process as values.

A model the learner's code returns cannot cross as a reference (the checks ask
``isinstance(model, keras.Model)``, train it, read its layers' configs), and it
must not cross as a pickle (that would run the learner process's code here).
So a Keras model or layer crosses as its *state*: the JSON config Keras saves
it with, its weights, each layer's ``trainable`` flag and its compile config.
The other side rebuilds it with ``keras.saving.deserialize_keras_object``
(``safe_mode=True``: no Python code in a config is ever run) from Keras's own
classes, so the object the checks hold here behaves as Keras does, whatever the
learner's process does.

Each object crossing gets a key, and both sides keep the object they hold for
it: a model that goes back and forth stays the same object on each side (``fit
was called on the model you returned``), and what a call changed (weights
trained, layers frozen, a new compile) is applied to the object in place.
The History that ``fit`` returns and Keras's callbacks cross as values too.

Only objects made of Keras's own classes cross this way; a model with a layer
class of the learner's own (or a function of theirs as an activation or a loss)
stays a reference (:mod:`grader.remote`).

Example (a round trip within one process):
    >>> import keras
    >>> model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
    >>> copy = rebuild(state_of(model))
    >>> [layer.name for layer in copy.layers] == [layer.name for layer in model.layers]
    True
"""

from __future__ import annotations

import hashlib
import json
import sys

import numpy as np


class MirrorMismatch(TypeError):
    """A change that cannot be applied in place (the learner's code replaced the layers of a model it was given)."""


def _is_keras_class(obj) -> bool:
    module = type(obj).__module__ or ""
    return module == "keras" or module.startswith("keras.")


def _json(value) -> str:
    return json.dumps(value, sort_keys=True, default=_json_default)


def _json_default(value):
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, (tuple, set)):
        return list(value)
    raise TypeError(f"not JSON: {type(value).__name__}")


def is_mirrorable(obj) -> bool:
    """A Keras model or layer built only from Keras's own classes (and none of the learner's functions)."""
    import keras

    if not isinstance(obj, keras.layers.Layer):
        return False
    try:
        if not all(_is_keras_class(layer) for layer in obj._flatten_layers()):
            return False
        saved = [json.loads(_json(keras.saving.serialize_keras_object(obj)))]
        if getattr(obj, "compiled", False):
            saved.append(json.loads(_json(obj.get_compile_config())))
    except Exception:  # noqa: BLE001 - an object Keras cannot save stays a reference
        return False
    return not _foreign_code(saved)


def _foreign_code(value) -> list[str]:
    """What a saved config names outside Keras: every object in it (a dict with a ``class_name``) must say
    it comes from a ``keras`` module; a lambda (``__lambda__``) or a function of the learner's does not."""
    found = []
    if isinstance(value, dict):
        if set(value) == {"value"} and isinstance(value["value"], list):
            found.append("a lambda")   # how Keras saves a lambda's bytecode (an activation=lambda x: ...)
        if "class_name" in value:
            module, name = str(value.get("module") or ""), str(value["class_name"])
            if name.startswith("__") and name.endswith("__") and name != "__lambda__":
                pass   # Keras's own markers for plain values: __tuple__, __keras_tensor__, __numpy__...
            elif name == "__lambda__" or not (module == "keras" or module.startswith("keras.")):
                found.append(module or name)
        for item in value.values():
            found += _foreign_code(item)
    elif isinstance(value, list):
        for item in value:
            found += _foreign_code(item)
    return found


def why_not_rebuilt(obj) -> str:
    """A Keras model that cannot cross by value, described for a learner (it reads as "got ...")."""
    own = sorted({type(layer).__name__ for layer in obj._flatten_layers() if not _is_keras_class(layer)})
    if own:
        return (f"{type(obj).__name__} that uses {', '.join(own)}, a class of your own (the grader rebuilds models "
                f"from Keras's own classes only: use keras.layers and keras.Sequential or keras.Model(inputs, "
                f"outputs))")
    return (f"{type(obj).__name__} that uses a function of your own (a lambda or your own activation, loss or "
            f"metric; the grader rebuilds models from Keras's own functions only: give their names as strings, "
            f"such as activation='relu')")


def state_of(obj) -> dict:
    """Everything the other side needs to rebuild ``obj`` or bring its own copy up to date (plain data)."""
    import keras

    compiled = bool(getattr(obj, "compiled", False)) and getattr(obj, "optimizer", None) is not None
    optimizer = getattr(obj, "optimizer", None) if compiled else None
    iterations = 0   # an optimizer not built yet has taken no step either
    if optimizer is not None and getattr(optimizer, "built", False):
        iterations = int(keras.ops.convert_to_numpy(optimizer.iterations))
    return {
        "config": _json(keras.saving.serialize_keras_object(obj)),
        "weights": [np.asarray(w) for w in obj.get_weights()],
        "trainable": [bool(layer.trainable) for layer in obj._flatten_layers()],
        "compile": _json(obj.get_compile_config()) if compiled else None,
        "iterations": iterations,
    }


def digest(state: dict) -> str:
    """A fingerprint of a state: equal digests, nothing to send."""
    h = hashlib.blake2b(digest_size=20)
    for part in (state["config"], str(state["trainable"]), str(state["compile"]), str(state["iterations"])):
        h.update(part.encode())
    for w in state["weights"]:
        w = np.ascontiguousarray(w)
        h.update(f"{w.dtype.str}{w.shape}".encode())
        h.update(w.data)
    return h.hexdigest()


def rebuild(state: dict):
    """A new Keras object from a state (Keras's own classes only; no code in the config runs)."""
    import keras

    config = json.loads(state["config"])
    foreign = sorted(set(_foreign_code([config, json.loads(state["compile"] or "null")])))
    if foreign:
        raise TypeError(f"a Keras object that names code outside Keras ({', '.join(foreign)})")
    obj = keras.saving.deserialize_keras_object(config, safe_mode=True)
    apply_state(obj, state)
    return obj


def apply_state(obj, state: dict) -> None:
    """Bring ``obj`` (same layers as the state's) up to date: trainable flags, weights, compile settings."""
    layers = list(obj._flatten_layers())
    if len(layers) != len(state["trainable"]):
        raise MirrorMismatch("the model now has other layers than it had")
    for layer, flag in zip(layers, state["trainable"]):
        if layer.trainable != flag:
            layer.trainable = flag
    variables = obj.weights   # get_weights()'s order, without copying every weight out first (VGG16: 553 MB)
    if len(variables) != len(state["weights"]) or any(tuple(v.shape) != w.shape
                                                       for v, w in zip(variables, state["weights"])):
        raise MirrorMismatch("the model's weights now have other shapes than they had")
    for variable, value in zip(variables, state["weights"]):
        variable.assign(value)
    compile_config = state["compile"]
    if compile_config is not None:
        current = _json(obj.get_compile_config()) if getattr(obj, "compiled", False) else None
        if current != compile_config:
            obj.compile_from_config(json.loads(compile_config))
        if state.get("iterations") and getattr(obj.optimizer, "built", False):
            obj.optimizer.iterations.assign(state["iterations"])


# ----------------------------------------------------------------------------- variables

def is_variable(obj) -> bool:
    """A TensorFlow or Keras variable (those of a model the checks hold cross with it, grader.mirror)."""
    module = type(obj).__module__ or ""
    tf, keras = sys.modules.get("tensorflow"), sys.modules.get("keras")
    return ((tf is not None and module.startswith("tensorflow") and isinstance(obj, tf.Variable))
            or (keras is not None and module.startswith("keras") and isinstance(obj, keras.Variable)))


def variable_kind(obj) -> str:
    return "keras" if (type(obj).__module__ or "").startswith("keras") else "tensorflow"


def new_variable(kind: str, value, trainable: bool, dtype: str):
    """A variable of the kind that crossed: ``keras.Variable`` or ``tf.Variable``."""
    if kind == "keras":
        import keras

        return keras.Variable(value, trainable=trainable, dtype=dtype)
    import tensorflow as tf

    return tf.Variable(value, trainable=trainable, dtype=dtype)


def dtype_name(var) -> str:
    dtype = var.dtype
    return dtype if isinstance(dtype, str) else dtype.name


def changed_variables(variables, synced: dict) -> dict:
    """``{key: value}`` of the ``variables`` (key -> variable) whose value differs from ``synced[key]``, the
    value both sides last agreed on; ``synced`` is brought up to date."""
    changed = {}
    for key, var in list(variables.items()):
        value = np.array(var)
        last = synced.get(key)
        if last is None or last.shape != value.shape or not np.array_equal(last, value, equal_nan=True):
            changed[key] = synced[key] = value
    return changed


# ----------------------------------------------------------------------------- History and callbacks

def is_history(obj) -> bool:
    import keras

    return type(obj) is keras.callbacks.History


def history_state(obj) -> dict:
    return {"history": dict(getattr(obj, "history", {}) or {}), "params": dict(getattr(obj, "params", {}) or {}),
            "epoch": list(getattr(obj, "epoch", []) or [])}


def apply_history(obj, state: dict) -> None:
    obj.history = {str(k): list(v) for k, v in state["history"].items()}
    obj.params = state["params"]
    obj.epoch = list(state["epoch"])


def is_callback(obj) -> bool:
    """One of Keras's own callbacks (EarlyStopping, ModelCheckpoint...), not History."""
    import keras

    return (isinstance(obj, keras.callbacks.Callback) and _is_keras_class(obj) and not is_history(obj)
            and getattr(keras.callbacks, type(obj).__name__, None) is type(obj))


def callback_state(obj, plain) -> dict:
    """The callback's class name and those of its attributes that are plain data (``plain(value)`` says)."""
    return {"class": type(obj).__name__,
            "attributes": {k: v for k, v in vars(obj).items() if not k.startswith("_") and k != "model" and plain(v)}}


def rebuild_callback(state: dict):
    import keras

    cls = getattr(keras.callbacks, str(state["class"]), None)
    if not (isinstance(cls, type) and issubclass(cls, keras.callbacks.Callback)):
        raise TypeError(f"not one of Keras's callbacks: {state['class']!r}")
    try:
        obj = cls()
    except TypeError:   # a callback whose arguments have no defaults
        obj = cls.__new__(cls)
    for key, value in state["attributes"].items():
        setattr(obj, str(key), value)
    return obj


# ----------------------------------------------------------------------------- estimators of trusted libraries

# Objects of these libraries (a fitted scaler) cross as their class and attributes: the class is the
# library's own, imported here; the attributes are plain data, so no behaviour of the learner's comes along.
LIBRARY_MODULES = ("kerascourse.", "sklearn.")


def is_library_value(obj) -> bool:
    """An instance of a class of kerascourse or scikit-learn whose attributes are all in its ``__dict__``."""
    cls = type(obj)
    return (isinstance(getattr(obj, "__dict__", None), dict) and not isinstance(obj, type) and not callable(obj)
            and "<locals>" not in cls.__qualname__ and not hasattr(cls, "__slots__"))


def library_state(obj) -> dict:
    cls = type(obj)
    return {"module": cls.__module__, "class": cls.__qualname__, "attributes": dict(vars(obj))}


def rebuild_library_value(state: dict):
    import importlib

    module = str(state["module"])
    if not module.startswith(LIBRARY_MODULES):
        raise TypeError(f"not a class of kerascourse or scikit-learn: {module}")
    cls = importlib.import_module(module)
    for part in str(state["class"]).split("."):
        cls = getattr(cls, part)
    if not isinstance(cls, type):
        raise TypeError(f"{state['class']} is not a class")
    obj = cls.__new__(cls)
    obj.__dict__.update({str(k): v for k, v in state["attributes"].items()})
    return obj
