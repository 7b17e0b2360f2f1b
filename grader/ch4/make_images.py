"""Draw the pictures of the chapter 4 lesson with kerascourse.plots.

    python grader/ch4/make_images.py

Writes grader/ch4/images/*.png (under a minute of training on a CPU).
"""

from pathlib import Path

HERE = Path(__file__).resolve().parent / "images"


def main():
    import keras

    from kerascourse.datasets import load_tabular
    from kerascourse.models import build_dense_classifier, build_dense_regressor, cross_validate
    from kerascourse.plots import training_curves
    from kerascourse.preprocessing import StandardScaler
    from kerascourse.training import diagnose

    HERE.mkdir(exist_ok=True)
    # Few training samples and a big network: the recipe for overfitting.
    (x_train, y_train), (x_val, y_val) = load_tabular("digits", test_size=0.5, seed=0)
    x_train, y_train, x_val, y_val = x_train[:200] / 16, y_train[:200], x_val / 16, y_val
    for name, kwargs in (("overfitting", {}), ("regularised", {"dropout": 0.5, "l2": 2e-3})):
        keras.utils.set_random_seed(0)
        model = build_dense_classifier(64, 10, hidden=(128, 16), optimizer="adam", learning_rate=0.01, **kwargs)
        history = model.fit(x_train, y_train, validation_data=(x_val, y_val), epochs=60, batch_size=32, verbose=0)
        print(name, diagnose(history).verdict)
        training_curves(history, path=HERE / f"{name}.png", title=f"digits, 200 training samples: {name}")

    (x, y), _ = load_tabular("diabetes", seed=0)
    keras.utils.set_random_seed(0)
    result = cross_validate(lambda: build_dense_regressor(10), x, y / 100, k=4, epochs=40, batch_size=16,
                            scaler=StandardScaler())
    training_curves(result, path=HERE / "kfold_mae.png", title="diabetes, 4-fold average (targets / 100)")
    print("wrote", *sorted(p.name for p in HERE.glob("*.png")))


if __name__ == "__main__":
    main()
