"""The playground's training run (practice chapter 7), without a figure or a control.

``Settings`` holds one choice of every control of ``nnbook.widgets.Playground``, each
checked against the values that control allows, and reads and writes them as a share
link (``Settings.url``, ``Settings.from_url``); ``TrainingRun`` is what those settings
train: the data set and its split, the chosen input features, the network, and one
``train`` run that every step continues (so the divergence rule of ``train`` covers
the whole run); ``write_code`` writes the nnbook code that trains the same network.
Numpy only: the widget adds the controls and the figure.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from numbers import Real
from typing import Any
from urllib.parse import quote, unquote

import numpy as np

from nnbook import datasets
from nnbook.checks import choice, whole_number
from nnbook.evaluation import accuracy
from nnbook.loss import evaluate_loss
from nnbook.network import Network
from nnbook.training import History, train

#: The data sets, as named in ``nnbook.datasets``; the last two are regression.
DATASETS = ["circle", "xor", "gaussians", "spiral", "gaussian_bumps", "plane"]
REGRESSION_SETS = {"gaussian_bumps", "plane"}

#: The input features (``nnbook.datasets.FEATURES``), computed from x₁ and x₂.
FEATURES = list(datasets.FEATURES)

#: The hidden layers' activations.
HIDDEN_ACTIVATIONS = ["relu", "tanh", "sigmoid", "identity"]

#: Mini-batch sizes; None is the full batch.
BATCH_SIZES = [1, 2, 4, 8, 16, 32, None]

#: The penalties: none, L1 (``train(..., l1=λ)``), L2 (``train(..., weight_decay=λ)``).
REGULARIZATIONS = ["none", "l1", "l2"]

#: Regularisation strengths λ.
REGULARIZATION_RATES = [0.0, 1e-4, 3e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1]

#: The largest network: up to 6 hidden layers of up to 8 units.
MAX_HIDDEN_LAYERS = 6
MAX_UNITS = 8

#: The ranges of the sliders and number boxes: (lowest, highest).
NOISE_RANGE = (0.0, 0.5)
TEST_RATIO_RANGE = (0.1, 0.9)
LEARNING_RATE_RANGE = (1e-3, 10.0)
SEED_RANGE = (0, 9999)
EPOCHS_PER_STEP_RANGE = (1, 10)

N_POINTS = 200

#: The page a share link opens: the chapter's page. The page sets its own whole address
#: here when it runs the playground (live/inpage/nnbook_inpage.py), so its links are
#: whole links a reader can hand on.
SHARE_URL = "07_playground.html"

#: The longest share link read; anything longer is refused before it is parsed.
MAX_URL_LENGTH = 1000

#: The square of the input plane the playground shows (every data set fits inside).
PLANE = (-1.5, 1.5, -1.5, 1.5)


def parse_hidden(text: Any) -> tuple[int, ...]:
    """The hidden layer sizes written as ``"4,4"`` (empty: no hidden layer), or a list.

    Raises ``ValueError`` unless ``text`` lists at most 6 whole numbers from 1 to 8,
    separated by commas or spaces.
    """
    if isinstance(text, (list, tuple)):
        parts = list(text)
    else:
        parts = str(text)[:100].replace(",", " ").split()
    sizes = []
    for part in parts:
        if isinstance(part, bool) or not isinstance(part, (int, str, np.integer)):
            break
        if isinstance(part, str) and not re.fullmatch(r"\d{1,2}", part):
            break
        sizes.append(int(part))
    if len(sizes) != len(parts) or len(sizes) > MAX_HIDDEN_LAYERS or any(not 1 <= s <= MAX_UNITS for s in sizes):
        shown = text if len(repr(text)) <= 60 else f"{repr(text)[:60]}…"
        raise ValueError(
            f"hidden layers: expected up to {MAX_HIDDEN_LAYERS} whole numbers from 1 to {MAX_UNITS} "
            f"separated by commas, such as 4,4 (nothing for no hidden layer), got {shown!r}"
        )
    return tuple(sizes)


def _in_range(value: Any, name: str, bounds: tuple[float, float]) -> float:
    low, high = bounds
    if isinstance(value, bool) or not isinstance(value, Real) or not low <= value <= high:
        raise ValueError(f"expected {name} a number from {low:g} to {high:g}, got {value!r}")
    return float(value)


def _one_of(value: Any, name: str, valid: list) -> Any:
    if isinstance(value, bool) or value not in valid:
        raise ValueError(f"expected {name} one of {', '.join(map(repr, valid))}, got {value!r}")
    return value


def _whole_in_range(value: Any, name: str, bounds: tuple[int, int]) -> int:
    low, high = bounds
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or not low <= value <= high:
        raise ValueError(f"expected {name} a whole number from {low} to {high}, got {value!r}")
    return int(value)


def _flag(value: Any, name: str) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"expected {name} True or False, got {value!r}")
    return value


@dataclass(frozen=True)
class Settings:
    """One choice of every playground control, each checked against what its control allows.

    The names are the arguments of ``nnbook.widgets.Playground``. ``discretize``,
    ``show_test_data`` and ``epochs_per_step`` change what is shown and how much a
    step trains, not the run itself (:meth:`same_run`).
    """

    dataset: str = "circle"
    features: tuple[str, ...] = ("x1", "x2")
    hidden: tuple[int, ...] = (4, 4)
    activation: str = "tanh"
    regularization: str = "none"
    regularization_rate: float = 0.0
    learning_rate: float = 0.1
    batch_size: int | None = 8
    noise: float = 0.1
    test_ratio: float = 0.3
    seed: int = 0
    discretize: bool = False
    show_test_data: bool = True
    epochs_per_step: int = 2

    def __post_init__(self) -> None:
        check = object.__setattr__  # frozen: the checked values are stored once, here
        check(self, "dataset", choice(self.dataset, "dataset", DATASETS))
        chosen = datasets.check_features(self.features)
        check(self, "features", tuple(name for name in FEATURES if name in chosen))  # the check boxes' order
        check(self, "hidden", parse_hidden(self.hidden))
        check(self, "activation", choice(self.activation, "activation", HIDDEN_ACTIVATIONS))
        check(self, "regularization", choice(self.regularization, "regularization", REGULARIZATIONS))
        rate = _one_of(self.regularization_rate, "regularization_rate", REGULARIZATION_RATES)
        check(self, "regularization_rate", float(rate))
        check(self, "learning_rate", _in_range(self.learning_rate, "learning_rate", LEARNING_RATE_RANGE))
        check(self, "batch_size", _one_of(self.batch_size, "batch_size (None: the full batch)", BATCH_SIZES))
        check(self, "noise", round(_in_range(self.noise, "noise", NOISE_RANGE), 2))
        check(self, "test_ratio", round(_in_range(self.test_ratio, "test_ratio", TEST_RATIO_RANGE), 1))
        check(self, "seed", _whole_in_range(self.seed, "seed", SEED_RANGE))
        check(self, "discretize", _flag(self.discretize, "discretize"))
        check(self, "show_test_data", _flag(self.show_test_data, "show_test_data"))
        check(self, "epochs_per_step", _whole_in_range(self.epochs_per_step, "epochs_per_step", EPOCHS_PER_STEP_RANGE))

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
        """The network's layer sizes: one input per feature, the hidden layers, 1 output."""
        return [len(self.features), *self.hidden, 1]

    @property
    def penalty(self) -> dict[str, float]:
        """The keyword ``train`` takes for the penalty: ``{"l1": λ}``, ``{"weight_decay": λ}``
        or nothing."""
        if self.regularization == "none":
            return {}
        return {"l1" if self.regularization == "l1" else "weight_decay": self.regularization_rate}

    def same_run(self, other: Settings) -> bool:
        """Whether ``other`` trains the same run (it may differ in what is shown)."""
        view = {"discretize", "show_test_data", "epochs_per_step"}
        return all(getattr(self, f.name) == getattr(other, f.name) for f in fields(self) if f.name not in view)

    # ------------------------------------------------------------------ the share link

    def query(self) -> str:
        """The settings as a link's query, ``dataset=circle&features=x1,x2&…`` (readable)."""
        return "&".join(f"{name}={quote(_write(getattr(self, name)), safe=',()*')}" for name in _NAMES)

    def url(self, base: str = SHARE_URL) -> str:
        """The share link: ``base`` (the chapter's page) and :meth:`query`."""
        return f"{base}?{self.query()}"

    @classmethod
    def from_url(cls, url: str) -> Settings:
        """The settings a share link (or just its query) holds; see :func:`read_query`."""
        return cls(**read_query(url))


