"""The playground's figure (practice chapter 7): a network's output, its hidden units and its losses.

One small figure with three panels, built once by :func:`playground_figure` and then
updated in place by ``PlaygroundPlot.update`` (``set_array``, ``set_offsets``,
``set_data``, ``set_text``), so that a training step redraws fast:

- the output: the network's output as a colour map over the input plane (or, with
  ``discretize``, only the class it decides), with the training points (circles) and
  the test points (triangles, unless hidden) coloured by their target;
- the hidden units: one tiny colour map per hidden neuron, a row per hidden layer, each
  showing what that neuron computes over the same plane (scaled to its own largest
  absolute value, so every unit's pattern is visible);
- the losses: the training and the test loss after every epoch (log scale).

A text in the figure carries messages, such as ``History.message`` when training diverged.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.figure import Figure

from nnbook.datasets import features as feature_columns
from nnbook.network import Network
from nnbook.playground import MAX_HIDDEN_LAYERS, MAX_UNITS, PLANE, discretise
from nnbook.plots.blit import BlitCache, blit_png
from nnbook.plots.common import Extent, input_grid

PLAYGROUND_EXTENT: Extent = PLANE

#: Orange for class 0 (or negative targets), white in between, blue for class 1 (positive).
PLAYGROUND_CMAP = LinearSegmentedColormap.from_list("nnbook_playground", ["#e8890c", "#f7f7f7", "#1f6fb4"])


#: The loss axis starts with this range (log scale) and widens by whole decades when needed.
LOSS_RANGE = (1e-2, 10.0)

_GAP = 3  # pixels of background between two tiny maps


@dataclass
class PlaygroundPlot:
    """The figure and the artists ``update`` changes."""

    figure: Figure
    ax_output: object
    ax_hidden: object
    ax_loss: object
    image: object  # the network's output over the plane
    train_points: object
    test_points: object
    hidden_image: object  # the mosaic of hidden-unit maps
    train_line: object
    test_line: object
    message: object
    epoch_text: object
    grid: np.ndarray  # (resolution², 2) input points, row by row from the bottom
    resolution: int
    extent: Extent
    regression: bool = False
    features: tuple = ()  # the features of the grid below are computed for these names
    grid_features: np.ndarray | None = None
    activations: list = field(default_factory=list)  # every layer's values over the grid, as last drawn
    dynamic: list = field(default_factory=list)  # the artists drawn over the background
    cache: BlitCache = field(default_factory=BlitCache)  # the pixels of everything that does not move

    def update(
        self,
        net: Network,
        train_data: tuple[np.ndarray, np.ndarray],
        test_data: tuple[np.ndarray, np.ndarray],
        train_loss: list[float],
        test_loss: list[float],
        regression: bool = False,
        message: str = "",
        points_changed: bool = True,
        epoch: int | None = None,
        features: tuple = ("x1", "x2"),
        discretize: bool = False,
        show_test_data: bool = True,
    ) -> np.ndarray:
        """Redraw every panel in place for ``net``; return the output over the grid ``(resolution²,)``.

        ``train_loss`` and ``test_loss`` hold the losses after epochs 1, 2, …; for
        classification the colour scale runs from 0 to 1 (the sigmoid's probability of class
        1), for regression from −1 to 1. ``points_changed=False`` skips resetting the points
        (they change only with the data). The network gets the grid's ``features``
        (``nnbook.datasets.features``); ``discretize`` draws the decided class only
        (``nnbook.playground.discretise``), ``show_test_data=False`` hides the test points.
        Non-finite outputs are drawn as the middle colour, never as NaN.
        """
        features = tuple(features)
        if features != self.features or self.grid_features is None:
            self.features, self.grid_features = features, feature_columns(self.grid, features)
        with np.errstate(all="ignore"):
            run = net.forward_pass(self.grid_features)
        self.activations = run.activations  # the network diagram's maps: no second forward pass
        output = np.nan_to_num(run.output[:, 0], nan=0.0, posinf=1e6, neginf=-1e6)
        low, high = (-1.0, 1.0) if regression else (0.0, 1.0)
        if regression != self.regression or points_changed:
            self.regression = regression
            for artist in (self.image, self.train_points, self.test_points):
                artist.set_clim(low, high)
            for artist, (X, y) in ((self.train_points, train_data), (self.test_points, test_data)):
                artist.set_offsets(X)
                artist.set_array(np.asarray(y, dtype=np.float64))
        self.test_points.set_visible(show_test_data)
        shown = discretise(output, regression) if discretize else output
        self.image.set_array(shown.reshape(self.resolution, self.resolution))
        self.hidden_image.set_array(hidden_mosaic(run.activations[1:-1], self.resolution))

        for line, values in ((self.train_line, train_loss), (self.test_line, test_loss)):
            line.set_data(np.arange(1, len(values) + 1), values)
        values = [v for v in list(train_loss) + list(test_loss) if np.isfinite(v) and v > 0]
        # The axes change rarely (the epoch range doubles when it fills up, the loss range
        # widens by decades), so most redraws keep the background and draw only the artists.
        x_max = self.ax_loss.get_xlim()[1]
        while len(train_loss) > x_max:
            x_max *= 2
        if len(train_loss) < x_max / 4 and x_max > 20:
            x_max = 20
            while len(train_loss) > x_max:
                x_max *= 2
        self.ax_loss.set_xlim(0, x_max)
        y_low, y_high = LOSS_RANGE
        if values:
            y_low = min(y_low, 10.0 ** np.floor(np.log10(max(min(values), 1e-8))))
            y_high = max(y_high, 10.0 ** np.ceil(np.log10(max(values))))
        self.ax_loss.set_ylim(y_low, y_high)
        self.epoch_text.set_text(f"epoch {len(train_loss) if epoch is None else epoch}")
        self.message.set_text(message)
        self.message.set_visible(bool(message))
        return output


def hidden_mosaic(activations: list[np.ndarray], resolution: int) -> np.ndarray:
    """The hidden layers' activations laid out as one image: a row per layer, a tile per unit.

    ``activations`` are the hidden layers' ``(resolution², units)`` arrays (from
    ``net.forward_pass(grid).activations[1:-1]``). Each unit is scaled by its own
    largest absolute value into [−1, 1]; the space between tiles and after the last unit
    of a row is NaN (drawn as background). Non-finite values become 0.
    """
    size = resolution + _GAP
    mosaic = np.full((MAX_HIDDEN_LAYERS * size - _GAP, MAX_UNITS * size - _GAP), np.nan)
    with np.errstate(all="ignore"):
        for row, A in enumerate(activations[:MAX_HIDDEN_LAYERS]):
            A = np.nan_to_num(np.asarray(A, dtype=np.float64), nan=0.0, posinf=0.0, neginf=0.0)
            scale = np.max(np.abs(A), axis=0)
            A = np.where(scale > 0, A / np.where(scale > 0, scale, 1.0), 0.0)
            for unit in range(min(A.shape[1], MAX_UNITS)):
                tile = A[:, unit].reshape(resolution, resolution)
                top = row * size  # layer 1 in the top row (image rows go down)
                mosaic[top : top + resolution, unit * size : unit * size + resolution] = tile[::-1]
    return mosaic


def playground_figure(
    extent: Extent = PLAYGROUND_EXTENT, resolution: int = 41, figsize: tuple[float, float] = (9.6, 3.0)
) -> PlaygroundPlot:
    """Build the playground's empty figure (three panels); fill it with its ``update``."""
    figure = Figure(figsize=figsize, layout="constrained")
    ax_output, ax_hidden, ax_loss = figure.subplots(1, 3, gridspec_kw={"width_ratios": [1.0, 1.25, 1.15]})
    grid = input_grid(extent, resolution)[2]
    image = ax_output.imshow(
        np.full((resolution, resolution), 0.5),
        extent=extent,
        origin="lower",
        cmap=PLAYGROUND_CMAP,
        vmin=0.0,
        vmax=1.0,
        interpolation="bilinear",
        aspect="equal",
    )
    style = {"cmap": PLAYGROUND_CMAP, "vmin": 0.0, "vmax": 1.0, "edgecolors": "black", "linewidths": 0.6}
    train_points = ax_output.scatter(np.zeros(1), np.zeros(1), c=np.zeros(1), s=14, marker="o", **style)
    test_points = ax_output.scatter(np.zeros(1), np.zeros(1), c=np.zeros(1), s=22, marker="^", **style)
    ax_output.set(xlim=extent[:2], ylim=extent[2:], xlabel="x₁", ylabel="x₂", title="network output")
    legend = ax_output.legend(
        [train_points, test_points], ["train", "test"], loc="lower right", fontsize=6, framealpha=0.7, handletextpad=0.2
    )

    size = resolution + _GAP
    hidden_image = ax_hidden.imshow(
        hidden_mosaic([], resolution), cmap=PLAYGROUND_CMAP, vmin=-1.0, vmax=1.0, interpolation="nearest"
    )
    ax_hidden.set_facecolor("white")
    ax_hidden.set_xticks([unit * size + resolution / 2 for unit in range(MAX_UNITS)], range(1, MAX_UNITS + 1))
    rows = range(MAX_HIDDEN_LAYERS)
    ax_hidden.set_yticks([row * size + resolution / 2 for row in rows], [str(row + 1) for row in rows])
    ax_hidden.tick_params(length=0, labelsize=7)
    ax_hidden.set(xlabel="unit", ylabel="hidden layer", title="what each hidden unit computes")
    for spine in ax_hidden.spines.values():
        spine.set_visible(False)

    (train_line,) = ax_loss.plot([], [], color="#1f6fb4", label="train loss")
    (test_line,) = ax_loss.plot([], [], color="#e8890c", linestyle="--", label="test loss")
    ax_loss.set_yscale("log")
    ax_loss.set(xlabel="epoch", ylabel="loss", title="loss", xlim=(0, 20), ylim=LOSS_RANGE)
    ax_loss.legend(fontsize=7, loc="upper right")
    ax_loss.tick_params(labelsize=7)
    message = figure.text(0.5, 0.5, "", ha="center", va="center", fontsize=10, color="#a00000", wrap=True)
    message.set_bbox({"facecolor": "white", "alpha": 0.9, "edgecolor": "#a00000"})
    message.set_visible(False)
    epoch_text = ax_output.text(
        0.03, 0.97, "epoch 0", transform=ax_output.transAxes, ha="left", va="top", fontsize=7,
        bbox={"facecolor": "white", "alpha": 0.7, "edgecolor": "none", "pad": 1.5},
    )  # fmt: skip
    # In the order a full draw stacks them; the frames and the loss legend do not change,
    # but they lie on top of artists that do.
    dynamic = [
        image,
        train_points,
        test_points,
        *ax_output.spines.values(),
        epoch_text,
        legend,
        hidden_image,
        train_line,
        test_line,
        *ax_loss.spines.values(),
        ax_loss.get_legend(),
        message,
    ]
    return PlaygroundPlot(
        figure,
        ax_output,
        ax_hidden,
        ax_loss,
        image,
        train_points,
        test_points,
        hidden_image,
        train_line,
        test_line,
        message,
        epoch_text,
        grid,
        resolution,
        extent,
        dynamic=dynamic,
    )


