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
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=learning_rate), loss="mse", metrics=["mae"])
    return model


def train(model: keras.Model, x: np.ndarray, y: np.ndarray, epochs: int = 10, batch_size: int = 32,
          verbose=0) -> keras.callbacks.History:
    """Fit model on (x, y), keeping the last 20% of samples for validation; return the History."""
    return model.fit(x, y, epochs=epochs, batch_size=batch_size, validation_split=0.2, verbose=verbose)


def evaluate(model: keras.Model, x: np.ndarray, y: np.ndarray) -> dict:
    """Evaluate model on (x, y); return a dict such as {"loss": ..., "mae": ...}."""
    return model.evaluate(x, y, verbose=0, return_dict=True)


def predict(model: keras.Model, x: np.ndarray) -> np.ndarray:
    """The model's predictions for x, as a NumPy array."""
    return model.predict(x, verbose=0)


def final_losses(history: keras.callbacks.History) -> tuple[float, float]:
    """(training loss, validation loss) after the last epoch, as floats."""
    return float(history.history["loss"][-1]), float(history.history["val_loss"][-1])
