"""Figures for the chapters, drawn with matplotlib from the core's own functions.

Nothing here computes mathematics of its own: every value drawn comes from
``nnbook.neuron`` (and, in later chapters, the other core modules), so a figure can
never disagree with the code the chapter shows. Every figure has a title, labelled
axes and, where colour carries a value, a labelled colourbar. Functions return the
figure (and the artists a widget or a test needs) instead of showing it, and use no
randomness, so the same call always draws the same picture.

Figures are made with ``matplotlib.figure.Figure`` rather than ``pyplot`` where they
are owned by a widget, so the notebook backend never shows a stray copy of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import PathCollection
from matplotlib.colorbar import Colorbar
from matplotlib.figure import Figure
from matplotlib.image import AxesImage
from matplotlib.lines import Line2D
from matplotlib.text import Annotation

from nnbook.evaluation import classify
from nnbook.neuron import ACTIVATIONS, Neuron
from nnbook.plots.common import (
    COLORMAP,
    DEFAULT_EXTENT,
    SYMBOLS,
    Extent,
    draw_labelled_points,
    format_number,
    input_grid,
    output_range,
)

Array = np.ndarray

#: The activations a single neuron may use, in the order chapter 1 introduces them.
NEURON_ACTIVATIONS = ("identity", "step", "sigmoid", "tanh", "relu")


#: The equation numbers of chapter 1 for each activation and its derivative.
EQUATIONS = {
    "identity": ("1.2", None),
    "step": ("1.3", None),
    "sigmoid": ("1.4", "1.7"),
    "tanh": ("1.5", "1.8"),
    "relu": ("1.6", "1.9"),
}


# --------------------------------------------------------------------------- activations


def plot_activations(
    names: Sequence[str] = NEURON_ACTIVATIONS,
    z_range: tuple[float, float] = (-4.0, 4.0),
    n_points: int = 801,
    columns: int = 3,
) -> Figure:
    """Each activation ``f(z)`` with its derivative ``f'(z)`` (chapter 1, equations 1.2-1.9).

    One panel per name, ``columns`` panels to a row; the solid curve is the function, the
    dashed one its derivative, both computed by ``nnbook.neuron``. The step function's
    derivative is 0 everywhere except at ``z = 0``, where it does not exist: the panel
    marks the jump with an open and a filled dot instead of drawing a vertical line.
    The panels share one legend (in the grid's first free slot, if there is one) and one
    label per axis.
    """
    names = list(names)
    unknown = [name for name in names if name not in NEURON_ACTIVATIONS]
    if unknown or not names:
        raise ValueError(f"expected activation names from {', '.join(map(repr, NEURON_ACTIVATIONS))}, got {names!r}")
    z = np.linspace(z_range[0], z_range[1], n_points)
    columns = min(columns, len(names))
    rows = -(-len(names) // columns)
    fig, axes = plt.subplots(rows, columns, figsize=(2.6 * columns, 2.4 * rows), squeeze=False, layout="constrained")
    for ax, name in zip(axes.flat[: len(names)], names, strict=True):
        _draw_activation(ax, name, z)
    for ax in axes.flat[len(names) :]:
        ax.set_visible(False)  # an unused slot of the grid
    handles, labels = axes.flat[0].get_legend_handles_labels()
    if len(names) < axes.size:
        spare = axes.flat[len(names)]
        spare.set_visible(True)
        spare.axis("off")
        spare.legend(handles, labels, loc="center", frameon=False)
    else:
        fig.legend(handles, labels, loc="outside right upper", frameon=False)
    fig.supxlabel("weighted sum z")
    fig.supylabel("f(z) and f′(z)")
    fig.suptitle("Activation functions f(z) (solid) and their derivatives f′(z) (dashed)")
    return fig


def _draw_activation(ax: Axes, name: str, z: Array) -> None:
    activation = ACTIVATIONS[name]
    equation, derivative_equation = EQUATIONS.get(name, ("", None))
    if name == "step":
        # Draw the two flat pieces separately: a line joining them would suggest a slope.
        left, right = z < 0, z >= 0
        ax.plot(z[left], activation.function(z[left]), color="C0", label="f(z)")
        ax.plot(z[right], activation.function(z[right]), color="C0")
        ax.plot([0], [0], "o", markerfacecolor="white", color="C0")
        ax.plot([0], [1], "o", color="C0")
        ax.text(0.04, 0.5, "f′(0) undefined", color="C1", fontsize="small", transform=ax.transAxes)
    else:
        ax.plot(z, activation.function(z), color="C0", label="f(z)")
    if activation.derivative is not None:
        ax.plot(z, _break_jumps(activation.derivative(z)), "--", color="C1", label="f′(z)")
    ax.axhline(0, color="0.8", linewidth=0.8, zorder=0)
    ax.axvline(0, color="0.8", linewidth=0.8, zorder=0)
    numbers = f"eq. {equation}" + (f", {derivative_equation}" if derivative_equation else "")
    ax.set_title(f"{name}  ({numbers})")


def _break_jumps(values: Array, jump: float = 0.5) -> Array:
    """``values`` with NaN where they jump, so a plotted curve shows a gap, not a false vertical segment."""
    values = np.array(values, dtype=np.float64)
    values[1:][np.abs(np.diff(values)) > jump] = np.nan
    return values


# --------------------------------------------------------------------------- the decision line


def decision_line(weights: Sequence[float], bias: float, extent: Extent = DEFAULT_EXTENT) -> tuple[Array, Array]:
    """The visible piece of the line ``w₁x₁ + w₂x₂ + b = 0`` (chapter 1, equation 1.10).

    Returns the x₁ and x₂ coordinates of the segment's two ends inside the rectangle
    ``extent = (x₁ min, x₁ max, x₂ min, x₂ max)``, or two empty arrays when the line
    misses the rectangle or does not exist: with ``w₁ = w₂ = 0`` the weighted sum is the
    constant ``b`` and no point of the plane separates the two sides.
    """
    w1, w2 = (float(w) for w in weights)
    b = float(bias)
    x_min, x_max, y_min, y_max = extent
    candidates = []
    # Where the line crosses each of the four sides of the rectangle.
    if w2 != 0:
        for x in (x_min, x_max):
            candidates.append((x, -(w1 * x + b) / w2))
    if w1 != 0:
        for y in (y_min, y_max):
            candidates.append((-(w2 * y + b) / w1, y))
    tolerance = 1e-12 * max(1.0, abs(x_max - x_min), abs(y_max - y_min))
    inside = [
        (x, y)
        for x, y in candidates
        if x_min - tolerance <= x <= x_max + tolerance and y_min - tolerance <= y <= y_max + tolerance
    ]
    # A line meets a convex rectangle in at most one segment: keep its two extreme points.
    if len(inside) < 2:
        return np.array([]), np.array([])
    points = np.array(sorted(set(inside)))
    direction = np.array([-w2, w1])  # along the line: perpendicular to w
    order = points @ direction
    ends = points[[int(np.argmin(order)), int(np.argmax(order))]]
    if np.allclose(ends[0], ends[1]):  # the line only touches a corner
        return np.array([]), np.array([])
    return ends[:, 0] + 0.0, ends[:, 1] + 0.0  # + 0.0 turns -0.0 into 0.0


def output_label(activation: str) -> str:
    """The colourbar label: which function of the weighted sum the colours show."""
    return f"neuron output {SYMBOLS.get(activation, activation)}(w·x + b)"


def equation_text(
    weights: Sequence[float],
    bias: float,
    activation: str,
    max_digits: int = 2,
    inputs: Sequence[str] | None = None,
) -> str:
    """The neuron's formula with its numbers, e.g. ``σ(1.0·x₁ + 1.0·x₂ − 1.5)`` (equation 1.1 inside f).

    ``inputs`` names the inputs (``x₁, x₂, …`` by default; chapter 2 writes ``h₁, h₂``).
    """
    subscripts = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
    if inputs is None:
        inputs = [f"x{str(i).translate(subscripts)}" for i in range(1, len(weights) + 1)]
    terms = [(float(w), f"·{name}") for w, name in zip(weights, inputs, strict=True)]
    terms.append((float(bias), ""))
    text = ""
    for position, (value, suffix) in enumerate(terms):
        number = format_number(value, max_digits)
        negative = number.startswith("-")
        magnitude = number.lstrip("-") + suffix
        if position == 0:
            text = ("−" if negative else "") + magnitude
        else:
            text += (" − " if negative else " + ") + magnitude
    return f"{SYMBOLS.get(activation, activation)}({text})"


# --------------------------------------------------------------------------- a neuron over the plane


@dataclass
class NeuronPlot:
    """The artists of :func:`plot_neuron_output`, for widgets and tests to update or inspect."""

    figure: Figure
    ax: Axes
    image: AxesImage
    colorbar: Colorbar
    line: Line2D
    normal: Annotation
    points: dict[int, PathCollection]
    wrong: PathCollection
    grid: Array
    extent: Extent

    def update(self, neuron: Neuron, data: tuple[Any, Any] | None = None, title: str | None = None) -> int | None:
        """Redraw ``self`` in place for ``neuron`` (and ``data``); return how many points are right.

        Only the artists' data change (``set_data``, ``set_offsets``, ``set_clim``): the figure,
        its axes and colourbar stay, which is what lets a widget redraw quickly. Returns
        ``None`` when there is no data.
        """
        resolution = int(np.sqrt(self.grid.shape[0]))
        outputs = np.asarray(neuron(self.grid)).reshape(resolution, resolution)
        self.image.set_data(outputs)
        self.image.set_clim(*output_range(neuron.activation, outputs))
        self.colorbar.set_label(output_label(neuron.activation))
        xs, ys = decision_line(neuron.weights, neuron.bias, self.extent)
        self.line.set_data(xs, ys)
        _place_normal(self.normal, neuron.weights, xs, ys)
        n_right = _draw_points(self, neuron, data)
        self.ax.set_title(
            title
            if title is not None
            else f"{neuron.activation} neuron: output = {equation_text(neuron.weights, neuron.bias, neuron.activation)}"
        )
        legend_handles = [self.line] + ([self.points[1], self.points[0], self.wrong] if data is not None else [])
        # Below the axes, so it never covers the part of the plane where the data are.
        self.ax.legend(
            handles=legend_handles,
            loc="upper center",
            bbox_to_anchor=(0.5, -0.14),
            ncols=2,
            fontsize="small",
            frameon=False,
        )
        return n_right


def plot_neuron_output(
    neuron: Neuron,
    ax: Axes | None = None,
    data: tuple[Any, Any] | None = None,
    extent: Extent = DEFAULT_EXTENT,
    resolution: int = 201,
    title: str | None = None,
) -> NeuronPlot:
    """A two-input neuron's output as a colour map over the input plane (chapter 1).

    The colours are ``neuron(x)`` at every point ``x = (x₁, x₂)`` of ``extent``, computed
    by ``nnbook.Neuron``. The black line is the **decision line** ``w·x + b = 0``
    (equation 1.10). It is drawn for every activation because it is the same set in all
    of them: it is where the step function jumps from 0 to 1, where the sigmoid equals
    1/2, where tanh and the identity equal 0 and where ReLU starts to rise from 0, i.e.
    the level ``f(0)`` of any of them. The arrow on it is the weight vector ``w``
    (normalised to length 0.5), which is perpendicular to the line and points to the side
    where ``w·x + b > 0``. With ``w = 0`` there is no line (the output is the same
    everywhere) and the line and arrow are left empty.

    ``data = (X, y)`` adds labelled points, such as a truth table: ``X`` of shape
    ``(n, 2)`` and ``y`` of 0s and 1s. A point counts as classified right when the
    neuron puts it on the side its label says: ``w·x + b ≥ 0`` for label 1 (the step
    function's convention, equation 1.3), ``< 0`` for label 0; wrong points get a red
    cross.

    Returns a :class:`NeuronPlot` holding the figure and every artist.
    """
    if neuron.weights.size != 2:
        raise ValueError(f"expected a neuron with 2 inputs to draw over the plane, got {neuron.weights.size}")
    if ax is None:
        figure = Figure(figsize=(5.6, 4.4), layout="constrained")
        ax = figure.add_subplot()
    else:
        figure = ax.figure
    _, _, grid = input_grid(extent, resolution)
    image = ax.imshow(np.zeros((resolution, resolution)), origin="lower", extent=extent, cmap=COLORMAP, aspect="equal")
    colorbar = figure.colorbar(image, ax=ax)
    (line,) = ax.plot([], [], color="black", linewidth=2, label="decision line w·x + b = 0")
    normal = ax.annotate(
        "w",
        xy=(0, 0),
        xytext=(0, 0),
        arrowprops={"arrowstyle": "<|-", "color": "black", "linewidth": 1.5, "mutation_scale": 15},
        fontsize=12,
        fontweight="bold",
        ha="center",
        va="center",
    )
    points = {
        1: ax.scatter(
            [], [], marker="o", s=90, c="white", edgecolors="black", linewidths=1.5, label="label 1", zorder=3
        ),
        0: ax.scatter(
            [], [], marker="s", s=80, c="black", edgecolors="white", linewidths=1.0, label="label 0", zorder=3
        ),
    }
    wrong = ax.scatter([], [], marker="x", s=200, c="red", linewidths=2.5, label="wrong side", zorder=4)
    ax.set_xlim(extent[0], extent[1])
    ax.set_ylim(extent[2], extent[3])
    ax.set_xlabel("input x₁")
    ax.set_ylabel("input x₂")
    plot = NeuronPlot(figure, ax, image, colorbar, line, normal, points, wrong, grid, extent)
    plot.update(neuron, data, title)
    return plot


def _draw_points(plot: NeuronPlot, neuron: Neuron, data: tuple[Any, Any] | None) -> int | None:
    return draw_labelled_points(plot.points, plot.wrong, data, lambda X: classify(neuron, X))


def _place_normal(normal: Annotation, weights: Array, xs: Array, ys: Array, length: float = 0.5) -> None:
    """Put the arrow ``w/‖w‖ · length`` at the middle of the visible decision line, or hide it."""
    norm = float(np.hypot(*weights))
    if xs.size == 0 or norm == 0:
        normal.set_visible(False)
        return
    # A quarter of the way along the segment rather than its middle: the middle of a gate's
    # line is often right beside a truth-table corner, and the arrow would hide it.
    foot = 0.75 * np.array([xs[0], ys[0]]) + 0.25 * np.array([xs[1], ys[1]])
    tip = foot + length * np.asarray(weights) / norm
    # The annotation's arrow runs from the label "w" (xytext) to xy; arrowstyle "<-" puts its head at the label.
    normal.xy = tuple(foot)
    normal.set_position(tuple(tip))
    normal.set_visible(True)
