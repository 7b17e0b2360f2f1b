"""Assertions whose messages a beginner can act on.

Each helper raises :class:`CheckFailed` (an ``AssertionError``) with a message in
plain words: what was called, what was expected, what came back. The grader shows
that message and nothing else.

Example:
    >>> import numpy as np
    >>> check_array(np.zeros((10, 32)), name="one_hot(y)", shape=(32, 10))
    Traceback (most recent call last):
    ...
    grader.checks.CheckFailed: one_hot(y): expected shape (32, 10), got (10, 32)
"""

from __future__ import annotations

import numpy as np


class CheckFailed(AssertionError):
    """A check did not hold; the message is what the learner reads."""


def check(condition, message: str) -> None:
    """Fail with ``message`` unless ``condition`` holds."""
    if not condition:
        raise CheckFailed(message)


def _describe(value) -> str:
    name = type(value).__name__
    module = type(value).__module__ or ""
    if module.startswith(("jax", "jaxlib")):
        return f"a JAX array ({name})"
    if module.startswith("torch"):
        return f"a PyTorch {name}"
    if module.startswith(("tensorflow", "keras")) or "Tensor" in name or "Variable" in name:
        return f"a TensorFlow {name}"
    return f"a {module + '.' if module not in ('builtins', '') else ''}{name}"


def _fmt(value) -> str:
    with np.printoptions(precision=4, suppress=True, threshold=20, edgeitems=3):
        text = np.array2string(np.asarray(value), separator=", ")
    return text if len(text) <= 200 else text[:197] + "..."


def _is_tensor(value) -> bool:
    """A tensor of any Keras backend (TensorFlow, JAX, PyTorch): array-like, but not a NumPy array."""
    return (not isinstance(value, (np.ndarray, np.generic)) and hasattr(value, "shape")
            and hasattr(value, "dtype") and (hasattr(value, "__array__") or hasattr(value, "numpy")))


def _tensor_to_numpy(value) -> np.ndarray:
    """A backend tensor as a NumPy array (a torch tensor may need its gradient tape dropped first)."""
    if hasattr(value, "detach"):
        value = value.detach().cpu()
    return np.asarray(value)


