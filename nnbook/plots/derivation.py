"""Chapter 4's figures: the derivative as a slope, a computation graph, a loss surface with its gradient.

Every number drawn comes from the core: losses from ``nnbook.evaluate_loss``, gradients
from ``nnbook.backprop`` and ``nnbook.numerical_gradient``, the sigmoid and its slope
from ``nnbook.neuron``. The one exception is :func:`neuron_graph`, a forward and
backward sweep over an explicit list of elementary operations for the one-neuron loss
``𝓛 = ½(σ(w·x + b) − y)²``; it exists only to label the nodes of the computation graph
figure with their values and gradients, and the tests check it against ``nnbook.backprop``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.image import AxesImage
from matplotlib.lines import Line2D
from matplotlib.text import Annotation, Text

from nnbook.backprop import backprop, numerical_gradient
from nnbook.loss import evaluate_loss, loss_grid
from nnbook.network import Network, one_neuron
from nnbook.neuron import sigmoid, sigmoid_derivative

Array = np.ndarray

# --------------------------------------------------------------------------- one neuron, one sample


# --------------------------------------------------------------------------- the derivative as a slope


@dataclass
class SlopePlot:
    """The two panels of :func:`plot_slope` and the numbers behind them."""

    figure: Figure
    curve: Line2D
    tangent: Line2D
    steps: Array
    forward_errors: Array
    central_errors: Array


def plot_slope(w0: float = 0.5, x: float = 1.5, b: float = -0.5, y: float = 1.0) -> SlopePlot:
    """Left: ``𝓛(w)`` of one neuron and its tangent at ``w0``. Right: finite-difference errors.

    The tangent's slope is ``∂𝓛/∂w`` from ``nnbook.backprop``. The right panel plots, for
    steps ``h`` from 1 to 1e-12, how far the forward difference ``(𝓛(w+h) − 𝓛(w))/h`` and
    the central difference (``nnbook.numerical_gradient`` with ``eps = h``, equation 4.2)
    are from that slope.
    """
    X, Y = np.array([[x]]), np.array([[y]])

    def loss(w: float) -> float:
        return evaluate_loss(one_neuron(w, b), X, Y)

    slope = backprop(one_neuron(w0, b), X, Y)[0][0][0, 0]
    ws = np.linspace(w0 - 3.0, w0 + 3.0, 201)
    losses = np.array([loss(w) for w in ws])
    steps = np.logspace(0, -12, 49)
    forward = np.array([abs((loss(w0 + h) - loss(w0)) / h - slope) for h in steps])
    central = np.array([abs(numerical_gradient(one_neuron(w0, b), X, Y, eps=h)[0][0][0, 0] - slope) for h in steps])

    figure, (left, right) = plt.subplots(1, 2, figsize=(10, 4), layout="constrained")
    (curve,) = left.plot(ws, losses, color="C0", lw=2, label=r"$\mathcal{L}(w)$")
    (tangent,) = left.plot(
        ws,
        loss(w0) + slope * (ws - w0),
        color="C3",
        ls="--",
        label=r"tangent: $\mathcal{L}(w_0) + \mathcal{L}'(w_0)(w - w_0)$",
    )
    left.plot([w0], [loss(w0)], "o", color="C3")
    left.set_ylim(-0.02, max(losses) * 1.15)
    left.set_xlabel("weight w")
    left.set_ylabel(r"loss $\mathcal{L}$")
    left.set_title(f"The derivative is the tangent's slope: L′({w0:g}) = {slope:.4f}")
    left.legend(loc="upper right", fontsize=8)

    right.loglog(steps, np.maximum(forward, 1e-17), "o-", ms=3, color="C1", label="forward difference")
    right.loglog(steps, np.maximum(central, 1e-17), "s-", ms=3, color="C2", label="central difference (eq. 4.2)")
    right.set_xlabel("step h")
    right.set_ylabel("|estimate − backprop slope|")
    right.set_title("Finite differences: truncation error, then round-off")
    right.invert_xaxis()
    right.legend(loc="lower right", fontsize=8)
    return SlopePlot(figure, curve, tangent, steps, forward, central)


# --------------------------------------------------------------------------- a computation graph


@dataclass(frozen=True)
class Operation:
    """An elementary operation: its symbol, its function, and its partial derivatives by each input."""

    symbol: str
    function: Callable[..., float]
    partials: Callable[..., tuple[float, ...]]


OPERATIONS: dict[str, Operation] = {
    "×": Operation("×", lambda p, q: p * q, lambda p, q: (q, p)),
    "+": Operation("+", lambda p, q: p + q, lambda p, q: (1.0, 1.0)),
    "−": Operation("−", lambda p, q: p - q, lambda p, q: (1.0, -1.0)),
    "σ": Operation("σ", lambda p: float(sigmoid(p)), lambda p: (float(sigmoid_derivative(p)),)),
    "½(·)²": Operation("½(·)²", lambda p: 0.5 * p * p, lambda p: (p,)),
}

#: The one-neuron loss as a list of nodes in evaluation order: (name, operation, inputs).
NEURON_EXPRESSION: list[tuple[str, str | None, tuple[str, ...]]] = [
    ("w", None, ()),
    ("x", None, ()),
    ("b", None, ()),
    ("y", None, ()),
    ("u", "×", ("w", "x")),
    ("z", "+", ("u", "b")),
    ("a", "σ", ("z",)),
    ("e", "−", ("a", "y")),
    ("L", "½(·)²", ("e",)),
]


@dataclass
class GraphValues:
    """Each node's forward value and backward gradient ``∂𝓛/∂node``."""

    values: dict[str, float]
    gradients: dict[str, float]


