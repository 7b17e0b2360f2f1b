"""What crosses between the grader and the process that runs the learner's code, and how.

Messages are length-prefixed frames on a pipe. The grader's requests are
pickled (the learner process trusts the grader). What comes back is *plain
data* and is decoded without ever running code from the learner process: JSON
for the structure, NumPy's ``.npy`` format (``allow_pickle=False``) for arrays.

Plain data is: None, bools, ints, floats, complex numbers, strings, bytes; lists,
tuples, sets and dicts of plain data; NumPy arrays of numbers, booleans or
strings, NumPy scalars and dtypes; tensors of any Keras backend (sent as their
values). A subclass of one of these arrives as the base type (an ``ndarray``
subclass with its own ``==`` arrives as a plain ``ndarray``), so its behaviour
stays behind. Anything else (an instance of the learner's class, a function)
stays in the learner process and arrives as a *reference* the grader can call
and read attributes of (see :mod:`grader.remote`).

Example:
    >>> import numpy as np
    >>> data = encode({"x": np.arange(3, dtype="float32"), "n": (1, 2.5)})
    >>> decode(data)["x"].dtype, decode(data)["n"]
    (dtype('float32'), (1, 2.5))
"""

from __future__ import annotations

import base64
import json
import math
import struct

import numpy as np

MAX_FRAME = 1 << 31   # 2 GB: a frame announcing more is not from this protocol


class NotPlainData(TypeError):
    """A value that cannot cross as data and may not cross as a reference."""


class ProtocolError(Exception):
    """The other side sent something that is not a frame of this protocol."""


# ----------------------------------------------------------------------------- frames

def send_frame(stream, payload) -> None:
    """Write one frame: ``payload`` is bytes, or a list of buffers (see :func:`encode_parts`) written in turn,
    so a large array goes from its own memory to the pipe without a copy."""
    parts = [payload] if isinstance(payload, (bytes, bytearray, memoryview)) else payload
    size = sum(memoryview(part).nbytes for part in parts)
    stream.write(struct.pack(">Q", size))
    for part in parts:
        stream.write(part)
    stream.flush()


def read_frame(stream) -> bytearray | None:
    """The next frame's bytes (writable: arrays decoded from it are views of it), or None at the end of the stream."""
    head = _read_exactly(stream, 8)
    if head is None:
        return None
    (size,) = struct.unpack(">Q", head)
    if size > MAX_FRAME:
        raise ProtocolError(f"a frame of {size} bytes")
    payload = _read_exactly(stream, size)
    if payload is None:
        raise ProtocolError("the stream ended inside a frame")
    return payload


def _read_exactly(stream, size: int) -> bytearray | None:
    buffer = bytearray(size)
    view, done = memoryview(buffer), 0
    while done < size:
        count = stream.readinto(view[done:])
        if not count:
            return None
        done += count
    return buffer


# ----------------------------------------------------------------------------- plain data

_ARRAY_KINDS = "biufcUS?"   # booleans, integers, floats, complex, strings (no objects, no records)


def _tensor_values(value):
    """A backend tensor's values as a NumPy array (None when ``value`` is not a tensor)."""
    module = type(value).__module__ or ""
    if not module.startswith(("tensorflow", "jax", "jaxlib", "torch", "keras")):
        return None
    if not (hasattr(value, "shape") and hasattr(value, "dtype")):
        return None
    if hasattr(value, "detach"):
        value = value.detach().cpu()
    try:
        return np.asarray(value)
    except Exception:  # noqa: BLE001 - a symbolic tensor has no values
        return None


def encode(value, reference=None, special=None) -> bytes:
    """``value`` as one bytes object (see :func:`encode_parts`)."""
    return b"".join(bytes(part) if isinstance(part, memoryview) else part
                    for part in encode_parts(value, reference, special))


