"""The playground's network as a diagram (practice chapter 7), drawn as SVG.

One column of square nodes per layer (the inputs on the left, the output on the
right) and one curve per weight: curve ``(ℓ, j, i)`` joins unit ``i`` of layer ℓ − 1
to unit ``j`` of layer ℓ and carries ``W⁽ℓ⁾[j, i]``, ``net.layers[ℓ - 1].W[j, i]`` in
code (equation 2.1). Its colour is the weight's sign (blue positive, orange negative,
as the playground's maps), its width grows with the weight's size on a fixed scale, so
that two pictures compare. Each node may hold a small map of what that unit computes
over the input plane: the arrays the playground already has, ``net.forward_pass(grid)
.activations``, are passed in, never recomputed here.

SVG rather than a matplotlib figure: every curve and node carries a ``<title>``, which
the browser shows as a tooltip with the current value when the pointer rests on it
(in JupyterLab, in the static HTML page and in live mode alike, inside a standard
``ipywidgets.HTML``). ``DiagramSVG.update`` rewrites only the numbers into a layout
kept for the network's sizes. No mathematics here: the numbers drawn are the weights,
the biases and the maps given.
"""

from __future__ import annotations

import base64
import html
import io
import math
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from matplotlib.colors import to_hex
from PIL import Image

from nnbook.network import Network
from nnbook.plots.common import SYMBOLS, format_number
from nnbook.plots.network import unit_names
from nnbook.plots.playground import PLAYGROUND_CMAP

Array = np.ndarray

#: The ends of the playground's colour scale: orange below zero, blue above.
NEGATIVE_COLOUR = to_hex(PLAYGROUND_CMAP(0.0))
POSITIVE_COLOUR = to_hex(PLAYGROUND_CMAP(1.0))
ZERO_COLOUR = "#bdbdbd"

#: An edge's width in pixels grows from the first to the second number as |w| goes
#: from 0 to ``FULL_WIDTH_WEIGHT``, and stays there above it (a fixed scale).
WIDTH_RANGE = (0.5, 6.0)
FULL_WIDTH_WEIGHT = 4.0

#: The largest network the layout has room for.
MAX_COLUMNS = 8  # the inputs, 6 hidden layers, the output
MAX_ROWS = 8

#: A node's thumbnail shows at most this many points per side of its map.
THUMBNAIL_POINTS = 21

#: Pixels of the layout.
NODE = 30
ROW = 40
COLUMN = 92
LEFT = 70  # room for the input names
TOP = 58  # the title and the layers' names
BOTTOM = 26  # the legend
MIN_WIDTH = 660

#: The colour scale as a look-up table: 256 RGB colours from −1 to 1.
_TABLE = (PLAYGROUND_CMAP(np.linspace(0.0, 1.0, 256))[:, :3] * 255).round().astype(np.uint8)


def edge_width(weight: float) -> float:
    """The width in pixels of a weight's curve: from 0.5 at 0 to 6 at |w| ≥ 4.

    A non-finite weight (a run that blew up) gets the thinnest line.
    """
    low, high = WIDTH_RANGE
    if not math.isfinite(weight):
        return low
    return low + (high - low) * min(abs(weight) / FULL_WIDTH_WEIGHT, 1.0)


def edge_colour(weight: float) -> str:
    """Blue for a positive weight, orange for a negative one, grey for 0 (or not a number)."""
    if not math.isfinite(weight) or weight == 0:
        return ZERO_COLOUR
    return POSITIVE_COLOUR if weight > 0 else NEGATIVE_COLOUR


