"""What went wrong, in the learner's words, when their code raised instead of returning.

Two things a beginner needs from a crash and a raw traceback does not give them:

- *the call*: which of their functions the check called, with which inputs
  (``naive_relu(x=an array of shape (2, 3), float32)``), found in the traceback;
- *the reason*, when a well-known mistake explains a library's error: a Keras
  "expected shape=(None, 64, 64, 3), found shape=(64, 64, 3)" is a missing batch
  axis; a matrix product whose inner sizes differ is often a transposed weight.

Example:
    >>> import numpy as np
    >>> try:
    ...     np.zeros((2, 3)) @ np.zeros((2, 3))
    ... except ValueError as exc:
    ...     print(explain_exception(exc))
    a matrix product of shapes (2, 3) and (2, 3): the first one's last size (3) must equal the second one's first size (2); is a weight matrix transposed, or are the two in the wrong order?
"""

from __future__ import annotations

import inspect
import re
import traceback
from pathlib import Path

_SHAPE = r"\(([^()]*)\)"


def _shape(text: str) -> tuple:
    """``"None, 64, 3"`` or ``"2,3"`` as a tuple (``None`` stays ``None``)."""
    parts = [p.strip() for p in text.replace("[", "").replace("]", "").split(",") if p.strip()]
    return tuple(None if p == "None" else int(p) if p.lstrip("-").isdigit() else p for p in parts)


def _fmt_shape(shape: tuple) -> str:
    return "(" + ", ".join(str(s) for s in shape) + ("," if len(shape) == 1 else "") + ")"


def _batch_axis(one: tuple) -> str:
    return (f"the model expects a batch of samples: one sample of shape {_fmt_shape(one)} needs a batch axis "
            f"in front, shape {_fmt_shape((1, *one))} (x[np.newaxis] or np.expand_dims(x, 0))")


def _keras_input(text: str) -> str | None:
    found = (re.search(r"expected shape=" + _SHAPE + r", found shape=" + _SHAPE, text)
             or re.search(r"Expected shape " + _SHAPE + r", but input has incompatible shape " + _SHAPE, text))
    if found:
        expected, got = _shape(found.group(1)), _shape(found.group(2))
        if len(got) == len(expected) - 1 and all(e in (None, g) for e, g in zip(expected[1:], got)):
            return _batch_axis(got)
        return (f"the input has shape {_fmt_shape(got)}, and the layer expects {_fmt_shape(expected)} "
                f"(None: any size, usually the batch)")
    found = re.search(r"expected (min_)?ndim=(\d+), found ndim=(\d+)(?:\. Full shape received: " + _SHAPE + ")?", text)
    if found:
        want, got = int(found.group(2)), int(found.group(3))
        shape = _shape(found.group(4)) if found.group(4) is not None else None
        if got == want - 1:
            return _batch_axis(shape) if shape else (f"the input has {got} axes and the layer expects {want}: "
                                                     f"is the batch axis missing (x[np.newaxis])?")
        return f"the input has {got} axes; the layer expects {'at least ' if found.group(1) else ''}{want}"
    return None


def _matmul(text: str) -> str | None:
    shapes = None
    found = re.search(r"Matrix size-incompatible: In\[0\]: \[([^\]]*)\], In\[1\]: \[([^\]]*)\]", text)
    if found:
        shapes = _shape(found.group(1)), _shape(found.group(2))
    found = found or re.search(r"shapes " + _SHAPE + " and " + _SHAPE + " not aligned", text)
    if found and shapes is None:
        shapes = _shape(found.group(1)), _shape(found.group(2))
    if shapes is None and re.search(r"matmul: Input operand 1 has a mismatch in its core dimension", text):
        sizes = re.search(r"size (\d+) is different from (\d+)", text)
        if sizes:
            return (f"a matrix product whose inner sizes differ ({sizes.group(2)} and {sizes.group(1)}): "
                    f"the first one's last size must equal the second one's first size; is a weight matrix "
                    f"transposed, or are the two in the wrong order?")
    if shapes is None:
        return None
    a, b = shapes
    return (f"a matrix product of shapes {_fmt_shape(a)} and {_fmt_shape(b)}: the first one's last size ({a[-1]}) "
            f"must equal the second one's first size ({b[0] if len(b) < 2 else b[-2]}); is a weight matrix "
            f"transposed, or are the two in the wrong order?")


def _broadcast(text: str) -> str | None:
    found = (re.search(r"could not be broadcast together with shapes " + _SHAPE + " " + _SHAPE, text)
             or re.search(r"Incompatible shapes: \[([^\]]*)\] vs\. \[([^\]]*)\]", text))
    if not found:
        return None
    a, b = _shape(found.group(1)), _shape(found.group(2))
    return (f"shapes {_fmt_shape(a)} and {_fmt_shape(b)} cannot be combined element by element: broadcasting "
            f"lines up the last axes, which must be equal or 1 (add an axis with [:, None] or transpose one?)")


def _loss_labels(text: str) -> str | None:
    found = re.search(r"target\.shape=" + _SHAPE + r", output\.shape=" + _SHAPE, text)
    if found and "must have rank (ndim) `target.ndim - 1`" in text:
        return ("one-hot labels with 'sparse_categorical_crossentropy', which expects one integer per sample; "
                "one-hot labels need 'categorical_crossentropy'")
    if found:
        target, output = _shape(found.group(1)), _shape(found.group(2))
        if len(target) < len(output) or (target and target[-1] == 1 and output[-1] not in (1, None)):
            return (f"labels of shape {_fmt_shape(target)} against predictions of shape {_fmt_shape(output)}: "
                    f"'categorical_crossentropy' needs one-hot labels; integer labels need "
                    f"'sparse_categorical_crossentropy'")
        return f"labels of shape {_fmt_shape(target)} do not fit predictions of shape {_fmt_shape(output)}"
    if re.search(r"logits and labels must have the same first dimension", text) or \
            re.search(r"Received a label value of \d+ which is outside the valid range", text):
        return ("the labels do not fit the loss: 'sparse_categorical_crossentropy' needs one integer per sample "
                "(0 to num_classes - 1); one-hot labels need 'categorical_crossentropy'")
    return None