_NAMES = [f.name for f in fields(Settings)]


def _write(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "all"  # the full batch
    if isinstance(value, tuple):
        return ",".join(map(str, value))
    return repr(value) if isinstance(value, float) else str(value)


_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d{1,3})?")
_MAX_VALUE_LENGTH = 120


def _read(name: str, text: str) -> Any:
    """One setting's value from its text in a link, before ``Settings`` checks it."""
    if name in ("features",):
        return tuple(text.split(",")) if text else ()
    if name == "hidden":
        return parse_hidden(text)
    if name in ("discretize", "show_test_data"):
        if text not in ("true", "false"):
            raise ValueError(f"expected {name} true or false in the link, got {text!r}")
        return text == "true"
    if name == "batch_size" and text == "all":
        return None
    if name in ("batch_size", "seed", "epochs_per_step"):
        if not re.fullmatch(r"\d{1,6}", text):
            raise ValueError(f"expected {name} a whole number in the link, got {text!r}")
        return int(text)
    if name in ("regularization_rate", "learning_rate", "noise", "test_ratio"):
        if not _NUMBER.fullmatch(text):
            raise ValueError(f"expected {name} a number in the link, got {text!r}")
        return float(text)
    return text


def read_query(url: Any) -> dict[str, Any]:
    """The settings a share link holds, by name, each read from its text and checked.

    ``url`` is a whole link (``…/07_playground.html?dataset=spiral&hidden=8,8``), its
    query, or a fragment (``#dataset=spiral``). Settings it leaves out keep their
    defaults. Raises ``ValueError`` naming the setting for an unknown or repeated name,
    a value that is not what its control allows, or a link that is too long, before
    anything is built: the link carries settings, never code.
    """
    if not isinstance(url, str):
        raise ValueError(f"expected a share link as a string, got {type(url).__name__}")
    if len(url) > MAX_URL_LENGTH:
        raise ValueError(f"expected a share link of at most {MAX_URL_LENGTH} characters, got {len(url)}")
    if "?" in url:
        query = url.split("?", 1)[1].split("#", 1)[0]
    elif "#" in url:
        query = url.split("#", 1)[1]
    else:  # a bare query, or a page without settings
        query = url if "=" in url else ""
    found: dict[str, Any] = {}
    for pair in filter(None, query.split("&")):
        name, equals, text = pair.partition("=")
        name = unquote(name)
        if name not in _NAMES:
            shown = name if len(name) <= 40 else f"{name[:40]}…"
            raise ValueError(f"unknown setting {shown!r} in the link; expected names from {', '.join(_NAMES)}")
        if name in found:
            raise ValueError(f"setting {name} appears twice in the link")
        text = unquote(text)
        if not equals or len(text) > _MAX_VALUE_LENGTH:
            raise ValueError(f"expected {name}=value with a value of at most {_MAX_VALUE_LENGTH} characters")
        found[name] = _read(name, text)
    Settings(**found)  # every value checked against its control, with its name in the message
    return found


