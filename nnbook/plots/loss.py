"""Chapter 3's figures: losses as functions of the output, error surfaces, and learning curves.

Every number drawn comes from the core: ``nnbook.mse`` and ``nnbook.cross_entropy`` for
the loss of one output, ``nnbook.evaluate_loss`` at every point of a grid of weights for
an error surface, and ``nnbook.train`` for the learning curves of the slowdown example.
The figures only draw. Functions return the figure and the artists a widget or a test
needs; nothing here is random.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.image import AxesImage
from matplotlib.lines import Line2D
from matplotlib.text import Annotation, Text
from mpl_toolkits.mplot3d import Axes3D  # noqa: F401  (registers the 3-D projection)

from nnbook.loss import cross_entropy, evaluate_loss, loss_grid, mse
from nnbook.network import one_neuron
from nnbook.training import History, train

Array = np.ndarray

#: The losses chapter 3 compares, with the names the text uses for them.
LOSS_NAMES = {"mse": "mean squared error", "cross_entropy": "cross-entropy"}

#: A small one-input data set for the error surfaces: six points on a line with 0/1
#: labels that no threshold separates perfectly (x = 0 is labelled 1, x = 1 is labelled 0),
#: so both losses have their minimum at finite weights.
SURFACE_X = np.array([[-2.0], [-1.0], [0.0], [1.0], [2.0], [3.0]])
SURFACE_Y = np.array([0.0, 0.0, 1.0, 0.0, 1.0, 1.0])

#: The weight and bias ranges of the error surfaces (the explorer's slider ranges).
SURFACE_RANGE = (-5.0, 5.0)

#: Nielsen's slowdown example: one input x = 1 with target 0, two starting points, η = 0.15.
SLOWDOWN_X = np.array([[1.0]])
SLOWDOWN_Y = np.array([0.0])
SLOWDOWN_STARTS = ((0.6, 0.9), (2.0, 2.0))


# --------------------------------------------------------------------------- the loss of one output


def plot_losses_of_output(n_points: int = 400) -> Figure:
    """The loss of one sigmoid output ``ŷ`` against the target 1, under both losses.

    The mean squared error ``½(1 − ŷ)²`` (equation 3.1 with n = 1) stays below ½, however
    wrong the output; the binary cross-entropy ``−log ŷ`` (equation 3.3) grows without
    bound as ``ŷ → 0``. Both values are computed by ``nnbook.mse`` and
    ``nnbook.cross_entropy``, one output at a time.
    """
    o = np.linspace(0.005, 1.0, n_points)
    squared = [mse([value], [1.0]) for value in o]
    entropy = [cross_entropy([value], [1]) for value in o]
    fig, ax = plt.subplots(figsize=(6.0, 3.6), layout="constrained")
    ax.plot(o, entropy, color="C3", label=r"cross-entropy  $-\log \hat y$")
    ax.plot(o, squared, color="C0", label=r"mean squared error  $\frac{1}{2}(1 - \hat y)^2$")
    ax.set_xlabel(r"output $\hat y$ of the network (the probability it gives to the right answer)")
    ax.set_ylabel(r"loss $\mathcal{L}$")
    ax.set_title("The loss of one output whose target is 1")
    ax.set_xlim(0.0, 1.0)
    ax.set_ylim(0.0, 5.5)
    ax.grid(alpha=0.3)
    ax.legend()
    return fig


# --------------------------------------------------------------------------- error surfaces


def loss_surface(
    loss: str = "mse",
    X: Array = SURFACE_X,
    Y: Array = SURFACE_Y,
    w_range: tuple[float, float] = SURFACE_RANGE,
    b_range: tuple[float, float] = SURFACE_RANGE,
    resolution: int = 41,
) -> tuple[Array, Array, Array]:
    """The loss of a one-input sigmoid neuron on ``X``, ``Y`` over a grid of (w, b).

    Returns ``(w, b, L)``: the grid's weight and bias values (1-D) and ``L[i, j]``, the
    loss ``nnbook.evaluate_loss`` gives with weight ``w[j]`` and bias ``b[i]`` (rows are
    biases, so ``L`` draws with the weight across and the bias up).
    """
    if loss not in LOSS_NAMES:
        raise ValueError(f"expected loss one of {', '.join(map(repr, LOSS_NAMES))}, got {loss!r}")
    if resolution < 2:
        raise ValueError(f"expected a resolution of at least 2, got {resolution}")
    w = np.linspace(*w_range, resolution)
    b = np.linspace(*b_range, resolution)
    L = loss_grid(one_neuron, X, Y, w, b, loss)
    return w, b, L


@dataclass
class SurfacePlot:
    """An error surface drawn twice, as a map and in 3-D, with a movable point on both."""

    figure: Figure
    ax: Axes  # the contour map
    ax3d: Axes
    image: AxesImage
    marker: Line2D
    marker3d: Line2D
    arrow: Annotation
    message: Text
    w: Array
    b: Array
    L: Array
    loss: str
    contours: object = None
    surface: object = None
    colorbar: object = None
    extras: list = field(default_factory=list)

    def update(
        self,
        w: float,
        b: float,
        value: float | None = None,
        gradient: tuple[float, float] | None = None,
        loss: str | None = None,
        surface: tuple[Array, Array, Array] | None = None,
    ) -> None:
        """Move the marked point to (w, b) on both panels, at height ``value`` (the loss there).

        ``gradient`` = (∂𝓛/∂w, ∂𝓛/∂b) draws an arrow along the negative gradient, the direction
        of steepest descent, scaled to a fixed length on the map; a zero gradient draws none
        and says so in the figure. ``loss`` with its ``surface`` ``(w, b, L)`` shows that
        surface first.
        """
        if surface is not None:
            self._show_surface(loss, surface)
        if value is None:
            value = evaluate_loss(one_neuron(w, b), SURFACE_X, SURFACE_Y, self.loss)
        self.marker.set_data([w], [b])
        self.marker3d.set_data_3d([w], [b], [value])
        self.arrow.set_visible(False)
        self.message.set_text("")
        if gradient is not None:
            g = np.array(gradient, dtype=float)
            norm = float(np.linalg.norm(g))
            if norm > 1e-12:
                span = self.w[-1] - self.w[0]
                tip = np.array([w, b]) - 0.15 * span * g / norm
                self.arrow.xy = (float(tip[0]), float(tip[1]))
                self.arrow.set_position((w, b))
                self.arrow.set_visible(True)
            else:
                self.message.set_text("the gradient is zero here: no downhill direction")

    def _show_surface(self, loss: str, surface: tuple[Array, Array, Array]) -> None:
        """Show another surface (another loss) on ``self``: the map's array, its contour lines and the 3-D mesh."""
        w, b, L = surface
        self.w, self.b, self.L, self.loss = w, b, L, loss
        self.image.set_array(L)
        self.image.set_clim(float(L.min()), float(L.max()))
        if self.contours is not None:
            self.contours.remove()
        if self.surface is not None:
            self.surface.remove()
        levels = np.linspace(float(L.min()), float(L.max()), 12)[1:-1]
        self.contours = self.ax.contour(w, b, L, levels=levels, colors="white", linewidths=0.6, alpha=0.7)
        W, B = np.meshgrid(w, b)
        self.surface = self.ax3d.plot_surface(W, B, L, cmap="viridis", linewidth=0, antialiased=True, alpha=0.85)
        self.ax3d.set_zlim(float(L.min()), float(L.max()))
        name = LOSS_NAMES[loss]
        self.ax.set_title(f"{name}: contour map of " + r"$\mathcal{L}(w, b)$")
        self.ax3d.set_title(f"{name}: the same surface in 3-D")


