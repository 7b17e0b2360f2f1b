"""Pictures that teach: training curves, image grids, forecasts, saved as PNG.

Every function takes an optional ``path``; when given, the figure is written there
as a PNG and the path is returned. Matplotlib runs with the non-interactive Agg
backend, so plots work on a machine with no screen.
"""

from kerascourse.plots._forecast import forecast  # noqa: E402
from kerascourse.plots._training import activation_functions, decision_line, loss_parabola, training_curves  # noqa: E402
from kerascourse.plots._images import augmented_grid, image_grid  # noqa: E402
