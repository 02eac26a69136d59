"""Chapter 2's figures: a network drawn as a graph, its output over the plane, its hidden space.

Every value drawn comes from ``nnbook.network`` (``Network.forward`` and
``Network.forward_pass``) or, for the output unit seen in hidden coordinates, from
``nnbook.Neuron``: no figure computes mathematics of its own. Functions return a small
dataclass holding the figure and the artists a widget or a test needs, and an
``update_…`` function redraws those artists in place when the weights change.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.colorbar import Colorbar
from matplotlib.figure import Figure
from matplotlib.image import AxesImage
from matplotlib.lines import Line2D
from matplotlib.text import Text

from nnbook.evaluation import classify
from nnbook.network import Network
from nnbook.neuron import Neuron
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
from nnbook.plots.neuron import NeuronPlot, decision_line, equation_text, plot_neuron_output

Array = np.ndarray

#: Edge colours of the network diagram: the two ends of the colour map the planes use.
POSITIVE_COLOR = "#b40426"
NEGATIVE_COLOR = "#3b4cc0"
ZERO_COLOR = "0.75"

#: The widest layer :func:`plot_network_diagram` draws unit by unit.
MAX_DRAWN_UNITS = 12

#: How each hidden unit's line is drawn over the input plane: (colour, line style).
HIDDEN_LINE_STYLES = [("black", "-"), ("black", "--"), ("#1b7837", "-."), ("#762a83", ":")]

_SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
_SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def subscript(number: int) -> str:
    """``12`` as ``₁₂``."""
    return str(number).translate(_SUBSCRIPTS)


def superscript(number: int) -> str:
    """``2`` as ``²``."""
    return str(number).translate(_SUPERSCRIPTS)


def unit_names(sizes: list[int]) -> list[list[str]]:
    """The names the chapter gives each unit: inputs ``x₁…``, hidden ``h₁…``, output ``y`` or ``y₁…``.

    With more than one hidden layer the hidden units carry their layer as a superscript
    (``h¹₁``, ``h²₁``).
    """
    names = [[f"x{subscript(i + 1)}" for i in range(sizes[0])]]
    hidden_layers = len(sizes) - 2
    for layer, size in enumerate(sizes[1:-1], start=1):
        mark = superscript(layer) if hidden_layers > 1 else ""
        names.append([f"h{mark}{subscript(j + 1)}" for j in range(size)])
    names.append(["y"] if sizes[-1] == 1 else [f"y{subscript(j + 1)}" for j in range(sizes[-1])])
    return names


def edge_width(weight: float) -> float:
    """Line width of an edge: grows with ``|w|`` on a fixed scale, so a picture's widths compare with another's."""
    return 0.6 + 1.1 * min(abs(float(weight)), 8.0)


def edge_color(weight: float) -> str:
    """Red for a positive weight, blue for a negative one, grey for zero."""
    return POSITIVE_COLOR if weight > 0 else NEGATIVE_COLOR if weight < 0 else ZERO_COLOR


def formula_text(weights: Any, bias: float, activation: str, inputs: list[str]) -> str:
    """A unit's formula with its numbers, such as ``ReLU(1.0·x₁ + 1.0·x₂ − 2.0)`` (equation 2.1, one row)."""
    return equation_text(weights, bias, activation, inputs=inputs)


# --------------------------------------------------------------------------- the network as a graph


@dataclass
class NetworkDiagram:
    """The artists of :func:`plot_network_diagram`.

    ``edges`` holds one segment per weight, in the order of ``edge_index`` (``(layer,
    j, i)`` for ``W[j, i]`` of ``net.layers[layer]``); ``weight_labels`` follows the same
    order and ``bias_labels`` has one text per non-input unit, layer by layer;
    ``unit_labels`` are the units' names in the circles, layer by layer.
    """

    figure: Figure
    ax: Axes
    edges: LineCollection
    edge_index: list[tuple[int, int, int]]
    nodes: PathCollection
    positions: list[Array]
    weight_labels: list[Text]
    bias_labels: list[Text]
    sizes: list[int]
    unit_labels: list[Text] = field(default_factory=list)

    def update(self, net: Network, title: str | None = None) -> None:
        """Recolour and resize the edges and rewrite the labels of ``self`` for ``net``'s weights, in place."""
        if net.sizes != self.sizes:
            raise ValueError(f"expected a network of sizes {self.sizes} for this self, got {net.sizes}")
        weights = [float(net.layers[layer].W[j, i]) for layer, j, i in self.edge_index]
        self.edges.set_linewidths([edge_width(w) for w in weights])
        self.edges.set_colors([edge_color(w) for w in weights])
        for label, weight in zip(self.weight_labels, weights, strict=True):
            label.set_text(format_number(weight))
        biases = [float(b) for layer in net.layers for b in layer.b]
        for label, bias in zip(self.bias_labels, biases, strict=True):
            label.set_text(f"b = {format_number(bias)}")
        # Each layer's tick names its activation, which an explorer's menu can change.
        labels = ["input"]
        for index, layer in enumerate(net.layers):
            role = (
                "output"
                if index == len(net.layers) - 1
                else ("hidden" if len(net.layers) == 2 else f"hidden {index + 1}")
            )
            labels.append(f"{role}\n{SYMBOLS.get(layer.activation, layer.activation)}")
        self.ax.set_xticklabels(labels)
        if title is None:
            title = f"The network {self.sizes}: colour = sign, width = size"
        self.ax.set_title(title)


