"""Small data sets made in code, for the chapters and the tests.

Every random set is drawn from ``numpy.random.default_rng(seed)``, so the same seed
always gives the same points. Inputs are ``(n, 2)`` float arrays, labels ``(n,)``
integer arrays of 0 and 1.
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
    return X, np.array(GATES[name], dtype=np.int64)


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
    y = (X[:, 0] * X[:, 1] < 0).astype(np.int64)
    return X + noise * rng.normal(size=X.shape), y


def circle(n: int = 200, noise: float = 0.1, seed: int = 0) -> tuple[Array, Array]:
    """A disc of class 1 (radius < 0.5) inside a ring of class 0 (radius 0.7 to 1)."""
    n, noise, rng = _check(n, noise, seed)
    y = np.arange(n) % 2
    radius = np.where(y == 1, rng.uniform(0, 0.5, n), rng.uniform(0.7, 1.0, n))
    angle = rng.uniform(0, 2 * np.pi, n)
    X = np.column_stack([radius * np.cos(angle), radius * np.sin(angle)])
    return X + noise * rng.normal(size=X.shape), y.astype(np.int64)


def gaussians(n: int = 200, noise: float = 0.1, seed: int = 0) -> tuple[Array, Array]:
    """Two round clouds centred at (−0.5, −0.5) (class 0) and (0.5, 0.5) (class 1)."""
    n, noise, rng = _check(n, noise, seed)
    y = np.arange(n) % 2
    centres = np.where(y[:, np.newaxis] == 1, 0.5, -0.5)
    X = centres + (0.2 + noise) * rng.normal(size=(n, 2))
    return X, y.astype(np.int64)


def spiral(n: int = 200, noise: float = 0.1, seed: int = 0) -> tuple[Array, Array]:
    """Two interleaved spiral arms, one per class: hard for a small network."""
    n, noise, rng = _check(n, noise, seed)
    y = np.arange(n) % 2
    t = rng.uniform(0.05, 1.0, n)
    angle = 3 * np.pi * t + np.pi * y
    X = np.column_stack([t * np.cos(angle), t * np.sin(angle)])
    return X + noise * rng.normal(size=X.shape), y.astype(np.int64)