def neuron_graph(w: float, x: float, b: float, y: float) -> GraphValues:
    """Forward, then backward, through :data:`NEURON_EXPRESSION` (for the figure only).

    The backward sweep visits the nodes in reverse order and adds each node's gradient,
    times the local partial derivative, into its inputs' gradients: the chain rule
    (equation 4.5), one edge at a time.
    """
    values: dict[str, float] = {"w": float(w), "x": float(x), "b": float(b), "y": float(y)}
    for name, op, inputs in NEURON_EXPRESSION:
        if op is not None:
            values[name] = float(OPERATIONS[op].function(*(values[i] for i in inputs)))
    gradients = dict.fromkeys(values, 0.0)
    gradients["L"] = 1.0
    for name, op, inputs in reversed(NEURON_EXPRESSION):
        if op is None:
            continue
        partials = OPERATIONS[op].partials(*(values[i] for i in inputs))
        for source, partial in zip(inputs, partials, strict=True):
            gradients[source] += gradients[name] * partial
    return GraphValues(values, gradients)


#: Where each node sits in the drawing (x, y).
GRAPH_LAYOUT = {
    "w": (0.0, 2.3),
    "x": (0.0, 0.7),
    "b": (4.2, -0.4),
    "y": (9.8, -0.4),
    "u": (2.8, 1.5),
    "z": (5.6, 1.5),
    "a": (8.4, 1.5),
    "e": (11.2, 1.5),
    "L": (14.0, 1.5),
}

#: How a node is named in the drawing where its key is not its symbol (the loss is 𝓛).
NODE_LABELS = {"L": r"$\mathcal{L}$"}

#: How each node is computed, as written in its box.
GRAPH_FORMULAS = {"u": "u = w·x", "z": "z = u + b", "a": "a = σ(z)", "e": "e = a − y", "L": r"$\mathcal{L}$ = ½e²"}


@dataclass
class GraphPlot:
    """The computation graph figure: one text box per node, keyed by the node's name."""

    figure: Figure
    ax: Axes
    graph: GraphValues
    boxes: dict[str, Text] = field(default_factory=dict)


