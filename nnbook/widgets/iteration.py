"""Chapter 5's explorers: the learning rate on an error surface, and a classifier learning live.

``DescentExplorer`` retrains a linear neuron with ``nnbook.train`` whenever the learning
rate or the number of epochs changes, and draws the path of its two weights on the error
surface with the loss curve beside it. ``PlaygroundExplorer`` trains a small network on a
two-dimensional data set a few epochs at a time (one press of Step, or one tick of the Play
widget, is one call of ``nnbook.train``), recolouring the plane with the network's output.

Neither computes anything the package does not: every path, loss and colour comes from
``nnbook.train``, ``nnbook.evaluate_loss`` and ``net.forward``. Tests drive them from Python:
``explorer.learning_rate.value = 0.5``, ``explorer.step_button.click()``,
``explorer.play.value += 1``.

Both redraw fast: only the artists that move are drawn, over the kept pixels of the rest
(``nnbook.plots.blit``). The loss axes' limits move in steps (1-2-5 epochs, whole decades
of loss), so the kept pixels are drawn again only when a curve outgrows them.
"""

from __future__ import annotations

import html
import math

import ipywidgets as widgets
import numpy as np

from nnbook import datasets
from nnbook.loss import evaluate_loss
from nnbook.network import Network
from nnbook.plots.blit import BlitCache, blit_png
from nnbook.plots.iteration import (
    SURFACE_EXTENT,
    Extent,
    plot_classifier,
    plot_descent,
    regime,
    update_classifier_plot,
    update_descent_plot,
)
from nnbook.training import train
from nnbook.widgets.base import Explorer, side_text

CONTROL_STYLE = {"description_width": "9em"}
CONTROL_LAYOUT = widgets.Layout(width="26em")

#: The learning-rate slider's range: 10⁻³ to 10¹, in steps of 10^0.05 (about 12 %).
LEARNING_RATE_EXPONENTS = (-3.0, 1.0, 0.05)


def learning_rate_slider(value: float) -> widgets.FloatLogSlider:
    """A logarithmic slider for the learning rate η, from 0.001 to 10, at its step nearest ``value``.

    A browser's slider moves only in its steps and would move an off-step value (0.3) to the
    nearest one (0.316) as it is drawn, so the explorer starts there itself.
    """
    low, high, step = LEARNING_RATE_EXPONENTS
    exponent = low + round((math.log10(value) - low) / step) * step
    return widgets.FloatLogSlider(
        value=10 ** min(max(exponent, low), high),
        base=10,
        min=low,
        max=high,
        step=step,
        description="learning rate η",
        readout_format=".3g",
        continuous_update=True,
        style=CONTROL_STYLE,
        layout=CONTROL_LAYOUT,
    )