def layer_pixels(values: Array) -> Array:
    """A layer's maps ``(r², n)`` (row by row from the bottom) as ``n`` RGB images
    ``(n, r, r, 3)``.

    Each unit's map is scaled by its own largest absolute value into [−1, 1], as the
    playground's hidden-unit maps are, and turned upright (the top row is the
    largest x₂). Non-finite values are drawn as 0, the middle colour.
    """
    values = np.asarray(values, dtype=np.float64)
    side = math.isqrt(values.shape[0])
    values = np.nan_to_num(values, nan=0.0, posinf=0.0, neginf=0.0)
    scale = np.max(np.abs(values), axis=0) if values.size else np.zeros(values.shape[1])
    scaled = values / np.where(scale > 0, scale, 1.0)
    index = np.clip(((scaled + 1.0) * 127.5).round().astype(np.intp), 0, 255)
    return _TABLE[index.T.reshape(-1, side, side)[:, ::-1]]


def map_pixels(values: Array) -> Array:
    """One unit's map ``(r²,)`` as an ``(r, r, 3)`` RGB image (see :func:`layer_pixels`)."""
    return layer_pixels(np.asarray(values, dtype=np.float64).reshape(-1, 1))[0]


def thumbnail_sprite(
    maps: Sequence[Array | None],
) -> tuple[Array, dict[tuple[int, int], tuple[int, int, int, int]]]:
    """Every unit's thumbnail in one RGB image: a column per layer, a row per unit.

    Returns the image and, for each ``(layer, unit)`` with a map, its cell ``(x, y,
    width, height)`` in pixels. A map of ``r × r`` points keeps every ``⌈r / 21⌉``-th
    point, at most ``THUMBNAIL_POINTS`` per side (the nodes are small), coloured by
    :func:`layer_pixels`. One PNG for the whole diagram encodes faster than one per node.
    """
    t = THUMBNAIL_POINTS
    rows = max((values.shape[1] for values in maps if values is not None), default=1)
    sprite = np.full((rows * t, len(maps) * t, 3), 255, dtype=np.uint8)
    cells = {}
    for layer, values in enumerate(maps):
        if values is None:
            continue
        side = math.isqrt(values.shape[0])
        step = -(-side // t)
        small = values.reshape(side, side, -1)[::step, ::step]
        pixels = layer_pixels(small.reshape(-1, values.shape[1]))
        _, height, width, _ = pixels.shape
        for unit, image in enumerate(pixels):
            sprite[unit * t : unit * t + height, layer * t : layer * t + width] = image
            cells[(layer, unit)] = (layer * t, unit * t, width, height)
    return sprite, cells


def png_uri(pixels: Array) -> str:
    """An RGB image as a ``data:`` URI of a PNG (for an SVG ``<image>``)."""
    buffer = io.BytesIO()
    Image.fromarray(np.ascontiguousarray(pixels)).save(buffer, format="png", compress_level=1)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def check_maps(maps: Sequence[Array | None] | None, sizes: list[int]) -> list[Array | None] | None:
    """``maps`` as one ``(r², n_ℓ)`` array (or None) per layer, checked against ``sizes``.

    ``maps`` is ``net.forward_pass(grid).activations`` for a grid of ``r × r`` points
    (row by row), or the same list with None where a layer has no map.
    """
    if maps is None:
        return None
    maps = list(maps)
    if len(maps) != len(sizes):
        raise ValueError(
            f"expected one map array per layer ({len(sizes)} for sizes {sizes}, inputs first), got {len(maps)}"
        )
    checked: list[Array | None] = []
    for layer, (values, size) in enumerate(zip(maps, sizes, strict=True)):
        if values is None:
            checked.append(None)
            continue
        values = np.asarray(values, dtype=np.float64)
        side = math.isqrt(values.shape[0]) if values.ndim == 2 else 0
        if values.ndim != 2 or values.shape[1] != size or side < 1 or side * side != values.shape[0]:
            raise ValueError(
                f"expected the maps of layer {layer} as an (r², {size}) array over an r × r grid, "
                f"got shape {values.shape}"
            )
        checked.append(values)
    return checked


def layer_names(sizes: list[int]) -> list[str]:
    """What each column is called: ``input``, ``hidden 1`` … ``hidden 6``, ``output``."""
    return [
        "input",
        *[f"hidden {layer}" for layer in range(1, len(sizes) - 1)],
        "output",
    ]


def unit_description(sizes: list[int], layer: int, unit: int) -> str:
    """A unit in words: ``input 2``, ``hidden layer 3, neuron 1``, ``the output``."""
    if layer == 0:
        return f"input {unit + 1}"
    if layer == len(sizes) - 1:
        return "the output" if sizes[-1] == 1 else f"output {unit + 1}"
    return f"hidden layer {layer}, neuron {unit + 1}"


def diagram_names(sizes: list[int], input_names: Sequence[str] | None = None) -> list[list[str]]:
    """The units' names: the inputs as given (``x₁``, ``x₁²``, ``sin x₁`` …), ``h¹₁`` …, ``ŷ``."""
    names = unit_names(sizes)
    if input_names is not None:
        input_names = [str(name) for name in input_names]
        if len(input_names) != sizes[0]:
            raise ValueError(f"expected {sizes[0]} input names (the network's inputs), got {len(input_names)}")
        names[0] = input_names
    names[-1] = ["ŷ"] if sizes[-1] == 1 else [f"ŷ{name[1:]}" for name in names[-1]]
    return names


@dataclass
class DiagramSVG:
    """The layout of a network of ``sizes`` and its latest picture, ``svg``.

    ``edge_index`` lists the curves in drawing order, ``(ℓ − 1, j, i)`` for
    ``net.layers[ℓ - 1].W[j, i]`` as in chapter 2's ``NetworkDiagram``; ``positions[ℓ]``
    holds the centres of layer ℓ's nodes. ``update`` draws a network of these sizes.
    """

    sizes: list[int]
    input_names: list[str]
    names: list[list[str]]
    positions: list[Array]
    edge_index: list[tuple[int, int, int]]
    width: int
    height: int
    svg: str = ""
    paths: list[str] = field(default_factory=list)  # each curve's "d"
    edge_words: list[str] = field(default_factory=list)  # each curve's tooltip, but its number
    # The thumbnails' id, unique in the page: a page may hold diagrams from several Python
    # sessions (the book's stored ones and a live one), so a counter would repeat.
    sprite_id: str = field(default_factory=lambda: f"nnbook-maps-{uuid.uuid4().hex[:12]}")

    def update(
        self,
        net: Network,
        maps: Sequence[Array | None] | None = None,
        selected: tuple[int, int] | None = None,
        edge: tuple[int, int, int] | None = None,
    ) -> str:
        """Draw ``net`` (of these sizes) with its current weights; return the SVG text.

        ``maps`` (see :func:`check_maps`) fills the nodes with thumbnails; ``selected``
        ``(layer, unit)`` frames one node and ``edge`` ``(ℓ − 1, j, i)`` rings one curve.
        Every curve's and node's ``<title>`` says its current value, rounded.
        """
        if not isinstance(net, Network):
            raise TypeError(f"expected an nnbook.Network, got {type(net).__name__}")
        if net.sizes != self.sizes:
            raise ValueError(f"expected a network of sizes {self.sizes} for this diagram, got {net.sizes}")
        maps = check_maps(maps, self.sizes)
        parts = [self._head(net)]
        # Edges first (under the nodes); the ringed one last, so that it lies on top.
        ringed = ""
        weights = np.concatenate([layer.W.ravel() for layer in net.layers])  # edge_index order
        for index, (key, d) in enumerate(zip(self.edge_index, self.paths, strict=True)):
            weight = float(weights[index])
            text = self._edge_title(index, weight)
            width = edge_width(weight)
            stroke = f'stroke="{edge_colour(weight)}" stroke-width="{width:.2f}"'
            data = f'data-layer="{key[0]}" data-j="{key[1]}" data-i="{key[2]}"'
            if edge == key:
                ringed = (
                    f'<g class="edge ringed" {data}><title>{text}</title>'
                    f'<path d="{d}" stroke="#000" stroke-width="{width + 3:.2f}"/>'
                    f'<path d="{d}" {stroke}/></g>'
                )
            else:
                parts.append(
                    f'<g class="edge" {data}><title>{text}</title>'
                    f'<path d="{d}" {stroke}/><path d="{d}" class="hit"/></g>'
                )
        parts.append(ringed)
        cells: dict[tuple[int, int], tuple[int, int, int, int]] = {}
        if maps is not None:
            sprite, cells = thumbnail_sprite(maps)
            parts.append(
                f'<defs><image id="{self.sprite_id}" width="{sprite.shape[1]}" height="{sprite.shape[0]}" '
                f'href="{png_uri(sprite)}"/></defs>'
            )
        for layer, centres in enumerate(self.positions):
            layer_maps = maps[layer] if maps is not None else None
            for unit, centre in enumerate(centres):
                cell = cells.get((layer, unit))
                parts.append(
                    self._node(
                        net,
                        layer,
                        unit,
                        centre,
                        layer_maps,
                        cell,
                        selected == (layer, unit),
                    )
                )
        parts.append(self._legend())
        parts.append("</svg>")
        self.svg = "".join(parts)
        return self.svg

    # ------------------------------------------------------------------ pieces of the picture

    def _head(self, net: Network) -> str:
        label = html.escape(describe_network(net, self.input_names), quote=True)
        style = (
            "<style>.nnbook-diagram .edge path{fill:none}"
            ".nnbook-diagram .hit{stroke:transparent;stroke-width:7px}"
            ".nnbook-diagram text{font-family:sans-serif;fill:#222}</style>"
        )
        heads = []
        for layer, (name, centres) in enumerate(zip(layer_names(self.sizes), self.positions, strict=True)):
            if layer == 0:
                kind = ""
            else:
                activation = net.layers[layer - 1].activation
                kind = f" · {SYMBOLS.get(activation, activation)}"
            heads.append(
                f'<text x="{centres[0][0]:.1f}" y="{TOP - 12}" font-size="11" text-anchor="middle">'
                f"{html.escape(name + kind)}</text>"
            )
        title = "The network: one line per weight, its colour the sign, its width the size"
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" class="nnbook-diagram" role="img" aria-label="{label}" '
            f'viewBox="0 0 {self.width} {self.height}" width="{self.width}" height="{self.height}" '
            f'style="max-width:100%;height:auto">{style}'
            f'<text x="{self.width / 2:.1f}" y="16" font-size="13" text-anchor="middle" font-weight="bold">'
            f"{title}</text>" + "".join(heads)
        )

    def _edge_title(self, index: int, weight: float) -> str:
        if not self.edge_words:  # the words around the number, the same at every update
            for layer, j, i in self.edge_index:
                source, target = self.names[layer][i], self.names[layer + 1][j]
                words = f" from {source} into {target} (net.layers[{layer}].W[{j}, {i}])"
                self.edge_words.append(html.escape(words))
        value = format_number(weight, 3) if math.isfinite(weight) else "not a number (training diverged)"
        return f"weight {value}{self.edge_words[index]}"

    def _node(
        self,
        net: Network,
        layer: int,
        unit: int,
        centre: Array,
        maps: Array | None,
        cell: tuple[int, int, int, int] | None,
        selected: bool,
    ) -> str:
        x, y = centre
        name = self.names[layer][unit]
        words = unit_description(self.sizes, layer, unit)
        if layer == 0:
            text = f"{name}: {words}"
        else:
            bias = float(net.layers[layer - 1].b[unit])
            value = format_number(bias, 3) if math.isfinite(bias) else "not a number"
            activation = net.layers[layer - 1].activation
            text = f"{name}: {words}, bias {value}, activation {activation}"
        if maps is not None:
            values = maps[:, unit]
            low, high = float(np.min(values)), float(np.max(values))
            if math.isfinite(low) and math.isfinite(high):
                text += f"; over the plane from {format_number(low, 3)} to {format_number(high, 3)}"
        half = NODE / 2
        frame = 'stroke="#000" stroke-width="3"' if selected else 'stroke="#555" stroke-width="1"'
        parts = [
            f'<g class="node{" selected" if selected else ""}" data-layer="{layer}" data-unit="{unit}">'
            f"<title>{html.escape(text)}</title>",
            f'<rect x="{x - half:.1f}" y="{y - half:.1f}" width="{NODE}" height="{NODE}" fill="#fff" {frame}/>',
        ]
        if cell is not None:
            sx, sy, sw, sh = cell
            parts.append(
                f'<svg x="{x - half + 1:.0f}" y="{y - half + 1:.0f}" width="{NODE - 2}" height="{NODE - 2}" '
                f'viewBox="{sx} {sy} {sw} {sh}" preserveAspectRatio="none">'
                f'<use href="#{self.sprite_id}"/></svg>'
            )
        else:
            parts.append(f'<text x="{x:.1f}" y="{y + 4:.1f}" font-size="11" text-anchor="middle">{name}</text>')
        if layer == 0:
            parts.append(
                f'<text x="{x - half - 6:.1f}" y="{y + 4:.1f}" font-size="12" text-anchor="end">'
                f"{html.escape(name)}</text>"
            )
        parts.append("</g>")
        return "".join(parts)

    def _legend(self) -> str:
        y = self.height - 10
        x = 20
        parts = []
        for colour, words in (
            (POSITIVE_COLOUR, "positive weight"),
            (NEGATIVE_COLOUR, "negative weight"),
        ):
            parts.append(
                f'<line x1="{x}" y1="{y - 4}" x2="{x + 22}" y2="{y - 4}" stroke="{colour}" stroke-width="3"/>'
                f'<text x="{x + 28}" y="{y}" font-size="11">{words}</text>'
            )
            x += 135
        parts.append(
            f'<text x="{x}" y="{y}" font-size="11">wider for larger |w| (widest from {FULL_WIDTH_WEIGHT:g}) · '
            "point at a line or a node for its value</text>"
        )
        return "".join(parts)