def check_array(actual, expected=None, *, name: str, shape=None, dtype_kind: str | None = None,
                rtol: float = 1e-5, atol: float = 1e-6, allow_tensor: bool = False,
                mistakes: dict | None = None) -> np.ndarray:
    """Check that ``actual`` is a NumPy array of the right shape, kind and values.

    Args:
        actual: what the learner's code returned.
        expected: the reference values (anything ``np.asarray`` accepts), or None
            to check only type, shape and finiteness.
        name: how to refer to the call in messages, e.g. ``"one_hot([0, 2], 3)"``.
        shape: the expected shape (defaults to ``expected``'s shape).
        dtype_kind: ``"f"`` for floating point, ``"i"`` for integers, ``"b"`` for booleans.
        allow_tensor: accept a tensor of any backend (converted to NumPy).
        mistakes: ``{description: wrong_values}``: if ``actual`` matches a known wrong
            answer, the message names that mistake.

    Returns:
        ``actual`` as a NumPy array, for further checks.
    """
    if actual is None:
        raise CheckFailed(f"{name}: got None; did you forget the `return` statement?")
    if _is_tensor(actual):
        if not allow_tensor:
            raise CheckFailed(f"{name}: expected a NumPy array, got {_describe(actual)} "
                              f"(convert it with keras.ops.convert_to_numpy(...), or np.asarray)")
        actual = _tensor_to_numpy(actual)
    if isinstance(actual, (list, tuple)):
        raise CheckFailed(f"{name}: expected a NumPy array, got a Python {type(actual).__name__} "
                          f"(wrap it in np.array(...))")
    if not isinstance(actual, np.ndarray):
        raise CheckFailed(f"{name}: expected a NumPy array, got {_describe(actual)}")
    if expected is not None:
        expected = np.asarray(expected)
        if shape is None:
            shape = expected.shape
    if shape is not None and tuple(actual.shape) != tuple(shape):
        hint = ""
        if actual.ndim == 2 and tuple(actual.shape[::-1]) == tuple(shape):
            hint = " (rows and columns are swapped: is something transposed?)"
        elif actual.size == int(np.prod(shape)):
            hint = " (the right number of values, arranged differently: check your reshape or axis)"
        raise CheckFailed(f"{name}: expected shape {tuple(shape)}, got {tuple(actual.shape)}{hint}")
    if dtype_kind is not None and actual.dtype.kind not in dtype_kind:
        kinds = {"f": "floating-point", "i": "integer", "u": "integer", "b": "boolean"}
        want = " or ".join(dict.fromkeys(kinds.get(k, k) for k in dtype_kind))
        raise CheckFailed(f"{name}: expected {want} values, got dtype {actual.dtype}")
    if actual.dtype.kind in "fc" and not np.all(np.isfinite(actual)):
        bad = "NaN" if np.any(np.isnan(actual)) else "infinite values"
        raise CheckFailed(f"{name} contains {bad}: look for a division by zero or an overflow (exp of a big number)")
    if expected is None:
        return actual
    if actual.dtype.kind in "OUS" or expected.dtype.kind in "OUS":
        equal = np.array_equal(actual, expected)
        close = np.zeros(actual.shape, bool) if not equal else np.ones(actual.shape, bool)
    else:
        close = np.isclose(actual.astype(float), expected.astype(float), rtol=rtol, atol=atol)
    if np.all(close):
        return actual
    for description, wrong in (mistakes or {}).items():
        wrong = np.asarray(wrong)
        if wrong.shape == actual.shape and np.allclose(actual.astype(float), wrong.astype(float), rtol=rtol, atol=atol):
            raise CheckFailed(f"{name}: {description}")
    index = tuple(int(i) for i in np.argwhere(~close)[0]) if actual.ndim else ()
    where = f" at index {index}" if index else ""
    detail = f"expected {_fmt(expected[index])}, got {_fmt(actual[index])}" if index or actual.ndim == 0 \
        else f"expected {_fmt(expected)}, got {_fmt(actual)}"
    raise CheckFailed(f"{name}: wrong values{where}: {detail}")


def check_close(actual, expected, *, name: str, rtol: float = 1e-5, atol: float = 1e-6) -> float:
    """Check a single number (a Python or NumPy scalar, or a 0-d tensor)."""
    if actual is None:
        raise CheckFailed(f"{name}: got None; did you forget the `return` statement?")
    if hasattr(actual, "numpy"):
        actual = actual.numpy()
    try:
        value = float(np.asarray(actual).reshape(()))
    except (TypeError, ValueError):
        raise CheckFailed(f"{name}: expected a single number, got {_describe(actual)} "
                          f"with value {_fmt(actual)}") from None
    if np.isnan(value):
        raise CheckFailed(f"{name} is NaN: look for a division by zero or a log of zero")
    if not np.isclose(value, expected, rtol=rtol, atol=atol):
        raise CheckFailed(f"{name}: expected {expected:.6g}, got {value:.6g}")
    return value


def check_raises(exc_type, func, *args, name: str, why: str = "", **kwargs) -> BaseException:
    """Check that calling ``func(*args, **kwargs)`` raises ``exc_type``."""
    try:
        func(*args, **kwargs)
    except exc_type as exc:
        return exc
    except NotImplementedError:
        raise
    except Exception as exc:
        raise CheckFailed(f"{name} raised {type(exc).__name__} ({exc}); expected a {exc_type.__name__}"
                          + (f": {why}" if why else "")) from None
    raise CheckFailed(f"{name} should raise {exc_type.__name__}" + (f" ({why})" if why else "")
                      + ", but it returned normally")


