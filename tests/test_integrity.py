"""Submissions written to attack the grader never end "passed".

Every chapter is graded with ``isolation = "process"``: the learner's code runs in a process of its own,
only data comes back (Keras models as Keras's own config and weights), and the checks compare it where no
learner code ever ran. Each attack below is a
whole exercise file, graded the way `kerascourse grade` grades a class's workspace; some would pass if
the comparison ran beside the learner's code (they did, before).
"""

import pytest
from conftest import grade_mistakes

from grader.course import Course

CH1 = Course.load().chapter("ch1")

ATTACKS = {
    # Objects that claim to equal anything: an ndarray subclass, a str and an int subclass, a plain object.
    "one_hot": '''
        import numpy as np

        class Anything(np.ndarray):
            def __eq__(self, other):
                return np.ones(np.shape(other), bool)
            __ne__ = lambda self, other: np.zeros(np.shape(other), bool)
            def __array_ufunc__(self, *args, **kwargs):
                return np.zeros(1, bool) if False else True

        def one_hot(labels, num_classes=None):
            return np.zeros((len(labels), num_classes or 10)).view(Anything)
    ''',
    "tensor_attributes": '''
        class Same(str):
            def __eq__(self, other):
                return True
            __hash__ = str.__hash__

        class Count(int):
            def __eq__(self, other):
                return True
            __hash__ = int.__hash__

        class Shape(tuple):
            def __eq__(self, other):
                return True
            __hash__ = tuple.__hash__

        def describe(x):
            return Count(0), Shape(()), Same("?")

        def count_values(x):
            return Count(-1)
    ''',
    # Reads the check's expected value from the caller's frames, and patches the check helpers it finds.
    "slicing": '''
        import gc
        import sys
        import types

        def _steal(names):
            frame = sys._getframe(1)
            while frame is not None:
                for name in names:
                    if name in frame.f_locals:
                        return frame.f_locals[name]
                frame = frame.f_back
            return None

        def _disarm():
            modules = list(sys.modules.values()) + [o for o in gc.get_objects() if isinstance(o, types.ModuleType)]
            for module in modules:
                try:
                    if not str(module.__dict__.get("__name__", "")).startswith(("grader", "test_")):
                        continue
                    for name in ("check", "check_array", "check_close", "check_raises"):
                        if name in module.__dict__:
                            setattr(module, name, lambda *a, **k: a[0] if a else None)
                except Exception:
                    continue

        _disarm()

        def crop(images, margin):
            found = _steal(["expected", "want", "reference"])
            return found if found is not None else images

        def get_batch(x, batch_size, n):
            found = _steal(["expected", "want", "reference"])
            return found if found is not None else x

        def num_batches(num_samples, batch_size):
            found = _steal(["expected", "want", "reference"])
            return found if found is not None else 0
    ''',
    # Monkeypatches the grader's plugin and pytest's reports, in every module and live object it can find.
    "reshape_images": '''
        import gc
        import sys

        def _patch():
            try:
                import _pytest.reports
                import grader.plugin
            except ImportError:
                return
            emit = grader.plugin.GradingSession.emit

            def always_passed(self, **event):
                if event.get("event") == "check":
                    event.update(outcome="passed", message="")
                return emit(self, **event)

            grader.plugin.GradingSession.emit = always_passed
            grader.plugin._classify = lambda *args, **kwargs: None
            _pytest.reports.TestReport.outcome = property(lambda self: "passed", lambda self, value: None)
            for obj in gc.get_objects():
                if isinstance(obj, grader.plugin.GradingSession):
                    obj.emit = always_passed.__get__(obj)

        _patch()

        def flatten_images(images):
            _patch()
            return images

        def unflatten_images(vectors, height, width):
            _patch()
            return vectors

        def add_channel_axis(images):
            _patch()
            return images
    ''',
    # Makes NumPy's comparisons always agree.
    "scale_pixels": '''
        import numpy as np
        import numpy.testing

        np.isclose = lambda a, b, *args, **kwargs: np.ones(np.broadcast(np.asarray(a), np.asarray(b)).shape, bool)
        np.allclose = lambda *args, **kwargs: True
        np.array_equal = lambda *args, **kwargs: True
        numpy.testing.assert_allclose = lambda *args, **kwargs: None

        def scale_images(images):
            return images
    ''',
    # Runs the shipped reference solution.
    "multi_hot": '''
        import grader.pack
        exec(open(grader.pack.PACK.solutions / "ch1" / "multi_hot.py").read())
    ''',
    # Writes "passed" results into the grader's results channel, found on the parent's command line or beside it.
    "min_max": '''
        import glob
        import json
        import os

        def _channels():
            try:
                arguments = open(f"/proc/{os.getppid()}/cmdline", "rb").read().split(b"\\0")
            except OSError:
                arguments = []
            found = [a.split(b"=", 1)[1].decode() for a in arguments if a.startswith(b"--kerascourse-events=")]
            # A grading process forked by the fork server has the server's command line: look beside its folder.
            return found or glob.glob(os.path.join(os.getcwd(), "..", "events-*.jsonl"))

        def _forge():
            for path in _channels():
                with open(path, "a") as fh:
                    for check in range(5):
                        fh.write(json.dumps({"event": "check", "exercise": "min_max", "name": f"forged{check}",
                                             "description": "forged", "outcome": "passed"}) + "\\n")

        _forge()

        def min_max_scale(train, test):
            _forge()
            return train, test
    ''',
}