def plot_loss_surface(
    loss: str = "mse",
    X: Array = SURFACE_X,
    Y: Array = SURFACE_Y,
    resolution: int = 41,
    point: tuple[float, float] | None = None,
    surface: tuple[Array, Array, Array] | None = None,
) -> SurfacePlot:
    """The error surface ``𝓛(w, b)`` of a sigmoid neuron: a contour map and a 3-D view.

    The surface is :func:`loss_surface` (or the ``surface`` given, as ``(w, b, L)``).
    ``point`` marks one (w, b) on both panels; ``plot.update`` moves it.
    """
    fig = Figure(figsize=(10.0, 4.3), layout="constrained")
    ax = fig.add_subplot(1, 2, 1)
    ax3d = fig.add_subplot(1, 2, 2, projection="3d")
    w, b, L = surface if surface is not None else loss_surface(loss, X, Y, resolution=resolution)
    image = ax.imshow(
        L,
        origin="lower",
        extent=(w[0], w[-1], b[0], b[-1]),
        aspect="auto",
        cmap="viridis",
        interpolation="bilinear",
    )
    colorbar = fig.colorbar(image, ax=ax, label=r"loss $\mathcal{L}$")
    (marker,) = ax.plot([], [], "o", color="white", markeredgecolor="black", markersize=9, zorder=5)
    arrow = ax.annotate(
        "",
        xy=(0.0, 0.0),
        xytext=(0.0, 0.0),
        arrowprops={"arrowstyle": "-|>", "color": "white", "lw": 2},
        zorder=6,
    )
    message = ax.text(
        0.5, 0.04, "", transform=ax.transAxes, ha="center", va="bottom", fontsize=9, color="white", zorder=7
    )
    ax.set_xlabel("weight w")
    ax.set_ylabel("bias b")
    ax3d.set_xlabel("weight w")
    ax3d.set_ylabel("bias b")
    ax3d.set_zlabel(r"loss $\mathcal{L}$")
    ax3d.view_init(elev=32, azim=-125)
    (marker3d,) = ax3d.plot([], [], [], "o", color="red", markeredgecolor="black", markersize=8, zorder=10)
    # Set once: calling suptitle again would move it off the place the layout gave it.
    fig.suptitle("Error surface of one sigmoid neuron on six labelled points")
    plot = SurfacePlot(fig, ax, ax3d, image, marker, marker3d, arrow, message, w, b, L, loss, colorbar=colorbar)
    plot._show_surface(loss, (w, b, L))
    if point is not None:
        plot.update(*point)
    return plot