def discretise(output: np.ndarray, regression: bool) -> np.ndarray:
    """The output rounded to the two classes: 0 or 1 (classification), −1 or 1 (regression).

    The playground's "discretise output" colours the plane by the decision only: the
    class on each side of 0.5, or the sign of a regression output.
    """
    if regression:
        return np.where(output > 0, 1.0, -1.0)
    return np.where(output >= 0.5, 1.0, 0.0)


class TrainingRun:
    """The data, the network and the training of one ``Settings`` (chapter 7).

    ``X_train, X_test, y_train, y_test`` come from ``datasets.train_test_split`` (the
    points x₁, x₂); ``F_train``, ``F_test`` are their chosen features
    (``datasets.features``), which the network ``Network(settings.sizes, ...,
    seed=settings.seed)`` gets as input. ``step(epochs)`` continues one ``train`` run,
    so any number of steps trains exactly as one call with all their epochs would.
    ``train_losses`` and ``test_losses`` hold the loss after every epoch, without the
    penalty so that the two compare; ``train_loss`` and ``test_loss`` are the current
    ones; ``history`` is ``train``'s.
    """

    def __init__(self, settings: Settings) -> None:
        if not isinstance(settings, Settings):
            raise TypeError(f"expected playground Settings, got {settings!r}")
        self.settings = s = settings
        make = getattr(datasets, s.dataset)
        X, y = make(n=N_POINTS, noise=s.noise, seed=s.seed)
        self.X_train, self.X_test, self.y_train, self.y_test = datasets.train_test_split(
            X, y, test_fraction=s.test_ratio, seed=s.seed
        )
        self.F_train = datasets.features(self.X_train, s.features)
        self.F_test = datasets.features(self.X_test, s.features)
        self.net = Network(s.sizes, activation=s.activation, output_activation=s.output_activation, seed=s.seed)
        self.history: History | None = None
        self.train_losses: list[float] = []
        self.test_losses: list[float] = []
        self.edits: list[tuple[int, str]] = []  # (epoch, the line of code) of each hand edit
        self._now = (self._loss(self.F_train, self.y_train), self._loss(self.F_test, self.y_test))

    def _loss(self, F: np.ndarray, y: np.ndarray) -> float:
        return evaluate_loss(self.net, F, y, self.settings.loss)

    @property
    def epoch(self) -> int:
        """How many epochs were trained."""
        return len(self.train_losses)

    @property
    def train_loss(self) -> float:
        """The training loss now (of the weights as they are, after the last epoch or edit)."""
        return self._now[0]

    @property
    def test_loss(self) -> float:
        """The test loss now (of the weights as they are, after the last epoch or edit)."""
        return self._now[1]

    def edited(self, code: str) -> None:
        """Note that the reader set a weight of ``net`` by hand (``code`` is that line of
        nnbook code, such as ``net.layers[0].W[1, 0] = 0.3``): :func:`write_code` replays it
        at this epoch, and the current losses are those of the edited weights."""
        self.edits.append((self.epoch, code))
        self._now = (self._loss(self.F_train, self.y_train), self._loss(self.F_test, self.y_test))

    @property
    def diverged(self) -> bool:
        return self.history is not None and self.history.diverged

    @property
    def message(self) -> str:
        """``History.message``: why training stopped, or empty."""
        return self.history.message if self.history is not None else ""

    def _record(self, epoch: int, net: Network) -> None:
        self._now = (self._loss(self.F_train, self.y_train), self._loss(self.F_test, self.y_test))
        self.train_losses.append(self._now[0])
        self.test_losses.append(self._now[1])

    def step(self, epochs: int = 1) -> None:
        """Train ``epochs`` more epochs, continuing the run (none after a divergence)."""
        s = self.settings
        self.history = train(
            self.net,
            self.F_train,
            self.y_train,
            loss=s.loss,
            learning_rate=s.learning_rate,
            epochs=whole_number(epochs, "epochs", 0),
            batch_size=s.batch_size,
            seed=s.seed,
            callback=self._record,
            history=self.history,
            **s.penalty,
        )

    @property
    def test_accuracy(self) -> float:
        """The fraction of test points classified right (``nnbook.accuracy``; NaN for
        regression)."""
        if self.settings.regression:
            return math.nan
        return accuracy(self.net, self.F_test, self.y_test)

    def output(self, X: np.ndarray) -> np.ndarray:
        """The network's output at the points ``X`` ``(n, 2)``: their features, forward."""
        return self.net.forward(datasets.features(X, self.settings.features))[:, 0]