def plot_computation_graph(w: float = 0.5, x: float = 1.5, b: float = -0.5, y: float = 1.0) -> GraphPlot:
    """The graph of ``𝓛 = ½(σ(w·x + b) − y)²``: each node, its value and its gradient ``∂𝓛/∂·``.

    Forward values are printed in black above the line in each box, gradients in red
    below it; each arrow is labelled with its local derivative.
    """
    graph = neuron_graph(w, x, b, y)
    figure, ax = plt.subplots(figsize=(11, 4.2), layout="constrained")
    plot = GraphPlot(figure, ax, graph)
    for name, op, inputs in NEURON_EXPRESSION:
        if op is None:
            continue
        partials = OPERATIONS[op].partials(*(graph.values[i] for i in inputs))
        for source, partial in zip(inputs, partials, strict=True):
            start, end = np.array(GRAPH_LAYOUT[source]), np.array(GRAPH_LAYOUT[name])
            ax.annotate(
                "",
                xy=end,
                xytext=start,
                arrowprops={"arrowstyle": "-|>", "color": "0.45", "shrinkA": 40, "shrinkB": 40, "lw": 1.2},
            )
            middle = (start + end) / 2 + np.array([0.0, 0.55 if start[1] == end[1] else 0.0])
            ax.text(
                *middle,
                f"∂{NODE_LABELS.get(name, name)}/∂{source}\n= {partial:.4f}",
                fontsize=9,
                color="C0",
                ha="center",
                va="center",
                bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.85},
            )
    for name, op, _ in NEURON_EXPRESSION:
        label = name if op is None else GRAPH_FORMULAS[name]
        symbol = NODE_LABELS.get(name, name)
        text = f"{label}\n{graph.values[name]:.4f}\n∂{NODE_LABELS['L']}/∂{symbol} = {graph.gradients[name]:.4f}"
        plot.boxes[name] = ax.text(
            *GRAPH_LAYOUT[name],
            text,
            ha="center",
            va="center",
            fontsize=10,
            bbox={"boxstyle": "round,pad=0.4", "fc": "#fff7e6" if op is None else "#e8f1fb", "ec": "0.3"},
        )
    ax.set_xlim(-1.1, 15.1)
    ax.set_ylim(-1.0, 2.9)
    ax.set_xlabel(
        r"forward: left to right (values)  ·  backward: right to left (gradients $\partial\mathcal{L}/\partial\cdot$)"
    )
    ax.set_ylabel("nodes of the graph")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_title(
        f"Computation graph of $\\mathcal{{L}}$ = ½(σ(w·x + b) − y)² at w = {w:g}, x = {x:g}, b = {b:g}, y = {y:g}"
    )
    return plot


# --------------------------------------------------------------------------- a loss surface over two weights


@dataclass(frozen=True)
class TinyModel:
    """A network with exactly two free weights, ``w₁`` and ``w₂``, and its data.

    ``place(net, w1, w2)`` writes the two weights into the network; every bias stays 0.
    ``gradient(grads)`` picks ``(∂𝓛/∂w₁, ∂𝓛/∂w₂)`` out of ``backprop``'s list.
    """

    name: str
    label: str
    sizes: tuple[int, ...]
    X: Array
    Y: Array
    place: Callable[[Network, float, float], None]
    pick: Callable[[list[tuple[Array, Array]]], tuple[float, float]]

    def network(self, w1: float, w2: float) -> Network:
        net = Network(list(self.sizes), activation="sigmoid")
        for layer in net.layers:
            layer.b = np.zeros_like(layer.b)
        self.place(net, w1, w2)
        return net


def _place_neuron(net: Network, w1: float, w2: float) -> None:
    net.layers[0].W = [[w1, w2]]


def _place_chain(net: Network, w1: float, w2: float) -> None:
    net.layers[0].W = [[w1]]
    net.layers[1].W = [[w2]]


