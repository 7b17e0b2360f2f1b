import numpy as np
import pytest
from PIL import Image

from kerascourse.models import KFoldResult
from kerascourse.plots import activation_functions, decision_line, loss_parabola, training_curves

HISTORY = {"loss": [0.9, 0.5, 0.3, 0.2, 0.15], "val_loss": [1.0, 0.7, 0.6, 0.65, 0.8],
           "accuracy": [0.6, 0.8, 0.9, 0.95, 0.97], "val_accuracy": [0.55, 0.7, 0.75, 0.74, 0.72]}


def _valid_png(path, min_size=(200, 150)):
    with Image.open(path) as image:
        image.verify()
    with Image.open(path) as image:
        assert image.format == "PNG"
        assert image.size[0] >= min_size[0] and image.size[1] >= min_size[1]
        pixels = np.asarray(image.convert("L"))
        assert pixels.std() > 5   # something was drawn, not a blank canvas


def test_training_curves_png(tmp_path):
    path = tmp_path / "curves.png"
    assert training_curves(HISTORY, path=path, title="demo") == path
    _valid_png(path, min_size=(800, 300))


def test_training_curves_marks_best_epoch():
    fig = training_curves(HISTORY)
    loss_ax, acc_ax = fig.axes
    assert [loss_ax.get_title(), acc_ax.get_title()] == ["loss", "accuracy"]
    labels = [t.get_text() for t in loss_ax.get_legend().get_texts()]
    assert labels == ["training loss", "validation loss", "best epoch (3)"]
    marker = loss_ax.lines[-1]
    assert list(marker.get_xdata()) == [3] and list(marker.get_ydata()) == [0.6]


def test_training_curves_loss_only_and_kfold(tmp_path):
    fig = training_curves({"loss": [1.0, 0.5]}, metric=None)
    assert len(fig.axes) == 1
    result = KFoldResult(histories=[{"loss": [1.0, 0.5], "val_loss": [1.2, 0.9], "mae": [1, 0.5], "val_mae": [1, 0.8]},
                                    {"loss": [0.8, 0.4], "val_loss": [1.0, 1.1], "mae": [1, 0.5], "val_mae": [1, 0.9]}])
    fig = training_curves(result)
    assert [ax.get_title() for ax in fig.axes] == ["loss", "mae"]
    np.testing.assert_allclose(fig.axes[0].lines[1].get_ydata(), [1.1, 1.0])


@pytest.mark.parametrize("history, kwargs, match", [
    ({"accuracy": [0.5]}, {}, "no loss"), (HISTORY, {"metric": "auc"}, "no 'auc'"), ({"loss": []}, {}, "empty"),
])
def test_training_curves_errors(history, kwargs, match):
    with pytest.raises(ValueError, match=match):
        training_curves(history, **kwargs)


def test_lesson_figures(tmp_path):
    for name, call in {
        "act.png": lambda p: activation_functions(path=p),
        "parabola.png": lambda p: loss_parabola([0, 1, 2, 3, 4], [0, 6, 12, 18, 24], [0.0, 7.2, 5.76], path=p),
        "line.png": lambda p: decision_line(np.array([[0.0, 3.0], [3.0, 0.0], [0.5, 2.5]]), np.array([0, 1, 0]),
                                            [[0.2], [-0.2]], [0.5], path=p),
    }.items():
        call(tmp_path / name)
        _valid_png(tmp_path / name)
    with pytest.raises(ValueError, match="softmax"):
        activation_functions(("softmax",))
    with pytest.raises(ValueError, match="all zeros"):
        decision_line(np.zeros((2, 2)), np.array([0, 1]), [0, 0], 0.5)
    relu_ax = activation_functions(("relu",)).axes[0]
    assert relu_ax.lines[-1].get_ydata().max() == pytest.approx(5.0)   # ReLU is drawn uncapped