def validation_losses(
    settings: Settings, rates: Any, epochs: int, validation_ratio: float = 0.25
) -> dict[float, float]:
    """The validation loss of each regularisation strength λ in ``rates`` (chapter 7).

    A validation part (``validation_ratio`` of the training set, by
    ``datasets.train_test_split`` with the settings' seed) is carved out of
    ``TrainingRun(settings)``'s training set; for each λ a fresh network (the same
    initial weights) trains ``epochs`` epochs with the settings' penalty of strength λ
    on the rest, and its loss on the validation part is returned. The test set is not
    touched: choose λ by these numbers, then train on the whole training set and
    measure the test loss once.
    """
    if settings.regularization == "none":
        raise ValueError("expected settings with regularization 'l1' or 'l2' to choose its strength, got 'none'")
    epochs = whole_number(epochs, "epochs", 1)
    rates = [_one_of(rate, "each rate", REGULARIZATION_RATES) for rate in rates]
    whole = TrainingRun(settings)
    F_fit, F_val, y_fit, y_val = datasets.train_test_split(
        whole.F_train, whole.y_train, test_fraction=validation_ratio, seed=settings.seed
    )
    losses = {}
    for rate in rates:
        s = replace(settings, regularization_rate=float(rate))
        net = Network(s.sizes, activation=s.activation, output_activation=s.output_activation, seed=s.seed)
        train(
            net, F_fit, y_fit, loss=s.loss, learning_rate=s.learning_rate, epochs=epochs,
            batch_size=s.batch_size, seed=s.seed, **s.penalty,
        )  # fmt: skip
        losses[float(rate)] = evaluate_loss(net, F_val, y_val, s.loss)
    return losses


