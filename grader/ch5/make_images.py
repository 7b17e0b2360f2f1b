"""Regenerate the pictures of the chapter 5 lesson: python grader/ch5/make_images.py

Both are drawn by kerascourse.plots from the course's offline shapes: a grid of
training pictures with their labels, and augmented variants of one picture made
by the training generator of the exercise ch5.generators.
"""

import os
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

from kerascourse import plots
from kerascourse.datasets import make_shapes
from kerascourse.images import ImageDataGenerator

HERE = Path(__file__).resolve().parent / "images"


def main():
    HERE.mkdir(exist_ok=True)
    x, y = make_shapes(16, size=64, seed=0)
    plots.image_grid(x, y, class_names=["circle", "square"], title="Synthetic shapes: colour, size and place vary",
                     path=HERE / "shapes_grid.png")
    train = ImageDataGenerator(rescale=1 / 255, shear_range=0.2, zoom_range=0.2, horizontal_flip=True,
                               rotation_range=20)
    plots.augmented_grid(train, x[1], n=9, path=HERE / "augmented.png",
                         title="One square, augmented: sheared, zoomed, turned, flipped")


if __name__ == "__main__":
    main()
