"""Transfer learning: reuse a trained convolutional base, train only what is new.

Three workflows, in the order a practitioner meets them:

1. **Feature extraction**: run the frozen base once over the images
   (:func:`feature_extractor`, :func:`extract_features`) and train a small
   classifier on the stored features. Fast: the base runs once, not every epoch.
2. **A new head on a frozen base** (:func:`transfer_model`): the base is part of
   the model but ``trainable = False``, so ``fit`` only changes the head.
   Needed when the images are augmented, because then every epoch sees new features.
3. **Fine-tuning** (:func:`unfreeze`): once the head has learned, unfreeze the
   last block and continue with a learning rate 10–100 times lower, so the
   pre-trained filters are adjusted and not overwritten.
"""

from __future__ import annotations

import warnings

import numpy as np

FINE_TUNING_LEARNING_RATE = 1e-5


class FineTuningWarning(UserWarning):
    """A reminder that fine-tuning needs a recompile with a low learning rate."""


def _find_layer(model, name: str):
    """``(owner, layer)``: the layer called ``name`` in ``model`` or in a model nested in it."""
    for layer in model.layers:
        if layer.name == name:
            return model, layer
    for layer in model.layers:
        if hasattr(layer, "layers"):
            found = _find_layer(layer, name)
            if found is not None:
                return found
    return None


def _layer_names(model) -> list[str]:
    names = []
    for layer in model.layers:
        names.append(layer.name)
        if hasattr(layer, "layers"):
            names.extend(_layer_names(layer))
    return names


def _unknown_layer(model, name: str) -> ValueError:
    names = [n for n in _layer_names(model) if "input" not in n]
    return ValueError(f"no layer named {name!r} in model {model.name!r}; its layers are: {', '.join(names)}")


def feature_extractor(base, layer: str | None = None):
    """A frozen model from ``base``'s input to the output of ``layer`` (default: ``base``'s output).

    Earlier layers give more generic features (edges, colours), later ones more
    specific ones (parts of objects): for a new task far from ImageNet, an earlier
    layer such as ``"block4_pool"`` often transfers better.

    Example:
        >>> from kerascourse.models import build_vgg16
        >>> base = build_vgg16(input_shape=(32, 32, 3), include_top=False)
        >>> extractor = feature_extractor(base, layer="block4_pool")
        >>> extractor.output.shape, extractor.trainable
        ((None, 2, 2, 512), False)
    """
    import keras

    if not isinstance(base, keras.Model):
        raise ValueError(f"base must be a keras.Model (such as build_vgg16(include_top=False)); got {type(base).__name__}")
    if layer is None:
        output = base.outputs[0] if len(base.outputs) == 1 else base.outputs
    else:
        if not isinstance(layer, str):
            raise ValueError(f"layer must be a layer's name such as 'block4_pool'; got {layer!r}")
        if not any(lay.name == layer for lay in base.layers):
            raise _unknown_layer(base, layer)
        output = base.get_layer(layer).output
    extractor = keras.Model(base.inputs, output, name=f"{base.name}_features" + (f"_{layer}" if layer else ""))
    extractor.trainable = False
    return extractor


def extract_features(extractor, x, batch_size: int = 32) -> np.ndarray:
    """Run ``extractor`` over ``x`` once, in inference mode, and return the features as NumPy.

    ``x`` is an array of images, or a ``keras.utils.PyDataset`` / iterable of
    ``(images, labels)`` batches (such as ``ImageDataGenerator().flow(x, y,
    shuffle=False)``); then the result is ``(features, labels)``.

    Example:
        >>> from kerascourse.models import build_vgg16
        >>> base = build_vgg16(input_shape=(32, 32, 3), include_top=False)
        >>> extract_features(base, np.zeros((4, 32, 32, 3))).shape
        (4, 1, 1, 512)
    """
    if isinstance(x, np.ndarray) or hasattr(x, "numpy"):
        x = np.asarray(x)
        if x.ndim < 2:
            raise ValueError(f"extract_features expects a batch of images; got shape {x.shape}")
        return np.asarray(extractor.predict(x, batch_size=batch_size, verbose=0))
    features, labels = [], []
    # A PyDataset knows its length; iterating it by index avoids an endless generator.
    batches = (x[i] for i in range(len(x))) if hasattr(x, "__getitem__") and hasattr(x, "__len__") else x
    for batch in batches:
        if not (isinstance(batch, tuple) and len(batch) >= 2):
            raise ValueError("extract_features expects an array of images, or batches of (images, labels)")
        images, y = batch[0], batch[1]
        features.append(np.asarray(extractor(np.asarray(images), training=False)))
        labels.append(np.asarray(y))
    if not features:
        raise ValueError("extract_features got no batches")
    return np.concatenate(features), np.concatenate(labels)


def _build_head(features, head, num_classes: int, dropout: float):
    from keras import layers

    if callable(head) and not isinstance(head, (list, tuple)):
        return head(features)
    x = features
    if len(x.shape) > 2:
        x = layers.Flatten(name="head_flatten")(x)
    for i, units in enumerate(head, start=1):
        if int(units) != units or units < 1:
            raise ValueError(f"head must list positive numbers of units, such as (256,); got {head!r}")
        x = layers.Dense(int(units), activation="relu", name=f"head_dense{i}")(x)
        if dropout:
            x = layers.Dropout(dropout, name=f"head_dropout{i}")(x)
    return x


