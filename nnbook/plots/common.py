"""What the figures of every chapter share: the plane, colours, number formats, axis steps.

One module, so that no chapter's figures borrow from another's: the type of an extent
and the grid over it, the colour scale of an activation's outputs, the red message box
that says a run diverged, axis limits that move in steps, and labelled points with the
misclassified ones crossed.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import PathCollection
from matplotlib.text import Text

Array = np.ndarray

Extent = tuple[float, float, float, float]

#: The square the chapter draws a two-input neuron on: the truth table's corners with room around them.
DEFAULT_EXTENT: Extent = (-1.0, 2.0, -1.0, 2.0)

COLORMAP = "coolwarm"

#: How each activation is written in formulas (the chapter's notation).
SYMBOLS = {"identity": "id", "step": "H", "sigmoid": "σ", "tanh": "tanh", "relu": "ReLU"}

MESSAGE_COLOUR = "#b00020"


def input_grid(extent: Extent = DEFAULT_EXTENT, resolution: int = 201) -> tuple[Array, Array, Array]:
    """A ``resolution × resolution`` grid over ``extent``: (x₁ values, x₂ values, points ``(n, 2)``).

    The points are ordered row by row (x₂ fixed, x₁ varying), so the outputs reshape to
    the ``(resolution, resolution)`` image that ``imshow(origin="lower")`` expects.
    """
    x1 = np.linspace(extent[0], extent[1], resolution)
    x2 = np.linspace(extent[2], extent[3], resolution)
    X1, X2 = np.meshgrid(x1, x2)
    return x1, x2, np.column_stack([X1.ravel(), X2.ravel()])


def output_range(activation: str, values: Array) -> tuple[float, float]:
    """The colour scale for an activation's outputs: its true range where it has one.

    step and sigmoid live in [0, 1] and tanh in [-1, 1], so their colours mean the same
    in every picture. identity and relu are unbounded: their scale follows the values
    drawn, symmetric around 0 so that 0 (the level of the decision line) stays white.
    """
    if activation in ("step", "sigmoid"):
        return 0.0, 1.0
    if activation == "tanh":
        return -1.0, 1.0
    largest = float(np.max(np.abs(values))) if values.size else 0.0
    largest = largest if largest > 0 else 1.0  # a flat zero image still needs a non-empty scale
    # Symmetric for relu too: its zero region is then white, like the other side of the line.
    return -largest, largest


def format_number(value: float, max_digits: int = 2) -> str:
    """``value`` rounded to ``max_digits`` decimals, keeping at least one: 1.0, 1.25, 0.1.

    Slider values such as 0.30000000000000004 print as 0.3, and ``-0.0`` as 0.0.
    """
    text = f"{float(value):.{max_digits}f}".rstrip("0")
    text = text + "0" if text.endswith(".") else text
    return "0.0" if text in ("-0.0", "-0") else text


def nice_limit(value: float) -> float:
    """The smallest of 1, 2, 5, 10, 20, 50, … that is at least ``value`` (a positive number).

    An axis that ends there changes only when ``value`` passes the next step: the curve
    grows across a steady axis instead of being stretched to fill it at every change.
    """
    power = 10.0 ** np.floor(np.log10(value))
    return next(step * power for step in (1.0, 2.0, 5.0, 10.0) if step * power >= value)


def message_box(ax: Axes, alpha: float = 0.9) -> Text:
    """A hidden red message in the axes' top-left corner (divergence is said in words, never drawn as NaN)."""
    return ax.text(
        0.03,
        0.97,
        "",
        transform=ax.transAxes,
        va="top",
        ha="left",
        fontsize=8.5,
        color=MESSAGE_COLOUR,
        bbox={"facecolor": "white", "alpha": alpha, "edgecolor": MESSAGE_COLOUR, "boxstyle": "round"},
        visible=False,
    )


def draw_labelled_points(
    points: dict[int, PathCollection],
    wrong: PathCollection,
    data: tuple[Any, Any] | None,
    classes_of: Any,
) -> int | None:
    """Show ``data = (X, y)`` as points by label and cross those ``classes_of(X)`` gets wrong.

    Returns how many points are right (None, and nothing drawn, when ``data`` is None).
    Chapter 1 classifies with one neuron, chapter 2 with a network.
    """
    empty = np.empty((0, 2))
    if data is None:
        for collection in (*points.values(), wrong):
            collection.set_offsets(empty)
        return None
    X = np.asarray(data[0], dtype=np.float64).reshape(-1, 2)
    y = np.asarray(data[1]).reshape(-1)
    if X.shape[0] != y.shape[0]:
        raise ValueError(f"expected one label per point, got {X.shape[0]} points and {y.shape[0]} labels")
    for label, collection in points.items():
        collection.set_offsets(X[y == label] if np.any(y == label) else empty)
    right = classes_of(X) == y
    wrong.set_offsets(X[~right] if np.any(~right) else empty)
    return int(np.count_nonzero(right))
