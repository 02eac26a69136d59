"""Small data sets made in code, for the chapters and the tests.

Every random set is drawn from ``numpy.random.default_rng(seed)``, so the same seed
always gives the same points. Inputs are ``(n, 2)`` float arrays, labels ``(n,)``
arrays of 0 and 1 in numpy's index type ``np.intp`` (int64 on a 64-bit machine, int32 in
live mode's WebAssembly), which every numpy function that counts or indexes accepts.
"""

from __future__ import annotations

from numbers import Real
from typing import Any

import numpy as np

from nnbook.checks import choice, optional_seed, whole_number

Array = np.ndarray

GATES = {
    "and": [0, 0, 0, 1],
    "or": [0, 1, 1, 1],
    "nand": [1, 1, 1, 0],
    "nor": [1, 0, 0, 0],
    "xor": [0, 1, 1, 0],
}


def logic_gate(name: str) -> tuple[Array, Array]:
    """The truth table of a two-input gate (chapter 1): inputs ``(4, 2)``, outputs ``(4,)``.

    ``name`` is one of ``and``, ``or``, ``nand``, ``nor``, ``xor``; the rows are
    (0, 0), (0, 1), (1, 0), (1, 1).
    """
    name = choice(name, "gate", list(GATES))
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float64)
    return X, np.array(GATES[name], dtype=np.intp)


def _check(n: Any, noise: Any, seed: Any) -> tuple[int, float, np.random.Generator]:
    n = whole_number(n, "n", 2)
    if isinstance(noise, bool) or not isinstance(noise, Real) or not 0 <= noise < np.inf:
        raise ValueError(f"expected noise to be a finite number of at least 0, got {noise!r}")
    return n, float(noise), np.random.default_rng(optional_seed(seed))


def xor(n: int = 200, noise: float = 0.1, seed: int = 0) -> tuple[Array, Array]:
    """Points in the four quadrants of [-1, 1]²; label 1 where x₁ and x₂ differ in sign."""
    n, noise, rng = _check(n, noise, seed)
    X = rng.uniform(-1, 1, size=(n, 2))
    X += np.sign(X) * 0.1  # a margin around the axes, so the classes do not touch
    y = (X[:, 0] * X[:, 1] < 0).astype(np.intp)
    return X + noise * rng.normal(size=X.shape), y


def circle(n: int = 200, noise: float = 0.1, seed: int = 0) -> tuple[Array, Array]:
    """A disc of class 1 (radius < 0.5) inside a ring of class 0 (radius 0.7 to 1)."""
    n, noise, rng = _check(n, noise, seed)
    y = np.arange(n) % 2
    radius = np.where(y == 1, rng.uniform(0, 0.5, n), rng.uniform(0.7, 1.0, n))
    angle = rng.uniform(0, 2 * np.pi, n)
    X = np.column_stack([radius * np.cos(angle), radius * np.sin(angle)])
    return X + noise * rng.normal(size=X.shape), y.astype(np.intp)


def gaussians(n: int = 200, noise: float = 0.1, seed: int = 0) -> tuple[Array, Array]:
    """Two round clouds centred at (−0.5, −0.5) (class 0) and (0.5, 0.5) (class 1)."""
    n, noise, rng = _check(n, noise, seed)
    y = np.arange(n) % 2
    centres = np.where(y[:, np.newaxis] == 1, 0.5, -0.5)
    X = centres + (0.2 + noise) * rng.normal(size=(n, 2))
    return X, y.astype(np.intp)


def spiral(n: int = 200, noise: float = 0.1, seed: int = 0) -> tuple[Array, Array]:
    """Two interleaved spiral arms, one per class: hard for a small network."""
    n, noise, rng = _check(n, noise, seed)
    y = np.arange(n) % 2
    t = rng.uniform(0.05, 1.0, n)
    angle = 3 * np.pi * t + np.pi * y
    X = np.column_stack([t * np.cos(angle), t * np.sin(angle)])
    return X + noise * rng.normal(size=X.shape), y.astype(np.intp)