_EXPLAINERS = (_keras_input, _loss_labels, _matmul, _broadcast)


def summary(exc: BaseException) -> str:
    """The line of an error message that says what happened (Keras puts "Exception encountered when calling
    ..." first, and colours the rest)."""
    from grader.results import plain_text

    lines = [line.strip() for line in plain_text(str(exc)).splitlines()]
    useful = [line for line in lines if line and not line.startswith("Exception encountered when calling")]
    text = useful[0] if useful else ""
    return text if len(text) <= 200 else text[:197] + "..."


def crash_message(returncode: int, during: str = "") -> str:
    """What a learner reads when the Python process running their code died with ``returncode``.

    ``during`` says when (" during the check `test_x`"); a negative code is the signal that killed it.
    """
    if returncode < 0:
        import signal

        try:
            name = signal.Signals(-returncode).name
        except ValueError:
            name = f"signal {-returncode}"
        return (f"Python crashed{during} ({name}): something in your code, or a call it made, "
                f"killed the interpreter (os.abort()? a native crash?)")
    return (f"your code stopped the Python process{during} (exit code {returncode}): "
            f"os._exit() or something like it ends the grader too; return a result instead")


def explain_exception(exc: BaseException) -> str | None:
    """A sentence naming the likely mistake behind a library's error, or None when none is known."""
    text = " ".join(str(exc).split())
    for explainer in _EXPLAINERS:
        try:
            explanation = explainer(text)
        except (ValueError, IndexError):   # a message of a shape we did not foresee
            explanation = None
        if explanation:
            return explanation
    return None


def describe_value(value) -> str:
    """A short description of an argument: small values as they are, arrays by shape and dtype."""
    shape, dtype = getattr(value, "shape", None), getattr(value, "dtype", None)
    if shape is not None and dtype is not None and not isinstance(value, type):
        try:
            dims = tuple(int(s) if s is not None else None for s in shape)
        except Exception:  # noqa: BLE001 - a symbolic dimension (JAX while tracing) has no size yet
            dims = tuple(str(s) for s in shape)
        dtype = getattr(dtype, "name", dtype)
        kind = "an array" if type(value).__module__.startswith("numpy") else "a tensor"
        if len(dims) <= 1 and all(d is not None for d in dims) and (not dims or dims[0] <= 6):
            try:
                import numpy as np
                return f"{kind} {np.asarray(value).tolist()!r} ({dtype})"
            except Exception:  # noqa: BLE001 - a value we cannot convert is described by its shape
                pass
        return f"{kind} of shape {_fmt_shape(tuple(dims))}, {dtype}"
    if value is None or isinstance(value, (bool, int, float, complex)):
        return repr(value)
    if isinstance(value, str):
        return repr(value) if len(value) <= 40 else repr(value[:37]) + "..."
    if isinstance(value, (list, tuple)):
        text = repr(value)
        if len(text) <= 40:
            return text
        return f"a {type(value).__name__} of {len(value)} items"
    if isinstance(value, dict):
        keys = list(value)[:4]
        return f"a dict with keys {keys}{'...' if len(value) > 4 else ''}"
    if inspect.isfunction(value) or inspect.isbuiltin(value):
        return f"the function {getattr(value, '__name__', '?')}"
    return f"a {type(value).__name__}"


def _described(value) -> str:
    """:func:`describe_value`, for any object the learner's code may hold (it must never raise)."""
    try:
        return describe_value(value)
    except Exception:  # noqa: BLE001 - an object whose shape or repr raises
        return f"a {type(value).__name__}"


def learner_call(tb, learner_dir: Path) -> str:
    """``"naive_dot(x=..., y=...)"``: the first call the check made into the learner's files, with its inputs.

    Empty when the traceback never enters them (the crash was in the check's own code).
    """
    learner_dir = Path(learner_dir).resolve()
    for frame, _ in traceback.walk_tb(tb):
        try:
            inside = Path(frame.f_code.co_filename).resolve().is_relative_to(learner_dir)
        except (OSError, ValueError):
            continue
        if not inside:
            continue
        code = frame.f_code
        if code.co_name == "<module>":
            return ""
        info = inspect.getargvalues(frame)
        names = list(info.args)
        owner = ""
        if names and names[0] in ("self", "cls"):
            owner = type(info.locals[names[0]]).__name__ if names[0] == "self" else \
                getattr(info.locals[names[0]], "__name__", "")
            names = names[1:]
        parts = [f"{n}={_described(info.locals.get(n))}" for n in names]
        if info.varargs and info.locals.get(info.varargs):
            parts += [_described(v) for v in info.locals[info.varargs]]
        if info.keywords and info.locals.get(info.keywords):
            parts += [f"{k}={_described(v)}" for k, v in info.locals[info.keywords].items()]
        name = code.co_name
        if owner and name == "__init__":
            name = owner
        elif owner and name == "__call__":
            name = f"{owner} instance"
        elif owner:
            name = f"{owner}.{name}"
        call = f"{name}({', '.join(parts)})"
        return call if len(call) <= 240 else call[:237] + "...)"
    return ""