def describe_network(net: Network, input_names: Sequence[str]) -> str:
    """The diagram in words (its accessible label)."""
    hidden = net.sizes[1:-1]
    layers = "no hidden layer"
    if hidden:
        layers = f"{len(hidden)} hidden layer{'s' if len(hidden) > 1 else ''} of widths {hidden}"
    return (
        f"Diagram of the network: inputs {', '.join(input_names)}, {layers} and {net.sizes[-1]} output; "
        f"{sum(layer.W.size for layer in net.layers)} weights drawn as lines, blue positive and orange negative, "
        "wider for larger."
    )


def network_svg(sizes: Sequence[int], input_names: Sequence[str] | None = None) -> DiagramSVG:
    """The layout of a diagram for networks of ``sizes`` (at most 8 layers of 8 units).

    ``input_names`` names the inputs (``x₁, x₂, …`` by default; the playground's
    features such as ``x₁²``). Call ``.update(net, maps)`` to draw a network.
    """
    sizes = [int(size) for size in sizes]
    if not 2 <= len(sizes) <= MAX_COLUMNS or any(not 1 <= size <= MAX_ROWS for size in sizes):
        raise ValueError(
            f"expected 2 to {MAX_COLUMNS} layers (inputs and output included) of 1 to {MAX_ROWS} units each, "
            f"got sizes {sizes}"
        )
    names = diagram_names(sizes, input_names)
    rows = max(sizes)
    used = LEFT + COLUMN * (len(sizes) - 1) + NODE + 30
    width = max(used, MIN_WIDTH)  # the title's and the legend's room
    left = LEFT + (width - used) / 2  # a small network sits in the middle
    positions = []
    for layer, size in enumerate(sizes):
        x = left + NODE / 2 + COLUMN * layer
        top = TOP + NODE / 2 + ROW * (rows - size) / 2
        positions.append(np.column_stack([np.full(size, x), top + ROW * np.arange(size)]))
    edge_index, paths = [], []
    for layer in range(len(sizes) - 1):
        for j, (x2, y2) in enumerate(positions[layer + 1]):
            for i, (x1, y1) in enumerate(positions[layer]):
                start, end = x1 + NODE / 2, x2 - NODE / 2
                middle = (start + end) / 2
                paths.append(f"M{start:.0f} {y1:.0f}C{middle:.0f} {y1:.0f} {middle:.0f} {y2:.0f} {end:.0f} {y2:.0f}")
                edge_index.append((layer, j, i))
    height = int(TOP + ROW * rows + BOTTOM)
    return DiagramSVG(sizes, names[0], names, positions, edge_index, int(width), height, paths=paths)