TINY_MODELS: dict[str, TinyModel] = {
    "neuron": TinyModel(
        "neuron",
        "one neuron σ(w₁x₁ + w₂x₂)",
        (2, 1),
        np.array([[1.0, 0.5], [0.5, 1.0], [-1.0, 0.5], [0.2, -1.0], [-0.5, -0.5], [1.0, -0.2]]),
        np.array([1.0, 1.0, 0.0, 0.0, 0.0, 0.0]),
        _place_neuron,
        lambda grads: (float(grads[0][0][0, 0]), float(grads[0][0][0, 1])),
    ),
    "chain": TinyModel(
        "chain",
        "two neurons in a chain σ(w₂·σ(w₁x))",
        (1, 1, 1),
        np.array([[-2.0], [-1.0], [1.0], [2.0]]),
        np.array([1.0, 1.0, 0.0, 0.0]),
        _place_chain,
        lambda grads: (float(grads[0][0][0, 0]), float(grads[1][0][0, 0])),
    ),
}

#: The square of weights the surface is drawn on (and the sliders span).
WEIGHT_RANGE = (-5.0, 5.0)


def two_weight_surface(model: TinyModel, loss: str = "mse", resolution: int = 51) -> tuple[Array, Array]:
    """``𝓛(w₁, w₂)`` on a ``resolution × resolution`` grid over :data:`WEIGHT_RANGE`, by ``nnbook.evaluate_loss``.

    Returns the grid's coordinates (1-D) and the losses, row ``i`` for ``w₂ = ws[i]``.
    """
    ws = np.linspace(*WEIGHT_RANGE, resolution)
    return ws, loss_grid(model.network, model.X, model.Y, ws, ws, loss)


def model_gradient(model: TinyModel, w1: float, w2: float, loss: str, numerical: bool = False) -> tuple[float, float]:
    """``(∂𝓛/∂w₁, ∂𝓛/∂w₂)`` at a point, by ``nnbook.backprop`` (or ``numerical_gradient``)."""
    net = model.network(w1, w2)
    grads = numerical_gradient(net, model.X, model.Y, loss) if numerical else backprop(net, model.X, model.Y, loss)
    return model.pick(grads)


#: Every arrow is drawn this long (in weight units): it shows the direction; the readout gives the size.
ARROW_LENGTH = 1.5
#: Below this gradient length the point is called flat and no arrow is drawn.
FLAT = 1e-4
#: An arrow cut shorter than this by the border of the square is not drawn (a message says why).
SHORTEST_ARROW = 0.15


def arrow_tip(
    w1: float, w2: float, gradient: tuple[float, float], box: tuple[float, float, float, float] | None = None
) -> tuple[float, float]:
    """Where the arrow of ``−∇L`` from ``(w₁, w₂)`` ends: :data:`ARROW_LENGTH` along ``−∇L/|∇L|``.

    A gradient shorter than :data:`FLAT` has no direction worth drawing: the tip is the point
    itself. With ``box`` (left, right, bottom, top) the arrow stops at the box's border:
    matplotlib draws no arrow whose tip is outside the axes.
    """
    g = np.asarray(gradient, dtype=float)
    norm = float(np.linalg.norm(g))
    if norm < FLAT:
        return w1, w2
    direction = -g / norm
    length = ARROW_LENGTH
    if box is not None:
        for start, step, low, high in zip((w1, w2), direction, box[0::2], box[1::2], strict=True):
            if step != 0.0:
                length = min(length, ((high if step > 0 else low) - start) / step)
    tip = np.array([w1, w2]) + max(length, 0.0) * direction
    return float(tip[0]), float(tip[1])