def write_code(settings: Settings, epochs: int, edits: Sequence[tuple[int, str]] = ()) -> str:
    """nnbook code that builds ``settings``' network and trains it ``epochs`` epochs.

    ``edits`` are the weights set by hand, ``(epoch, line of code)`` as
    ``TrainingRun.edits`` holds them: each line runs after that many epochs, and the
    training goes on from there (``train(..., history=history)`` continues one run).
    Run in a fresh namespace, the code leaves ``net`` with exactly the weights of such a
    ``TrainingRun`` after that many epochs, and prints its losses (and, for
    classification, its test accuracy).
    """
    s = settings
    loss = f'loss="{s.loss}"'
    lr = repr(s.learning_rate)  # repr round-trips: the code uses exactly the slider's value
    penalty = "".join(f", {name}={value!r}" for name, value in s.penalty.items())
    training: list[str] = []
    done, trained = 0, False

    def train_until(epoch: int) -> None:
        nonlocal done, trained
        more = ", history=history" if trained else ""  # the same run, continued
        training.extend([
            f"history = train(net, F_train, y_train, {loss}, learning_rate={lr},",
            f"                epochs={epoch - done}, batch_size={s.batch_size}, seed={s.seed}{penalty}{more})",
        ])  # fmt: skip
        done, trained = epoch, True

    for epoch, line in edits:
        if epoch > done:
            train_until(epoch)
        training.append(line)
    if epochs > done or not trained:
        train_until(max(epochs, done))
    lines = [
        "from nnbook import Network, accuracy, datasets, evaluate_loss, train",
        "",
        f"X, y = datasets.{s.dataset}(n={N_POINTS}, noise={s.noise!r}, seed={s.seed})",
        "X_train, X_test, y_train, y_test = datasets.train_test_split(",
        f"    X, y, test_fraction={s.test_ratio!r}, seed={s.seed})",
        f"features = [{', '.join(f'{chr(34)}{name}{chr(34)}' for name in s.features)}]",
        "F_train = datasets.features(X_train, features)",
        "F_test = datasets.features(X_test, features)",
        f'net = Network({s.sizes}, activation="{s.activation}",',
        f'              output_activation="{s.output_activation}", seed={s.seed})',
        *training,
        "if history.diverged:",
        "    print(history.message)",
        f"train_loss = evaluate_loss(net, F_train, y_train, {loss})",
        f"test_loss = evaluate_loss(net, F_test, y_test, {loss})",
        'print(f"train loss {train_loss:.4f}, test loss {test_loss:.4f}")',
    ]
    if not s.regression:
        lines += [
            "test_accuracy = accuracy(net, F_test, y_test)",
            'print(f"test accuracy {test_accuracy:.3f}")',
        ]
    return "\n".join(lines)


def roughness(
    net: Network,
    extent: tuple[float, float, float, float] = PLANE,
    resolution: int = 81,
    features: Any = ("x1", "x2"),
) -> float:
    """How much ``net``'s output changes between neighbouring points of a grid, on average.

    The mean absolute difference of the output between horizontally and vertically
    adjacent points of a grid over ``extent`` (the network gets each point's
    ``features``): small for a smooth output, large for a wiggly one (chapter 7
    measures how regularisation smooths the output).
    """
    x1, x2 = np.meshgrid(np.linspace(*extent[:2], resolution), np.linspace(*extent[2:], resolution))
    inputs = datasets.features(np.column_stack([x1.ravel(), x2.ravel()]), features)
    output = net.forward(inputs)[:, 0].reshape(resolution, resolution)
    return float((np.mean(np.abs(np.diff(output, axis=0))) + np.mean(np.abs(np.diff(output, axis=1)))) / 2)