def check_defaults(func, *, name: str, **expected) -> None:
    """Check the default values of ``func``'s parameters, e.g. ``learning_rate=1e-3``.

    The stub states the defaults; a changed default silently changes every call
    that relies on it.
    """
    import inspect

    try:
        parameters = inspect.signature(func).parameters
    except (TypeError, ValueError):
        raise CheckFailed(f"{name} is not a function the grader can inspect") from None
    for parameter, want in expected.items():
        if parameter not in parameters:
            raise CheckFailed(f"{name} has no parameter `{parameter}`: keep the signature of the stub")
        got = parameters[parameter].default
        if got is inspect.Parameter.empty:
            raise CheckFailed(f"{name}'s parameter `{parameter}` lost its default; the stub has {parameter}={want!r}")
        if got != want:
            raise CheckFailed(f"{name}'s default {parameter}={got!r}; the stub's default is {parameter}={want!r}")


def check_model_layers(model, expected: list[tuple], *, name: str = "your model") -> None:
    """Compare a Keras model's layers with ``[(LayerClass, output_shape_without_batch), ...]``.

    The message names the first layer that differs, counting from 1.
    """
    layers = [layer for layer in model.layers if type(layer).__name__ != "InputLayer"]
    for i, (want_cls, want_shape) in enumerate(expected):
        if i >= len(layers):
            missing = ", ".join(cls.__name__ for cls, _ in expected[i:])
            raise CheckFailed(f"{name} has {len(layers)} layers; expected {len(expected)}: "
                              f"missing at the end: {missing}")
        layer = layers[i]
        if not isinstance(layer, want_cls):
            raise CheckFailed(f"{name}, layer {i + 1} ({layer.name}): expected a {want_cls.__name__}, "
                              f"got a {type(layer).__name__}")
        if want_shape is not None:
            got = tuple(layer.output.shape[1:])
            if got != tuple(want_shape):
                raise CheckFailed(f"{name}, layer {i + 1} ({layer.name}, {type(layer).__name__}): "
                                  f"expected output shape {tuple(want_shape)}, got {got}")
    if len(layers) > len(expected):
        extra = ", ".join(type(layer).__name__ for layer in layers[len(expected):])
        raise CheckFailed(f"{name} has {len(layers)} layers; expected {len(expected)}: extra at the end: {extra}")


# --- Types, dtypes and compile settings are part of the contract ----------------------------------

def check_dtype(actual, expected, *, name: str) -> None:
    """Check an array's (or tensor's) exact dtype: ``float32`` is not ``float64``, booleans are not floats.

    ``expected`` is anything ``np.dtype`` accepts (``"float32"``, ``np.uint8``).
    """
    want = np.dtype(expected)
    got = getattr(actual, "dtype", None)
    if got is None:
        raise CheckFailed(f"{name}: expected an array of {want}, got {_describe(actual)}")
    try:
        got = np.dtype(getattr(got, "as_numpy_dtype", got))
    except TypeError:
        got_text = str(got)
    else:
        if got == want:
            return
        got_text = str(got)
    hint = ""
    if want.kind == "f" and got_text in ("bool",):
        hint = " (a comparison gives booleans: convert with .astype(...))"
    elif want == np.float32 and got_text == "float64":
        hint = " (NumPy computes in float64 by default: convert with .astype('float32'))"
    raise CheckFailed(f"{name}: expected dtype {want}, got {got_text}{hint}")


_TYPE_WORDS = {bool: "a bool (True/False)", int: "an int", float: "a float", str: "a string",
               list: "a list", tuple: "a tuple", dict: "a dict"}


def check_type(actual, expected, *, name: str) -> None:
    """Check a plain Python value's exact type: ``True`` is not the int ``1``, ``np.float64`` is not ``float``
    unless ``expected`` includes it. ``expected`` is a type or a tuple of types.
    """
    types = expected if isinstance(expected, tuple) else (expected,)
    if type(actual) in types:
        return
    want = " or ".join(_TYPE_WORDS.get(t, f"a {t.__name__}") for t in types)
    got = _TYPE_WORDS.get(type(actual)) or _describe(actual)
    shown = repr(actual)
    shown = shown if len(shown) <= 60 else shown[:57] + "..."
    raise CheckFailed(f"{name}: expected {want}, got {got} ({shown})")


