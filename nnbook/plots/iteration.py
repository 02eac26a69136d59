"""Chapter 5's figures: descent paths on an error surface, loss curves.

Every number drawn comes from the core: the error surface is ``nnbook.evaluate_loss`` of a
linear neuron at every grid point, the descent path is the weights ``nnbook.train`` leaves
after each epoch (read through its ``callback``). Nothing here trains or differentiates
by itself. (Chapter 5's classifier learning live is the playground's figure,
``nnbook.plots.playground``.)

The two-parameter problem of the chapter is a linear neuron ``ŷ = w·x + b`` (one input,
the identity activation) fitted to :func:`line_data` by the mean squared error; its two
free numbers ``(w, b)`` are the axes of the error surface.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.contour import QuadContourSet
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.text import Text

from nnbook.checks import positive_real, whole_number
from nnbook.loss import evaluate_loss, loss_grid
from nnbook.network import Network, one_neuron
from nnbook.plots.common import Extent, message_box, nice_limit
from nnbook.training import (
    History,
    MomentumRun,
    SignalSpread,
    largest_stable_learning_rate,
    linear_minimum,
    momentum_descent,
    train,
)

Array = np.ndarray

#: The window of the error surface: w from −2 to 3.5, b from −2.5 to 3.
SURFACE_EXTENT: Extent = (-2.0, 3.5, -2.5, 3.0)

#: Where every descent on the surface starts: (w, b) = (−1, 0.5).
START = (-1.0, 0.5)


# --------------------------------------------------------------------------- the two-parameter problem


def line_data(n: int = 12, noise: float = 0.2, seed: int = 1) -> tuple[Array, Array]:
    """``n`` points near the line ``y = 1.5·x − 0.5`` for ``x`` evenly spaced in [0, 2].

    Inputs ``(n, 1)``, targets ``(n,)``; the noise is normal with standard deviation
    ``noise``, drawn from ``seed``.
    """
    n = whole_number(n, "n", 2)
    x = np.linspace(0.0, 2.0, n)
    t = 1.5 * x - 0.5 + noise * np.random.default_rng(seed).normal(size=n)
    return x[:, np.newaxis], t


def linear_loss_surface(
    X: Any, t: Any, extent: Extent = SURFACE_EXTENT, resolution: int = 61
) -> tuple[Array, Array, Array]:
    """The mean squared error of the linear neuron at every ``(w, b)`` of a grid over ``extent``.

    Returns the w values, the b values and the losses, shape ``(resolution, resolution)``
    with b along the rows (as ``contour`` expects), from ``nnbook.loss.loss_grid``.
    """
    resolution = whole_number(resolution, "resolution", 2)
    ws = np.linspace(extent[0], extent[1], resolution)
    bs = np.linspace(extent[2], extent[3], resolution)
    return ws, bs, loss_grid(lambda w, b: one_neuron(w, b, "identity"), X, t, ws, bs)


def descent_path(
    X: Any,
    t: Any,
    learning_rate: float,
    epochs: int,
    start: Sequence[float] = START,
    batch_size: int | None = None,
    seed: int | None = None,
) -> tuple[Array, History]:
    """Train the linear neuron from ``start`` with ``nnbook.train``; return its path and history.

    The path has one row ``(w, b)`` for the start and one for every epoch whose loss the
    history records, so it stops where training stopped if it diverged.
    """
    net = one_neuron(*start, "identity")
    path = [tuple(start)]

    def record(epoch: int, net: Network) -> None:
        path.append((float(net.layers[0].W[0, 0]), float(net.layers[0].b[0])))

    history = train(
        net, X, t, learning_rate=learning_rate, epochs=epochs, batch_size=batch_size, seed=seed, callback=record
    )
    return np.array(path, dtype=np.float64), history


def regime(learning_rate: float, limit: float) -> str:
    """How gradient descent behaves on a quadratic whose stability limit is ``limit = 2/λ_max``.

    Below ``limit/2`` every component of the error shrinks without changing sign
    ("creeps" when the rate is below a tenth of that); between ``limit/2`` and ``limit``
    the steepest one overshoots and shrinks ("zig-zags"); above ``limit`` it overshoots and
    grows ("diverges").
    """
    if learning_rate >= limit:
        return "diverges"
    if learning_rate > limit / 2:
        return "zig-zags"
    if learning_rate < limit / 20:
        return "creeps"
    return "converges"


# --------------------------------------------------------------------------- the descent figure


@dataclass
class DescentPlot:
    """The artists of a descent figure, for a widget or a test to update and inspect."""

    figure: Figure
    surface_ax: Axes
    loss_ax: Axes | None
    contours: QuadContourSet
    path: Line2D
    start: Line2D
    minimum: Line2D
    loss_line: Line2D | None
    message: Text
    X: Array
    t: Array
    limit: float
    initial_loss: float
    batch_size: int | None = None
    seed: int | None = None
    history: History = field(default_factory=History)
    path_points: Array = field(default_factory=lambda: np.zeros((0, 2)))

    def update(self, learning_rate: float, epochs: int, title: str | None = None) -> None:
        """Retrain from the start with ``learning_rate`` for ``epochs`` and update the artists in place.

        The loss axis runs over 1, 2, 5, 10, 20, … epochs (the first at least ``epochs``) and
        from 10⁻³ up to a whole decade, at least 10 and 3 times the largest loss.
        """
        learning_rate = positive_real(learning_rate, "learning_rate")
        epochs = whole_number(epochs, "epochs", 0)
        start = self.start.get_xydata()[0]
        points, history = descent_path(
            self.X, self.t, learning_rate, epochs, start=start, batch_size=self.batch_size, seed=self.seed
        )
        self.history, self.path_points = history, points
        self.path.set_data(points[:, 0], points[:, 1])
        if self.loss_line is not None:
            losses = [self.initial_loss, *history.loss]
            self.loss_line.set_data(np.arange(len(losses)), losses)
            # Steady limits (1-2-5 epochs, whole decades of loss): they change only now and
            # then, so a redraw can keep the axes' pixels (nnbook.plots.blit).
            self.loss_ax.set_xlim(0, nice_limit(max(epochs, 1)))
            self.loss_ax.set_ylim(1e-3, 10.0 ** np.ceil(np.log10(max(10.0, 3.0 * max(losses)))))
        text = descent_message(history, learning_rate, self.limit, points, self.surface_ax)
        self.message.set_text(text)
        self.message.set_visible(bool(text))
        if title is None:
            last = history.loss[-1] if history.loss else self.initial_loss
            title = f"η = {learning_rate:.3g}: loss {last:.3g} after {len(history.loss)} epoch(s)"
        self.surface_ax.set_title(title)


def plot_descent(
    learning_rate: float = 0.3,
    epochs: int = 30,
    data: tuple[Any, Any] | None = None,
    start: Sequence[float] = START,
    extent: Extent = SURFACE_EXTENT,
    resolution: int = 61,
    ax: Axes | None = None,
    with_loss: bool = True,
    title: str | None = None,
    batch_size: int | None = None,
    seed: int | None = None,
) -> DescentPlot:
    """The error surface of the linear neuron with the path of gradient descent on it.

    Left: contours of the loss over ``(w, b)``, the minimum (a star), the start (a
    circle) and the weights after each epoch joined by a line. Right (``with_loss``): the
    loss after each epoch, on a logarithmic axis. When training diverges the path stops
    and the figure says so in red. Pass ``ax`` to draw only the surface into an existing
    axes (``with_loss`` is then ignored). ``batch_size`` and ``seed`` are passed to
    ``nnbook.train`` (mini-batch descent, chapter 5, equation 5.9).
    """
    X, t = line_data() if data is None else data
    ws, bs, losses = linear_loss_surface(X, t, extent, resolution)
    limit = largest_stable_learning_rate(X)
    if ax is None:
        if with_loss:
            figure = Figure(figsize=(9.6, 4.2), layout="constrained")
            surface_ax, loss_ax = figure.subplots(1, 2, width_ratios=[1.1, 1])
        else:
            figure = Figure(figsize=(5.0, 4.4), layout="constrained")
            surface_ax, loss_ax = figure.subplots(), None
    else:
        figure, surface_ax, loss_ax = ax.figure, ax, None
    levels = np.geomspace(max(losses.min(), 1e-3) * 1.5, losses.max(), 14)
    contours = surface_ax.contour(ws, bs, losses, levels=levels, cmap="viridis", linewidths=0.9)
    best = np.unravel_index(np.argmin(losses), losses.shape)
    # The exact minimum is the least-squares fit; the grid point nearest it is close, but
    # the star marks the fit that ``nnbook.train`` converges to (a long run at a safe rate).
    settled, _ = descent_path(X, t, 0.5 * limit, 2000, start=(ws[best[1]], bs[best[0]]))
    (minimum,) = surface_ax.plot(*settled[-1], marker="*", markersize=14, color="black", linestyle="none")
    (path,) = surface_ax.plot([], [], color="#d62728", marker="o", markersize=3, linewidth=1.3)
    (start_marker,) = surface_ax.plot(*start, marker="o", markersize=8, color="#d62728", markerfacecolor="white")
    surface_ax.set_xlim(extent[0], extent[1])
    surface_ax.set_ylim(extent[2], extent[3])
    surface_ax.set_xlabel("weight w")
    surface_ax.set_ylabel("bias b")
    message = message_box(surface_ax, 0.85)
    loss_line = None
    initial_loss = evaluate_loss(one_neuron(*start, "identity"), X, t)
    if loss_ax is not None:
        (loss_line,) = loss_ax.plot([], [], color="#d62728", marker="o", markersize=2.5)
        settled_loss = evaluate_loss(one_neuron(*settled[-1], "identity"), X, t)
        loss_ax.axhline(settled_loss, color="black", linestyle=":", linewidth=1)
        loss_ax.set_yscale("log")
        loss_ax.set_xlabel("epoch")
        loss_ax.set_ylabel(r"loss $\mathcal{L}$ (mean squared error)")
        loss_ax.set_title("The loss after each epoch (dotted: the minimum)")
        loss_ax.grid(True, which="major", alpha=0.3)
    plot = DescentPlot(
        figure,
        surface_ax,
        loss_ax,
        contours,
        path,
        start_marker,
        minimum,
        loss_line,
        message,
        np.asarray(X, dtype=np.float64),
        np.asarray(t, dtype=np.float64),
        limit,
        initial_loss,
        batch_size,
        seed,
    )
    plot.update(learning_rate, epochs, title=title)
    return plot


def descent_message(history: History, learning_rate: float, limit: float, points: Array, ax: Axes) -> str:
    """The warning the figure shows: divergence, a growing loss, or a path leaving the window."""
    if history.diverged:
        return "\n".join(textwrap.wrap(history.message, 44))
    lines = []
    if learning_rate >= limit:
        lines.append(f"η ≥ 2/λ_max = {limit:.3g}: every step overshoots\nfurther, the loss grows")
    x_min, x_max = ax.get_xlim()
    y_min, y_max = ax.get_ylim()
    outside = (points[:, 0] < x_min) | (points[:, 0] > x_max) | (points[:, 1] < y_min) | (points[:, 1] > y_max)
    if np.any(outside):
        lines.append("the path leaves the window")
    return "\n".join(lines)


def plot_learning_rates(
    rates: Mapping[str, float], epochs: int = 30, data: tuple[Any, Any] | None = None, resolution: int = 61
) -> Figure:
    """One error-surface panel per learning rate (labelled by the keys), same start and epochs."""
    count = len(rates)
    if count == 0:
        raise ValueError("expected at least one learning rate")
    columns = min(count, 2)
    rows = -(-count // columns)
    figure = plt.figure(figsize=(4.6 * columns, 4.0 * rows), layout="constrained")
    axes = figure.subplots(rows, columns, squeeze=False)
    for ax, (label, rate) in zip(axes.flat, rates.items(), strict=False):
        plot_descent(rate, epochs, data=data, resolution=resolution, ax=ax, title=f"{label}: η = {rate:g}")
    for ax in axes.flat[count:]:
        ax.set_visible(False)
    figure.suptitle(f"Gradient descent on the linear neuron's error surface, {epochs} epochs from the same start")
    return figure


# --------------------------------------------------------------------------- loss curves


def plot_loss_curves(
    curves: Mapping[str, Sequence[float]],
    x_values: Mapping[str, Sequence[float]] | None = None,
    ax: Axes | None = None,
    xlabel: str = "epoch",
    ylabel: str = "loss on the whole training set",
    title: str = "Loss curves",
    log: bool = True,
) -> Axes:
    """One line per entry of ``curves``; ``x_values`` (same keys) defaults to 1, 2, 3, …"""
    if ax is None:
        _, ax = plt.subplots(figsize=(6.0, 4.0), layout="constrained")
    for label, values in curves.items():
        xs = np.arange(1, len(values) + 1) if x_values is None else np.asarray(x_values[label])
        ax.plot(xs, values, label=label, linewidth=1.3)
    if log:
        ax.set_yscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=8.5)
    return ax


# --------------------------------------------------------------------------- momentum


@dataclass
class MomentumPlot:
    """The artists of the momentum figure, for the explorer or a test to update and inspect.

    ``run`` and ``plain`` are the :class:`nnbook.training.MomentumRun` of the last
    update: with momentum β, and plain gradient descent (β = 0) at the same η.
    """

    figure: Figure
    surface_ax: Axes
    loss_ax: Axes
    path: Line2D
    plain_path: Line2D
    start: Line2D
    loss_line: Line2D
    plain_loss_line: Line2D
    message: Text
    X: Array
    t: Array
    minimum_loss: float
    run: MomentumRun | None = None
    plain: MomentumRun | None = None

    def update(self, learning_rate: float, momentum: float, steps: int) -> None:
        """Run both descents from the start again and move the artists in place."""
        start = self.start.get_xydata()[0]
        self.run = momentum_descent(self.X, self.t, start, learning_rate, momentum, steps)
        self.plain = momentum_descent(self.X, self.t, start, learning_rate, 0.0, steps)
        for line, loss_line, run in (
            (self.path, self.loss_line, self.run),
            (self.plain_path, self.plain_loss_line, self.plain),
        ):
            line.set_data(run.path[:, 0], run.path[:, 1])
            excess = np.maximum(np.array(run.loss) - self.minimum_loss, EXCESS_FLOOR)
            loss_line.set_data(np.arange(len(excess)), excess)
        self.loss_ax.set_xlim(0, nice_limit(max(steps, 1)))
        excess = np.array([*self.run.loss, *self.plain.loss]) - self.minimum_loss
        lowest = max(float(excess.min()), EXCESS_FLOOR)
        top = 10.0 ** np.ceil(np.log10(max(10.0, 3.0 * float(excess.max()))))
        self.loss_ax.set_ylim(min(10.0 ** np.floor(np.log10(lowest)), 1e-3), top)
        lines = [f"with momentum: {self.run.message}"] if self.run.diverged else []
        if self.plain.diverged:
            lines.append(f"without momentum: diverged in step {len(self.plain.loss)}")
        text = "\n".join(textwrap.fill(line, 44) for line in lines)
        self.message.set_text(text)
        self.message.set_visible(bool(text))
        self.surface_ax.set_title(f"η = {learning_rate:.3g}, β = {momentum:.2g}: {len(self.run.loss) - 1} steps")


#: The lowest value the momentum figure's excess loss axis shows (rounding is near 1e-16).
EXCESS_FLOOR = 1e-12


def plot_momentum(
    learning_rate: float = 0.3,
    momentum: float = 0.7,
    steps: int = 30,
    data: tuple[Any, Any] | None = None,
    start: Sequence[float] = START,
    extent: Extent = SURFACE_EXTENT,
    resolution: int = 61,
) -> MomentumPlot:
    """Gradient descent with and without momentum on the linear neuron's error surface.

    Left: the contours of equation 5.4 (chapter 5), the minimum (a star), the path with
    momentum β (red) and without it (grey), both at learning rate η from ``start``.
    Right: how far each is above the minimum loss, ``𝓛 − 𝓛*``, after each step, on a
    logarithmic axis, where a constant factor per step is a straight line. Every number
    comes from :func:`nnbook.training.momentum_descent`.
    """
    X, t = line_data() if data is None else data
    ws, bs, losses = linear_loss_surface(X, t, extent, resolution)
    theta_star = linear_minimum(X, t)
    minimum_loss = evaluate_loss(one_neuron(*theta_star, "identity"), X, t)
    figure = Figure(figsize=(9.6, 4.2), layout="constrained")
    surface_ax, loss_ax = figure.subplots(1, 2, width_ratios=[1.1, 1])
    levels = np.geomspace(max(losses.min(), 1e-3) * 1.5, losses.max(), 14)
    surface_ax.contour(ws, bs, losses, levels=levels, cmap="viridis", linewidths=0.9)
    surface_ax.plot(*theta_star, marker="*", markersize=14, color="black", linestyle="none")
    (plain_path,) = surface_ax.plot(
        [], [], color="0.45", marker="o", markersize=2.5, linewidth=1.0, label="without momentum (β = 0)"
    )
    (path,) = surface_ax.plot([], [], color="#d62728", marker="o", markersize=3, linewidth=1.3, label="with momentum β")
    (start_marker,) = surface_ax.plot(*start, marker="o", markersize=8, color="#d62728", markerfacecolor="white")
    surface_ax.set_xlim(extent[0], extent[1])
    surface_ax.set_ylim(extent[2], extent[3])
    surface_ax.set_xlabel("weight w")
    surface_ax.set_ylabel("bias b")
    surface_ax.legend(loc="lower right", fontsize=8.5)
    message = message_box(surface_ax, 0.85)
    (plain_loss,) = loss_ax.plot([], [], color="0.45", marker="o", markersize=2, label="without momentum")
    (loss_line,) = loss_ax.plot([], [], color="#d62728", marker="o", markersize=2.5, label="with momentum")
    loss_ax.set_yscale("log")
    loss_ax.set_xlabel("step")
    loss_ax.set_ylabel(r"loss above the minimum, $\mathcal{L} - \mathcal{L}^*$")
    loss_ax.set_title("How far above the minimum after each step")
    loss_ax.grid(True, which="major", alpha=0.3)
    loss_ax.legend(loc="upper right", fontsize=8.5)
    plot = MomentumPlot(
        figure,
        surface_ax,
        loss_ax,
        path,
        plain_path,
        start_marker,
        loss_line,
        plain_loss,
        message,
        np.asarray(X, dtype=np.float64),
        np.asarray(t, dtype=np.float64),
        minimum_loss,
    )
    plot.update(learning_rate, momentum, steps)
    return plot


# --------------------------------------------------------------------------- initialisation


@dataclass
class SpreadPlot:
    """The signal-spread figure: ``forward_lines`` and ``backward_lines``, one per run."""

    figure: Figure
    forward_ax: Axes
    backward_ax: Axes
    forward_lines: list[Line2D]
    backward_lines: list[Line2D]


def plot_signal_spread(runs: Mapping[str, SignalSpread], title: str | None = None) -> SpreadPlot:
    """Per layer, the spread of the weighted sums (left) and of the error signal (right).

    ``runs`` maps a label to the :class:`nnbook.training.SignalSpread` of one weight
    scale (chapter 5, section on initialisation); both axes are logarithmic, so a
    constant factor per layer is a straight line.
    """
    if not runs:
        raise ValueError("expected at least one run of signal_spread")
    figure = Figure(figsize=(9.6, 4.0), layout="constrained")
    forward_ax, backward_ax = figure.subplots(1, 2, sharey=True)
    forward_lines, backward_lines = [], []
    for label, run in runs.items():
        layers = np.arange(1, len(run.forward) + 1)
        (line,) = forward_ax.plot(layers, run.forward, marker="o", markersize=3, label=label)
        forward_lines.append(line)
        (line,) = backward_ax.plot(layers, run.backward, marker="o", markersize=3, label=label, color=line.get_color())
        backward_lines.append(line)
    for ax in (forward_ax, backward_ax):
        ax.set_yscale("log")
        ax.set_xlabel("layer ℓ")
        ax.grid(True, which="major", alpha=0.3)
    forward_ax.set_ylabel("root mean square")
    forward_ax.set_title(r"Forward: the weighted sums $\mathbf{z}^{(\ell)}$")
    backward_ax.set_title(
        r"Backward: the error signal $\delta^{(\ell)} = \partial\mathcal{L}_i/\partial\mathbf{z}^{(\ell)}$"
    )
    forward_ax.legend(fontsize=8.5)
    if title is not None:
        figure.suptitle(title)
    return SpreadPlot(figure, forward_ax, backward_ax, forward_lines, backward_lines)
