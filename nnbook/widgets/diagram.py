"""The network itself, for the playground (practice chapter 7): its diagram, one neuron's
map drawn large, and one weight set by hand.

``NetworkDiagram`` shows ``nnbook.plots.diagram``'s SVG in a standard
``ipywidgets.HTML`` (resting the pointer on a line or a node shows its current value),
redrawn whenever its owner calls ``update(net, maps)``. Standard widgets cannot receive a
click on the SVG, so a menu picks the neuron to look at, a second menu picks one of the
weights into it (or its bias), and a number box sets that weight: the network's ``W``
changes in place and ``on_edit`` tells the owner, which recomputes what depends on it
and calls ``update`` again.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from numbers import Real
from typing import Any

import ipywidgets as widgets
import numpy as np

from nnbook.network import Network
from nnbook.playground import PLANE
from nnbook.plots.common import format_number
from nnbook.plots.diagram import (
    DiagramSVG,
    check_maps,
    large_map_svg,
    network_svg,
    unit_description,
)
from nnbook.plots.network import formula_text
from nnbook.widgets.base import CONTROL_STYLE, control_layout

#: A weight or bias set by hand must lie in this range (larger ones only blow the
#: network's outputs up; training never needs them).
EDIT_RANGE = (-100.0, 100.0)

BIAS = "bias"

NO_WEIGHTS = "An input has no weights into it: pick a neuron of a hidden layer or the output."


@dataclass(frozen=True)
class Edit:
    """One weight set by hand: ``net.layers[layer].W[j, i] = value`` (``i`` is None for
    the bias ``net.layers[layer].b[j]``); ``old`` is the value it replaced."""

    layer: int
    j: int
    i: int | None
    value: float
    old: float

    def code(self) -> str:
        """The same edit as a line of nnbook code, for the playground's code readout.

        ``repr`` of the value round-trips, so the code sets exactly this float.
        """
        where = f"b[{self.j}]" if self.i is None else f"W[{self.j}, {self.i}]"
        return f"net.layers[{self.layer}].{where} = {self.value!r}"


class NetworkDiagram(widgets.VBox):
    """The network drawn as a diagram, a neuron's map drawn large, and a weight editor.

    ``net`` is drawn (and edited in place); ``maps`` are its units' values over the
    input plane, ``net.forward_pass(grid).activations`` for an ``r × r`` grid over
    ``extent`` (None: the nodes have no thumbnails; a list entry None: that layer has
    none); ``input_names`` name the inputs (``x₁, x₂`` by default, the playground's
    features such as ``x₁²``). ``on_edit(edit)`` is called with an :class:`Edit` after
    a weight was set by hand; the owner recomputes and calls ``update``.

    Controls: ``neuron`` (the neuron to look at), ``source`` (one of the weights into
    it, or its bias), ``value`` (set that weight). Also ``picture`` (the diagram's
    HTML), ``large`` (the neuron's map and formula), ``status`` (the last edit or why it
    was refused) and ``svg`` (the diagram's text).
    """

    def __init__(
        self,
        net: Network,
        maps: Sequence[np.ndarray | None] | None = None,
        input_names: Sequence[str] | None = None,
        extent: tuple[float, float, float, float] = PLANE,
        on_edit: Callable[[Edit], Any] | None = None,
    ) -> None:
        self.extent = tuple(float(v) for v in extent)
        self.on_edit = on_edit
        self.picture = widgets.HTML(layout=widgets.Layout(width="100%"))
        self.neuron = widgets.Dropdown(
            description="look at neuron",
            style=CONTROL_STYLE,
            layout=control_layout(),
            options=[],
        )
        self.source = widgets.Dropdown(
            description="its weight from",
            style=CONTROL_STYLE,
            layout=control_layout(),
            options=[],
        )
        self.value = widgets.FloatText(
            description="set that weight to",
            step=0.1,
            continuous_update=False,
            style=CONTROL_STYLE,
            layout=control_layout(),
        )
        self.status = widgets.HTML(layout=widgets.Layout(width=control_layout().width))
        self.large = widgets.HTML(layout=widgets.Layout(margin="0 0 0 1em"))
        self.layout_svg: DiagramSVG | None = None
        self.net: Network | None = None
        self.maps: list[np.ndarray | None] | None = None
        self._writing = False  # True while the widget itself writes its controls
        self.draws = 0  # how many times the diagram was drawn
        editor = widgets.VBox([self.neuron, self.source, self.value, self.status])
        super().__init__(
            [
                self.picture,
                widgets.HBox([editor, self.large], layout=widgets.Layout(flex_flow="row wrap")),
            ],
            layout=widgets.Layout(max_width="100%"),
        )
        self.neuron.observe(self._on_neuron, names="value")
        self.source.observe(self._on_source, names="value")
        self.value.observe(self._on_value, names="value")
        self.update(net, maps, input_names)

    # ------------------------------------------------------------------ drawing

    @property
    def svg(self) -> str:
        """The diagram's SVG text as last drawn."""
        return self.layout_svg.svg if self.layout_svg is not None else ""

    @property
    def selected(self) -> tuple[int, int]:
        """The neuron looked at: ``(layer, unit)``, layer 0 being the inputs."""
        return self.neuron.value

    @property
    def edge(self) -> tuple[int, int, int | None] | None:
        """The weight the number box sets: ``(ℓ − 1, j, i)`` (``i`` None for the bias), or None."""
        layer, unit = self.selected
        if layer == 0 or self.source.value is None:
            return None
        return (
            layer - 1,
            unit,
            None if self.source.value == BIAS else self.source.value,
        )

    def update(
        self,
        net: Network,
        maps: Sequence[np.ndarray | None] | None = None,
        input_names: Sequence[str] | None = None,
    ) -> None:
        """Draw ``net`` with its current weights (and ``maps``, see the class); fast enough
        to call after every training step. A network of other sizes or other input names
        gets a new layout; the neuron looked at is kept when it still exists."""
        if not isinstance(net, Network):
            raise TypeError(f"expected an nnbook.Network, got {type(net).__name__}")
        maps = check_maps(maps, net.sizes)
        old = self.layout_svg
        if input_names is None and old is not None and old.sizes[0] == net.sizes[0]:
            input_names = old.input_names
        if old is None or old.sizes != net.sizes or list(input_names or old.input_names) != old.input_names:
            self.layout_svg = network_svg(net.sizes, input_names)
        self.net, self.maps = net, maps
        if self.layout_svg is not old:
            self._write_neurons()
        self._write_value()
        self._draw()

    def _draw(self) -> None:
        edge = self.edge
        ring = edge if edge is not None and edge[2] is not None else None
        self.picture.value = self.layout_svg.update(self.net, self.maps, self.selected, ring)
        self.draws += 1
        self._draw_large()

    def _draw_large(self) -> None:
        layer, unit = self.selected
        names = self.layout_svg.names
        name = names[layer][unit]
        title = f"{name}: {unit_description(self.net.sizes, layer, unit)}"
        parts = []
        if self.maps is not None and self.maps[layer] is not None:
            parts.append(large_map_svg(self.maps[layer][:, unit], self.extent, title))
        else:
            parts.append(f"<b>{html.escape(title)}</b><br>(no map of it was given)")
        if layer > 0:
            net_layer = self.net.layers[layer - 1]
            formula = formula_text(
                net_layer.W[unit],
                net_layer.b[unit],
                net_layer.activation,
                names[layer - 1],
            )
            parts.append(f'<div style="max-width: 24em">{html.escape(name)} = {html.escape(formula)}</div>')
        self.large.value = "".join(parts)

    def describe(self) -> str:
        """What the diagram shows, in words."""
        layer, unit = self.selected
        name = self.layout_svg.names[layer][unit]
        return (
            f"A diagram of the network {self.net.sizes}: one line per weight, blue positive, orange "
            f"negative, wider for larger; {name} ({unit_description(self.net.sizes, layer, unit)}) is looked at."
        )

    # ------------------------------------------------------------------ the controls

    def _write_neurons(self) -> None:
        sizes, names = self.layout_svg.sizes, self.layout_svg.names
        options = [
            (
                f"{names[layer][unit]}: {unit_description(sizes, layer, unit)}",
                (layer, unit),
            )
            for layer in range(len(sizes))
            for unit in range(sizes[layer])
        ]
        keep = self.neuron.value if self.neuron.value in [value for _, value in options] else (1, 0)
        self._writing = True
        try:
            self.neuron.options = options
            self.neuron.value = keep
        finally:
            self._writing = False
        self._write_sources()

    def _write_sources(self) -> None:
        layer = self.selected[0]
        self._writing = True
        try:
            if layer == 0:
                self.source.options = []
                self.source.value = None
            else:
                inputs = self.layout_svg.names[layer - 1]
                options = [(name, i) for i, name in enumerate(inputs)] + [("its bias b", BIAS)]
                keep = self.source.value if self.source.value in [v for _, v in options] else 0
                self.source.options = options
                self.source.value = keep
        finally:
            self._writing = False
        self.source.disabled = self.value.disabled = layer == 0
        if layer == 0:
            self.status.value = NO_WEIGHTS
        elif self.status.value == NO_WEIGHTS:
            self.status.value = ""
        self._write_value()

    def _write_value(self) -> None:
        edge = self.edge
        if edge is None or not math.isfinite(self.current(*edge)):
            return  # a weight that is not a number (a run that blew up) is not sent to the box
        self._writing = True
        try:
            self.value.value = round(self.current(*edge), 3)
        finally:
            self._writing = False

    def current(self, layer: int, j: int, i: int | None) -> float:
        """``net.layers[layer].W[j, i]`` (or ``.b[j]`` when ``i`` is None) as a float."""
        net_layer = self.net.layers[layer]
        return float(net_layer.b[j] if i is None else net_layer.W[j, i])

    def _on_neuron(self, change: dict) -> None:
        if self._writing:
            return
        self._write_sources()
        self._draw()

    def _on_source(self, change: dict) -> None:
        if self._writing:
            return
        self._write_value()
        self._draw()

    def _on_value(self, change: dict) -> None:
        if self._writing or self.edge is None:
            return
        layer, j, i = self.edge
        try:
            self.set_weight(layer, j, i, change["new"])
        except (TypeError, ValueError) as error:
            self.status.value = f'<span style="color: #a00000">{html.escape(str(error))}</span>'
            self._write_value()  # the box shows the weight as it still is

    # ------------------------------------------------------------------ editing

    def set_weight(self, layer: int, j: int, i: int | None, value: float) -> Edit:
        """Set ``net.layers[layer].W[j, i] = value`` (the bias ``b[j]`` when ``i`` is None).

        ``value`` must be a finite number from −100 to 100; anything else is refused
        with a ``ValueError`` before the network changes. Then the diagram is redrawn
        (its maps, which belonged to the old weight, are dropped unless ``on_edit``
        passes new ones to ``update``) and the :class:`Edit` is returned.
        """
        n_layers = len(self.net.layers)
        if not (isinstance(layer, int) and 0 <= layer < n_layers):
            raise ValueError(f"expected a layer index from 0 to {n_layers - 1}, got {layer!r}")
        n_out, n_in = self.net.layers[layer].shape
        if not (isinstance(j, int) and 0 <= j < n_out) or not (i is None or (isinstance(i, int) and 0 <= i < n_in)):
            raise ValueError(
                f"expected j from 0 to {n_out - 1} and i from 0 to {n_in - 1} (or None for the bias) "
                f"in layer {layer} of shape {(n_out, n_in)}, got j={j!r}, i={i!r}"
            )
        low, high = EDIT_RANGE
        if isinstance(value, bool) or not isinstance(value, Real) or not math.isfinite(value):
            raise ValueError(f"expected a weight that is a finite number from {low:g} to {high:g}, got {value!r}")
        if not low <= value <= high:
            raise ValueError(f"expected a weight from {low:g} to {high:g}, got {value!r}")
        old = self.current(layer, j, i)
        net_layer = self.net.layers[layer]
        if i is None:
            b = net_layer.b.copy()
            b[j] = value
            net_layer.b = b
        else:
            W = net_layer.W.copy()
            W[j, i] = value
            net_layer.W = W
        edit = Edit(layer, j, i, float(value), old)
        what = f"b[{j}]" if i is None else f"W[{j}, {i}]"
        self.status.value = html.escape(
            f"net.layers[{layer}].{what} set to {format_number(value, 3)} (it was {format_number(old, 3)})"
        )
        draws = self.draws
        self.maps = None  # the maps were those of the old weights
        if self.on_edit is not None:
            self.on_edit(edit)
        if self.draws == draws:  # on_edit did not redraw: show the new weight without maps
            self._write_value()
            self._draw()
        return edit
