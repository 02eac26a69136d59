"""Chapter 2's explorer: a 2-2-1 network with a slider for each of its nine numbers.

The sliders are the entries of ``W¹`` (2×2), ``b¹`` (2), ``W²`` (1×2) and ``b²`` (1);
each change writes them into an ``nnbook.Network([2, 2, 1])`` (``net.layers[i].W`` and
``.b``, exactly as a reader would) and redraws two panels in place: the network's output
over the input plane with each hidden unit's line, and the network drawn as a graph
whose edges show each weight's sign and size.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

from nnbook.datasets import logic_gate
from nnbook.evaluation import classify
from nnbook.network import Network
from nnbook.plots.blit import BlitCache, blit_png
from nnbook.plots.common import DEFAULT_EXTENT, Extent, format_number
from nnbook.plots.network import (
    formula_text,
    plot_network_diagram,
    plot_network_output,
)
from nnbook.widgets.base import NARROW_WIDTH, Explorer, menu, parameter_slider, side_text

#: The hidden layer's activation menu (the output unit is always a sigmoid).
HIDDEN_ACTIVATION_OPTIONS = [
    ("ReLU  max(0, z)", "relu"),
    ("sigmoid  σ(z)", "sigmoid"),
    ("tanh  tanh(z)", "tanh"),
    ("identity  z (no bend)", "identity"),
]

#: The truth tables the explorer can lay over the plane.
NETWORK_GATE_OPTIONS = [("XOR", "xor"), ("AND", "and"), ("OR", "or"), ("NAND", "nand"), ("NOR", "nor")]

#: A 2-2-1 ReLU network computing XOR with every number inside the sliders' range −5…5:
#: h₁ = ReLU(x₁ + x₂), h₂ = ReLU(2x₁ + 2x₂ − 2), ŷ = σ(5h₁ − 5h₂ − 2.5).
XOR_RELU = {
    "W1": ((1.0, 1.0), (2.0, 2.0)),
    "b1": (0.0, -2.0),
    "W2": ((5.0, -5.0),),
    "b2": (-2.5,),
}


def _slider(description: str, value: float) -> widgets.FloatSlider:
    slider = parameter_slider(description, value)
    slider.layout.width = NARROW_WIDTH
    return slider


class NetworkExplorer(Explorer):
    """A ``[2, 2, 1]`` network ``F(x) = σ(W²·f(W¹x + b¹) + b²)`` with a slider per number (chapter 2).

    Controls: ``W1`` (2×2 nested list of sliders; ``W1[j][i]`` is the weight from input
    ``xᵢ₊₁`` to hidden unit ``hⱼ₊₁``), ``b1`` (2 sliders), ``W2`` (1×2), ``b2`` (1), each
    from −5 to 5 in steps of 0.1; ``activation`` (the hidden layer's f: ReLU, sigmoid,
    tanh, identity; the output unit is a sigmoid) and ``gate`` (the truth table drawn,
    XOR by default). Each change writes the sliders into ``net`` and redraws: the colour
    map of ``net.forward`` over the plane with the hidden units' lines (``plane``), the
    network diagram (``diagram``), the readout (formulas with the current numbers and how
    many rows are right: a row is right when the output unit's weighted sum is ``≥ 0``
    exactly for label 1) and the table of every row's hidden values and output.

    The same sliders are also attributes ``w1_11``, ``w1_12``, ``w1_21``, ``w1_22``,
    ``b1_1``, ``b1_2``, ``w2_11``, ``w2_12`` and ``b2_1`` (``w1_12`` is ``W1[0][1]``, the
    weight from x₂ to h₁).

    Attributes for code and tests: ``net``, ``figure``, ``plane`` and ``diagram`` (the
    two panels' artists), ``readout`` and ``table`` (HTML), ``output``, ``png``,
    ``n_right`` and ``n_rows``.
    """

    def __init__(
        self,
        W1: Sequence[Sequence[float]] = XOR_RELU["W1"],
        b1: Sequence[float] = XOR_RELU["b1"],
        W2: Sequence[Sequence[float]] = XOR_RELU["W2"],
        b2: Sequence[float] = XOR_RELU["b2"],
        activation: str = "relu",
        gate: str = "xor",
        extent: Extent = DEFAULT_EXTENT,
        resolution: int = 121,
        dpi: int = 96,
    ) -> None:
        activations = [value for _, value in HIDDEN_ACTIVATION_OPTIONS]
        if activation not in activations:
            raise ValueError(f"expected activation one of {', '.join(map(repr, activations))}, got {activation!r}")
        gates = [value for _, value in NETWORK_GATE_OPTIONS]
        if gate not in gates:
            raise ValueError(f"expected gate one of {', '.join(map(repr, gates))}, got {gate!r}")
        W1, b1, W2, b2 = (np.asarray(v, dtype=np.float64) for v in (W1, b1, W2, b2))
        for name, value, shape in (("W1", W1, (2, 2)), ("b1", b1, (2,)), ("W2", W2, (1, 2)), ("b2", b2, (1,))):
            if value.shape != shape:
                raise ValueError(f"expected {name} of shape {shape}, got shape {value.shape}")
        sub = "₁₂"
        self.W1 = [
            [_slider(f"w¹{sub[j]}{sub[i]}  (x{sub[i]} → h{sub[j]})", W1[j, i]) for i in range(2)] for j in range(2)
        ]
        self.b1 = [_slider(f"b¹{sub[j]}  (bias of h{sub[j]})", b1[j]) for j in range(2)]
        self.W2 = [[_slider(f"w²₁{sub[i]}  (h{sub[i]} → y)", W2[0, i]) for i in range(2)]]
        self.b2 = [_slider("b²₁  (bias of y)", b2[0])]
        # The same nine sliders under flat names, for code: ``explorer.w1_12.value = 2.0``.
        self.w1_11, self.w1_12 = self.W1[0]
        self.w1_21, self.w1_22 = self.W1[1]
        self.b1_1, self.b1_2 = self.b1
        self.w2_11, self.w2_12 = self.W2[0]
        (self.b2_1,) = self.b2
        self.activation = menu("activation f", HIDDEN_ACTIVATION_OPTIONS, activation, NARROW_WIDTH)
        self.gate = menu("truth table", NETWORK_GATE_OPTIONS, gate, NARROW_WIDTH)
        self.readout = widgets.HTML(layout=widgets.Layout(width="auto"))
        self.table = side_text()
        self.output = widgets.Output()
        self.dpi = dpi
        self.net = self._build_network(activation, W1, b1, W2, b2)
        self.figure = Figure(figsize=(8.6, 4.3), layout="constrained")
        plane_ax, diagram_ax = self.figure.subplots(1, 2, width_ratios=[1.2, 1.0])
        self.plane = plot_network_output(self.net, ax=plane_ax, extent=extent, resolution=resolution)
        self.diagram = plot_network_diagram(self.net, ax=diagram_ax)
        self.n_right: int | None = None
        self.n_rows: int | None = None
        # What moves when a control changes, in drawing order (zorder): on the plane the
        # colour map, the hidden units' lines, the spines (the map would cover them), the
        # truth-table points, the message and the title; on the diagram the edges and every
        # text and circle drawn over them. Axes, colourbar and legends are kept as pixels.
        plane, diagram = self.plane, self.diagram
        self.dynamic = [
            plane.image,
            *plane.lines,
            *plane.ax.spines.values(),
            *plane.points.values(),
            plane.wrong,
            plane.message,
            plane.ax.title,
            diagram.edges,
            *diagram.weight_labels,
            diagram.nodes,
            *diagram.unit_labels,
            *diagram.bias_labels,
        ]
        self.cache = BlitCache()

        def group(title: str, sliders: list[widgets.FloatSlider]) -> widgets.VBox:
            return widgets.VBox([widgets.HTML(f"<b>{title}</b>"), *sliders], layout=widgets.Layout(flex="0 0 auto"))

        rows = widgets.Layout(flex_flow="row wrap", align_items="flex-start")
        sliders = widgets.HBox(
            [
                group("hidden unit h₁ (row 1 of W¹, b¹)", [*self.W1[0], self.b1[0]]),
                group("hidden unit h₂ (row 2 of W¹, b¹)", [*self.W1[1], self.b1[1]]),
                group("output unit ŷ (W², b²)", [*self.W2[0], self.b2[0]]),
                widgets.VBox(
                    [widgets.HTML("<b>choices</b> (f is the hidden layer's; y uses σ)"), self.activation, self.gate],
                    layout=widgets.Layout(flex="0 0 auto"),
                ),
            ],
            layout=rows,
        )
        bottom = widgets.HBox([self.output, self.table], layout=rows)
        super().__init__([sliders, self.readout, bottom])
        self.watch([*self.sliders(), self.activation, self.gate])
        self.update()

    @staticmethod
    def _build_network(activation: str, W1: Any, b1: Any, W2: Any, b2: Any) -> Network:
        net = Network([2, 2, 1], activation=activation, output_activation="sigmoid", seed=0)
        net.layers[0].W, net.layers[0].b = W1, b1
        net.layers[1].W, net.layers[1].b = W2, b2
        return net

    def sliders(self) -> list[widgets.FloatSlider]:
        """The nine sliders: W¹ row by row, b¹, W², b²."""
        return [*self.W1[0], *self.W1[1], *self.b1, *self.W2[0], *self.b2]

    def values(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """``(W¹, b¹, W², b²)`` as the sliders hold them."""
        W1 = np.array([[s.value for s in row] for row in self.W1])
        W2 = np.array([[s.value for s in row] for row in self.W2])
        return W1, np.array([s.value for s in self.b1]), W2, np.array([s.value for s in self.b2])

    def truth_table(self) -> tuple[np.ndarray, np.ndarray]:
        """The selected gate's ``(X, y)`` from ``nnbook.datasets.logic_gate``."""
        return logic_gate(self.gate.value)

    def set(
        self,
        W1: Any = None,
        b1: Any = None,
        W2: Any = None,
        b2: Any = None,
        activation: str | None = None,
        gate: str | None = None,
    ) -> None:
        """Set several controls at once (arrays shaped like the layers') and redraw once."""
        with self.hold():
            for rows, value in ((self.W1, W1), (self.b1, b1), (self.W2, W2), (self.b2, b2)):
                if value is None:
                    continue
                value = np.asarray(value, dtype=np.float64).reshape(len(rows), -1)
                flat_sliders = [s for row in rows for s in (row if isinstance(row, list) else [row])]
                for slider, number in zip(flat_sliders, value.ravel(), strict=True):
                    slider.value = float(number)
            if activation is not None:
                self.activation.value = activation
            if gate is not None:
                self.gate.value = gate

    def recompute(self) -> None:
        """Write the sliders into the network, redraw both panels in place, rewrite readout and table."""
        W1, b1, W2, b2 = self.values()
        if self.net.layers[0].activation != self.activation.value:
            self.net = self._build_network(self.activation.value, W1, b1, W2, b2)
        else:
            self.net.layers[0].W, self.net.layers[0].b = W1, b1
            self.net.layers[1].W, self.net.layers[1].b = W2, b2
        data = self.truth_table()
        self.n_right = self.plane.update(self.net, data)
        self.n_rows = len(data[1])
        self.plane.ax.set_title(f"F(x) over the plane: {self.gate.label}, {self.n_right} of {self.n_rows} rows right")
        self.diagram.update(self.net, title="Weights: colour = sign, width = size")
        self.readout.value = self._readout_html()
        self.table.value = self._table_html(data)

    def draw_png(self) -> bytes:
        """Only the moving artists over the kept background, drawn again when the colour
        scale or the hidden activation (named under the diagram) changes."""
        key = (self.plane.image.get_clim(), self.net.layers[0].activation)
        return blit_png(self.figure, self.dynamic, self.cache, key, self.dpi)

    def formulas(self) -> list[str]:
        """``h₁ = …``, ``h₂ = …``, ``ŷ = …`` with the current numbers (equation 2.1, one unit at a time)."""
        hidden, output = self.net.layers
        lines = [
            f"h{'₁₂'[j]} = {formula_text(hidden.W[j], hidden.b[j], hidden.activation, ['x₁', 'x₂'])}" for j in range(2)
        ]
        lines.append(f"ŷ = {formula_text(output.W[0], output.b[0], output.activation, ['h₁', 'h₂'])}")
        return lines

    def describe(self) -> str:
        """The picture in words (the image's alt text)."""
        x_min, x_max, y_min, y_max = self.plane.extent
        text = (
            f"Left: colour map of the output of the 2-2-1 network with {'; '.join(self.formulas())}, over x₁ from "
            f"{x_min:g} to {x_max:g} and x₂ from {y_min:g} to {y_max:g}"
        )
        for k, line in enumerate(self.plane.lines):
            xs, ys = line.get_data()
            name = f"h{'₁₂'[k]}"
            if len(xs):
                start, end = (f"({format_number(x)}, {format_number(y)})" for x, y in zip(xs, ys, strict=True))
                text += f"; {name}'s line runs from {start} to {end}"
            else:
                text += f"; {name} has no line in this square"
        text += f"; {self.n_right} of {self.n_rows} {self.gate.label} corners are classified right"
        weights = ", ".join(format_number(w) for layer in self.net.layers for w in layer.W.ravel())
        return text + f". Right: the network drawn as a graph, edge weights {weights}."

    def _readout_html(self) -> str:
        lines = [f"<b>{html.escape(line)}</b>" for line in self.formulas()]
        name = html.escape(self.gate.label)
        verdict = "all right" if self.n_right == self.n_rows else "not all right"
        lines.append(f"{name}: {self.n_right} of {self.n_rows} rows right ({verdict})")
        notes = []
        hidden = self.net.layers[0]
        for j in range(2):
            if not np.any(hidden.W[j]):
                notes.append(f"h{'₁₂'[j]} has both weights 0: it is the constant f(b), with no line.")
        if hidden.activation == "identity":
            notes.append(
                "With the identity in the hidden layer the network is σ(one affine function of x): "
                "its boundary is a single line, so it cannot get all four XOR rows."
            )
        lines += [f"<i>{html.escape(note)}</i>" for note in notes]
        return "<br>".join(lines)

    def _table_html(self, data: tuple[np.ndarray, np.ndarray]) -> str:
        X, y = data
        forward = self.net.forward_pass(X)
        H = forward.activations[1]
        z = forward.weighted_sums[1][:, 0]
        out = forward.output[:, 0]
        classes = classify(self.net, X)
        header = (
            "<tr><th>x₁</th><th>x₂</th><th>h₁</th><th>h₂</th><th>z of ŷ</th><th>ŷ = σ(z)</th>"
            "<th>label</th><th></th></tr>"
        )
        rows = [
            f"<tr><td>{x[0]:.0f}</td><td>{x[1]:.0f}</td><td>{h[0]:.3f}</td><td>{h[1]:.3f}</td>"
            f"<td>{format_number(zi)}</td><td>{oi:.3f}</td><td>{label}</td><td>{'✓' if c == label else '✗'}</td></tr>"
            for x, h, zi, oi, label, c in zip(X, H, z, out, y, classes, strict=True)
        ]
        style = (
            "<style>.nnbook-truth td, .nnbook-truth th {padding: 0.1em 0.6em; text-align: right;"
            " line-height: 1.3}</style>"
        )
        return f'{style}<table class="nnbook-truth">{header}{"".join(rows)}</table>'