def _layer_positions(sizes: list[int]) -> list[Array]:
    return [np.column_stack([np.full(n, float(layer)), (n - 1) / 2.0 - np.arange(n)]) for layer, n in enumerate(sizes)]


def plot_network_diagram(
    net: Network, ax: Axes | None = None, show_values: bool = True, title: str | None = None
) -> NetworkDiagram:
    """Draw ``net`` as a graph: one circle per unit, one edge per weight (chapter 2).

    Inputs are on the left and the output on the right; unit ``j`` of a layer receives an
    edge from every unit ``i`` of the layer before, carrying the weight ``W[j, i]``
    (equation 2.1). An edge's colour is the weight's sign (red positive, blue negative,
    grey zero) and its width grows with the weight's size. With ``show_values`` each edge
    is labelled with its weight and each unit with its bias. Layers wider than
    ``MAX_DRAWN_UNITS`` are refused (a picture of them would be a grey smear).
    """
    if not isinstance(net, Network):
        raise TypeError(f"expected an nnbook.Network, got {type(net).__name__}")
    sizes = net.sizes
    if max(sizes) > MAX_DRAWN_UNITS:
        raise ValueError(
            f"expected at most {MAX_DRAWN_UNITS} units per layer to draw the network unit by unit, got sizes {sizes}"
        )
    if ax is None:
        figure = Figure(figsize=(1.9 * len(sizes) + 0.8, 0.55 * max(sizes) + 2.4), layout="constrained")
        ax = figure.add_subplot()
    else:
        figure = ax.figure
    positions = _layer_positions(sizes)
    names = unit_names(sizes)
    segments, edge_index = [], []
    for layer_index, layer in enumerate(net.layers):
        n_out, n_in = layer.shape
        for j in range(n_out):
            for i in range(n_in):
                segments.append([positions[layer_index][i], positions[layer_index + 1][j]])
                edge_index.append((layer_index, j, i))
    edges = LineCollection(segments, zorder=1, capstyle="round")
    ax.add_collection(edges)
    everything = np.vstack(positions)
    nodes = ax.scatter(
        everything[:, 0], everything[:, 1], s=900, c="white", edgecolors="black", linewidths=1.5, zorder=3
    )
    unit_labels = [
        ax.text(x, y, name, ha="center", va="center", fontsize=12, zorder=4)
        for layer_names, layer_positions in zip(names, positions, strict=True)
        for name, (x, y) in zip(layer_names, layer_positions, strict=True)
    ]
    weight_labels = []
    for segment in segments:
        # Labels sit near the receiving unit, where the edges into one unit fan apart.
        x, y = 0.64 * np.asarray(segment[1]) + 0.36 * np.asarray(segment[0])
        weight_labels.append(
            ax.text(
                x,
                y,
                "",
                ha="center",
                va="center",
                fontsize=8.5,
                zorder=2,
                visible=show_values,
                bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.85},
            )
        )
    bias_labels = []
    for layer_positions in positions[1:]:
        for x, y in layer_positions:
            bias_labels.append(
                ax.text(x, y - 0.3, "", ha="center", va="top", fontsize=8.5, zorder=4, visible=show_values)
            )
    ax.legend(
        handles=[
            Line2D([], [], color=POSITIVE_COLOR, linewidth=3, label="positive weight"),
            Line2D([], [], color=NEGATIVE_COLOR, linewidth=3, label="negative weight"),
        ],
        loc="upper center",
        ncol=2,
        fontsize="small",
        frameon=False,
    )
    depth = len(sizes) - 1
    ax.set_xlim(-0.45, depth + 0.45)
    half = (max(sizes) - 1) / 2.0
    ax.set_ylim(-half - 0.75, half + 0.95)
    ax.set_xticks(range(len(sizes)))
    ax.set_yticks([])
    ax.set_xlabel("layer (activation)")
    ax.set_ylabel("units")
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    diagram = NetworkDiagram(
        figure, ax, edges, edge_index, nodes, positions, weight_labels, bias_labels, sizes, unit_labels
    )
    diagram.update(net, title)
    return diagram


