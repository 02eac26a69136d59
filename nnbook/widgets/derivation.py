"""Chapter 4's explorer: a point on a loss surface over two weights, and the gradient there.

The surface is ``nnbook.evaluate_loss`` on a grid of the two weights; the arrow at the
point is ``−∇𝓛`` from ``nnbook.backprop``; the optional second arrow is the same gradient
from ``nnbook.numerical_gradient``. Nothing is computed here that the core does not compute.

It redraws fast: moving the point draws only the point, the arrows and the message over
the kept pixels of the surface (``nnbook.plots.blit``), which is drawn again only when the
model or the loss changes.
"""

from __future__ import annotations

import html

import ipywidgets as widgets
import numpy as np

from nnbook.backprop import relative_error
from nnbook.loss import evaluate_loss
from nnbook.plots.blit import BlitCache, blit_png
from nnbook.plots.derivation import (
    TINY_MODELS,
    WEIGHT_RANGE,
    model_gradient,
    plot_gradient_surface,
    two_weight_surface,
)
from nnbook.widgets.base import Explorer, control_layout, menu, parameter_slider, side_text

#: The model menu: what the reader sees, and the key in ``nnbook.plots.derivation.TINY_MODELS``.
MODEL_OPTIONS = [(model.label, name) for name, model in TINY_MODELS.items()]
#: The loss menu: what the reader sees, and the name ``nnbook.evaluate_loss`` takes.
LOSS_OPTIONS = [("mean squared error", "mse"), ("cross-entropy", "cross_entropy")]


