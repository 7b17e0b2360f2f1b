"""Model builders: dense classifiers and regressors, CNNs, VGG16 and transfer learning.

Each submodule is one idea; this package re-exports their public names so that
``from kerascourse.models import build_cnn`` works.
"""

from kerascourse.models.dense import (build_binary_classifier, build_dense_classifier, build_dense_regressor,
                                      loss_for_labels)
from kerascourse.models.kfold import KFoldResult, cross_validate, kfold_indices

from kerascourse.models.transfer import (
    FineTuningWarning,
    extract_features,
    feature_extractor,
    trainable_param_count,
    transfer_model,
    unfreeze,
)
from kerascourse.models.vgg import (
    VGG16_SPEC,
    WeightsNotFoundError,
    build_vgg16,
    conv2d_params,
    dense_params,
    imagenet_weights_path,
    preprocess_input,
    vgg16_flatten_size,
    vgg16_layer_table,
    vgg16_param_count,
)
from kerascourse.models.cnn import CIFAR_BLOCKS, build_cifar_cnn, build_cnn, conv_output_size, flatten_size