# --------------------------------------------------------------------------- the output over the plane


def _check_plane_network(net: Network) -> None:
    if not isinstance(net, Network):
        raise TypeError(f"expected an nnbook.Network, got {type(net).__name__}")
    if net.n_inputs != 2 or net.n_outputs != 1:
        raise ValueError(f"expected a network with 2 inputs and 1 output to draw over the plane, got sizes {net.sizes}")


@dataclass
class NetworkOutputPlot:
    """The artists of :func:`plot_network_output`; ``lines[k]`` is hidden unit ``k``'s line."""

    figure: Figure
    ax: Axes
    image: AxesImage
    colorbar: Colorbar
    lines: list[Line2D]
    points: dict[int, PathCollection]
    wrong: PathCollection
    message: Text
    grid: Array
    extent: Extent

    def update(self, net: Network, data: tuple[Any, Any] | None = None, title: str | None = None) -> int | None:
        """Redraw ``self`` in place for ``net`` (and ``data``); return how many points are classified right."""
        _check_plane_network(net)
        resolution = round(float(np.sqrt(self.grid.shape[0])))
        outputs = net.forward(self.grid)[:, 0].reshape(resolution, resolution)
        self.image.set_data(outputs)
        self.image.set_clim(*output_range(net.output_activation, outputs))
        self.colorbar.set_label(f"network output F(x) = {SYMBOLS.get(net.output_activation)}(…)")
        first = net.layers[0] if len(net.layers) > 1 else None
        flat = []
        for k, line in enumerate(self.lines):
            xs, ys = decision_line(first.W[k], first.b[k], self.extent)
            line.set_data(xs, ys)
            if not np.any(first.W[k]):
                flat.append(unit_names(net.sizes)[1][k])
        if flat:
            verb = "they are constant and draw" if len(flat) > 1 else "it is constant and draws"
            self.message.set_text(f"{' and '.join(flat)}: both weights 0, so {verb} no line")
        self.message.set_visible(bool(flat))
        self.ax.set_title(title if title is not None else "Network output F(x) and the hidden units' lines")
        return draw_labelled_points(self.points, self.wrong, data, lambda X: classify(net, X))


def plot_network_output(
    net: Network,
    ax: Axes | None = None,
    data: tuple[Any, Any] | None = None,
    extent: Extent = DEFAULT_EXTENT,
    resolution: int = 201,
    title: str | None = None,
) -> NetworkOutputPlot:
    """A two-input, one-output network's output ``F(x)`` as a colour map over the plane (chapter 2).

    The colours are ``net.forward`` (equation 2.3) at every point of ``extent``. Each unit
    of the first hidden layer is a neuron of chapter 1 reading the inputs directly, so it
    has a line ``w·x + b = 0`` in the plane; those lines are drawn (solid for ``h₁``,
    dashed for ``h₂``, …). ``data = (X, y)`` adds labelled points; a point is marked wrong
    (red cross) when :func:`nnbook.evaluation.classify` disagrees with its label. A hidden unit
    whose two weights are zero has no line, and ``message`` says so in the figure.
    """
    _check_plane_network(net)
    if ax is None:
        figure = Figure(figsize=(5.6, 4.6), layout="constrained")
        ax = figure.add_subplot()
    else:
        figure = ax.figure
    _, _, grid = input_grid(extent, resolution)
    image = ax.imshow(np.zeros((resolution, resolution)), origin="lower", extent=extent, cmap=COLORMAP, aspect="equal")
    colorbar = figure.colorbar(image, ax=ax, shrink=0.9)
    names = unit_names(net.sizes)[1] if len(net.sizes) > 2 else []
    lines = []
    for k, name in enumerate(names):
        color, style = HIDDEN_LINE_STYLES[k % len(HIDDEN_LINE_STYLES)]
        (line,) = ax.plot([], [], color=color, linestyle=style, linewidth=2, label=f"{name}: w·x + b = 0")
        lines.append(line)
    points = {
        1: ax.scatter(
            [], [], marker="o", s=90, c="white", edgecolors="black", linewidths=1.5, label="label 1", zorder=3
        ),
        0: ax.scatter(
            [], [], marker="s", s=80, c="black", edgecolors="white", linewidths=1.0, label="label 0", zorder=3
        ),
    }
    wrong = ax.scatter([], [], marker="x", s=200, c="red", linewidths=2.5, label="wrong", zorder=4)
    message = ax.text(
        0.5,
        0.9,
        "",
        transform=ax.transAxes,
        ha="center",
        va="top",
        fontsize=9,
        zorder=5,
        bbox={"boxstyle": "round", "facecolor": "lightyellow", "edgecolor": "0.5"},
        visible=False,
    )
    ax.set_xlim(extent[0], extent[1])
    ax.set_ylim(extent[2], extent[3])
    ax.set_xlabel("input x₁")
    ax.set_ylabel("input x₂")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.13), ncol=3, fontsize="small", frameon=False)
    plot = NetworkOutputPlot(figure, ax, image, colorbar, lines, points, wrong, message, grid, extent)
    plot.update(net, data, title)
    return plot


