"""Redrawing a figure fast: only the artists that moved, over cached pixels of the rest.

An explorer redraws its figure at every slider step. Most of the picture (axes, ticks,
labels, colourbar) does not change; drawing it again is what costs the time. So the
artists that change are marked *animated* (a full draw leaves them out), the pixels of
everything else are kept after one full draw, and each redraw restores those pixels and
draws only the animated artists on top. ``key`` names what the kept pixels depend on
(axis limits, colour scale, legend): when it changes, the background is drawn again.
The picture is the one ``figure.savefig`` would give with the artists not animated.
"""

from __future__ import annotations

import io
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

import numpy as np
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image


@dataclass
class BlitCache:
    """The kept pixels of one figure, and what they were drawn for."""

    canvas: FigureCanvasAgg | None = None
    background: object = None
    key: Hashable = None


def animate(artists: Sequence[Artist]) -> None:
    """Mark ``artists`` as the ones that move: full draws leave them out."""
    for artist in artists:
        artist.set_animated(True)


def blit_png(
    figure: Figure, dynamic: Sequence[Artist], cache: BlitCache, key: Hashable, dpi: int, compress_level: int = 1
) -> bytes:
    """The figure as PNG bytes, drawing only ``dynamic`` over the cached background."""
    if cache.canvas is None or figure.canvas is not cache.canvas:
        cache.canvas = FigureCanvasAgg(figure)
        cache.background = None
    if figure.dpi != dpi:
        figure.set_dpi(dpi)
        cache.background = None
    key = (dpi, key)
    if cache.background is None or key != cache.key:
        cache.canvas.draw()
        if figure.get_layout_engine() is not None:
            # The first draw placed the panels; keep that layout from now on.
            figure.set_layout_engine("none")
            cache.canvas.draw()
        cache.background = cache.canvas.copy_from_bbox(figure.bbox)
        cache.key = key
    else:
        cache.canvas.restore_region(cache.background)
    for artist in dynamic:
        if artist.get_visible():
            figure.draw_artist(artist)
    buffer = io.BytesIO()
    Image.fromarray(np.asarray(cache.canvas.buffer_rgba())).save(buffer, format="png", compress_level=compress_level)
    return buffer.getvalue()
