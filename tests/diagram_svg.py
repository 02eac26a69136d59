"""Reading the network diagram's SVG (``nnbook.plots.diagram``) back, for the tests.

The tests assert on what is drawn, parsed from the SVG text the reader's browser gets:
each curve's colour, width and tooltip, each node's tooltip and thumbnail pixels.
"""

from __future__ import annotations

import base64
import io
import xml.etree.ElementTree as ET

import numpy as np
from PIL import Image

NS = {"svg": "http://www.w3.org/2000/svg"}


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def edges(svg: str) -> dict[tuple[int, int, int], dict]:
    """Every curve by ``(ℓ − 1, j, i)``: its ``stroke``, ``width`` (float) and ``title``."""
    found = {}
    for group in parse(svg).iterfind(".//svg:g", NS):
        if "edge" not in group.get("class", "").split():
            continue
        key = (
            int(group.get("data-layer")),
            int(group.get("data-j")),
            int(group.get("data-i")),
        )
        assert key not in found, f"edge {key} drawn twice"
        # The visible curve is the last path with a stroke colour (a ringed one has a black halo first).
        visible = [p for p in group.iterfind("svg:path", NS) if p.get("stroke") not in (None, "#000")]
        assert len(visible) == 1, key
        found[key] = {
            "stroke": visible[0].get("stroke"),
            "width": float(visible[0].get("stroke-width")),
            "title": group.find("svg:title", NS).text,
            "ringed": "ringed" in group.get("class", "").split(),
        }
    return found


def nodes(svg: str) -> dict[tuple[int, int], dict]:
    """Every node by ``(layer, unit)``: its ``title``, whether ``selected``, its thumbnail cell."""
    found = {}
    for group in parse(svg).iterfind(".//svg:g", NS):
        if "node" not in group.get("class", "").split():
            continue
        key = (int(group.get("data-layer")), int(group.get("data-unit")))
        inner = group.find("svg:svg", NS)
        cell = tuple(int(v) for v in inner.get("viewBox").split()) if inner is not None else None
        found[key] = {
            "title": group.find("svg:title", NS).text,
            "selected": "selected" in group.get("class", "").split(),
            "cell": cell,
        }
    return found


def image_pixels(href: str) -> np.ndarray:
    """A ``data:image/png;base64,…`` URI's pixels as an ``(h, w, 3)`` uint8 array."""
    prefix = "data:image/png;base64,"
    assert href.startswith(prefix)
    return np.asarray(Image.open(io.BytesIO(base64.b64decode(href[len(prefix) :]))).convert("RGB"))


def sprite(svg: str) -> np.ndarray | None:
    """The thumbnails' image (one PNG for every node), or None when no maps were drawn."""
    images = parse(svg).findall(".//svg:defs/svg:image", NS)
    return image_pixels(images[0].get("href")) if images else None


def thumbnail(svg: str, layer: int, unit: int) -> np.ndarray:
    """The pixels of one node's thumbnail, cut from the sprite by the node's viewBox."""
    x, y, w, h = nodes(svg)[(layer, unit)]["cell"]
    return sprite(svg)[y : y + h, x : x + w]
