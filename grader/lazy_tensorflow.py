"""Keep Keras from importing TensorFlow just to ask about it, when grading on JAX or PyTorch.

A few Keras functions ask "is TensorFlow available?" through a lazy module that
imports all of TensorFlow to answer (3 to 4 seconds, in each grading process):
the serializer, to see whether a value is a ``tf.TensorShape``, ``tf.DType`` or
``tf.TypeSpec``, and ``keras.utils.set_random_seed``, to seed TensorFlow's
generator too. Before TensorFlow is imported no value can be one of its types
and it has no generator to seed, so in those modules "available" here means
"imported": the same answers, without the import. Keras's preprocessing layers,
which do need TensorFlow to work, keep the real lazy module.
"""

from __future__ import annotations

import importlib
import sys

# Keras modules whose ``tf`` only asks questions (their other uses come after an "available").
ASKING_MODULES = ("keras.src.saving.serialization_lib", "keras.src.legacy.saving.json_utils",
                  "keras.src.utils.rng_utils")


class TensorFlowIfImported:
    """Stands in for Keras's lazy ``tensorflow`` module: "available" once TensorFlow is imported.

    Example:
        >>> TensorFlowIfImported().available == ("tensorflow" in sys.modules)
        True
    """

    @property
    def available(self) -> bool:
        return "tensorflow" in sys.modules

    def __getattr__(self, name):
        return getattr(sys.modules["tensorflow"], name)


def install() -> None:
    """Put :class:`TensorFlowIfImported` in :data:`ASKING_MODULES` (each left alone if Keras changed it)."""
    try:
        from keras.src.utils.module_utils import LazyModule
    except ImportError:
        return
    for name in ASKING_MODULES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        if isinstance(getattr(module, "tf", None), LazyModule):
            module.tf = TensorFlowIfImported()