def transfer_model(base, num_classes: int, head=(256,), pooling: str | None = None,
                   dropout: float = 0.5, name: str | None = None):
    """A new classifier on a frozen ``base``: only the head's weights change during ``fit``.

    Args:
        base: a convolutional base such as ``build_vgg16(include_top=False)``.
            It is frozen (``base.trainable = False``) and called with
            ``training=False``, so layers like BatchNormalization stay in inference
            mode even after :func:`unfreeze`.
        num_classes: ``1`` gives one sigmoid unit (binary classification, with
            ``binary_crossentropy``); ``2`` or more a softmax over the classes.
        head: hidden ReLU Dense widths between the base and the output, e.g.
            ``(256,)`` or ``()`` for none; or a callable (a Keras layer or
            ``Sequential``) applied to the base's features, for a head of your own.
        pooling: ``None`` flattens the feature map; ``"avg"`` or ``"max"`` pool it
            globally first (far fewer head parameters).
        dropout: dropout rate after each hidden layer (0 for none).

    Example:
        >>> from kerascourse.models import build_vgg16
        >>> base = build_vgg16(input_shape=(32, 32, 3), include_top=False)
        >>> model = transfer_model(base, num_classes=2, head=(256,))
        >>> sum(int(np.prod(w.shape)) for w in model.trainable_weights)  # 512·256 + 256 + 256·2 + 2
        131842
    """
    import keras
    from keras import layers

    if not isinstance(base, keras.Model):
        raise ValueError(f"base must be a keras.Model (such as build_vgg16(include_top=False)); got {type(base).__name__}")
    if int(num_classes) != num_classes or num_classes < 1:
        raise ValueError(f"num_classes must be a positive integer; got {num_classes!r}")
    if pooling not in (None, "avg", "max"):
        raise ValueError(f"pooling must be None, 'avg' or 'max'; got {pooling!r}")
    if not 0 <= dropout < 1:
        raise ValueError(f"dropout must be in [0, 1); got {dropout}")
    if len(base.inputs) != 1 or len(base.outputs) != 1:
        raise ValueError("base must have one input and one output")

    base.trainable = False
    inputs = keras.Input(shape=tuple(base.inputs[0].shape[1:]))
    x = base(inputs, training=False)
    if pooling == "avg":
        x = layers.GlobalAveragePooling2D(name="head_pool")(x)
    elif pooling == "max":
        x = layers.GlobalMaxPooling2D(name="head_pool")(x)
    x = _build_head(x, head, int(num_classes), dropout)
    if len(x.shape) > 2:
        x = layers.Flatten(name="head_flatten")(x)
    activation = "sigmoid" if num_classes == 1 else "softmax"
    outputs = layers.Dense(int(num_classes), activation=activation, name="predictions")(x)
    return keras.Model(inputs, outputs, name=name or f"{base.name}_transfer")


def unfreeze(model, from_layer: str = "block5_conv1", warn: bool = True):
    """Make ``from_layer`` and every later layer of the base trainable, for fine-tuning.

    ``model`` is a base itself or a model containing it (as :func:`transfer_model`
    builds). Layers of the base before ``from_layer`` are frozen; every other
    layer, the head included, is trainable.
    Changing ``trainable`` takes effect at the next ``compile``: recompile, with a
    learning rate 10–100 times lower than for the head (e.g. ``1e-5``), otherwise
    the large updates destroy the pre-trained filters. A :class:`FineTuningWarning`
    says so (``warn=False`` silences it).

    Returns:
        ``model``, changed in place.

    Example:
        >>> from kerascourse.models import build_vgg16
        >>> model = transfer_model(build_vgg16(input_shape=(32, 32, 3), include_top=False), 2)
        >>> model = unfreeze(model, "block5_conv1", warn=False)
        >>> [layer.name for layer in model.get_layer("vgg16").layers if layer.trainable][:3]
        ['block5_conv1', 'block5_conv2', 'block5_conv3']
    """
    import keras

    if not isinstance(model, keras.Model):
        raise ValueError(f"model must be a keras.Model; got {type(model).__name__}")
    found = _find_layer(model, from_layer)
    if found is None:
        raise _unknown_layer(model, from_layer)
    owner, _ = found
    # A frozen outer model hides its layers' flags, so everything is made trainable first
    # (in Keras the flag propagates down), then the base is frozen again up to from_layer.
    model.trainable = True
    seen = False
    for layer in owner.layers:
        seen = seen or layer.name == from_layer
        layer.trainable = seen
    if warn:
        rate = _learning_rate(model)
        current = f" (the model is compiled with learning rate {rate:g})" if rate is not None else ""
        warnings.warn(
            f"unfrozen from {from_layer!r}: recompile the model before fit, with a learning rate "
            f"10–100 times lower than for the head, e.g. {FINE_TUNING_LEARNING_RATE:g}{current}. "
            f"A high learning rate overwrites the pre-trained filters.",
            FineTuningWarning, stacklevel=2)
    return model


def _learning_rate(model) -> float | None:
    optimizer = getattr(model, "optimizer", None)
    if optimizer is None:
        return None
    try:
        return float(np.asarray(optimizer.learning_rate))
    except (TypeError, ValueError):  # a schedule: no single number to report
        return None


def trainable_param_count(model) -> int:
    """Parameters that ``fit`` will change (the sum over ``model.trainable_weights``)."""
    return int(sum(int(np.prod(w.shape)) for w in model.trainable_weights))


__all__ = [
    "FineTuningWarning", "FINE_TUNING_LEARNING_RATE", "feature_extractor", "extract_features",
    "transfer_model", "unfreeze", "trainable_param_count",
]
