"""The playground's training run (practice chapter 7), without a figure or a control.

``Settings`` holds one choice of every control of ``nnbook.widgets.Playground``, each
checked against the values that control allows; ``TrainingRun`` is what those settings
train: the data set and its split, the network, and one ``train`` run that every step
continues (so the divergence rule of ``train`` covers the whole run); ``write_code``
writes the nnbook code that trains the same network. Numpy only: the widget adds the
controls and the figure.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from numbers import Real
from typing import Any

import numpy as np

from nnbook import datasets
from nnbook.checks import choice, whole_number
from nnbook.loss import evaluate_loss
from nnbook.network import Network
from nnbook.training import History, train

#: The data sets, as named in ``nnbook.datasets``; the last one is regression.
DATASETS = ["circle", "xor", "gaussians", "spiral", "gaussian_bumps"]
REGRESSION_SETS = {"gaussian_bumps"}

#: The hidden layers' activations.
HIDDEN_ACTIVATIONS = ["relu", "tanh", "sigmoid", "identity"]

#: Mini-batch sizes; None is the full batch.
BATCH_SIZES = [1, 2, 4, 8, 16, 32, None]

#: L2 regularisation strengths λ (``train(..., weight_decay=λ)``).
WEIGHT_DECAYS = [0.0, 1e-4, 3e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1]

#: The largest network the hidden-unit map has room for.
MAX_HIDDEN_LAYERS = 3
MAX_UNITS = 8

#: The ranges of the sliders: (lowest, highest).
NOISE_RANGE = (0.0, 0.5)
TEST_FRACTION_RANGE = (0.1, 0.9)
LEARNING_RATE_RANGE = (1e-3, 10.0)

N_POINTS = 200
SEED = 0

#: The square of the input plane the playground shows (every data set fits inside).
PLANE = (-1.5, 1.5, -1.5, 1.5)


def parse_hidden(text: Any) -> tuple[int, ...]:
    """The hidden layer sizes written as ``"4,4"`` (empty: no hidden layer), or a list.

    Raises ``ValueError`` unless ``text`` lists at most 3 whole numbers from 1 to 8,
    separated by commas or spaces.
    """
    parts = text if isinstance(text, (list, tuple)) else str(text).replace(",", " ").split()
    try:
        sizes = [int(part) for part in parts if float(part) == int(part)]
    except (TypeError, ValueError):
        sizes = []
    if len(sizes) != len(parts) or len(sizes) > MAX_HIDDEN_LAYERS or any(not 1 <= s <= MAX_UNITS for s in sizes):
        raise ValueError(
            f"hidden layers: expected up to {MAX_HIDDEN_LAYERS} whole numbers from 1 to {MAX_UNITS} "
            f"separated by commas, such as 4,4 (nothing for no hidden layer), got {text!r}"
        )
    return tuple(sizes)


def _in_range(value: Any, name: str, bounds: tuple[float, float]) -> float:
    low, high = bounds
    if isinstance(value, bool) or not isinstance(value, Real) or not low <= value <= high:
        raise ValueError(f"expected {name} a number from {low:g} to {high:g}, got {value!r}")
    return float(value)


def _one_of(value: Any, name: str, valid: list) -> Any:
    if value not in valid or isinstance(value, bool):
        raise ValueError(f"expected {name} one of {', '.join(map(repr, valid))}, got {value!r}")
    return value


@dataclass(frozen=True)
class Settings:
    """One choice of every playground control, each checked against what its control allows."""

    dataset: str = "circle"
    noise: float = 0.1
    test_fraction: float = 0.3
    hidden: tuple[int, ...] = (4, 4)
    activation: str = "tanh"
    learning_rate: float = 0.1
    batch_size: int | None = 8
    weight_decay: float = 0.0

    def __post_init__(self) -> None:
        check = object.__setattr__  # frozen: the checked values are stored once, here
        check(self, "dataset", choice(self.dataset, "dataset", DATASETS))
        check(self, "noise", round(_in_range(self.noise, "noise", NOISE_RANGE), 2))
        check(self, "test_fraction", round(_in_range(self.test_fraction, "test_fraction", TEST_FRACTION_RANGE), 1))
        check(self, "hidden", parse_hidden(self.hidden))
        check(self, "activation", choice(self.activation, "activation", HIDDEN_ACTIVATIONS))
        check(self, "learning_rate", _in_range(self.learning_rate, "learning_rate", LEARNING_RATE_RANGE))
        check(self, "batch_size", _one_of(self.batch_size, "batch_size (None: the full batch)", BATCH_SIZES))
        check(self, "weight_decay", float(_one_of(self.weight_decay, "weight_decay", WEIGHT_DECAYS)))

    @property
    def regression(self) -> bool:
        return self.dataset in REGRESSION_SETS

    @property
    def loss(self) -> str:
        """The loss ``train`` minimises: ``"mse"`` for regression, else ``"cross_entropy"``."""
        return "mse" if self.regression else "cross_entropy"

    @property
    def output_activation(self) -> str:
        """One sigmoid unit for the classes, an identity unit for regression."""
        return "identity" if self.regression else "sigmoid"

    @property
    def sizes(self) -> list[int]:
        """The network's layer sizes: 2 inputs, the hidden layers, 1 output."""
        return [2, *self.hidden, 1]