def gaussian_bumps(n: int = 200, noise: float = 0.1, seed: int = 0) -> tuple[Array, Array]:
    """A regression set: real-valued targets, a positive and a negative bump over [-1, 1]².

    The inputs are uniform in the square; the target of a point ``x`` is
    ``exp(−‖x − c₊‖² / 0.18) − exp(−‖x − c₋‖² / 0.18)`` with ``c₊ = (0.4, 0.4)`` and
    ``c₋ = (−0.4, −0.4)`` (two Gaussians of width 0.3), plus ``noise`` times a standard
    normal. Targets are float ``(n,)``, between about −1 and 1: fit them with an identity
    output and the mean squared error.
    """
    n, noise, rng = _check(n, noise, seed)
    X = rng.uniform(-1, 1, size=(n, 2))
    up = np.exp(-np.sum((X - 0.4) ** 2, axis=1) / 0.18)
    down = np.exp(-np.sum((X + 0.4) ** 2, axis=1) / 0.18)
    return X, up - down + noise * rng.normal(size=n)


def plane(n: int = 200, noise: float = 0.1, seed: int = 0) -> tuple[Array, Array]:
    """A regression set: the tilted plane ``y = (x₁ + x₂)/2`` over [-1, 1]², plus noise.

    The inputs are uniform in the square; the targets are float ``(n,)``, between −1 and
    1 before ``noise`` times a standard normal is added. A network without a hidden
    layer and with an identity output fits it exactly (chapter 7).
    """
    n, noise, rng = _check(n, noise, seed)
    X = rng.uniform(-1, 1, size=(n, 2))
    return X, X.sum(axis=1) / 2 + noise * rng.normal(size=n)


# --------------------------------------------------------------------------- input features

#: The input features the playground offers, computed from the two inputs x₁, x₂.
FEATURES = {
    "x1": lambda x1, x2: x1,
    "x2": lambda x1, x2: x2,
    "x1^2": lambda x1, x2: x1 * x1,
    "x2^2": lambda x1, x2: x2 * x2,
    "x1*x2": lambda x1, x2: x1 * x2,
    "sin(x1)": lambda x1, x2: np.sin(x1),
    "sin(x2)": lambda x1, x2: np.sin(x2),
}


def check_features(names: Any) -> tuple[str, ...]:
    """``names`` as a tuple after checking it lists distinct names from ``FEATURES``."""
    valid = ", ".join(map(repr, FEATURES))
    if isinstance(names, str) or not isinstance(names, (list, tuple)):
        raise ValueError(f"expected features as a list of names from {valid}, got {names!r}")
    unknown = [name for name in names if not isinstance(name, str) or name not in FEATURES]
    if unknown:
        raise ValueError(f"unknown features {unknown!r}; expected names from {valid}")
    if not names or len(set(names)) != len(names):
        raise ValueError(f"expected features to name at least one feature, each once, got {list(names)!r}")
    return tuple(names)


def features(X: Any, names: Any) -> Array:
    """The chosen input features of the points ``X``: one column per name, in that order.

    ``X`` is ``(n, 2)`` (the inputs x₁, x₂); ``names`` come from ``FEATURES``, such as
    ``["x1^2", "x2^2"]``. The result ``(n, len(names))`` is what the network gets as
    its input: with the squares a single neuron can draw a circle (chapter 7).
    """
    names = check_features(names)
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(f"expected X with 2 columns (x1, x2), got shape {X.shape}")
    x1, x2 = X[:, 0], X[:, 1]
    return np.column_stack([FEATURES[name](x1, x2) for name in names])


# --------------------------------------------------------------------------- real data


def digits_path() -> str:
    """Where nnbook keeps its copy of the handwritten digits (``nnbook/data/digits.csv.gz``).

    The file is the one scikit-learn ships (``sklearn/datasets/data/digits.csv.gz``), byte
    for byte: 1,797 rows of 64 pixel counts and a label. nnbook carries it so that the data
    need neither scikit-learn nor a download, in a reader's browser too. Raises
    ``FileNotFoundError`` if an installation lost the file.
    """
    from pathlib import Path

    path = Path(__file__).resolve().parent / "data" / "digits.csv.gz"
    if not path.is_file():
        raise FileNotFoundError(f"expected nnbook's copy of the digits at {path}; reinstall nnbook")
    return str(path)