def loss_name(model) -> str:
    """The name of the loss a Keras model was compiled with, in snake case (``"categorical_crossentropy"``)."""
    import re

    config = model.get_compile_config() if getattr(model, "compiled", False) else None
    loss = (config or {}).get("loss")
    if isinstance(loss, dict):
        if isinstance(loss.get("config"), str):   # a function such as keras.losses.categorical_crossentropy
            return loss["config"]
        name = loss.get("config", {}).get("name") if isinstance(loss.get("config"), dict) else None
        return name or re.sub(r"(?<!^)(?=[A-Z])", "_", loss.get("class_name", "")).lower()
    if isinstance(loss, str):
        return loss
    return getattr(loss, "__name__", type(loss).__name__) if loss is not None else ""


def check_compiled(model, *, name: str, loss: str | None = None, optimizer: str | None = None,
                   learning_rate: float | None = None, metrics: list[str] | None = None) -> None:
    """Check what a model was compiled with: the exact loss (no substring match), the optimizer's class
    (``"adam"``, ``"sgd"``, ``"rmsprop"``), its learning rate, and that each metric is there.
    """
    if not getattr(model, "compiled", False) or getattr(model, "optimizer", None) is None:
        raise CheckFailed(f"{name}: the model is not compiled; call model.compile(...) before returning it")
    if loss is not None:
        got = loss_name(model)
        if got != loss:
            raise CheckFailed(f"{name}: compiled with the loss {got!r}; expected {loss!r}")
    if optimizer is not None:
        got = type(model.optimizer).__name__.lower()
        if got != optimizer.lower():
            raise CheckFailed(f"{name}: compiled with the optimizer {type(model.optimizer).__name__}; "
                              f"expected {optimizer!r}")
    if learning_rate is not None:
        import keras

        got = float(keras.ops.convert_to_numpy(model.optimizer.learning_rate))
        if not np.isclose(got, learning_rate, rtol=1e-5):
            raise CheckFailed(f"{name}: the optimizer's learning rate is {got:g}; expected {learning_rate:g}")
    for metric in metrics or []:
        compiled = (model.get_compile_config() or {}).get("metrics") or []
        flat = [m if isinstance(m, str) else (m.get("config", {}) or {}).get("name", "") if isinstance(m, dict)
                else getattr(m, "name", "") for m in (compiled if isinstance(compiled, list) else [compiled])]
        if metric not in flat:
            raise CheckFailed(f"{name}: compiled without the metric {metric!r} (metrics: {flat})")


def check_layer_settings(layer, *, name: str, activation: str | None = None,
                         kernel_initializer: str | None = None, use_bias: bool | None = None) -> None:
    """Check a Keras layer's activation (by name), kernel initialiser (by class, snake case) and bias."""
    import re

    config = layer.get_config()
    if activation is not None:
        got = config.get("activation")
        got = got if isinstance(got, str) else getattr(got, "__name__", str(got))
        if got != activation:
            raise CheckFailed(f"{name} ({layer.name}) uses the activation {got!r}; expected {activation!r}")
    if kernel_initializer is not None:
        init = config.get("kernel_initializer")
        got = init.get("class_name", "") if isinstance(init, dict) else str(init)
        got = re.sub(r"(?<!^)(?=[A-Z])", "_", got).lower()
        if got != kernel_initializer:
            raise CheckFailed(f"{name} ({layer.name}) initialises its kernel with {got!r}; "
                              f"expected {kernel_initializer!r}")
    if use_bias is not None and bool(config.get("use_bias", True)) != use_bias:
        raise CheckFailed(f"{name} ({layer.name}) {'has no' if use_bias else 'has a'} bias; "
                          f"expected {'one' if use_bias else 'none'}")


