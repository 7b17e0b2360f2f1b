"""Model builders: dense classifiers and regressors, CNNs, VGG16 and transfer learning.

Each submodule is one idea; this package re-exports their public names so that
``from kerascourse.models import build_cnn`` works.
"""
