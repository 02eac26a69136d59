"""Chapter 1's explorer: one neuron over the input plane, with a slider for each number.

Every control maps to an argument of the core (a slider for a weight is the number
passed to ``nnbook.Neuron``), and every redraw recomputes with the core: the widget
shows what the package computes, never a separate imitation of it. Artists are updated
in place (``set_data``, ``set_offsets``) and the figure is shown as a PNG inside an
``ipywidgets.Output``, so the explorer behaves the same under any matplotlib backend, and
in the static HTML book the stored Output shows the first picture.

Tests drive the explorers from Python: ``explorer.w1.value = 2.0`` triggers the same
redraw as dragging the slider, and the figure, artists and readout are attributes.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import ipywidgets as widgets
import numpy as np

from nnbook.datasets import logic_gate
from nnbook.evaluation import classify
from nnbook.neuron import Neuron
from nnbook.plots.blit import BlitCache, blit_png
from nnbook.plots.neuron import (
    DEFAULT_EXTENT,
    NEURON_ACTIVATIONS,
    Extent,
    equation_text,
    format_number,
    plot_neuron_output,
)
from nnbook.widgets.base import Explorer, menu, parameter_slider, side_text

#: The truth tables the explorer can lay over the plane: (menu label, name in ``nnbook.datasets``).
GATE_OPTIONS = [("none", None), ("AND", "and"), ("OR", "or"), ("NAND", "nand"), ("NOR", "nor"), ("XOR", "xor")]

#: The activation menu: what the reader sees, and the name ``nnbook.Neuron`` takes.
ACTIVATION_OPTIONS = [
    ("identity  z", "identity"),
    ("step  H(z)", "step"),
    ("sigmoid  σ(z)", "sigmoid"),
    ("tanh  tanh(z)", "tanh"),
    ("ReLU  max(0, z)", "relu"),
]


class NeuronExplorer(Explorer):
    """One two-input neuron ``f(w₁x₁ + w₂x₂ + b)`` with a slider for each number (chapter 1).

    Controls: ``w1``, ``w2`` and ``b`` (sliders from −5 to 5, step 0.1), ``activation``
    (identity, step, sigmoid, tanh, relu) and ``gate`` (a truth table to lay over the
    plane: none, AND, OR, NAND, NOR, XOR). Each change rebuilds ``neuron`` from the
    controls, recolours the plane with its output, moves the decision line
    ``w·x + b = 0`` (chapter 1, equation 1.10) and rewrites ``readout``: the formula with
    the current numbers and how many truth-table rows the neuron gets right (a row is
    right when the point lies on the side of the line its label says; see
    :func:`nnbook.evaluation.classify`).

    Attributes for code and tests: ``neuron``, ``figure``, ``ax``, ``image`` (the colour
    map; its array is ``neuron(grid)``), ``line`` (the decision line), ``grid`` (the
    input points), ``readout`` and ``table`` (HTML widgets), ``output`` (the
    ``ipywidgets.Output`` showing the figure), ``png`` (the figure last shown, rendered at
    ``dpi``), ``n_right`` and ``n_rows`` (None when no truth table is shown).
    """

    def __init__(
        self,
        weights: Sequence[float] = (1.0, 1.0),
        bias: float = -1.5,
        activation: str = "sigmoid",
        gate: str | None = "and",
        extent: Extent = DEFAULT_EXTENT,
        resolution: int = 121,
        dpi: int = 96,
    ) -> None:
        if activation not in NEURON_ACTIVATIONS:
            raise ValueError(
                f"expected activation one of {', '.join(map(repr, NEURON_ACTIVATIONS))}, got {activation!r}"
            )
        gates = [value for _, value in GATE_OPTIONS]
        if gate not in gates:
            raise ValueError(f"expected gate one of {', '.join(map(repr, gates))}, got {gate!r}")
        if len(weights) != 2:
            raise ValueError(f"expected two weights (w₁, w₂), got {len(weights)}")
        self.w1 = parameter_slider("weight w₁", weights[0])
        self.w2 = parameter_slider("weight w₂", weights[1])
        self.b = parameter_slider("bias b", bias)
        self.activation = menu("activation f", ACTIVATION_OPTIONS, activation)
        self.gate = menu("truth table", GATE_OPTIONS, gate)
        self.readout = side_text()
        self.table = side_text()
        self.output = widgets.Output()
        self.neuron = Neuron(weights, bias, activation)
        self.plot = plot_neuron_output(self.neuron, extent=extent, resolution=resolution)
        self.n_right: int | None = None
        self.n_rows: int | None = None
        self.dpi = dpi
        # What moves when a control changes, in drawing order; the axes, ticks and colourbar
        # are kept as pixels between redraws (nnbook.plots.blit). The spines are drawn again
        # because the colour map, drawn anew, would cover them.
        self.dynamic = [
            self.plot.image,
            self.plot.line,
            *self.plot.ax.spines.values(),
            self.plot.normal,
            *self.plot.points.values(),
            self.plot.wrong,
            self.plot.ax.title,
        ]
        self.cache = BlitCache()

        # The controls keep their width (flex 0 0 auto) so no slider readout is clipped; the
        # formula sits beside them and the truth table beside the plot. On a narrow page each
        # row wraps (the formula under the controls, the table under the plot) rather than
        # squeezing them.
        controls = widgets.VBox(
            [self.w1, self.w2, self.b, self.activation, self.gate], layout=widgets.Layout(flex="0 0 auto")
        )
        rows = widgets.Layout(flex_flow="row wrap", align_items="flex-start")
        top = widgets.HBox([controls, self.readout], layout=rows)
        bottom = widgets.HBox([self.output, self.table], layout=rows)
        super().__init__([top, bottom])
        self.watch([self.w1, self.w2, self.b, self.activation, self.gate])
        self.update()

    # The artists, under the names the chapter and the tests use.
    @property
    def figure(self):
        return self.plot.figure

    @property
    def ax(self):
        return self.plot.ax

    @property
    def image(self):
        return self.plot.image

    @property
    def line(self):
        return self.plot.line

    @property
    def grid(self) -> np.ndarray:
        return self.plot.grid

    def truth_table(self) -> tuple[np.ndarray, np.ndarray] | None:
        """The selected gate's ``(X, y)`` from ``nnbook.datasets.logic_gate``, or None."""
        return None if self.gate.value is None else logic_gate(self.gate.value)

    def set(
        self,
        w1: float | None = None,
        w2: float | None = None,
        b: float | None = None,
        activation: str | None = None,
        gate: str | None = "unchanged",
    ) -> None:
        """Set several controls at once and redraw once (setting them one by one redraws each time).

        Arguments left out keep their value; ``gate=None`` removes the truth table.
        """
        with self.hold():
            for control, value in ((self.w1, w1), (self.w2, w2), (self.b, b), (self.activation, activation)):
                if value is not None:
                    control.value = value
            if gate != "unchanged":
                self.gate.value = gate

    def recompute(self) -> None:
        """Rebuild the neuron from the controls, update the figure in place and rewrite the readout."""
        self.neuron.weights = [self.w1.value, self.w2.value]
        self.neuron.bias = self.b.value
        self.neuron.activation = self.activation.value
        data = self.truth_table()
        self.n_right = self.plot.update(self.neuron, data)
        self.n_rows = None if data is None else len(data[1])
        self.readout.value = self._readout_html()
        self.table.value = self._table_html(data)

    def draw_png(self) -> bytes:
        """Only the moving artists over the kept background, drawn again when the colour
        scale (it follows the outputs for identity and ReLU) or the legend changes."""
        key = (self.neuron.activation, self.image.get_clim(), self.gate.value is None)
        return blit_png(self.figure, self.dynamic, self.cache, key, self.dpi)

    def describe(self) -> str:
        """The picture in words (the image's alt text): the formula, the line and the truth table."""
        formula = equation_text(self.neuron.weights, self.neuron.bias, self.neuron.activation)
        x_min, x_max, y_min, y_max = self.plot.extent
        text = (
            f"Colour map of the neuron output {formula} over the input plane, x₁ from {x_min:g} to {x_max:g} "
            f"and x₂ from {y_min:g} to {y_max:g}"
        )
        xs, ys = self.line.get_data()
        if len(xs):
            start, end = (f"({format_number(x)}, {format_number(y)})" for x, y in zip(xs, ys, strict=True))
            text += f"; the decision line w·x + b = 0 runs from {start} to {end}"
        else:
            text += "; no decision line crosses this square"
        if self.n_right is not None:
            text += f"; {self.n_right} of {self.n_rows} {self.gate.label} truth-table corners are on the right side"
        return text + "."

    def _readout_html(self) -> str:
        formula = equation_text(self.neuron.weights, self.neuron.bias, self.neuron.activation)
        lines = [f"<b>output = {html.escape(formula)}</b>"]
        w1, w2 = self.neuron.weights
        if w1 == 0 and w2 == 0:
            lines.append("w = (0, 0): the weighted sum is the constant b, so there is no decision line.")
        if self.n_right is not None:
            name = html.escape(self.gate.label)
            verdict = "all right" if self.n_right == self.n_rows else "not all right"
            lines.append(f"{name}: {self.n_right} of {self.n_rows} rows right ({verdict})")
        return "<br>".join(lines)

    def _table_html(self, data: tuple[np.ndarray, np.ndarray] | None) -> str:
        if data is None:
            return ""
        X, y = data
        z = self.neuron.weighted_sum(X)
        outputs = self.neuron(X)
        classes = classify(self.neuron, X)
        header = "<tr><th>x₁</th><th>x₂</th><th>label</th><th>z</th><th>f(z)</th><th>z ≥ 0</th><th></th></tr>"
        rows = [
            f"<tr><td>{x[0]:.0f}</td><td>{x[1]:.0f}</td><td>{label}</td><td>{format_number(zi)}</td>"
            f"<td>{outputs_i:.3f}</td><td>{c}</td><td>{'✓' if c == label else '✗'}</td></tr>"
            for x, label, zi, outputs_i, c in zip(X, y, z, outputs, classes, strict=True)
        ]
        style = (
            "<style>.nnbook-truth td, .nnbook-truth th {padding: 0.1em 0.6em; text-align: right;"
            " line-height: 1.3}</style>"
        )
        return f'{style}<table class="nnbook-truth">{header}{"".join(rows)}</table>'
