"""Input checks shared by the whole package.

Every public function validates what it is given *before* doing any work and raises a
``ValueError`` (or ``TypeError`` for a value of the wrong kind) whose message says what
was expected and what was given. Nothing here is part of the mathematics of the book;
it is what keeps a reader's typo from turning into a NaN flood or a numpy broadcasting
error from deep inside a function.
"""

from __future__ import annotations

import math
from numbers import Integral, Real
from typing import Any

import numpy as np


def as_float_array(value: Any, name: str) -> np.ndarray:
    """Return ``value`` as a float64 array, refusing non-numeric or non-finite data."""
    try:
        array = np.asarray(value)
    except (ValueError, TypeError) as error:  # ragged nested lists, for instance
        raise ValueError(f"expected {name} to be a rectangular array of numbers, got {value!r}") from error
    if array.dtype.kind not in "biuf":
        raise TypeError(f"expected {name} to hold real numbers, got an array of dtype {array.dtype}")
    array = array.astype(np.float64, copy=False)
    if not np.all(np.isfinite(array)):
        bad = np.count_nonzero(~np.isfinite(array))
        raise ValueError(f"expected {name} to hold finite numbers, got {bad} NaN or infinite value(s)")
    return array


def as_batch(X: Any, n_columns: int, name: str = "X", what: str = "the input size") -> tuple[np.ndarray, bool]:
    """Return ``X`` as an ``(n, n_columns)`` float array, and whether it was one sample.

    A 1-D ``X`` of length ``n_columns`` is one sample; it is returned as a batch of one.
    """
    array = as_float_array(X, name)
    single = array.ndim == 1
    if single:
        if array.shape[0] != n_columns:
            raise ValueError(f"expected one sample {name} of length {n_columns} ({what}), got shape {array.shape}")
        return array[np.newaxis, :], True
    if array.ndim != 2 or array.shape[1] != n_columns:
        raise ValueError(f"expected {name} with {n_columns} columns ({what}), got shape {array.shape}")
    if array.shape[0] == 0:
        raise ValueError(f"expected at least one sample in {name}, got an empty batch of shape {array.shape}")
    return array, False


def positive_real(value: Any, name: str) -> float:
    """Return ``value`` as a float after checking it is a finite number above zero."""
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(f"expected {name} to be a positive number, got {value!r}")
    if not math.isfinite(value) or value <= 0:
        raise ValueError(f"expected {name} to be a finite number above 0, got {value!r}")
    return float(value)


def whole_number(value: Any, name: str, minimum: int) -> int:
    """Return ``value`` as an int after checking it is a whole number ``>= minimum``."""
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(f"expected {name} to be a whole number, got {value!r}")
    if not isinstance(value, Integral) and not (math.isfinite(value) and float(value).is_integer()):
        raise ValueError(f"expected {name} to be a whole number, got {value!r}")
    if value < minimum:
        raise ValueError(f"expected {name} to be at least {minimum}, got {value!r}")
    return int(value)


def optional_seed(seed: Any) -> int | None:
    """Check a random seed: ``None`` or a non-negative whole number."""
    if seed is None:
        return None
    return whole_number(seed, "seed", 0)


def choice(value: Any, name: str, valid: list[str]) -> str:
    """Check that ``value`` is one of the strings in ``valid``; the message lists them."""
    if not isinstance(value, str) or value not in valid:
        raise ValueError(f"unknown {name} {value!r}; expected one of {', '.join(map(repr, valid))}")
    return value