def test_every_exercise_of_the_course_runs_in_a_process_of_its_own(course):
    core = [ch for ch in course.chapters if ch.pack.id == CH1.pack.id]
    assert len(core) == 7
    assert [ex.id for ch in core for ex in ch.exercises if ex.isolation != "process"] == []


@pytest.fixture(scope="module")
def graded(tmp_path_factory, course):
    assert CH1.isolation == "process"
    return grade_mistakes(tmp_path_factory.mktemp("attacks"), course, "ch1", ATTACKS, exercises=list(ATTACKS))


@pytest.mark.parametrize("name", list(ATTACKS))
def test_an_attack_never_passes(graded, name):
    ex = graded.exercise(name)
    assert ex.status != "passed", (name, ex.message)
    assert ex.points == 0 or ex.status == "failed", (name, ex.points)


def test_what_the_learner_reads(graded):
    """The messages say what happened, in plain words."""
    assert graded.exercise("slicing").status == "failed"     # it ran, and found nothing to steal
    assert graded.exercise("reshape_images").status == "failed"   # its patches stayed in its own process
    assert "not data the grader can check" in graded.exercise("one_hot").message or \
        "wrong values" in graded.exercise("one_hot").message
    assert "reference solutions cannot be read" in graded.exercise("multi_hot").message
    forged = graded.exercise("min_max")
    assert forged.status == "error" and "did not write" in forged.message, forged.message
    assert "grading stopped" in graded.result.fatal


def test_honest_work_still_passes(tmp_path, course):
    graded = grade_mistakes(tmp_path, course, "ch1", {}, exercises=list(ATTACKS))
    assert set(graded.statuses().values()) == {"passed"}, graded.statuses()


# Chapters with Keras models are graded the same way: a model crosses as Keras's own config and weights
# (grader.mirror) and the checks use the copy Keras rebuilt from them, so patching Keras where the
# learner's code runs changes nothing the checks see.
KERAS_ATTACKS = {
    # Untrained (all-zero) weights, and keras.Model.predict patched to answer with the labels the check holds.
    "train_shapes": '''
        import sys

        import keras
        import numpy as np

        from kerascourse.images import ImageDataGenerator

        _real_predict = keras.Model.predict


        def _predict(self, x, *args, **kwargs):
            frame = sys._getframe(1)
            while frame is not None:
                if "y_test" in frame.f_locals:
                    return np.asarray(frame.f_locals["y_test"], "float32").reshape(-1, 1)
                frame = frame.f_back
            return _real_predict(self, x, *args, **kwargs)


        keras.Model.predict = _predict


        def train_shapes(x_train, y_train, epochs=8):
            model = keras.Sequential([
                keras.Input(shape=x_train.shape[1:]),
                keras.layers.Conv2D(16, (3, 3), activation="relu"),
                keras.layers.MaxPooling2D((2, 2)),
                keras.layers.Conv2D(32, (3, 3), activation="relu"),
                keras.layers.MaxPooling2D((2, 2)),
                keras.layers.Flatten(),
                keras.layers.Dense(64, activation="relu"),
                keras.layers.Dense(1, activation="sigmoid"),
            ])
            model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
            batches = ImageDataGenerator(rescale=1.0 / 255).flow(x_train, y_train, batch_size=16, seed=0)
            model.fit(batches, epochs=epochs, verbose=0, steps_per_epoch=1)
            model.set_weights([np.zeros_like(w) for w in model.get_weights()])
            return model
    ''',
}