# --------------------------------------------------------------------------- the learning slowdown


def slowdown_histories(w: float, b: float, learning_rate: float = 0.15, epochs: int = 300) -> dict[str, History]:
    """Train the neuron of Nielsen's example (x = 1, target 0) from (w, b) under each loss.

    Returns ``{"mse": history, "cross_entropy": history}``, each from ``nnbook.train`` on a
    fresh ``Network([1, 1], "sigmoid")`` with the weight and bias set by hand.
    """
    histories = {}
    for loss in LOSS_NAMES:
        net = one_neuron(w, b)
        histories[loss] = train(net, SLOWDOWN_X, SLOWDOWN_Y, loss=loss, learning_rate=learning_rate, epochs=epochs)
    return histories


@dataclass
class SlowdownPlot:
    """Learning curves of the slowdown example: one panel per loss, one line per start.

    ``suptitle`` is the figure's title (it gives the learning rate); each panel's legend
    names the starts.
    """

    figure: Figure
    axes: dict[str, Axes]
    lines: dict[str, list[Line2D]]
    messages: dict[str, Text]
    histories: list[dict[str, History]]
    suptitle: Text

    def update(self, starts: Sequence[tuple[float, float]], learning_rate: float, epochs: int = 300) -> None:
        """Retrain from ``starts`` with ``learning_rate`` and redraw the curves in place.

        A run that diverges (``History.diverged``) is drawn as far as it got, and the panel
        says so in words.
        """
        if len(starts) != len(self.lines["mse"]):
            raise ValueError(f"expected {len(self.lines['mse'])} starting point(s), got {len(starts)}")
        self.histories = []
        for loss in LOSS_NAMES:
            self.messages[loss].set_text("")
        top = dict.fromkeys(LOSS_NAMES, 0.0)
        for i, (w, b) in enumerate(starts):
            histories = slowdown_histories(w, b, learning_rate, epochs)
            self.histories.append(histories)
            for loss, history in histories.items():
                start = evaluate_loss(one_neuron(w, b), SLOWDOWN_X, SLOWDOWN_Y, loss)
                values = np.array([start, *history.loss])
                self.lines[loss][i].set_data(np.arange(len(values)), values)
                self.lines[loss][i].set_label(_start_label(w, b))
                top[loss] = max(top[loss], float(values.max()))
                if history.diverged:
                    self.messages[loss].set_text(textwrap.fill(history.message, 42))
        for loss, ax in self.axes.items():
            ax.set_xlim(0, max(epochs, 1))
            ax.set_ylim(0.0, 1.05 * top[loss] if top[loss] > 0 else 1.0)
            for text, line in zip(ax.get_legend().get_texts(), self.lines[loss], strict=True):
                text.set_text(line.get_label())
        # set_text, not figure.suptitle(): that would move the title off the place the layout gave it.
        self.suptitle.set_text(f"One sigmoid neuron learning x = 1 → 0 (learning rate η = {learning_rate:g})")


def plot_slowdown(
    starts: Sequence[tuple[float, float]] = SLOWDOWN_STARTS,
    learning_rate: float = 0.15,
    epochs: int = 300,
    figure: Figure | None = None,
) -> SlowdownPlot:
    """Loss against epoch for the sigmoid neuron x = 1 → 0, trained with each loss from each start.

    The left panel shows the mean squared error, the right the cross-entropy; each line
    is one starting (w, b). The loss *before* training (epoch 0) is included, so a curve
    that stays flat at the start is visible as such.
    """
    fig = figure if figure is not None else Figure(figsize=(10.0, 3.8), layout="constrained")
    axes = {}
    lines: dict[str, list[Line2D]] = {loss: [] for loss in LOSS_NAMES}
    messages = {}
    for k, loss in enumerate(LOSS_NAMES):
        ax = fig.add_subplot(1, 2, k + 1)
        axes[loss] = ax
        for i, (w, b) in enumerate(starts):
            (line,) = ax.plot([], [], color=f"C{i}", lw=2, label=_start_label(w, b))
            lines[loss].append(line)
        # Made once; update() rewrites its texts, so it stays the same artist.
        ax.legend(loc="upper right")
        ax.set_xlabel("epoch")
        ax.set_ylabel(r"loss $\mathcal{L}$" + f" ({LOSS_NAMES[loss]})")
        ax.set_title(f"trained with the {LOSS_NAMES[loss]}")
        ax.grid(alpha=0.3)
        messages[loss] = ax.text(
            0.5, 0.5, "", transform=ax.transAxes, ha="center", va="center", color="C3", fontsize=10
        )
    suptitle = fig.suptitle("")
    plot = SlowdownPlot(fig, axes, lines, messages, [], suptitle)
    plot.update(starts, learning_rate, epochs)
    return plot


def _start_label(w: float, b: float) -> str:
    return f"start w = {w:g}, b = {b:g}"