def playground_png(plot: PlaygroundPlot, dpi: int = 72, compress_level: int = 2) -> bytes:
    """The figure as PNG bytes, drawing only the moving artists (``plot.dynamic``) over a
    cached background that is kept until the loss panel's limits change (see
    :mod:`nnbook.plots.blit`); the picture is the same as ``figure.savefig`` would give.
    """
    key = (tuple(plot.ax_loss.get_xlim()), tuple(plot.ax_loss.get_ylim()))
    return blit_png(plot.figure, plot.dynamic, plot.cache, key, dpi, compress_level)


def plot_network_outputs(
    panels,
    extent: Extent = PLAYGROUND_EXTENT,
    resolution: int = 81,
    regression: bool = False,
    features: tuple = ("x1", "x2"),
):
    """Several networks' outputs side by side, each with its data: a pyplot figure.

    ``panels`` is a list of ``(net, X, y, title)``; each panel shows ``net``'s output over
    ``extent`` as a colour map (0 to 1 for a sigmoid output, −1 to 1 for ``regression``)
    with the points ``X`` coloured by ``y``. A panel may add a fifth item, the input
    features its network gets (``nnbook.datasets.features``; ``features`` by default).
    """
    import matplotlib.pyplot as plt

    low, high = (-1.0, 1.0) if regression else (0.0, 1.0)
    grid = input_grid(extent, resolution)[2]
    fig, axes = plt.subplots(1, len(panels), figsize=(2.7 * len(panels), 2.8), squeeze=False, layout="constrained")
    for ax, (net, X, y, title, *own) in zip(axes[0], panels, strict=True):
        names = own[0] if own else features
        output = net.forward(feature_columns(grid, names))[:, 0].reshape(resolution, resolution)
        ax.imshow(output, extent=extent, origin="lower", cmap=PLAYGROUND_CMAP, vmin=low, vmax=high)
        ax.scatter(
            X[:, 0], X[:, 1], c=y, cmap=PLAYGROUND_CMAP, vmin=low, vmax=high, s=12, edgecolors="black", linewidths=0.5
        )
        ax.set(xlim=extent[:2], ylim=extent[2:], xlabel="x₁", ylabel="x₂", title=title)
        ax.title.set_fontsize(9)
    return fig