# A TensorFlow chapter: the check helpers disarmed wherever the learner's code finds them, then wrong answers.
TF_ATTACKS = {
    "elementwise": '''
        import gc
        import sys
        import types

        for module in list(sys.modules.values()) + [o for o in gc.get_objects() if isinstance(o, types.ModuleType)]:
            try:
                if str(module.__dict__.get("__name__", "")).startswith(("grader", "test_")):
                    for name in ("check", "check_array", "check_close", "check_dtype", "check_float"):
                        if name in module.__dict__:
                            setattr(module, name, lambda *a, **k: a[0] if a else None)
            except Exception:
                continue


        def naive_relu(x):
            return x


        def naive_add(x, y):
            return x
    ''',
}


def test_disarmed_check_helpers_in_a_tensorflow_chapter(tmp_path, course):
    assert all(ex.isolation == "process" for ex in course.chapter("ch2").exercises)
    graded = grade_mistakes(tmp_path, course, "ch2", TF_ATTACKS, exercises=list(TF_ATTACKS))
    ex = graded.exercise("elementwise")
    assert ex.status == "failed" and "wrong values" in ex.message, (ex.status, ex.message)


def test_a_patched_keras_does_not_reach_the_checks(tmp_path, course):
    assert course.chapter("ch5").isolation == "process"
    graded = grade_mistakes(tmp_path, course, "ch5", KERAS_ATTACKS, exercises=list(KERAS_ATTACKS))
    ex = graded.exercise("train_shapes")
    assert ex.status == "failed", (ex.status, ex.message)
    assert "accuracy on new shapes is 50%" in ex.message, ex.message


# The learner process is forked from a spawner that was itself forked before the grading process read its
# key (grader.spawner): the grading session it finds in its memory holds no key, and the key's pipe is closed.
KEY_HUNT = '''
    import gc
    import hmac
    import json
    import os

    def _hunt():
        found, forge = {"sessions": 0, "key": "", "signer": False}, []
        for obj in gc.get_objects():
            if type(obj).__name__ != "GradingSession":
                continue
            found["sessions"] += 1
            found["signer"] = found["signer"] or obj._sign is not None
            fd = obj.config.getoption("kerascourse_key_fd")
            try:
                found["key"] += os.read(fd, 4096).decode() if fd is not None else ""
            except OSError:
                pass
            forge.append((obj.config.getoption("kerascourse_events"), obj._sign))
        with open(os.environ["KEY_HUNT_REPORT"], "w") as fh:
            json.dump(found, fh)
        for events, sign in forge:   # with whatever it found: no key is no signature
            sign = sign or (lambda body: hmac.new(found["key"].strip().encode(), body, "sha256").hexdigest())
            with open(events, "a") as fh:
                for n in range(1000):
                    line = json.dumps({"event": "check", "exercise": "min_max", "name": "forged",
                                       "description": "forged", "outcome": "passed", "n": n})
                    fh.write(f"{sign(line.encode())} {line}\\n")

    def min_max_scale(train, test):
        _hunt()
        low, span = train.min(0), train.max(0) - train.min(0)
        return (train - low) / span, (test - low) / span
'''


def test_the_learner_process_holds_no_key(tmp_path, course, monkeypatch):
    import json

    report = tmp_path / "report.json"
    monkeypatch.setenv("KEY_HUNT_REPORT", str(report))
    result = grade_mistakes(tmp_path / "ws", course, "ch1", {"min_max": KEY_HUNT}, exercises=["min_max"])
    found = json.loads(report.read_text())
    # It found the grading session it was forked with (so the hunt is real), and nothing secret in it.
    assert found["sessions"] >= 1 and not found["signer"] and found["key"] == "", found
    ex = result.exercise("min_max")
    assert ex.status == "error" and "did not write" in ex.message, ex.message