def draw_network(
    net: Network,
    maps: Sequence[Array | None] | None = None,
    input_names: Sequence[str] | None = None,
) -> str:
    """``net`` as an SVG diagram, in one call (see :func:`network_svg` and ``DiagramSVG.update``)."""
    if not isinstance(net, Network):
        raise TypeError(f"expected an nnbook.Network, got {type(net).__name__}")
    return network_svg(net.sizes, input_names).update(net, maps)


def large_map_svg(
    values: Array,
    extent: tuple[float, float, float, float],
    title: str,
    size: int = 180,
) -> str:
    """One unit's map ``(r²,)`` drawn large, with its axes x₁ and x₂ and a title (SVG)."""
    values = np.asarray(values, dtype=np.float64).ravel()
    side = math.isqrt(values.size)
    if values.size == 0 or side * side != values.size:
        raise ValueError(f"expected a map over an r × r grid (r² values), got {values.size} values")
    left, top = 44, 34
    width, height = max(left + size + 12, 260), top + size + 36
    finite = values[np.isfinite(values)]
    largest = float(np.max(np.abs(finite))) if finite.size else 0.0
    x0, x1, y0, y1 = (format_number(v) for v in extent)
    note = f"orange below 0, blue above 0, full colour at ±{format_number(largest, 3)}"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="nnbook-large-map" role="img" '
        f'aria-label="{html.escape(title + ": " + note, quote=True)}" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" style="max-width:100%;height:auto;font-family:sans-serif">'
        f'<text x="{width / 2}" y="14" font-size="12" text-anchor="middle" font-weight="bold">'
        f"{html.escape(title)}</text>"
        f'<text x="{width / 2}" y="28" font-size="10" text-anchor="middle">{html.escape(note)}</text>'
        f'<image x="{left}" y="{top}" width="{size}" height="{size}" preserveAspectRatio="none" '
        f'href="{png_uri(map_pixels(values))}"/>'
        f'<rect x="{left}" y="{top}" width="{size}" height="{size}" fill="none" stroke="#333"/>'
        f'<text x="{left}" y="{top + size + 14}" font-size="10" text-anchor="middle">{x0}</text>'
        f'<text x="{left + size}" y="{top + size + 14}" font-size="10" text-anchor="middle">{x1}</text>'
        f'<text x="{left + size / 2}" y="{top + size + 28}" font-size="12" text-anchor="middle">x₁</text>'
        f'<text x="{left - 4}" y="{top + size}" font-size="10" text-anchor="end">{y0}</text>'
        f'<text x="{left - 4}" y="{top + 10}" font-size="10" text-anchor="end">{y1}</text>'
        f'<text x="{left - 16}" y="{top + size / 2}" font-size="12" text-anchor="middle">x₂</text>'
        "</svg>"
    )
