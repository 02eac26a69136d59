"""Measuring a classifier: its predictions, the side of its boundary, accuracy, confusion matrix.

A network with a softmax output predicts the class with the largest probability; one
with a single sigmoid output predicts 1 when its output is at least 0.5. ``accuracy``
and ``confusion_matrix`` take either a network with its data (``net, X, y``) or
predictions already made (``predictions, y``); ``misclassified`` lists what a network
gets wrong; ``classify`` is the side of the decision boundary a point lies on (chapters 1
and 2). Numpy only; the figures of chapters 1, 2 and 8 draw what these compute.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from nnbook.checks import whole_number
from nnbook.network import Network
from nnbook.neuron import Neuron, step

Array = np.ndarray


def predict(net: Network, X: Any) -> Array:
    """The class ``net`` predicts for each row of ``X``, an ``np.intp`` array of shape ``(n,)``.

    Softmax (or any multi-unit) output: the index of the largest output, ``argmax``.
    One output unit: 1 where the output is at least 0.5, else 0. One sample of shape
    ``(n_in,)`` gives a 0-d result.
    """
    if not isinstance(net, Network):
        raise TypeError(f"expected a nnbook.Network, got {type(net).__name__}")
    output = net.forward(X)
    if net.n_outputs == 1:
        labels = (output[..., 0] >= 0.5).astype(np.intp)
    else:
        labels = np.argmax(output, axis=-1).astype(np.intp)
    return labels


def _labels(value: Any, name: str) -> Array:
    array = np.asarray(value)
    if array.ndim != 1:
        raise ValueError(f"expected {name} as a 1-D array of class labels, got shape {array.shape}")
    if array.size == 0:
        raise ValueError(f"expected at least one label in {name}, got an empty array")
    if array.dtype.kind == "f":
        if not np.all(np.isfinite(array)) or not np.all(array == np.round(array)):
            raise ValueError(f"expected {name} to hold whole-number class labels, got {array[:5]!r}…")
    elif array.dtype.kind not in "iub":
        raise ValueError(f"expected {name} to hold integer class labels, got an array of dtype {array.dtype}")
    array = array.astype(np.int64)
    if array.min() < 0:
        raise ValueError(f"expected class labels of at least 0 in {name}, got {array.min()}")
    return array


def _pair(net_or_predictions: Any, X_or_labels: Any, labels: Any) -> tuple[Array, Array]:
    """``(predicted, true)`` labels from ``(net, X, y)`` or ``(predictions, y)``."""
    if isinstance(net_or_predictions, Network):
        if labels is None:
            raise ValueError("expected the true labels: call it as (net, X, y)")
        predicted, true = predict(net_or_predictions, X_or_labels), _labels(labels, "y")
        if predicted.ndim == 0:
            predicted = predicted.reshape(1)
    else:
        if labels is not None:
            raise ValueError("expected (predictions, y) or (net, X, y); got three arguments without a network")
        predicted, true = _labels(net_or_predictions, "predictions"), _labels(X_or_labels, "y")
    if predicted.shape != true.shape:
        raise ValueError(
            f"expected as many predictions as labels, got {predicted.size} predictions and {true.size} labels"
        )
    return predicted, true


def accuracy(net_or_predictions: Any, X_or_labels: Any, labels: Any = None) -> float:
    """The fraction of samples classified right, between 0 and 1.

    ``accuracy(net, X, y)`` predicts with :func:`predict`; ``accuracy(predictions, y)``
    compares labels already predicted.
    """
    predicted, true = _pair(net_or_predictions, X_or_labels, labels)
    return float(np.mean(predicted == true))


def confusion_matrix(
    net_or_predictions: Any, X_or_labels: Any, labels: Any = None, n_classes: int | None = None
) -> Array:
    """Counts ``C[i, j]`` of samples of true class ``i`` predicted as class ``j``.

    Called as ``confusion_matrix(net, X, y)`` or ``confusion_matrix(predictions, y)``;
    the rows are the true classes and the columns the predicted ones (scikit-learn's
    convention), so the diagonal holds the right answers and ``C.sum()`` is the number
    of samples. ``n_classes`` defaults to the network's output count (at least 2), or to
    one more than the largest label seen.
    """
    predicted, true = _pair(net_or_predictions, X_or_labels, labels)
    largest = int(max(predicted.max(), true.max()))
    if n_classes is None:
        if isinstance(net_or_predictions, Network):
            n_classes = max(net_or_predictions.n_outputs, 2)
        else:
            n_classes = largest + 1
    n_classes = whole_number(n_classes, "n_classes", 1)
    if largest >= n_classes:
        raise ValueError(f"expected class labels below n_classes = {n_classes}, got the label {largest}")
    matrix = np.zeros((n_classes, n_classes), dtype=np.int64)
    np.add.at(matrix, (true, predicted), 1)
    return matrix


def classify(model: Neuron | Network, X: Any) -> Array:
    """The side of the decision boundary each row of ``X`` lies on: 1 where ``z ≥ 0``, else 0.

    For a ``Neuron``, ``z = w·x + b`` (equation 1.3: the step function of the weighted
    sum, whatever the neuron's own activation); for a ``Network`` with one output unit,
    ``z`` is that unit's weighted sum, which for a sigmoid output is ``F(x) ≥ 1/2``.
    """
    if isinstance(model, Neuron):
        z = model.weighted_sum(np.asarray(X, dtype=np.float64).reshape(-1, model.weights.size))
    elif isinstance(model, Network):
        if model.n_outputs != 1:
            raise ValueError(f"expected a network with 1 output unit to classify by its sign, got sizes {model.sizes}")
        z = model.forward_pass(X).weighted_sums[-1][:, 0]
    else:
        raise TypeError(f"expected an nnbook.Neuron or nnbook.Network, got {type(model).__name__}")
    return step(z).astype(np.int64)


def misclassified(net: Network, X: Any, y: Any) -> tuple[Array, Array]:
    """The indices of the samples ``net`` gets wrong (by :func:`predict`), and its predictions for them."""
    predicted = predict(net, X)
    wrong = np.flatnonzero(predicted != _labels(y, "y"))
    return wrong, predicted[wrong]


def nearest_neighbour(X_train: Any, y_train: Any, X: Any) -> Array:
    """The label of the closest training row, for each row of ``X`` (eq. 8.1).

    ``ŷ(x) = y_{i*}`` with ``i* = argmin_i ‖x − x_i‖²`` over the training rows
    ``x_i``: no weights, no training, only distances. As
    ``‖x − x_i‖² = ‖x‖² − 2 x·x_i + ‖x_i‖²`` and ``‖x‖²`` is the same for
    every ``i``, the closest row minimises ``‖x_i‖² − 2 x·x_i``: one matrix
    product for all of ``X``. A tie goes to the earliest training row.
    """
    X_train, y_train, X = _neighbour_data(X_train, y_train, X)
    squared_norms = np.sum(X_train * X_train, axis=1)
    closest = np.argmin(squared_norms - 2.0 * X @ X_train.T, axis=1)
    return y_train[closest].astype(np.intp)


def _neighbour_data(X_train: Any, y_train: Any, X: Any) -> tuple[Array, Array, Array]:
    X_train, X = _rows(X_train, "X_train"), _rows(X, "X")
    y_train = _labels(y_train, "y_train")
    if y_train.shape[0] != X_train.shape[0]:
        raise ValueError(
            f"expected one label per training row, got {X_train.shape[0]} rows and {y_train.shape[0]} labels"
        )
    if X.shape[1] != X_train.shape[1]:
        raise ValueError(f"expected X with {X_train.shape[1]} columns (as X_train), got shape {X.shape}")
    return X_train, y_train, X


def _rows(value: Any, name: str) -> Array:
    raw = np.asarray(value)
    if raw.dtype.kind not in "iufb" or raw.ndim != 2 or raw.shape[0] == 0:
        given = f"shape {raw.shape}" if raw.dtype.kind in "iufb" else f"dtype {raw.dtype}"
        raise ValueError(f"expected {name} as a non-empty 2-D array of numbers, one row per sample, got {given}")
    array = raw.astype(np.float64)
    if not np.all(np.isfinite(array)):
        raise ValueError(f"expected finite numbers in {name}, got NaN or infinity")
    return array
