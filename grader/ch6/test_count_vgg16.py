import keras
from hypothesis import given, strategies as st

from grader.checks import check, check_whole_number
from kerascourse.models import vgg16_flatten_size, vgg16_param_count

BLOCKS = ["block1", "block2", "block3", "block4", "block5"]
EXPECTED = {"block1": 38_720, "block2": 221_440, "block3": 1_475_328, "block4": 5_899_776,
            "block5": 7_079_424, "top": 123_642_856}
# What a block counts when its first convolution is wrongly given `filters` input channels.
SAME_CHANNELS = {"block1": 2 * (9 * 64 * 64 + 64), "block2": 2 * (9 * 128 * 128 + 128),
                 "block3": 3 * (9 * 256 * 256 + 256), "block4": 3 * (9 * 512 * 512 + 512)}
PREVIOUS = {"block1": "the 3 channels of an RGB image", "block2": "the 64 channels block1 produces",
            "block3": "the 128 channels block2 produces", "block4": "the 256 channels block3 produces"}


def test_flatten_size_224(exercise):
    """flatten_size(224, 224) is the int 7·7·512 = 25,088"""
    got = exercise.flatten_size(224, 224)
    check(got is not None, "flatten_size returned None: did you forget the `return` statement?")
    hint = ""
    if got == 14 * 14 * 512:
        hint = ": that is after four poolings; VGG16 has five (one per block)"
    elif got == 224 * 224 * 512:
        hint = ": the poolings are missing: each one halves height and width"
    elif got == 7 * 7:
        hint = ": multiply by the 512 channels of block5"
    check(got == 25_088, f"flatten_size(224, 224): expected 25088, got {got}{hint}")
    check_whole_number(got, name="flatten_size(224, 224)")


@given(st.integers(32, 400), st.integers(32, 400))
def test_flatten_size_any_image(exercise, height, width):
    """flatten_size rounds down at every pooling, as Keras's MaxPooling2D does"""
    expected = vgg16_flatten_size(height, width)
    got = exercise.flatten_size(height, width)
    hint = ""
    if isinstance(got, float) or got in (round(height / 32 * width / 32 * 512), round(height / 32) * round(width / 32) * 512):
        hint = ": a 2×2 pooling drops an odd last row (25 → 12): round down, with integer division // at each pooling"
    check(got == expected, f"flatten_size({height}, {width}): expected {expected}, got {got!r}{hint}")
    check_whole_number(got, name=f"flatten_size({height}, {width})")


def test_flatten_size_matches_keras(exercise):
    """flatten_size(100, 60) matches keras.applications.VGG16(include_top=False) on a 100×60 image"""
    reference = keras.applications.VGG16(weights=None, include_top=False, input_shape=(100, 60, 3))
    expected = 1
    for d in reference.output.shape[1:]:
        expected *= d
    got = exercise.flatten_size(100, 60)
    check(got == expected, f"flatten_size(100, 60): Keras's VGG16 ends in a {tuple(reference.output.shape[1:])} "
          f"feature map, {expected} numbers; got {got}")


def test_blocks_224(exercise):
    """vgg16_block_params() gives each block's count: block1 38,720 ... block5 7,079,424, top 123,642,856"""
    got = exercise.vgg16_block_params()
    check(isinstance(got, dict), f"vgg16_block_params should return a dict; got {type(got).__name__}")
    missing = [k for k in EXPECTED if k not in got]
    check(not missing, f"vgg16_block_params() has no key {missing[0]!r}; the keys are "
          f"'block1' ... 'block5' and 'top'" if missing else "")
    for block in BLOCKS:
        if got[block] != EXPECTED[block]:
            hint = ""
            if SAME_CHANNELS.get(block) == got[block]:
                hint = f": {block}_conv1 sees {PREVIOUS[block]}, not its own number of filters"
            elif block == "block1" and got[block] == 2 * 9 * 3 * 64 + 128:
                hint = ": block1_conv2 sees the 64 channels of block1_conv1, not the 3 of the image"
            check(False, f"{block}: expected {EXPECTED[block]:,} parameters, got {got[block]:,}{hint}")
    if got["top"] != EXPECTED["top"]:
        hint = ""
        if got["top"] == 102_764_544 + 16_781_312:
            hint = ": the predictions layer (4096 → 1000) is missing"
        elif got["top"] in (224 * 224 * 512 * 4096 + 4096 + 16_781_312 + 4_097_000,):
            hint = ": fc1 is fed by the flattened 7·7·512 map, after the five poolings"
        check(False, f"top (fc1 + fc2 + predictions): expected {EXPECTED['top']:,} parameters, "
              f"got {got['top']:,}{hint}")
    for key in EXPECTED:
        check_whole_number(got[key], name=f"vgg16_block_params()[{key!r}]")
    total = sum(got.values())
    check(total == 138_357_544, f"the blocks add up to {total:,}; VGG16 has 138,357,544 parameters")


def test_small_images_ten_classes(exercise):
    """vgg16_block_params(32, 10) matches keras.applications.VGG16(input_shape=(32, 32, 3), classes=10)"""
    got = exercise.vgg16_block_params(32, 10)
    expected = vgg16_param_count((32, 32, 3), num_classes=10, by_block=True)
    for key, value in expected.items():
        check(got.get(key) == value, f"vgg16_block_params(input_size=32, num_classes=10)[{key!r}]: expected "
              f"{value:,}, got {got.get(key)!r}"
              + (": only the top depends on the image size and the number of classes" if key != "top" else
                 ": at 32×32, fc1 sees 1·1·512 = 512 numbers, and predictions has 10 units"))
    reference = keras.applications.VGG16(weights=None, input_shape=(32, 32, 3), classes=10)
    check(sum(got.values()) == reference.count_params(),
          f"the total {sum(got.values()):,} differs from Keras's {reference.count_params():,}")