# --------------------------------------------------------------------------- the hidden layer's coordinates


@dataclass
class HiddenSpacePlot:
    """What :func:`plot_hidden_space` drew: the output unit as a neuron over hidden space."""

    hidden: Array
    neuron: Neuron
    plot: NeuronPlot
    annotations: list[Text]

    @property
    def figure(self) -> Figure:
        return self.plot.figure

    @property
    def ax(self) -> Axes:
        return self.plot.ax


def hidden_extent(H: Array, margin: float = 0.35) -> Extent:
    """A square around the hidden points ``H`` (at least the unit square), with a margin."""
    low = min(float(H.min()), 0.0) - margin
    high = max(float(H.max()), 1.0) + margin
    return (low, high, low, high)


def plot_hidden_space(
    net: Network,
    data: tuple[Any, Any],
    ax: Axes | None = None,
    extent: Extent | None = None,
    resolution: int = 161,
    title: str | None = None,
) -> HiddenSpacePlot:
    """The inputs moved into the hidden layer's coordinates, and the output unit there (chapter 2).

    For a ``[2, 2, 1]`` network: each input ``x`` becomes the point ``(h₁, h₂)`` of hidden
    activations (``net.forward_pass``), labelled with the input it came from. The output
    unit reads only ``h``, so in these coordinates it is one neuron of chapter 1,
    ``f(W²·h + b²)``, drawn with its decision line by ``plot_neuron_output``.
    """
    _check_plane_network(net)
    if net.sizes[1:-1] != [2] or len(net.layers) != 2:
        raise ValueError(f"expected a network of sizes [2, 2, 1] to draw its hidden plane, got {net.sizes}")
    X = np.asarray(data[0], dtype=np.float64)
    y = np.asarray(data[1])
    H = net.forward_pass(X).activations[1]
    output = net.layers[1]
    neuron = Neuron(output.W[0], float(output.b[0]), output.activation)
    plot = plot_neuron_output(
        neuron,
        ax=ax,
        data=(H, y),
        extent=hidden_extent(H) if extent is None else extent,
        resolution=resolution,
        title=title if title is not None else "The same points in hidden coordinates (h₁, h₂)",
    )
    plot.ax.set_xlabel("hidden unit h₁")
    plot.ax.set_ylabel("hidden unit h₂")
    plot.line.set_label("output unit's line W²·h + b² = 0")
    # Redrawn once more so the legend (made by NeuronPlot.update) carries the new label.
    plot.update(neuron, (H, y), plot.ax.get_title())
    plot.colorbar.set_label(f"output {SYMBOLS.get(output.activation)}(W²·h + b²)")
    annotations = []
    seen: dict[tuple[float, float], int] = {}
    for x, h in zip(X, H, strict=True):
        key = (round(float(h[0]), 2), round(float(h[1]), 2))
        offset = seen.get(key, 0)
        seen[key] = offset + 1
        annotations.append(
            plot.ax.annotate(
                f"x = ({format_number(x[0], 1)}, {format_number(x[1], 1)})",
                xy=(h[0], h[1]),
                xytext=(8, 8 - 13 * offset),
                textcoords="offset points",
                fontsize=8.5,
                zorder=5,
                bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.8},
            )
        )
    return HiddenSpacePlot(H, neuron, plot, annotations)
