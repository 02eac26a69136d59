"""Figures for the handwritten-digits chapter: images, confusion matrix, weights, curves.

Every value drawn comes from the core (``nnbook.evaluation``, ``nnbook.Network``); the
functions return the figure and draw no random choices, so the same call draws the same
picture. Every figure has a title and labelled axes (an image grid labels each image).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from nnbook.evaluation import misclassified
from nnbook.network import Network

Array = np.ndarray

#: The side of a digit image in pixels: a row of 64 numbers is an 8×8 picture.
SIDE = 8


def as_image(row: Any) -> Array:
    """One sample of 64 pixels as the 8×8 image it came from (row by row)."""
    row = np.asarray(row, dtype=np.float64)
    if row.shape != (SIDE * SIDE,):
        raise ValueError(f"expected 64 pixel values (an 8×8 image), got shape {row.shape}")
    return row.reshape(SIDE, SIDE)


def plot_digits(X: Any, captions: Sequence[str], title: str, columns: int = 10, cmap: str = "gray_r") -> Figure:
    """A grid of 8×8 images, one per row of ``X``, each captioned (``captions[i]``)."""
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2 or X.shape[1] != SIDE * SIDE or X.shape[0] == 0:
        raise ValueError(f"expected a non-empty batch of 64-pixel images, got shape {X.shape}")
    if len(captions) != X.shape[0]:
        raise ValueError(f"expected one caption per image, got {len(captions)} for {X.shape[0]} images")
    columns = max(1, min(columns, X.shape[0]))
    rows = -(-X.shape[0] // columns)
    fig, axes = plt.subplots(
        rows, columns, figsize=(1.1 * columns, 1.3 * rows + 0.5), squeeze=False, layout="constrained"
    )
    for ax, row, caption in zip(axes.flat, X, captions, strict=False):
        ax.imshow(as_image(row), cmap=cmap, vmin=0.0, vmax=1.0)
        ax.set_title(caption, fontsize=8)
        ax.set_xticks([])
        ax.set_yticks([])
    for ax in axes.flat[X.shape[0] :]:
        ax.set_visible(False)
    fig.suptitle(title)
    return fig


def plot_confusion_matrix(matrix: Any, title: str = "Confusion matrix on the test set") -> Figure:
    """The confusion matrix as a grid of counts: rows the true digit, columns the predicted one.

    The diagonal (right answers) is coloured by count; every cell shows its number, and
    the off-diagonal cells that are not zero (the mistakes) are outlined in red.
    """
    matrix = np.asarray(matrix)
    if matrix.ndim != 2 or matrix.shape[0] != matrix.shape[1] or matrix.dtype.kind not in "iu":
        raise ValueError(f"expected a square matrix of integer counts, got shape {matrix.shape}, dtype {matrix.dtype}")
    k = matrix.shape[0]
    fig, ax = plt.subplots(figsize=(5.6, 5.0), layout="constrained")
    image = ax.imshow(matrix, cmap="Blues")
    threshold = matrix.max() / 2
    for i in range(k):
        for j in range(k):
            count = int(matrix[i, j])
            colour = "white" if count > threshold else ("tab:red" if i != j and count else "black")
            ax.text(
                j,
                i,
                str(count),
                ha="center",
                va="center",
                color=colour,
                fontsize=9,
                fontweight="bold" if i != j and count else "normal",
            )
    ax.set_xticks(range(k))
    ax.set_yticks(range(k))
    ax.set_xlabel("predicted digit")
    ax.set_ylabel("true digit")
    ax.set_title(title)
    fig.colorbar(image, ax=ax, label="number of test images", shrink=0.8)
    return fig


def plot_misclassified(net: Network, X: Any, y: Any, limit: int = 20, columns: int = 10) -> Figure:
    """The first ``limit`` test images ``net`` gets wrong, captioned "true 3 → 8"."""
    X, y = np.asarray(X, dtype=np.float64), np.asarray(y)
    wrong, predicted = misclassified(net, X, y)
    if wrong.size == 0:
        raise ValueError("the network classifies every sample right: there is nothing to show")
    wrong, predicted = wrong[:limit], predicted[:limit]
    captions = [f"true {y[i]} → {p}" for i, p in zip(wrong, predicted, strict=True)]
    return plot_digits(
        X[wrong], captions, f"Test images the network gets wrong ({len(wrong)} shown): true → predicted", columns
    )


def plot_first_layer_weights(net: Network, units: int = 16, columns: int = 8) -> Figure:
    """The incoming weights of the first ``units`` hidden neurons, each drawn as an 8×8 image.

    Row ``j`` of the first layer's ``W`` holds one weight per pixel; red pixels push
    unit ``j``'s weighted sum up, blue ones down, on one colour scale shared by all units.
    """
    W = net.layers[0].W
    if W.shape[1] != SIDE * SIDE:
        raise ValueError(f"expected a network reading 64 pixels, got one with {W.shape[1]} inputs")
    units = max(1, min(units, W.shape[0]))
    limit = float(np.abs(W[:units]).max())
    columns = min(columns, units)
    rows = -(-units // columns)
    fig, axes = plt.subplots(
        rows, columns, figsize=(1.2 * columns + 0.8, 1.3 * rows + 0.5), squeeze=False, layout="constrained"
    )
    image = None
    for j, ax in enumerate(axes.flat):
        if j >= units:
            ax.set_visible(False)
            continue
        image = ax.imshow(as_image(W[j]), cmap="RdBu_r", vmin=-limit, vmax=limit)
        ax.set_title(f"unit {j}", fontsize=8)
        ax.set_xticks([])
        ax.set_yticks([])
    fig.colorbar(image, ax=axes, label="weight", shrink=0.8)
    fig.suptitle(f"Incoming weights of {units} hidden units, one 8×8 image per unit")
    return fig


def plot_learning_curves(curves: Mapping[str, Sequence[float]], title: str, best_epoch: int | None = None) -> Figure:
    """Loss (left) and accuracy (right) on the training and validation sets after each epoch.

    ``curves`` holds lists ``train_loss``, ``validation_loss``, ``train_accuracy`` and
    ``validation_accuracy`` of equal length (epoch 1, 2, …); ``best_epoch`` is marked with a
    dotted vertical line (the early-stopping choice).
    """
    keys = ["train_loss", "validation_loss", "train_accuracy", "validation_accuracy"]
    missing = [key for key in keys if key not in curves]
    if missing:
        raise ValueError(f"expected curves {', '.join(keys)}; missing {', '.join(missing)}")
    lengths = {len(curves[key]) for key in keys}
    if len(lengths) != 1 or 0 in lengths:
        raise ValueError("expected the four curves to be non-empty and of equal length")
    epochs = np.arange(1, lengths.pop() + 1)
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.6), layout="constrained")
    left.plot(epochs, curves["train_loss"], label="training set")
    left.plot(epochs, curves["validation_loss"], label="validation set")
    left.set_xlabel("epoch")
    left.set_ylabel("cross-entropy loss")
    left.set_title("Loss")
    right.plot(epochs, np.asarray(curves["train_accuracy"]) * 100, label="training set")
    right.plot(epochs, np.asarray(curves["validation_accuracy"]) * 100, label="validation set")
    right.set_xlabel("epoch")
    right.set_ylabel("accuracy (%)")
    right.set_title("Accuracy")
    for ax in (left, right):
        if best_epoch is not None:
            ax.axvline(best_epoch, color="gray", linestyle=":", label=f"lowest validation loss (epoch {best_epoch})")
        ax.legend()
        ax.grid(alpha=0.3)
    fig.suptitle(title)
    return fig
