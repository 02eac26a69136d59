"""Chapter 5's explorers: the learning rate, and momentum, on an error surface.

``DescentExplorer`` retrains a linear neuron with ``nnbook.train`` whenever the learning
rate or the number of epochs changes, and draws the path of its two weights on the error
surface with the loss curve beside it; ``MomentumExplorer`` does the same for gradient
descent with momentum (``nnbook.training.momentum_descent``) beside plain descent. They
compute nothing the package does not: every
path and loss comes from ``nnbook.train`` and ``nnbook.evaluate_loss``. Tests drive it from
Python: ``explorer.learning_rate.value = 0.5``. (Chapter 5's network learning a data set
is chapter 7's ``Playground`` with fewer controls.)

It redraws fast: only the artists that move are drawn, over the kept pixels of the rest
(``nnbook.plots.blit``). The loss axes' limits move in steps (1-2-5 epochs, whole decades
of loss), so the kept pixels are drawn again only when a curve outgrows them.
"""

from __future__ import annotations

import html
import math

import ipywidgets as widgets
import numpy as np

from nnbook.plots.blit import BlitCache, blit_png
from nnbook.plots.iteration import (
    SURFACE_EXTENT,
    Extent,
    plot_descent,
    plot_momentum,
    regime,
)
from nnbook.training import linear_hessian, momentum_factor
from nnbook.widgets.base import CONTROL_STYLE, Explorer, control_layout, side_text

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
        layout=control_layout(),
    )


