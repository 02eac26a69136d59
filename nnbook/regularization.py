"""L2 regularisation (weight decay): a penalty on large weights.

Adding ``(λ/2) Σₗ ‖Wₗ‖²`` to the loss (the squared Frobenius norm of every weight
matrix; biases are not penalised) makes gradient descent prefer small weights, which
smooths the function the network computes and reduces overfitting. Its gradient is
simply ``λ·Wₗ``, so each update also shrinks every weight by the factor ``1 − ηλ``:
hence the name *weight decay*. The playground and the digits chapters use it.
"""

from __future__ import annotations

import math
from numbers import Real
from typing import Any

import numpy as np

from nnbook.network import Network


def check_weight_decay(value: Any) -> float:
    """``value`` as a float after checking it is a finite number ``≥ 0`` (0 turns it off)."""
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(f"expected weight_decay to be a number of at least 0, got {value!r}")
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"expected weight_decay to be a finite number of at least 0, got {value!r}")
    return float(value)


def l2_penalty(net: Network, weight_decay: float) -> float:
    """The penalty ``(λ/2) Σₗ ‖Wₗ‖²`` added to the loss; 0 when ``weight_decay`` is 0."""
    if weight_decay == 0:
        return 0.0
    return 0.5 * weight_decay * float(sum(np.sum(layer.W * layer.W) for layer in net.layers))