def check_float(actual, *, name: str) -> float:
    """Check a single number returned as a float (Python's or a NumPy float scalar): not a tensor, an array,
    a bool or None. Returns it as a Python float.
    """
    if actual is None:
        raise CheckFailed(f"{name}: got None; did you forget the `return` statement?")
    if isinstance(actual, (float, np.floating)):
        return float(actual)
    if _is_tensor(actual) or isinstance(actual, np.ndarray):
        value = _tensor_to_numpy(actual)
        shown = f"{float(value):g}" if value.size == 1 else _fmt(value)
        raise CheckFailed(f"{name}: expected a float, got {_describe(actual)} with value {shown}: "
                          f"convert it with float(...)")
    shown = repr(actual)
    shown = shown if len(shown) <= 60 else shown[:57] + "..."
    raise CheckFailed(f"{name}: expected a float, got {_TYPE_WORDS.get(type(actual)) or _describe(actual)} ({shown})")


# --- Observing how a model is trained: the arguments of keras.Model.fit ------------------------------

def fit_arguments(args: tuple, kwargs: dict) -> dict:
    """The arguments of a call ``model.fit(*args, **kwargs)`` by name, Keras's defaults filled in.

    ``fit(x, y, 32, 5)`` and ``fit(x, y, batch_size=32, epochs=5)`` give the same dict, so a check can
    read ``epochs`` or ``validation_data`` however the learner wrote the call.
    """
    import inspect

    import keras

    # The backend's own fit (recording_fit may have put a recorder on keras.Model itself).
    trainer_fit = next(vars(klass)["fit"] for klass in keras.Model.__mro__[1:] if "fit" in vars(klass))
    bound = inspect.signature(trainer_fit).bind(None, *args, **kwargs)
    bound.apply_defaults()
    arguments = dict(bound.arguments)
    arguments.pop("self", None)
    return arguments


class recording_fit:  # noqa: N801 (used as a context manager, like unittest.mock.patch)
    """Record every ``keras.Model.fit`` call made inside a ``with`` block.

    ``with recording_fit() as calls: ...`` leaves in ``calls`` one dict per call: fit's arguments by name
    (see :func:`fit_arguments`), ``"model"`` (the model fit was called on) and ``"returned"`` (what fit
    returned). With ``train=False`` nothing is trained: fit returns a History with one made-up
    ``loss`` and ``val_loss`` value per epoch, which keeps protocol checks fast.
    """

    def __init__(self, *, train: bool = True):
        self.train = train
        self.calls: list[dict] = []

    def __enter__(self) -> list[dict]:
        import keras

        self._process = _learner_process()
        if self._process is not None:
            # The learner's code runs in a process of its own: fit is recorded there, the calls come back as data.
            self._process.request("record_fit", "start", self.train)
            self._process.fit_recorders.append(self)
            return self.calls
        self._saved = vars(keras.Model).get("fit")
        original = keras.Model.fit
        calls, train = self.calls, self.train

        def fit(model, *args, **kwargs):
            call = fit_arguments(args, kwargs)
            call["model"] = model
            calls.append(call)
            if train:
                call["returned"] = original(model, *args, **kwargs)
            else:
                epochs = int(call["epochs"])
                history = keras.callbacks.History()
                history.history = {"loss": [1.0 / (e + 1) for e in range(epochs)],
                                   "val_loss": [1.5 / (e + 1) for e in range(epochs)]}
                call["returned"] = history
            return call["returned"]

        keras.Model.fit = fit
        return calls

    def __exit__(self, *exc) -> None:
        import keras

        if self._process is not None:
            try:
                self._process.request("record_fit", "stop")
            except Exception:  # noqa: BLE001 - a stopped learner process records nothing more
                pass
            finally:
                self._process.fit_recorders.remove(self)
            return
        if self._saved is None:
            del keras.Model.fit
        else:
            keras.Model.fit = self._saved