class DescentExplorer(Explorer):
    """Gradient descent on the error surface of a linear neuron (chapter 5).

    Controls: ``learning_rate`` (a logarithmic slider from 0.001 to 10) and ``epochs``
    (1 to 200). Each change trains the neuron ``o = w·x + b`` afresh from ``(−1, 0.5)``
    with ``nnbook.train`` and redraws the path of ``(w, b)`` on the contour map of the
    loss, the loss after each epoch, and the readout (the regime, the stability limit
    ``2/λ_max`` of equation 5.6, the weights and the loss reached). A diverging run is
    shown by the message ``nnbook.train`` returns, in red in the figure.

    Attributes for code and tests: ``plot`` (a :class:`nnbook.plots.iteration.DescentPlot`
    with ``path``, ``loss_line``, ``message``, ``history``, ``path_points`` and ``limit``),
    ``figure``, ``readout``, ``output``, ``png``, ``dynamic`` (the artists drawn at every
    change over the kept background).
    """

    def __init__(
        self,
        learning_rate: float = 0.3,
        epochs: int = 30,
        extent: Extent = SURFACE_EXTENT,
        resolution: int = 61,
        dpi: int = 96,
    ) -> None:
        self.learning_rate = learning_rate_slider(learning_rate)
        self.epochs = widgets.IntSlider(
            value=epochs,
            min=1,
            max=200,
            step=1,
            description="epochs",
            continuous_update=True,
            style=CONTROL_STYLE,
            layout=CONTROL_LAYOUT,
        )
        self.readout = side_text()
        self.output = widgets.Output()
        self.dpi = dpi
        self.plot = plot_descent(self.learning_rate.value, self.epochs.value, extent=extent, resolution=resolution)
        # What moves when a control changes, in the order a full draw stacks it: the path,
        # then the start marker, the frame and the message over it; the loss curve, then
        # the dotted minimum and the frame over it. The contours, the star and the axes
        # are kept as pixels between redraws.
        plot = self.plot
        self.dynamic = [
            plot.path,
            plot.start,
            *plot.surface_ax.spines.values(),
            plot.message,
            plot.surface_ax.title,
            *plot.loss_ax.lines,  # the loss curve, then the dotted minimum
            *plot.loss_ax.spines.values(),
        ]
        self.cache = BlitCache()
        controls = widgets.VBox([self.learning_rate, self.epochs], layout=widgets.Layout(flex="0 0 auto"))
        top = widgets.HBox([controls, self.readout], layout=widgets.Layout(flex_flow="row wrap"))
        super().__init__([top, self.output])
        self.watch([self.learning_rate, self.epochs])
        self.update()

    @property
    def figure(self):
        return self.plot.figure

    def recompute(self) -> None:
        """Retrain from the start with the controls' values and update the figure and readout."""
        update_descent_plot(self.plot, self.learning_rate.value, self.epochs.value)
        self.readout.value = self._readout_html()

    def draw_png(self) -> bytes:
        """Only the moving artists over the kept background, drawn again when the loss
        axis's limits (its ticks) change: the epoch range, or the loss range of a divergence."""
        key = (self.plot.loss_ax.get_xlim(), self.plot.loss_ax.get_ylim())
        return blit_png(self.figure, self.dynamic, self.cache, key, self.dpi)

    def _summary(self) -> str:
        history, points = self.plot.history, self.plot.path_points
        w, b = points[-1]
        loss = history.loss[-1] if history.loss else self.plot.initial_loss
        return f"after {history.epochs} epoch(s): w = {w:.3g}, b = {b:.3g}, loss = {loss:.3g}"

    def _readout_html(self) -> str:
        eta, limit = self.learning_rate.value, self.plot.limit
        lines = [
            f"<b>η = {eta:.3g}</b>; largest stable rate 2/λ_max = {limit:.3g}: gradient descent {regime(eta, limit)}",
            html.escape(self._summary()),
        ]
        if self.plot.history.diverged:
            lines.append(f'<span style="color:#b00020">{html.escape(self.plot.history.message)}</span>')
        return "<br>".join(lines)

    def describe(self) -> str:
        """The picture in words (the image's alt text)."""
        text = (
            f"Contour map of the mean squared error over the weight w and the bias b, with the path of "
            f"gradient descent from (−1, 0.5) at learning rate {self.learning_rate.value:.3g} "
            f"({regime(self.learning_rate.value, self.plot.limit)}); {self._summary()}; "
            "beside it the loss after each epoch on a logarithmic scale"
        )
        if self.plot.message.get_visible():
            text += "; warning: " + self.plot.message.get_text().replace("\n", " ")
        return text + "."


#: The playground's data sets: (menu label, function name in ``nnbook.datasets``).
DATASET_OPTIONS = [("XOR", "xor"), ("circle", "circle"), ("two Gaussians", "gaussians"), ("spiral", "spiral")]