class TrainingRun:
    """The data, the network and the training of one ``Settings`` (chapter 7).

    ``X_train, X_test, y_train, y_test`` come from ``datasets.train_test_split``; the
    network is ``Network(settings.sizes, ..., seed=0)``. ``step(epochs)`` continues one
    ``train`` run (``seed=0``), so any number of steps trains exactly as one call with
    all their epochs would. ``train_loss`` and ``test_loss`` hold the loss after every
    epoch, without the L2 penalty so that the two compare; ``history`` is ``train``'s.
    """

    def __init__(self, settings: Settings) -> None:
        if not isinstance(settings, Settings):
            raise TypeError(f"expected playground Settings, got {settings!r}")
        self.settings = settings
        make = getattr(datasets, settings.dataset)
        X, y = make(n=N_POINTS, noise=settings.noise, seed=SEED)
        self.X_train, self.X_test, self.y_train, self.y_test = datasets.train_test_split(
            X, y, test_fraction=settings.test_fraction, seed=SEED
        )
        self.net = Network(
            settings.sizes, activation=settings.activation, output_activation=settings.output_activation, seed=SEED
        )
        self.history: History | None = None
        self.train_loss: list[float] = []
        self.test_loss: list[float] = []

    @property
    def epoch(self) -> int:
        """How many epochs were trained."""
        return len(self.train_loss)

    @property
    def diverged(self) -> bool:
        return self.history is not None and self.history.diverged

    @property
    def message(self) -> str:
        """``History.message``: why training stopped, or empty."""
        return self.history.message if self.history is not None else ""

    def _record(self, epoch: int, net: Network) -> None:
        loss = self.settings.loss
        self.train_loss.append(evaluate_loss(net, self.X_train, self.y_train, loss))
        self.test_loss.append(evaluate_loss(net, self.X_test, self.y_test, loss))

    def step(self, epochs: int = 1) -> None:
        """Train ``epochs`` more epochs, continuing the run (none after a divergence)."""
        s = self.settings
        self.history = train(
            self.net,
            self.X_train,
            self.y_train,
            loss=s.loss,
            learning_rate=s.learning_rate,
            epochs=whole_number(epochs, "epochs", 0),
            batch_size=s.batch_size,
            seed=SEED,
            weight_decay=s.weight_decay,
            callback=self._record,
            history=self.history,
        )

    @property
    def test_accuracy(self) -> float:
        """The fraction of test points on the right side of 0.5 (classification only; NaN for regression)."""
        if self.settings.regression:
            return math.nan
        return float(np.mean((self.net.forward(self.X_test)[:, 0] > 0.5) == self.y_test))


def write_code(settings: Settings, epochs: int) -> str:
    """nnbook code that builds ``settings``' network and trains it ``epochs`` epochs.

    Run in a fresh namespace, it leaves ``net`` with exactly the weights of a
    ``TrainingRun`` of those settings after that many epochs, and prints its losses.
    """
    s = settings
    loss = f'loss="{s.loss}"'
    lr = repr(s.learning_rate)  # repr round-trips: the code uses exactly the slider's value
    return "\n".join(
        [
            "from nnbook import Network, datasets, evaluate_loss, train",
            "",
            f"X, y = datasets.{s.dataset}(n={N_POINTS}, noise={s.noise:.2f}, seed={SEED})",
            "X_train, X_test, y_train, y_test = datasets.train_test_split(",
            f"    X, y, test_fraction={s.test_fraction:.1f}, seed={SEED})",
            f'net = Network({s.sizes}, activation="{s.activation}",',
            f'              output_activation="{s.output_activation}", seed={SEED})',
            f"history = train(net, X_train, y_train, {loss}, learning_rate={lr},",
            f"                epochs={epochs}, batch_size={s.batch_size}, seed={SEED},",
            f"                weight_decay={s.weight_decay:g})",
            "if history.diverged:",
            "    print(history.message)",
            f"train_loss = evaluate_loss(net, X_train, y_train, {loss})",
            f"test_loss = evaluate_loss(net, X_test, y_test, {loss})",
            'print(f"train loss {train_loss:.4f}, test loss {test_loss:.4f}")',
        ]
    )


def roughness(net: Network, extent: tuple[float, float, float, float] = PLANE, resolution: int = 81) -> float:
    """How much ``net``'s output changes between neighbouring points of a grid, on average.

    The mean absolute difference of the output between horizontally and vertically
    adjacent points of a grid over ``extent``: small for a smooth output, large for a
    wiggly one (chapter 7 measures how L2 regularisation smooths the output).
    """
    x1, x2 = np.meshgrid(np.linspace(*extent[:2], resolution), np.linspace(*extent[2:], resolution))
    output = net.forward(np.column_stack([x1.ravel(), x2.ravel()]))[:, 0].reshape(resolution, resolution)
    return float((np.mean(np.abs(np.diff(output, axis=0))) + np.mean(np.abs(np.diff(output, axis=1)))) / 2)