def metric_names(model) -> list[str]:
    """The names of the metrics a Keras model was compiled with (``["accuracy"]``, ``["mae"]``)."""
    config = model.get_compile_config() if getattr(model, "compiled", False) else None
    metrics = (config or {}).get("metrics") or []
    metrics = metrics if isinstance(metrics, list) else [metrics]
    names = []
    for metric in metrics:
        if isinstance(metric, dict):
            inner = metric.get("config")
            metric = inner if isinstance(inner, str) else (inner or {}).get("name", metric.get("class_name", ""))
        names.append(metric if isinstance(metric, str) else getattr(metric, "name", type(metric).__name__))
    return names


# --- Known wrong answers of any shape, whole-number counts, calls to a model's method ----------------

def padded_size(n: int) -> int:
    """The power of two at or above ``n`` (at least 8): the few sizes a reference is computed at."""
    return max(8, 1 << (int(n) - 1).bit_length())


def keras_elementwise(function, x) -> np.ndarray:
    """``function`` (an element-wise Keras op, such as ``keras.activations.sigmoid``) of ``x``, as NumPy.

    Computed on a flat copy padded to a power-of-two length: on JAX every new shape
    is a new XLA compilation, and hypothesis draws many shapes, so a reference
    computed at ``x``'s own shape cost a cold grading seconds. Element-wise, the
    values are the same at any shape.

    Example:
        >>> keras_elementwise(keras.activations.relu, np.array([[-1.0, 2.0]]))   # doctest: +SKIP
        array([[0., 2.]])
    """
    import keras

    x = np.asarray(x)
    flat = np.zeros(padded_size(x.size), dtype=x.dtype)
    flat[:x.size] = x.ravel()
    out = keras.ops.convert_to_numpy(function(keras.ops.convert_to_tensor(flat)))
    return out[:x.size].reshape(x.shape)


def keras_softmax(x) -> np.ndarray:
    """``keras.activations.softmax(x, axis=-1)`` as NumPy, at a few padded shapes (see :func:`keras_elementwise`).

    Rows are padded with zeros and each row with -inf, whose share of a softmax is exactly 0.
    """
    import keras

    x = np.asarray(x)
    rows = x.reshape(-1, x.shape[-1])
    padded = np.zeros((padded_size(rows.shape[0]), padded_size(rows.shape[1])), dtype=x.dtype)
    padded[:, rows.shape[1]:] = -np.inf
    padded[:rows.shape[0], :rows.shape[1]] = rows
    out = keras.ops.convert_to_numpy(keras.activations.softmax(keras.ops.convert_to_tensor(padded), axis=-1))
    return out[:rows.shape[0], :rows.shape[1]].reshape(x.shape)


def check_known_mistakes(actual, mistakes: dict, *, name: str, rtol: float = 1e-5, atol: float = 1e-6) -> None:
    """Fail naming the mistake when ``actual`` matches a known wrong answer, whatever its shape.

    Run it before a shape check: a wrong answer often has its own shape (an output one position short,
    a stride ignored), and "expected shape (2, 2), got (3, 3)" does not say why.
    ``mistakes`` is ``{description: wrong_values}``, as for :func:`check_array`.
    """
    try:
        got = np.asarray(_tensor_to_numpy(actual) if _is_tensor(actual) else actual, dtype=float)
    except (TypeError, ValueError):
        return  # not numbers: the checks that follow say what came back
    for description, wrong in mistakes.items():
        wrong = np.asarray(wrong, dtype=float)
        if got.shape == wrong.shape and np.allclose(got, wrong, rtol=rtol, atol=atol):
            raise CheckFailed(f"{name}: {description}")