class PlaygroundExplorer(Explorer):
    """A small network learning a two-dimensional data set, one training step at a time (chapter 5).

    Controls: ``dataset`` (XOR, circle, two Gaussians, spiral from ``nnbook.datasets``,
    200 points each), ``learning_rate`` (0.001 to 10, logarithmic), ``epochs_per_step``
    (1 to 50), the buttons ``step_button`` and ``reset_button``, and ``play`` (an
    ``ipywidgets.Play``: each tick, that is each change of its value, is one step). A step
    is ``nnbook.train(net, X, y, loss="cross_entropy", learning_rate=η,
    epochs=epochs_per_step)`` on the same network, so training continues where it
    stopped. Reset, and any change of data set, rebuilds the network from ``seed`` with
    the same initial weights.

    The network is ``Network([2, hidden, 1], activation="tanh",
    output_activation="sigmoid", seed=seed)``. Attributes for code and tests: ``net``,
    ``X``, ``y``, ``losses`` (``losses[k]`` is the loss after ``k`` epochs), ``history``
    (of the last step), ``message``, ``plot`` (a
    :class:`nnbook.plots.iteration.ClassifierPlot`), ``figure``, ``readout``, ``output``,
    ``dynamic`` (the artists drawn at every change over the kept background).
    """

    def __init__(
        self,
        dataset: str = "xor",
        learning_rate: float = 1.0,
        epochs_per_step: int = 10,
        hidden: int = 8,
        seed: int = 0,
        resolution: int = 61,
        dpi: int = 96,
    ) -> None:
        names = [value for _, value in DATASET_OPTIONS]
        if dataset not in names:
            raise ValueError(f"expected dataset one of {', '.join(map(repr, names))}, got {dataset!r}")
        self.hidden, self.seed, self.dpi = hidden, seed, dpi
        self.dataset = widgets.Dropdown(
            options=DATASET_OPTIONS, value=dataset, description="data set", style=CONTROL_STYLE, layout=CONTROL_LAYOUT
        )
        self.learning_rate = learning_rate_slider(learning_rate)
        self.epochs_per_step = widgets.IntSlider(
            value=epochs_per_step,
            min=1,
            max=50,
            description="epochs per step",
            style=CONTROL_STYLE,
            layout=CONTROL_LAYOUT,
        )
        self.play = widgets.Play(value=0, min=0, max=100_000, step=1, interval=250, description="play")
        self.step_button = widgets.Button(description="Step", tooltip="train for one step", icon="step-forward")
        self.reset_button = widgets.Button(description="Reset", tooltip="back to the initial weights", icon="undo")
        self.readout = side_text()
        self.output = widgets.Output()
        self._resetting = False
        self.message = ""
        self._load_data()
        self._new_network()
        self.plot = plot_classifier(self.net, self.X, self.y, resolution=resolution)
        # What moves, in the order a full draw stacks it: the output, then the points, the
        # frame, the message and the legend over it (the legend does not change, but it
        # sits on the output); the title; the loss curve and the frame over it. The
        # colourbar and the loss axes with their grid are kept as pixels between redraws.
        plane_ax, loss_ax = self.plot.plane_ax, self.plot.loss_ax
        self.dynamic = [
            self.plot.image,
            *self.plot.points,
            *plane_ax.spines.values(),
            self.plot.message,
            plane_ax.get_legend(),
            plane_ax.title,
            self.plot.loss_line,
            *loss_ax.spines.values(),
        ]
        self.cache = BlitCache()
        buttons = widgets.HBox([self.play, self.step_button, self.reset_button])
        controls = widgets.VBox(
            [self.dataset, self.learning_rate, self.epochs_per_step, buttons], layout=widgets.Layout(flex="0 0 auto")
        )
        top = widgets.HBox([controls, self.readout], layout=widgets.Layout(flex_flow="row wrap"))
        super().__init__([top, self.output])
        self.step_button.on_click(lambda _: self.step())
        self.reset_button.on_click(lambda _: self.reset())
        self.play.observe(self._on_tick, names="value")
        self.dataset.observe(self._on_dataset, names="value")
        self.watch([self.learning_rate, self.epochs_per_step])
        self.update()

    @property
    def figure(self):
        return self.plot.figure

    # ---------------------------------------------------------------- state

    def _load_data(self) -> None:
        self.X, self.y = getattr(datasets, self.dataset.value)(n=200, seed=self.seed)

    def _new_network(self) -> None:
        self.net = Network([2, self.hidden, 1], activation="tanh", output_activation="sigmoid", seed=self.seed)
        self.losses = [evaluate_loss(self.net, self.X, self.y, loss="cross_entropy")]
        self.history = None
        self.message = ""

    def initial_weights(self) -> list[tuple[np.ndarray, np.ndarray]]:
        """The weights Reset returns to (a fresh network from the same seed)."""
        fresh = Network([2, self.hidden, 1], activation="tanh", output_activation="sigmoid", seed=self.seed)
        return [(layer.W.copy(), layer.b.copy()) for layer in fresh.layers]

    def step(self) -> None:
        """Train ``epochs_per_step`` more epochs with ``nnbook.train`` and redraw."""
        self.history = train(
            self.net,
            self.X,
            self.y,
            loss="cross_entropy",
            learning_rate=self.learning_rate.value,
            epochs=self.epochs_per_step.value,
        )
        self.losses.extend(self.history.loss)
        if self.history.diverged:
            self.message = f"{self.history.message}. Lower η, or press Reset."
            self.play.playing = False
        else:
            self.message = ""
        self.update()

    def reset(self) -> None:
        """Stop playing and go back to the initial weights (same seed), with an empty loss curve."""
        self._resetting = True
        try:
            self.play.playing = False
            self.play.value = 0
        finally:
            self._resetting = False
        self._new_network()
        self.update()

    def _on_tick(self, change: dict) -> None:
        if not self._resetting:
            self.step()

    def _on_dataset(self, change: dict) -> None:
        self._load_data()
        self.reset()

    def accuracy(self) -> float:
        """The fraction of the training points on the right side (output ≥ 0.5 means label 1)."""
        predicted = self.net.forward(self.X)[:, 0] >= 0.5
        return float(np.mean(predicted == (self.y == 1)))

    # ---------------------------------------------------------------- drawing

    def recompute(self) -> None:
        """Recolour the plane, redraw the loss curve and the message, rewrite the readout."""
        update_classifier_plot(self.plot, self.net, self.losses, self.message, data=(self.X, self.y))
        epochs = len(self.losses) - 1
        self.plot.plane_ax.set_title(f"{self.dataset.label}: network output after {epochs} epoch(s)", fontsize=10)
        self.readout.value = self._readout_html()

    def draw_png(self) -> bytes:
        """Only the moving artists over the kept background, drawn again when the loss
        axis's limits (its ticks) change: they widen by steps as training goes on."""
        key = (self.plot.loss_ax.get_xlim(), self.plot.loss_ax.get_ylim())
        return blit_png(self.figure, self.dynamic, self.cache, key, self.dpi)

    def _summary(self) -> str:
        return (
            f"after {len(self.losses) - 1} epoch(s): loss {self.losses[-1]:.4f}, "
            f"{100 * self.accuracy():.1f} % of the points right"
        )

    def _readout_html(self) -> str:
        code = (
            f'nnbook.train(net, X, y, loss="cross_entropy", learning_rate={self.learning_rate.value:.3g}, '
            f"epochs={self.epochs_per_step.value})"
        )
        lines = [f"<b>{html.escape(self._summary())}</b>", f"each step runs <code>{html.escape(code)}</code>"]
        if self.message:
            lines.append(f'<span style="color:#b00020">{html.escape(self.message)}</span>')
        return "<br>".join(lines)

    def describe(self) -> str:
        """The picture in words (the image's alt text)."""
        text = (
            f"Colour map of the output of a 2-{self.hidden}-1 network over the plane with the "
            f"{self.dataset.label} data set (200 points), {self._summary()}; beside it the loss after each epoch"
        )
        if self.message:
            text += "; warning: " + self.message
        return text + "."
