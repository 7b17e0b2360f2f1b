import numpy as np

from grader.checks import check

# attribute: the value that means "no augmentation" (ImageDataGenerator stores zoom_range=0 as [1, 1])
NEUTRAL = {"rotation_range": 0, "width_shift_range": 0, "height_shift_range": 0, "shear_range": 0,
           "channel_shift_range": 0, "horizontal_flip": False, "vertical_flip": False}


def _augmentations(gen):
    found = [name for name, neutral in NEUTRAL.items() if getattr(gen, name, neutral) != neutral]
    zoom = getattr(gen, "zoom_range", 0)
    if np.ndim(zoom) == 0 and zoom != 0 or np.ndim(zoom) == 1 and list(np.asarray(zoom, float)) != [1.0, 1.0]:
        found.append("zoom_range")
    if getattr(gen, "brightness_range", None) is not None:
        found.append("brightness_range")
    return found


def _generator(exercise, name):
    gen = getattr(exercise, name)()
    check(gen is not None, f"{name}() returned None: did you forget the `return` statement?")
    check(hasattr(gen, "flow") and hasattr(gen, "rescale"), f"{name}() should return an ImageDataGenerator, "
          f"got {type(gen).__name__}")
    return gen


def _check_rescale(gen, name):
    rescale = gen.rescale
    check(rescale is not None, f"{name}(): rescale is not set; pixels 0–255 should be multiplied by 1/255 "
          f"so the network sees 0–1: ImageDataGenerator(rescale=1/255, ...)")
    check(rescale != 0, f"{name}(): rescale is 0, which would make every pixel 0: 1//255 is integer division; "
          f"write rescale=1/255 (or 1./255)")
    check(rescale != 255, f"{name}(): rescale=255 multiplies by 255; use rescale=1/255 (or 1./255)")
    check(np.isclose(rescale, 1 / 255), f"{name}(): rescale is {rescale}, expected 1/255 ≈ {1 / 255:.5f}")


def test_train_generator(exercise):
    """the training generator rescales by 1/255 and augments: shear 0.2, zoom 0.2, horizontal flips"""
    gen = _generator(exercise, "train_generator")
    _check_rescale(gen, "train_generator")
    found = _augmentations(gen)
    check(found, "train_generator() does not augment: add shear_range=0.2, zoom_range=0.2, horizontal_flip=True")
    check(np.isclose(gen.shear_range, 0.2), f"train_generator(): shear_range is {gen.shear_range}, expected 0.2")
    check(list(np.round(np.ravel(gen.zoom_range), 6)) in ([0.8, 1.2], [0.2]),
          f"train_generator(): zoom_range is {gen.zoom_range}, expected 0.2 (zooming between 0.8× and 1.2×)")
    check(gen.horizontal_flip is True, "train_generator(): set horizontal_flip=True (a cat facing left is a cat)")
    check(not gen.vertical_flip, "train_generator(): no vertical flips: upside-down cats are not in the test set")


def test_test_generator_only_rescales(exercise):
    """the test generator rescales by 1/255 and does not augment"""
    gen = _generator(exercise, "test_generator")
    _check_rescale(gen, "test_generator")
    found = _augmentations(gen)
    check(not found, f"test_generator() augments the test set ({', '.join(found)}): test images must look like "
          f"the pictures the model will meet, so rescale only — never augment test data")


def test_generators_agree_on_scale(exercise):
    """a batch from each generator lies in [0, 1], and the test generator returns the images unchanged apart from scale"""
    x = np.random.default_rng(0).integers(0, 256, (4, 16, 16, 3)).astype("float32")
    y = np.array([0, 1, 0, 1])
    for name in ("train_generator", "test_generator"):
        batch, _ = _generator(exercise, name).flow(x, y, batch_size=4, shuffle=False, seed=0)[0]
        check(batch.min() >= 0 and batch.max() <= 1.0 + 1e-6, f"{name}(): a batch ranges from {batch.min():.3g} "
              f"to {batch.max():.3g}; after rescale=1/255 pixels lie in [0, 1]")
    batch, _ = _generator(exercise, "test_generator").flow(x, y, batch_size=4, shuffle=False)[0]
    check(np.allclose(batch, x / 255, atol=1e-5), "test_generator() changed the images beyond rescaling them")