class GradientExplorer(Explorer):
    """Drag a point ``(w₁, w₂)`` over the loss surface of a two-weight model and see ``−∇𝓛`` there.

    Controls: ``w1`` and ``w2`` (sliders from −5 to 5, step 0.1: the point), ``model``
    (one sigmoid neuron with two inputs, or two sigmoid neurons in a chain), ``loss``
    (mean squared error or cross-entropy) and ``show_numerical`` (also draw the gradient
    by central differences, a thick orange line under the white arrow).

    Attributes for code and tests: ``figure``, ``plot`` (the artists: ``image``,
    ``point``, ``arrow``, ``numerical_arrow``, ``message``), ``ws`` and ``surface`` (the
    grid and the losses drawn), ``loss_value``, ``gradient`` (from backprop),
    ``numerical`` (None unless shown), ``readout`` (HTML), ``png`` and ``dynamic`` (the
    artists drawn at every change over the kept background).
    """

    def __init__(
        self,
        weights: tuple[float, float] = (-3.0, -2.0),
        model: str = "neuron",
        loss: str = "mse",
        show_numerical: bool = False,
        resolution: int = 51,
        dpi: int = 96,
    ) -> None:
        if model not in TINY_MODELS:
            raise ValueError(f"expected model one of {', '.join(map(repr, TINY_MODELS))}, got {model!r}")
        losses = [value for _, value in LOSS_OPTIONS]
        if loss not in losses:
            raise ValueError(f"expected loss one of {', '.join(map(repr, losses))}, got {loss!r}")
        if len(weights) != 2:
            raise ValueError(f"expected two weights (w₁, w₂), got {len(weights)}")
        self.w1 = parameter_slider("weight w₁", weights[0], *WEIGHT_RANGE)
        self.w2 = parameter_slider("weight w₂", weights[1], *WEIGHT_RANGE)
        self.model = menu("model", MODEL_OPTIONS, model)
        self.loss = menu("loss 𝓛", LOSS_OPTIONS, loss)
        self.show_numerical = widgets.Checkbox(
            value=show_numerical,
            description="also show the numerical gradient (central differences)",
            indent=False,
            layout=control_layout(),
        )
        self.readout = side_text()
        self.output = widgets.Output()
        self.resolution = resolution
        self.dpi = dpi
        self.plot = plot_gradient_surface()
        self._surfaces: dict[tuple[str, str], tuple[np.ndarray, np.ndarray]] = {}
        self._drawn: tuple[str, str] | None = None
        self.numerical: tuple[float, float] | None = None
        # What moves with the point, in the order a full draw stacks it (zorder 5, 5, 6, 7):
        # the numerical arrow under the exact one, the point, the message on top. The
        # surface, its contours, the colour bar and the title are kept as pixels.
        plot = self.plot
        self.dynamic = [plot.numerical_arrow, plot.arrow, plot.point, plot.message]
        self.cache = BlitCache()

        controls = widgets.VBox(
            [self.w1, self.w2, self.model, self.loss, self.show_numerical], layout=widgets.Layout(flex="0 0 auto")
        )
        top = widgets.HBox([controls, self.readout], layout=widgets.Layout(flex_flow="row wrap"))
        super().__init__([top, self.output])
        self.watch([self.w1, self.w2, self.model, self.loss, self.show_numerical])
        self.update()

    @property
    def figure(self):
        return self.plot.figure

    @property
    def tiny_model(self):
        """The selected :class:`nnbook.plots.derivation.TinyModel`."""
        return TINY_MODELS[self.model.value]

    def set(
        self,
        w1: float | None = None,
        w2: float | None = None,
        model: str | None = None,
        loss: str | None = None,
        show_numerical: bool | None = None,
    ) -> None:
        """Set several controls at once and redraw once; arguments left out keep their value."""
        with self.hold():
            pairs = ((self.w1, w1), (self.w2, w2), (self.model, model), (self.loss, loss))
            for control, value in (*pairs, (self.show_numerical, show_numerical)):
                if value is not None:
                    control.value = value

    def recompute(self) -> None:
        """Surface (cached per model and loss), loss and gradients at the point; move the artists."""
        key = (self.model.value, self.loss.value)
        if key not in self._surfaces:
            self._surfaces[key] = two_weight_surface(self.tiny_model, self.loss.value, self.resolution)
        self.ws, self.surface = self._surfaces[key]
        new = (self.ws, self.surface) if self._drawn != key else None
        self._drawn = key
        w1, w2 = float(self.w1.value), float(self.w2.value)
        model, loss = self.tiny_model, self.loss.value
        self.loss_value = evaluate_loss(model.network(w1, w2), model.X, model.Y, loss)
        self.gradient = model_gradient(model, w1, w2, loss)
        self.numerical = model_gradient(model, w1, w2, loss, numerical=True) if self.show_numerical.value else None
        self.plot.update(w1, w2, self.gradient, self.numerical, surface=new, title=self._title())
        self.readout.value = self._readout_html()

    def draw_png(self) -> bytes:
        """Only the point, arrows and message over the kept background, drawn again when
        the model or the loss (the surface, its contours, colour scale and title) changes."""
        return blit_png(self.figure, self.dynamic, self.cache, self._drawn, self.dpi)

    def _title(self) -> str:
        downhill = r"$-\nabla\mathcal{L}$"
        return (
            f"Loss surface of {self.tiny_model.label}, {self.loss.label};\nthe arrow points along {downhill} (downhill)"
        )

    def _readout_html(self) -> str:
        g1, g2 = self.gradient
        lines = [
            f"<b>at (w₁, w₂) = ({self.w1.value:.1f}, {self.w2.value:.1f})</b>",
            f"loss 𝓛 = {self.loss_value:.4f}",
            f"backprop: ∂𝓛/∂w₁ = {g1:.4f}, ∂𝓛/∂w₂ = {g2:.4f}",
            f"|∇𝓛| = {np.hypot(g1, g2):.4f}; a step against it lowers 𝓛",
        ]
        if self.plot.message.get_visible():
            lines[-1] = f"|∇𝓛| = {np.hypot(g1, g2):.4f}: a flat point (a minimum, a maximum or a saddle)"
        if self.numerical is not None:
            n1, n2 = self.numerical
            error = relative_error([(np.array([g1, g2]), np.zeros(0))], [(np.array([n1, n2]), np.zeros(0))])
            lines.append(f"numerical: ∂𝓛/∂w₁ = {n1:.4f}, ∂𝓛/∂w₂ = {n2:.4f}")
            lines.append(f"relative error (eq. 4.10) = {error:.1e}")
        return "<br>".join(html.escape(line) if not line.startswith("<b>") else line for line in lines)

    def describe(self) -> str:
        """The picture in words (the image's alt text)."""
        g1, g2 = self.gradient
        text = (
            f"Loss surface of {self.tiny_model.label} under the {self.loss.label} over weights w₁ and w₂ "
            f"from {WEIGHT_RANGE[0]:g} to {WEIGHT_RANGE[1]:g}; the point ({self.w1.value:.1f}, {self.w2.value:.1f}) "
            f"has loss {self.loss_value:.4f} and gradient ({g1:.4f}, {g2:.4f})"
        )
        if self.plot.message.get_visible():
            text += f"; {self.plot.message.get_text()}"
        else:
            text += "; an arrow points from it along the negative gradient"
            if self.numerical is not None:
                text += ", on top of the numerical gradient's arrow"
        return text + "."
