import keras
import numpy as np

from grader.checks import check, check_array, run_there

X = np.random.RandomState(0).normal(size=(5, 3)).astype("float32")


def _out(value):
    return keras.ops.convert_to_numpy(value)


def test_no_weights_before_build(exercise):
    """SimpleDense(4) has no weights until it sees an input (they are made in build)"""
    layer = exercise.SimpleDense(4)
    check(getattr(layer, "units", None) == 4, "SimpleDense(4) should store units = 4 as self.units")
    check(len(layer.weights) == 0, "SimpleDense(4) already has weights before it saw an input: create them in "
                                   "build(input_shape), where the input size input_shape[-1] is known")


def test_weight_shapes(exercise):
    """called on (5, 3) inputs: kernel (3, 4), bias (4,), both trainable"""
    layer = exercise.SimpleDense(4)
    out = _out(layer(X))
    check(out.shape == (5, 4), f"SimpleDense(4) on inputs of shape (5, 3) gave shape {out.shape}; expected (5, 4)")
    shapes = sorted((tuple(w.shape) for w in layer.trainable_weights), key=len, reverse=True)
    check(len(shapes) == 2, f"SimpleDense should have 2 trainable weights (kernel and bias); it has {len(shapes)}"
                            + (": the bias is missing" if len(shapes) == 1 else ""))
    check(shapes[0] != (4, 3), "the kernel has shape (4, 3), transposed: it should be (input_dim, units) = (3, 4) "
                               "so that inputs @ kernel works")
    check(shapes == [(3, 4), (4,)], f"expected a kernel (3, 4) and a bias (4,); got {shapes}")


def test_initial_weights(exercise):
    """after build the kernel is random and the bias is zeros, as the stub says"""
    layer = exercise.SimpleDense(4)
    layer(X)
    weights = sorted(layer.weights, key=lambda w: len(w.shape), reverse=True)
    check(len(weights) == 2, f"SimpleDense should have 2 weights (kernel and bias); it has {len(weights)}")
    kernel, bias = (_out(w) for w in weights)
    check(np.all(bias == 0), f"the bias should start at zeros (initializer='zeros'); it starts at "
                             f"{np.round(bias.astype(float), 4).tolist()}")
    check(np.unique(kernel).size > 1, f"the kernel starts with every entry equal to {kernel.flat[0]:g}: every unit "
                                      f"would compute the same thing. Start it random, "
                                      f"initializer='glorot_uniform'")


def test_matches_keras_dense(exercise):
    """with the same weights, SimpleDense computes what keras.layers.Dense computes"""
    rng = np.random.RandomState(1)
    layer = exercise.SimpleDense(4, activation="relu")
    layer(X)
    kernel = rng.normal(size=(3, 4)).astype("float32")
    bias = rng.normal(size=(4,)).astype("float32")
    ours = sorted(layer.weights, key=lambda w: len(w.shape), reverse=True)
    ours[0].assign(kernel)
    ours[1].assign(bias)
    dense = keras.layers.Dense(4, activation="relu")
    dense(X)
    dense.set_weights([kernel, bias])
    check_array(_out(layer(X)), _out(dense(X)), name="SimpleDense(4, activation='relu')(x)", rtol=1e-5, atol=1e-5,
                mistakes={"the activation was not applied: call self.activation on the result":
                          X @ kernel + bias,
                          "the bias is missing: add self.bias after the matrix product":
                          np.maximum(X @ kernel, 0)})


def test_no_activation_is_linear(exercise):
    """SimpleDense(4) with no activation is linear: negative outputs stay negative"""
    layer = exercise.SimpleDense(4)
    out = _out(layer(X))
    check(out.min() < 0, "SimpleDense(4) with activation=None gave no negative output: with no activation the "
                         "layer should be linear (keras.activations.get(None) is the identity)")


def test_config_round_trip(exercise):
    """get_config holds units and activation, and from_config rebuilds an equal layer"""
    layer = exercise.SimpleDense(7, activation="relu", name="mine")
    config = layer.get_config()
    check(isinstance(config, dict), f"get_config should return a dict; got {type(config).__name__}")
    check(config.get("units") == 7, f"get_config() should contain 'units': 7; got {config.get('units')!r}. "
                                    f"Start from super().get_config() and add units and activation")
    check(config.get("name") == "mine", "get_config() lost the layer's name: start from super().get_config()")
    check(config.get("activation") == "relu", f"get_config() should store the activation's name 'relu' "
                                              f"(keras.activations.serialize); got {config.get('activation')!r}")
    clone = exercise.SimpleDense.from_config(config)
    check(clone.units == 7, "from_config(get_config()) did not rebuild a layer with units = 7")


def _save_and_reload(layer_class, x, path):
    """A model of two of the learner's layers, saved and reloaded: both models' predictions (runs where the
    learner's class lives: see run_there)."""
    model = keras.Sequential([keras.Input((3,)), layer_class(6, activation="tanh"), layer_class(2)])
    before = keras.ops.convert_to_numpy(model(x))
    model.save(path)
    loaded = keras.models.load_model(path, custom_objects={"SimpleDense": layer_class})
    return before, keras.ops.convert_to_numpy(loaded(x))


def test_save_and_reload(exercise, tmp_path):
    """a model using SimpleDense saves to .keras and reloads with the same predictions"""
    try:
        before, after = run_there(_save_and_reload, exercise.SimpleDense, X, str(tmp_path / "model.keras"))
    except TypeError as exc:
        check(False, f"the saved model could not be rebuilt ({exc}): get_config must return every argument "
                     f"__init__ needs (units, activation), and __init__ must pass **kwargs to super().__init__")
    check_array(after, before, name="predictions after save and load_model", rtol=1e-5, atol=1e-6)
