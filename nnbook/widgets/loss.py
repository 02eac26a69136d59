"""Chapter 3's explorers: a point on an error surface, and the learning slowdown.

``LossSurfaceExplorer`` moves a sigmoid neuron's weight and bias with two sliders and
shows where that puts it on the error surface of the chapter's six points (a contour map
and a 3-D view), with the loss and its gradient, computed by ``nnbook.evaluate_loss`` and
``nnbook.backprop``. ``SlowdownExplorer`` reruns Nielsen's single-neuron example from a
starting weight, bias and learning rate the reader chooses, training with ``nnbook.train``
under both losses.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from nnbook.backprop import backprop
from nnbook.loss import evaluate_loss
from nnbook.network import one_neuron
from nnbook.neuron import sigmoid, sigmoid_derivative
from nnbook.plots.blit import BlitCache, blit_png
from nnbook.plots.loss import (
    LOSS_NAMES,
    SLOWDOWN_STARTS,
    SLOWDOWN_X,
    SLOWDOWN_Y,
    SURFACE_RANGE,
    SURFACE_X,
    SURFACE_Y,
    loss_surface,
    plot_loss_surface,
    plot_slowdown,
)
from nnbook.widgets.base import CONTROL_STYLE, Explorer, control_layout, menu, parameter_slider, side_text

#: The loss menu: what the reader sees, and the name ``nnbook`` takes.
LOSS_OPTIONS = [("mean squared error", "mse"), ("cross-entropy", "cross_entropy")]


#: The learning rates the slowdown explorer offers: roughly logarithmic steps from 0.01 to 100,
#: including Nielsen's 0.15.
LEARNING_RATES = (0.01, 0.02, 0.05, 0.1, 0.15, 0.2, 0.5, 1.0, 1.5, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0)


class LossSurfaceExplorer(Explorer):
    """A sigmoid neuron's place on its error surface (chapter 3).

    Controls: ``w`` and ``b`` (sliders from −5 to 5, step 0.1) and ``loss`` (mean squared
    error or cross-entropy). The figure is :func:`nnbook.plots.loss.plot_loss_surface`:
    the loss of the neuron ``σ(w·x + b)`` on the six points ``SURFACE_X``, ``SURFACE_Y``
    over the whole grid of weights and biases, as a map and in 3-D. Each slider change
    moves the marked point on both panels and redraws the arrow of steepest descent
    (the negative gradient from ``nnbook.backprop``); the readout gives the loss
    (``nnbook.evaluate_loss``) and the gradient. Changing the loss swaps the surface.

    Attributes for code and tests: ``net``, ``value`` (the loss at the point),
    ``gradient`` (∂𝓛/∂w, ∂𝓛/∂b), ``plot`` (a ``SurfacePlot``), ``figure``, ``readout``,
    ``output``, ``png``.
    """

    def __init__(self, w: float = -3.0, b: float = 3.0, loss: str = "mse", resolution: int = 41, dpi: int = 96) -> None:
        if loss not in LOSS_NAMES:
            raise ValueError(f"expected loss one of {', '.join(map(repr, LOSS_NAMES))}, got {loss!r}")
        self.w = parameter_slider("weight w", w, *SURFACE_RANGE)
        self.b = parameter_slider("bias b", b, *SURFACE_RANGE)
        self.loss = menu("loss 𝓛", LOSS_OPTIONS, loss)
        self.readout = side_text()
        self.output = widgets.Output()
        self.dpi = dpi
        # Both surfaces are computed once: moving the point only moves artists.
        self.surfaces = {name: loss_surface(name, resolution=resolution) for name in LOSS_NAMES}
        self.plot = plot_loss_surface(loss, surface=self.surfaces[loss])
        self.net = one_neuron(w, b)
        self.value = float("nan")
        self.gradient = (0.0, 0.0)
        # What moves with w and b: the point on both panels, the arrow and the message. The
        # surfaces, axes and colourbar are kept as pixels until the loss changes (draw_png).
        plot = self.plot
        self.dynamic = [plot.marker, plot.arrow, plot.message, plot.marker3d]
        self.cache = BlitCache()
        controls = widgets.VBox([self.w, self.b, self.loss], layout=widgets.Layout(flex="0 0 auto"))
        top = widgets.HBox([controls, self.readout], layout=widgets.Layout(flex_flow="row wrap"))
        super().__init__([top, self.output])
        self.watch([self.w, self.b, self.loss])
        self.update()

    @property
    def figure(self):
        return self.plot.figure

    def recompute(self) -> None:
        """Set the neuron from the sliders, compute its loss and gradient, move the point."""
        loss = self.loss.value
        surface = self.surfaces[loss] if loss != self.plot.loss else None
        self.net.layers[0].W = [[self.w.value]]
        self.net.layers[0].b = [self.b.value]
        self.value = evaluate_loss(self.net, SURFACE_X, SURFACE_Y, loss)
        ((dW, db),) = backprop(self.net, SURFACE_X, SURFACE_Y, loss)
        self.gradient = (float(dW[0, 0]), float(db[0]))
        self.plot.update(self.w.value, self.b.value, self.value, self.gradient, loss, surface)
        self.readout.value = self._readout_html()

    def draw_png(self) -> bytes:
        """Only the point, arrow and message over the kept background, drawn again when the
        loss changes (it swaps the map, contours, mesh, colour scale, z limits and titles)."""
        return blit_png(self.figure, self.dynamic, self.cache, self.plot.loss, self.dpi)

    def _readout_html(self) -> str:
        dw, db = self.gradient
        name = html.escape(LOSS_NAMES[self.loss.value])
        lines = [
            f"<b>{name}: 𝓛 = {self.value:.4f}</b> at w = {self.w.value:.1f}, b = {self.b.value:.1f}",
            f"gradient: ∂𝓛/∂w = {dw:+.4f}, ∂𝓛/∂b = {db:+.4f}",
            f"lowest 𝓛 on the grid: {self.plot.L.min():.4f}",
        ]
        return "<br>".join(lines)

    def describe(self) -> str:
        dw, db = self.gradient
        return (
            f"Contour map and 3-D surface of the {LOSS_NAMES[self.loss.value]} of a sigmoid neuron over weight w "
            f"and bias b from {SURFACE_RANGE[0]:g} to {SURFACE_RANGE[1]:g}; the point w = {self.w.value:.1f}, "
            f"b = {self.b.value:.1f} is marked, where the loss is {self.value:.4f} and the gradient is "
            f"({dw:.4f}, {db:.4f})."
        )


class SlowdownExplorer(Explorer):
    """Nielsen's learning slowdown, from the reader's own start (chapter 3).

    Controls: ``w`` and ``b`` (the starting weight and bias, −5 to 5) and
    ``learning_rate`` (η, a slider over ``LEARNING_RATES``, 0.01 to 100). Each change trains a
    fresh ``Network([1, 1], "sigmoid")`` for ``epochs`` epochs on x = 1, target 0 with
    ``nnbook.train``, once with the mean squared error and once with the cross-entropy,
    and redraws both learning curves. The readout gives the starting output, σ′(z) and
    the two starting gradients ∂𝓛/∂w; a run that diverges is drawn as far as it went,
    with ``History.message`` written in the panel.

    Attributes: ``plot`` (a ``SlowdownPlot``; ``plot.histories[0]`` holds the two
    histories), ``figure``, ``readout``, ``output``, ``png``.
    """

    def __init__(
        self,
        w: float = SLOWDOWN_STARTS[1][0],
        b: float = SLOWDOWN_STARTS[1][1],
        learning_rate: float = 0.15,
        epochs: int = 300,
        dpi: int = 96,
    ) -> None:
        self.w = parameter_slider("start weight w", w)
        self.b = parameter_slider("start bias b", b)
        if learning_rate not in LEARNING_RATES:
            raise ValueError(f"expected a learning rate from {LEARNING_RATES}, got {learning_rate!r}")
        self.learning_rate = widgets.SelectionSlider(
            options=[(f"{rate:g}", rate) for rate in LEARNING_RATES],
            value=learning_rate,
            description="learning rate η",
            style=CONTROL_STYLE,
            layout=control_layout(),
        )
        self.epochs = epochs
        self.dpi = dpi
        self.readout = side_text()
        self.output = widgets.Output()
        self.plot = plot_slowdown([(w, b)], learning_rate, epochs)
        # What moves with any control: the curves, each panel's y axis (its limit follows the
        # highest loss, so its ticks, labels and grid lines change), the legend (it names the
        # start), the messages and the title (it gives η). The spines are drawn again too, in
        # their place between curves and texts: a curve near 0 runs along the bottom spine.
        # The x axis, titles and labels stay as kept pixels.
        self.dynamic = [self.plot.suptitle]
        for loss, ax in self.plot.axes.items():
            self.dynamic += [
                ax.yaxis,
                *self.plot.lines[loss],
                *ax.spines.values(),
                self.plot.messages[loss],
                ax.get_legend(),
            ]
        self.cache = BlitCache()
        controls = widgets.VBox([self.w, self.b, self.learning_rate], layout=widgets.Layout(flex="0 0 auto"))
        top = widgets.HBox([controls, self.readout], layout=widgets.Layout(flex_flow="row wrap"))
        super().__init__([top, self.output])
        self.watch([self.w, self.b, self.learning_rate])
        self.update()

    @property
    def figure(self):
        return self.plot.figure

    @property
    def histories(self):
        return self.plot.histories[0]

    def recompute(self) -> None:
        """Retrain from the sliders' start under both losses and redraw the curves."""
        self.plot.update([(self.w.value, self.b.value)], self.learning_rate.value, self.epochs)
        self.readout.value = self._readout_html()

    def draw_png(self) -> bytes:
        """Only the moving artists over the kept background; nothing kept depends on the
        controls (the x limits are 0 to ``epochs``), so the key names just those limits."""
        key = tuple(ax.get_xlim() for ax in self.plot.axes.values())
        return blit_png(self.figure, self.dynamic, self.cache, key, self.dpi)

    def start_gradients(self) -> dict[str, float]:
        """∂𝓛/∂w at the start under each loss, from ``nnbook.backprop``."""
        net = one_neuron(self.w.value, self.b.value)
        return {loss: float(backprop(net, SLOWDOWN_X, SLOWDOWN_Y, loss)[0][0][0, 0]) for loss in LOSS_NAMES}

    def _readout_html(self) -> str:
        z = self.w.value * 1.0 + self.b.value
        grads = self.start_gradients()
        lines = [
            f"<b>start: z = {z:.1f}, output a = σ(z) = {float(sigmoid(z)):.4f}, σ′(z) = "
            f"{float(sigmoid_derivative(z)):.4f}</b>",
            f"first step's ∂𝓛/∂w: mean squared error {grads['mse']:.4f}, cross-entropy {grads['cross_entropy']:.4f}",
        ]
        for loss, history in self.histories.items():
            name = LOSS_NAMES[loss]
            if history.diverged:
                lines.append(f"{name}: {html.escape(history.message)}")
            elif history.loss:
                lines.append(f"{name}: 𝓛 = {history.loss[-1]:.4f} after {history.epochs} epochs")
        return "<br>".join(lines)

    def describe(self) -> str:
        parts = []
        for loss, history in self.histories.items():
            state = "diverged" if history.diverged else f"ends at {history.loss[-1]:.4f}" if history.loss else "empty"
            parts.append(f"the {LOSS_NAMES[loss]} curve {state}")
        return (
            f"Learning curves of a sigmoid neuron trained on x = 1, target 0 from w = {self.w.value:.1f}, "
            f"b = {self.b.value:.1f} with learning rate {self.learning_rate.value:.3g} for {self.epochs} epochs: "
            + "; ".join(parts)
            + "."
        )