@dataclass
class GradientSurfacePlot:
    """The loss-surface figure and the artists the explorer moves."""

    figure: Figure
    ax: Axes
    image: AxesImage
    point: Line2D
    arrow: Annotation
    numerical_arrow: Annotation
    message: Text
    contours: list = field(default_factory=list)

    def update(
        self,
        w1: float,
        w2: float,
        gradient: tuple[float, float],
        numerical: tuple[float, float] | None = None,
        surface: tuple[Array, Array] | None = None,
        title: str = "",
    ) -> None:
        """Move the point to ``(w₁, w₂)``, draw ``−∇L`` from it (and the numerical one, if given).

        ``surface`` ``(ws, L)`` with its ``title`` puts a new surface into the figure first.
        """
        if surface is not None:
            self._show_surface(*surface, title)
        self.point.set_data([w1], [w2])
        box = tuple(self.image.get_extent())
        tip = arrow_tip(w1, w2, gradient, box)
        self.arrow.xy = tip
        self.arrow.set_position((w1, w2))
        flat = float(np.hypot(*gradient)) < FLAT
        # At the border, −∇L may point out of the square: no room for an arrow there.
        outward = not flat and float(np.hypot(tip[0] - w1, tip[1] - w2)) < SHORTEST_ARROW
        drawn = not (flat or outward)
        self.arrow.set_visible(drawn)
        if numerical is None:
            self.numerical_arrow.set_visible(False)
        else:
            self.numerical_arrow.xy = arrow_tip(w1, w2, numerical, box)
            self.numerical_arrow.set_position((w1, w2))
            self.numerical_arrow.set_visible(drawn)
        if flat:
            message = "the gradient is ≈ 0 here: the surface is flat, no arrow"
        elif outward:
            message = "here −∇L points out of the square: no room for its arrow"
        else:
            message = ""
        self.message.set_text(message)
        self.message.set_visible(not drawn)

    def _show_surface(self, ws: Array, surface: Array, title: str) -> None:
        """Put a new surface into the figure: the colours, fresh contour lines and the title."""
        self.image.set_data(surface)
        self.image.set_clim(float(surface.min()), float(surface.max()))
        for contour in self.contours:
            contour.remove()
        levels = np.linspace(surface.min(), surface.max(), 14)[1:-1]
        self.contours = [self.ax.contour(ws, ws, surface, levels=levels, colors="white", linewidths=0.6, alpha=0.6)]
        self.ax.set_title(title, fontsize=10)


def _arrow(ax: Axes, color: str, width: float, style: str = "-|>") -> Annotation:
    return ax.annotate(
        "",
        xy=(0.0, 0.0),
        xytext=(0.0, 0.0),
        arrowprops={"arrowstyle": style, "color": color, "lw": width, "mutation_scale": 18, "shrinkA": 0, "shrinkB": 0},
        zorder=5,
    )


def plot_gradient_surface(figure: Figure | None = None) -> GradientSurfacePlot:
    """An empty loss-surface figure (axes, colour bar, point, arrows, message).

    ``update`` puts the point and arrows in it (and a new surface).
    """
    figure = figure if figure is not None else Figure(figsize=(6.4, 5.2), layout="constrained")
    ax = figure.add_subplot()
    ws = np.linspace(*WEIGHT_RANGE, 2)
    image = ax.imshow(
        np.zeros((2, 2)),
        origin="lower",
        extent=(ws[0], ws[-1], ws[0], ws[-1]),
        cmap="viridis",
        aspect="equal",
        interpolation="bilinear",
    )
    colorbar = figure.colorbar(image, ax=ax, shrink=0.85)
    colorbar.set_label(r"loss $\mathcal{L}(w_1, w_2)$")
    numerical_arrow = _arrow(ax, "#ff8c00", 5.0, "-")
    arrow = _arrow(ax, "white", 2.0)
    (point,) = ax.plot([0.0], [0.0], "o", color="white", mec="black", ms=9, zorder=6)
    message = ax.text(
        0.5,
        0.04,
        "",
        transform=ax.transAxes,
        ha="center",
        va="bottom",
        fontsize=9,
        bbox={"boxstyle": "round", "fc": "white", "alpha": 0.9},
        zorder=7,
    )
    ax.set_xlabel("weight w₁")
    ax.set_ylabel("weight w₂")
    return GradientSurfacePlot(figure, ax, image, point, arrow, numerical_arrow, message)
