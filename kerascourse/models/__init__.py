"""Model builders: dense classifiers and regressors, CNNs, VGG16 and transfer learning.

Each submodule is one idea; this package re-exports their public names so that
``from kerascourse.models import build_cnn`` works.
"""

from kerascourse.models.dense import (build_binary_classifier, build_dense_classifier, build_dense_regressor,
                                      loss_for_labels)
from kerascourse.models.kfold import KFoldResult, cross_validate, kfold_indices