def encode_parts(value, reference=None, special=None) -> list:
    """``value`` as bytes; ``reference(obj) -> int`` turns what is not plain data into a reference
    (without it, such a value raises :class:`NotPlainData`). ``special(obj)`` may first turn an object
    into ``(kind, plain data)``: it crosses as that data (a Keras model as its config and weights,
    see :mod:`grader.mirror`), and the other side's ``special(kind, data)`` rebuilds it."""
    blobs: list[np.ndarray] = []

    def array(a: np.ndarray) -> dict:
        a = np.asarray(a)
        if type(a) is not np.ndarray:          # a subclass: keep the values, drop the behaviour
            a = a.view(np.ndarray)
        if a.dtype.kind not in _ARRAY_KINDS or a.dtype.fields is not None:
            raise NotPlainData(f"an array of {a.dtype} (only numbers, booleans and strings are data)")
        blobs.append(np.ascontiguousarray(a))
        return {"~": "nd", "i": len(blobs) - 1, "dtype": a.dtype.str, "shape": list(a.shape)}

    def walk(v, depth=0):
        if depth > 100:
            raise NotPlainData("data nested more than 100 levels deep")
        t = type(v)
        if v is None or t is bool or t is str:
            return v
        if t is int:
            return v if abs(v) < 2 ** 53 else {"~": "int", "v": str(v)}
        if t is float:
            return v if math.isfinite(v) else {"~": "float", "v": repr(v)}
        if t is complex:
            return {"~": "complex", "v": [walk(v.real), walk(v.imag)]}
        if t is bytes:
            return {"~": "bytes", "v": base64.b64encode(v).decode()}
        if t is list:
            return [walk(x, depth + 1) for x in v]
        if t is tuple:
            return {"~": "tuple", "v": [walk(x, depth + 1) for x in v]}
        if t in (set, frozenset):
            return {"~": t.__name__, "v": [walk(x, depth + 1) for x in v]}
        if t is dict:
            return {"~": "dict", "v": [[walk(k, depth + 1), walk(x, depth + 1)] for k, x in v.items()]}
        if isinstance(v, np.ndarray):
            return array(v)
        if isinstance(v, np.generic) and np.dtype(type(v)).kind in _ARRAY_KINDS:
            return {"~": "np", "v": array(np.asarray(v))}
        if isinstance(v, np.dtype):
            return {"~": "dtype", "v": v.str if v.kind not in "US" else v.name}
        if special is not None and t.__module__.startswith(("tensorflow", "keras")):
            crossing = special(v)   # a tf.Variable crosses as one (grader.remote), not as its values
            if crossing is not None:
                kind, data = crossing
                return {"~": "special", "kind": kind, "v": walk(data, depth + 1)}
        values = _tensor_values(v)
        if values is not None:
            return {"~": "tensor", "v": array(values)}
        # Subclasses of the plain types: their values, through the base type's own methods.
        for base, convert in ((bool, bool.__bool__), (int, int.__index__), (float, float.__float__),
                              (str, str.__str__), (bytes, bytes.__bytes__)):
            if isinstance(v, base):
                return walk(convert(v), depth)
        if isinstance(v, list):
            return walk(list(list.__iter__(v)), depth)
        if isinstance(v, tuple):
            return walk(tuple(tuple.__iter__(v)), depth)
        if isinstance(v, dict):
            return walk(dict(dict.items(v)), depth)
        if special is not None:
            crossing = special(v)
            if crossing is not None:
                kind, data = crossing
                return {"~": "special", "kind": kind, "v": walk(data, depth + 1)}
        if reference is None:
            raise NotPlainData(f"a {t.__name__}")
        oid = reference(v)   # an id, or (id, a description of what the object is, for messages)
        oid, name = oid if isinstance(oid, tuple) else (oid, t.__name__)
        return {"~": "ref", "id": oid, "type": name, "callable": callable(v)}

    head = json.dumps(walk(value), allow_nan=False).encode()
    parts = [struct.pack(">I", len(blobs)), struct.pack(">Q", len(head)), head]
    for blob in blobs:
        data = memoryview(blob).cast("B") if blob.size else b""
        parts += [struct.pack(">Q", memoryview(data).nbytes), data]
    return parts


def decode(data: bytes, reference=None, special=None):
    """The value :func:`encode` wrote; ``reference(id, type, callable)`` builds what a reference becomes,
    ``special(kind, data)`` what a special value becomes.

    Nothing in ``data`` can run code here: arrays are read with ``allow_pickle=False``.
    """
    view = memoryview(data)
    try:
        (count,) = struct.unpack(">I", view[:4])
        (size,) = struct.unpack(">Q", view[4:12])
        head = json.loads(bytes(view[12:12 + size]))
        offset = 12 + size
        blobs = []
        for _ in range(count):
            (length,) = struct.unpack(">Q", view[offset:offset + 8])
            blobs.append(view[offset + 8:offset + 8 + length])
            offset += 8 + length
    except (struct.error, ValueError) as exc:
        raise ProtocolError(f"not plain data: {exc}") from None

    def walk(v):
        if isinstance(v, list):
            return [walk(x) for x in v]
        if not isinstance(v, dict):
            return v
        tag = v.get("~")
        if tag == "nd":
            return _array(blobs[v["i"]], v["dtype"], v["shape"])
        if tag == "np":
            return walk(v["v"])[()]
        if tag == "tensor":
            return _as_tensor(walk(v["v"]))
        if tag == "tuple":
            return tuple(walk(x) for x in v["v"])
        if tag in ("set", "frozenset"):
            return (set if tag == "set" else frozenset)(walk(x) for x in v["v"])
        if tag == "dict":
            return {walk(k): walk(x) for k, x in v["v"]}
        if tag == "int":
            return int(v["v"])
        if tag == "float":
            return float(v["v"])
        if tag == "complex":
            return complex(*v["v"])
        if tag == "bytes":
            return base64.b64decode(v["v"])
        if tag == "dtype":
            return np.dtype(v["v"])
        if tag == "ref":
            if reference is None:
                raise ProtocolError("a reference where only data may be")
            return reference(int(v["id"]), str(v["type"]), bool(v["callable"]))
        if tag == "special":
            if special is None:
                raise ProtocolError("a special value where only data may be")
            return special(str(v["kind"]), walk(v["v"]))
        raise ProtocolError(f"unknown tag {tag!r}")

    try:
        return walk(head)
    except (KeyError, IndexError, TypeError, ValueError) as exc:
        raise ProtocolError(f"not plain data: {exc}") from None


def _array(blob: memoryview, dtype: str, shape: list) -> np.ndarray:
    """An array over the frame's own memory (no copy); only numbers, booleans and strings."""
    dtype = np.dtype(str(dtype))
    if dtype.kind not in _ARRAY_KINDS or dtype.fields is not None or dtype.hasobject:
        raise ValueError(f"an array of {dtype}")
    shape = tuple(int(n) for n in shape)
    count = int(np.prod(shape, dtype=np.int64))
    if count * dtype.itemsize != blob.nbytes:
        raise ValueError("an array whose size does not match its shape")
    if count == 0:
        return np.zeros(shape, dtype)
    values = np.frombuffer(blob, dtype=dtype, count=count).reshape(shape)
    return values.copy() if blob.readonly else values


def _as_tensor(values: np.ndarray):
    """A tensor of this process's Keras backend, holding ``values`` (a tensor came back)."""
    import keras

    return keras.ops.convert_to_tensor(values)