def digits() -> tuple[Array, Array]:
    """The 1,797 handwritten digits (8×8 pixels) of the UCI collection.

    Returns ``X`` of shape ``(1797, 64)``, float64 in [0, 1] (the pixel counts 0…16
    divided by 16; row ``i`` reshaped to ``(8, 8)`` is the image), and ``y`` of shape
    ``(1797,)``, the labels 0…9 as numpy's index type ``np.intp`` (int64 on a 64-bit
    machine, int32 in live mode's WebAssembly, where ``np.bincount`` refuses int64).
    These are the numbers of ``sklearn.datasets.load_digits()`` (whose pixels run
    0…16), read with numpy alone from the package's copy of scikit-learn's file
    (:func:`digits_path`); nothing is downloaded. They are the test part of the UCI
    "Optical Recognition of Handwritten Digits" set (Alpaydin and Kaynak, 1998).
    """
    data = np.loadtxt(digits_path(), delimiter=",")
    return data[:, :-1] / 16.0, data[:, -1].astype(np.intp)


def train_test_split(
    X: Any,
    y: Any,
    test_fraction: float = 0.25,
    seed: int | None = 0,
    stratify: bool = False,
) -> tuple[Array, Array, Array, Array]:
    """Split ``X``, ``y`` at random into ``X_train, X_test, y_train, y_test``.

    The order is scikit-learn's. ``round(test_fraction · n)`` samples (at least one,
    and at least one left for training) go to the test part, drawn from
    ``numpy.random.default_rng(seed)``: the same seed always gives the same split, and
    no sample is in both parts. ``test_fraction`` lies strictly between 0 and 1.

    Without ``stratify`` both parts keep the original order of their samples, and
    ``y`` may hold any values (regression targets too). With ``stratify=True`` the
    labels ``y`` must be integers: each class gives ``round(test_fraction · n_class)``
    of its samples, so both parts have the class proportions of the whole, and both
    are returned shuffled.
    """
    X = np.asarray(X)
    y = np.asarray(y)
    if X.ndim < 1 or y.ndim != 1:
        raise ValueError(f"expected X with one row per sample and 1-D labels y, got shapes {X.shape} and {y.shape}")
    if X.shape[0] != y.shape[0]:
        raise ValueError(f"expected as many labels as samples, got {X.shape[0]} samples and {y.shape[0]} labels")
    if isinstance(test_fraction, bool) or not isinstance(test_fraction, Real) or not 0 < test_fraction < 1:
        raise ValueError(f"expected test_fraction strictly between 0 and 1, got {test_fraction!r}")
    if not isinstance(stratify, bool):
        raise TypeError(f"expected stratify to be True or False, got {stratify!r}")
    if stratify and y.dtype.kind not in "iu":
        raise ValueError(f"expected integer class labels y to stratify by, got an array of dtype {y.dtype}")
    rng = np.random.default_rng(optional_seed(seed))
    if stratify:  # one group per class
        groups = [np.flatnonzero(y == label) for label in np.unique(y)]
    else:
        groups = [np.arange(y.shape[0])]
    test: list[Array] = []
    train: list[Array] = []
    for members in groups:
        if members.size < 2:
            what = f"class {y[members[0]]} has" if stratify else "got"
            raise ValueError(f"expected at least 2 samples to split, {what} {members.size}")
        members = rng.permutation(members)
        k = min(max(round(test_fraction * members.size), 1), members.size - 1)
        test.append(members[:k])
        train.append(members[k:])
    if stratify:
        test_index = rng.permutation(np.concatenate(test))
        train_index = rng.permutation(np.concatenate(train))
    else:
        train_index, test_index = np.sort(train[0]), np.sort(test[0])
    return X[train_index], X[test_index], y[train_index], y[test_index]