def check_whole_number(actual, *, name: str) -> int:
    """Check that a count is a plain Python ``int``: not a float such as ``4096.0``, a bool or a NumPy integer."""
    if actual is None:
        raise CheckFailed(f"{name}: got None; did you forget the `return` statement?")
    if type(actual) is int:
        return actual
    if isinstance(actual, (float, np.floating)):
        cause = ("`/` and math.pow give floats (and `/` does not round down): use // and *, "
                 "or convert with int(...)")
    elif isinstance(actual, np.integer):
        cause = "NumPy (np.prod, np.sum, np.floor) returns its own number types: convert with int(...)"
    elif isinstance(actual, bool):
        cause = "a comparison gives True/False, not a count"
    else:
        cause = "return the number itself"
    raise CheckFailed(f"{name}: expected a whole number (a Python int), got {_describe(actual)} ({actual!r}): {cause}")


class recording_calls:  # noqa: N801 (used as a context manager, like unittest.mock.patch)
    """Record the calls of one object's method (``model.predict``) made inside a ``with`` block.

    ``with recording_calls(model, "predict") as calls: ...`` leaves in ``calls`` one ``(args, kwargs)``
    pair per call; the real method still runs. ``inspect(args, kwargs)``, if given, runs first and may
    raise :class:`CheckFailed` to name a wrong argument before the method would fail on it.
    """

    def __init__(self, owner, method: str, inspect=None):
        self.owner, self.method, self.inspect = owner, method, inspect
        self.calls: list[tuple[tuple, dict]] = []

    def __enter__(self) -> list[tuple[tuple, dict]]:
        self._process = _learner_process()
        if self._process is not None:
            # The owner crosses to the learner process by value: the calls are recorded there (grader.mirror).
            self._process.call_recorders.setdefault(id(self.owner), []).append(self)
            return self.calls
        original, calls, inspect = getattr(self.owner, self.method), self.calls, self.inspect

        def method(*args, **kwargs):
            calls.append((args, kwargs))
            if inspect is not None:
                inspect(args, kwargs)
            return original(*args, **kwargs)

        setattr(self.owner, self.method, method)
        return calls

    def __exit__(self, *exc) -> None:
        if self._process is not None:
            recorders = self._process.call_recorders.get(id(self.owner), [])
            if self in recorders:
                recorders.remove(self)
            return
        delattr(self.owner, self.method)  # the class's own method shows through again


def run_there(function, *args, **kwargs):
    """``function(*args, **kwargs)``, run where the learner's code runs, and what it returns as data.

    For a check that must put the learner's own class into something Keras builds (a model with the
    learner's layer, saved and reloaded): ``function`` is written in the check and uses only modules
    as globals, so it can be rebuilt in the learner process from its code. Without a learner process
    it simply runs here.
    """
    process = _learner_process()
    if process is None:
        return function(*args, **kwargs)
    return process.request("apply", function, args, kwargs)["value"]


def set_random_seed(seed: int) -> None:
    """``keras.utils.set_random_seed`` here and, with a learner process, there too, where the learner's
    code trains: a check that seeds before training seeds the training."""
    import keras

    keras.utils.set_random_seed(seed)
    process = _learner_process()
    if process is not None:
        process.request("reset", seed)


def _learner_process():
    """The learner process of this grading (grader.remote), or None when the learner's code runs here."""
    import sys

    remote = sys.modules.get("grader.remote")
    return remote.active() if remote is not None else None


def check_hidden_activations(layers, *, name: str, activation: str = "relu") -> None:
    """Check that each of ``layers`` (the hidden layers of a model) uses ``activation``, counting from 1.

    A Dense layer written without ``activation=`` is linear; the message says what that costs.
    """
    for i, layer in enumerate(layers, start=1):
        got = layer.get_config().get("activation")
        got = got if isinstance(got, str) else getattr(got, "__name__", str(got))
        if got == activation:
            continue
        why = (f": a Dense layer without activation= is linear, and linear layers stacked are one linear map, "
               f"so the network learns no more than a single layer; add activation={activation!r}"
               if got == "linear" else f"; use activation={activation!r}")
        raise CheckFailed(f"{name}, hidden layer {i} ({layer.name}) uses the activation {got!r}{why}")
