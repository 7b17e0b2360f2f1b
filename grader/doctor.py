"""``kerascourse doctor``: what this machine has, in one screen.

Versions, the Keras backend and which of the others are installed, the devices TensorFlow sees, which real datasets
and weights are on disk (kerascourse never downloads them), and the state of
every course pack.
"""

from __future__ import annotations

import os
import platform
from importlib import metadata

from grader.runner import BACKEND_MODULES, backend_installed
from kerascourse.datasets import keras_cache_dir

# Files the real-dataset loaders and build_vgg16(weights="imagenet") look for.
KNOWN_FILES = {
    "datasets/mnist.npz": "MNIST (kerascourse.datasets.load_mnist)",
    "datasets/imdb.npz": "IMDB reviews",
    "datasets/reuters.npz": "Reuters newswires",
    "datasets/boston_housing.npz": "Boston housing",
    "models/vgg16_weights_tf_dim_ordering_tf_kernels.h5": "VGG16 ImageNet weights (with top)",
    "models/vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5": "VGG16 ImageNet weights (no top)",
}


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def doctor(course) -> int:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    console = Console(highlight=False)
    table = Table(title="kerascourse doctor", title_justify="left", show_header=False)
    table.add_column(style="bold")
    table.add_column(overflow="fold")
    table.add_row("Python", f"{platform.python_version()} ({escape(platform.platform())})")
    for name in ("kerascourse", "keras", "tensorflow", "numpy", "scikit-learn", "pandas", "hypothesis",
                 "pytest", "rich", "tf_keras"):
        table.add_row(name, _version(name))
    with console.status("Asking TensorFlow what it sees…"):
        backend, devices, note = _devices()
    table.add_row("Keras backend", backend)
    table.add_row("Backends installed", _backends())
    table.add_row("Devices", devices)
    if note:
        table.add_row("", f"[dim]{escape(note)}[/]")
    cache = keras_cache_dir().parent
    for rel, what in KNOWN_FILES.items():
        path = cache / rel
        state = "[green]found[/]" if path.is_file() else "[dim]missing (offline alternatives are used)[/]"
        table.add_row(what, f"{state}  [dim]{escape(str(path))}[/]")
    for pack in course.packs:
        table.add_row(f"pack {pack.id}", f"[green]ok[/] {escape(pack.title)} {pack.version}: "
                                         f"{len(pack.chapters)} chapter(s)")
    for problem in course.problems:
        table.add_row(f"pack {escape(problem.name)}", f"[bold red]broken:[/] {escape(problem.message)}")
    console.print(table)
    return 1 if course.problems else 0


def _backends() -> str:
    """Each Keras backend the grader can use, with its version or how to install it."""
    from rich.markup import escape

    parts = []
    for backend, module in BACKEND_MODULES.items():
        if backend_installed(backend):
            parts.append(f"[green]{backend} {_version(module)}[/]")
        else:
            hint = escape(f'pip install "kerascourse[{backend}]"')
            parts.append(f"[dim]{backend}: not installed ({hint})[/]")
    return ", ".join(parts) + "  [dim](kerascourse grade CHAPTER --backend NAME)[/]"


def _devices() -> tuple[str, str, str]:
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    try:
        import keras
        import tensorflow as tf
    except Exception as exc:  # noqa: BLE001 - doctor reports, it does not crash
        return "unknown", "TensorFlow does not import", f"{type(exc).__name__}: {exc}"
    gpus = tf.config.list_physical_devices("GPU")
    cpus = tf.config.list_physical_devices("CPU")
    names = [f"CPU x{len(cpus)}"] + [d.name for d in gpus]
    note = "" if gpus else "No GPU visible: everything runs on the CPU (fine for this course)."
    if os.environ.get("CUDA_VISIBLE_DEVICES") in ("-1", ""):
        note = "CUDA_VISIBLE_DEVICES hides the GPUs from TensorFlow."
    return keras.backend.backend(), ", ".join(names), note
