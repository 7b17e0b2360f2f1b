"""kerascourse: learn deep learning with Keras 3.

The library half of the project. Import what you need from its modules::

    from kerascourse.preprocessing import one_hot, StandardScaler
    from kerascourse.images import ImageDataGenerator
    from kerascourse.timeseries import make_windows

Importing ``kerascourse`` itself is cheap: it never imports TensorFlow, so the
command line (``kerascourse list``, ``hint``) answers at once.
"""

__version__ = "0.1.0"