class DescentExplorer(Explorer):
    """Gradient descent on the error surface of a linear neuron (chapter 5).

    Controls: ``learning_rate`` (a logarithmic slider from 0.001 to 10) and ``epochs``
    (1 to 200). Each change trains the neuron ``ŷ = w·x + b`` afresh from ``(−1, 0.5)``
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
            layout=control_layout(),
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
        self.plot.update(self.learning_rate.value, self.epochs.value)
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


class MomentumExplorer(Explorer):
    """Gradient descent with momentum on the linear neuron's error surface (chapter 5).

    Controls: ``learning_rate`` (η, the same logarithmic slider as
    :class:`DescentExplorer`), ``momentum`` (β, 0 to 0.95) and ``steps`` (1 to 200).
    Each change runs :func:`nnbook.training.momentum_descent` from ``(−1, 0.5)`` with
    β and, for comparison, with β = 0 at the same η, and redraws both paths and how
    far each loss is above the minimum. The readout gives the factor by which each
    shrinks the error per step in the long run (``momentum_factor``, equation 5.8,
    over both eigenvalues of the Hessian) and the stability limit ``2(1 + β)/λ_max``.

    Attributes for code and tests: ``plot`` (a
    :class:`nnbook.plots.iteration.MomentumPlot` with ``run``, ``plain``, ``path``,
    ``plain_path``, ``loss_line``, ``message``), ``eigenvalues``, ``figure``,
    ``readout``, ``output``, ``png``.
    """

    def __init__(
        self,
        learning_rate: float = 0.3,
        momentum: float = 0.7,
        steps: int = 30,
        extent: Extent = SURFACE_EXTENT,
        resolution: int = 61,
        dpi: int = 96,
    ) -> None:
        self.learning_rate = learning_rate_slider(learning_rate)
        self.momentum = widgets.FloatSlider(
            value=momentum,
            min=0.0,
            max=0.95,
            step=0.05,
            description="momentum β",
            readout_format=".2f",
            continuous_update=True,
            style=CONTROL_STYLE,
            layout=control_layout(),
        )
        self.steps = widgets.IntSlider(
            value=steps,
            min=1,
            max=200,
            step=1,
            description="steps",
            continuous_update=True,
            style=CONTROL_STYLE,
            layout=control_layout(),
        )
        self.readout = side_text()
        self.output = widgets.Output()
        self.dpi = dpi
        self.plot = plot_momentum(
            self.learning_rate.value, self.momentum.value, self.steps.value, extent=extent, resolution=resolution
        )
        self.eigenvalues = np.linalg.eigvalsh(linear_hessian(self.plot.X))
        # What moves, in the order a full draw stacks it, with what lies on top of it:
        # the paths, the start, the frame, the message, the legend and the title; the
        # two loss curves, the frame and the legend. Contours and axes are kept as pixels.
        plot = self.plot
        self.dynamic = [
            plot.plain_path,
            plot.path,
            plot.start,
            *plot.surface_ax.spines.values(),
            plot.message,
            plot.surface_ax.get_legend(),
            plot.surface_ax.title,
            plot.plain_loss_line,
            plot.loss_line,
            *plot.loss_ax.spines.values(),
            plot.loss_ax.get_legend(),
        ]
        self.cache = BlitCache()
        controls = widgets.VBox([self.learning_rate, self.momentum, self.steps], layout=widgets.Layout(flex="0 0 auto"))
        top = widgets.HBox([controls, self.readout], layout=widgets.Layout(flex_flow="row wrap"))
        super().__init__([top, self.output])
        self.watch([self.learning_rate, self.momentum, self.steps])
        self.update()

    @property
    def figure(self):
        return self.plot.figure

    def draw_png(self) -> bytes:
        """Only the moving artists over the kept background, drawn again when the loss
        axis's limits (its ticks) change."""
        key = (self.plot.loss_ax.get_xlim(), self.plot.loss_ax.get_ylim())
        return blit_png(self.figure, self.dynamic, self.cache, key, self.dpi)

    def factors(self) -> tuple[float, float]:
        """Per step, in the long run: the error's factor with momentum β, and with β = 0."""
        eta, beta = self.learning_rate.value, self.momentum.value
        return (
            max(momentum_factor(eta, beta, lam) for lam in self.eigenvalues),
            max(momentum_factor(eta, 0.0, lam) for lam in self.eigenvalues),
        )

    def recompute(self) -> None:
        """Run both descents with the controls' values; update the figure and readout."""
        self.plot.update(self.learning_rate.value, self.momentum.value, self.steps.value)
        self.readout.value = self._readout_html()

    def _summary(self, run) -> str:
        w, b = run.path[-1]
        return f"w = {w:.3g}, b = {b:.3g}, loss = {run.loss[-1]:.4g}"

    def _readout_html(self) -> str:
        eta, beta = self.learning_rate.value, self.momentum.value
        with_momentum, plain = self.factors()
        limit = 2 * (1 + beta) / self.eigenvalues[-1]
        lines = [
            f"<b>η = {eta:.3g}, β = {beta:.2f}</b>; stable while η &lt; 2(1 + β)/λ_max = {limit:.3g}",
            f"error × {with_momentum:.3f} per step with momentum, × {plain:.3f} without",
            html.escape(f"after {len(self.plot.run.loss) - 1} step(s) with momentum: {self._summary(self.plot.run)}"),
            html.escape(f"without momentum: {self._summary(self.plot.plain)}"),
        ]
        for run in (self.plot.run, self.plot.plain):
            if run.diverged:
                lines.append(f'<span style="color:#b00020">{html.escape(run.message)}</span>')
        return "<br>".join(lines)

    def describe(self) -> str:
        """The picture in words (the image's alt text)."""
        with_momentum, plain = self.factors()
        text = (
            f"Contour map of the linear neuron's mean squared error over w and b, with two paths from "
            f"(−1, 0.5) at learning rate {self.learning_rate.value:.3g}: with momentum "
            f"{self.momentum.value:.2f} (red; {self._summary(self.plot.run)}) and without (grey; "
            f"{self._summary(self.plot.plain)}); beside it how far each loss is above the minimum after "
            f"each step, on a logarithmic scale; the error shrinks by {with_momentum:.3f} per step with "
            f"momentum and {plain:.3f} without"
        )
        if self.plot.message.get_visible():
            text += "; warning: " + self.plot.message.get_text().replace("\n", " ")
        return text + "."
