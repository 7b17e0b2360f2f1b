"""The Keras workflow: compile, fit, evaluate, predict, and read the History.

``compile`` chooses the optimizer, the loss and the metrics; ``fit`` trains and
returns a ``History`` whose ``.history`` dict holds one list per metric (one
value per epoch); ``evaluate`` measures a trained model; ``predict`` runs it.

Run: kerascourse grade ch3 keras_workflow    Hint: kerascourse hint ch3.keras_workflow
"""

import keras
import numpy as np


def compile_model(model: keras.Model, learning_rate: float = 0.1) -> keras.Model:
    """Compile model with SGD at this learning rate, the mean squared error loss and "mae" as metric; return it."""
    raise NotImplementedError("Compile model with SGD at this learning rate, the mean squared error loss and 'mae' as metric; re...")


def train(model: keras.Model, x: np.ndarray, y: np.ndarray, epochs: int = 10, batch_size: int = 32,
          verbose=0) -> keras.callbacks.History:
    """Fit model on (x, y), keeping the last 20% of samples for validation; return the History."""
    raise NotImplementedError("Fit model on (x, y), keeping the last 20% of samples for validation; return the History")


def evaluate(model: keras.Model, x: np.ndarray, y: np.ndarray) -> dict:
    """Evaluate model on (x, y); return a dict such as {"loss": ..., "mae": ...}."""
    raise NotImplementedError("Evaluate model on (x, y); return a dict such as {'loss': ..., 'mae': ...}")


def predict(model: keras.Model, x: np.ndarray) -> np.ndarray:
    """The model's predictions for x, as a NumPy array."""
    raise NotImplementedError("The model's predictions for x, as a NumPy array")


def final_losses(history: keras.callbacks.History) -> tuple[float, float]:
    """(training loss, validation loss) after the last epoch, as floats."""
    raise NotImplementedError("(training loss, validation loss) after the last epoch, as floats")
