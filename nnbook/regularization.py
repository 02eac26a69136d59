"""Regularisation: a penalty on large weights, L2 (weight decay) and L1.

* L2 adds ``(λ/2) Σ_ℓ ‖W^(ℓ)‖²`` to the loss (the squared Frobenius norm of every
  weight matrix; biases are not penalised). Its gradient is simply ``λ·W^(ℓ)``, so
  each update also shrinks every weight by the factor ``1 − ηλ``: hence the name
  *weight decay* (``train(..., weight_decay=λ)``). It smooths the function the
  network computes and reduces overfitting.
* L1 adds ``λ Σ_ℓ Σ_jk |W^(ℓ)_jk|`` (``train(..., l1=λ)``). Its gradient is
  ``λ·sign(W^(ℓ))`` (a subgradient: 0 where a weight is exactly 0), so each update
  moves every weight by the same ``ηλ`` towards 0, however small it already is: L1
  drives the weights the data does not need to (near) zero, L2 only shrinks them.

The playground (chapter 7) offers both; the digits chapter uses L2.
"""

from __future__ import annotations

import math
from numbers import Real
from typing import Any

import numpy as np

from nnbook.network import Network


def check_strength(value: Any, name: str) -> float:
    """``value`` as a float after checking it is a finite number ``≥ 0`` (0 turns it off)."""
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(f"expected {name} to be a number of at least 0, got {value!r}")
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"expected {name} to be a finite number of at least 0, got {value!r}")
    return float(value)


def check_weight_decay(value: Any) -> float:
    """The L2 strength λ, checked by :func:`check_strength`."""
    return check_strength(value, "weight_decay")


def check_l1(value: Any) -> float:
    """The L1 strength λ, checked by :func:`check_strength`."""
    return check_strength(value, "l1")


def l2_penalty(net: Network, weight_decay: float) -> float:
    """The penalty ``(λ/2) Σ_ℓ ‖W^(ℓ)‖²`` added to the loss; 0 when λ is 0."""
    if weight_decay == 0:
        return 0.0
    squares = sum(np.sum(layer.W * layer.W) for layer in net.layers)
    return 0.5 * weight_decay * float(squares)


def l1_penalty(net: Network, l1: float) -> float:
    """The penalty ``λ Σ_ℓ Σ_jk |W^(ℓ)_jk|`` added to the loss; 0 when λ is 0."""
    if l1 == 0:
        return 0.0
    return l1 * float(sum(np.sum(np.abs(layer.W)) for layer in net.layers))


def penalty_gradient(W: np.ndarray, weight_decay: float, l1: float) -> np.ndarray | float:
    """The penalties' gradient by ``W``: ``λ₂·W + λ₁·sign(W)`` (sign(0) = 0)."""
    gradient: np.ndarray | float = 0.0
    if weight_decay:
        gradient = weight_decay * W
    if l1:
        gradient = gradient + l1 * np.sign(W)
    return gradient
