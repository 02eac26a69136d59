"""Redrawing a figure fast: only the artists that moved, over cached pixels of the rest.

An explorer redraws its figure at every slider step. Most of the picture (axes, ticks,
labels, colourbar) does not change; drawing it again is what costs the time. So the
pixels of everything but the artists that change are kept after one full draw that
leaves those artists out, and each redraw restores those pixels and draws only the
changing artists on top. ``key`` names what the kept pixels depend on (axis limits,
colour scale, legend): when it changes, the background is drawn again. The picture is
the one ``figure.savefig`` gives; the tests compare the two.
"""

from __future__ import annotations

import io
from collections.abc import Hashable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.layout_engine import PlaceHolderLayoutEngine
from PIL import Image


@dataclass
class BlitCache:
    """The kept pixels of one figure, and what they were drawn for."""

    canvas: FigureCanvasAgg | None = None
    background: object = None
    key: Hashable = None


def solves_layout(figure: Figure) -> bool:
    """Whether drawing ``figure`` runs a layout engine (constrained or tight layout).

    ``set_layout_engine("none")`` leaves a placeholder engine, which solves nothing.
    """
    engine = figure.get_layout_engine()
    return engine is not None and not isinstance(engine, PlaceHolderLayoutEngine)


@contextmanager
def left_out(artists: Sequence[Artist]) -> Iterator[None]:
    """Leave ``artists`` out of full draws for the time of the ``with`` block.

    They are marked *animated* only while the background is drawn, so the figure itself
    stays complete: shown or saved on its own, it has every artist.
    """
    for artist in artists:
        artist.set_animated(True)
    try:
        yield
    finally:
        for artist in artists:
            artist.set_animated(False)


def blit_png(
    figure: Figure, dynamic: Sequence[Artist], cache: BlitCache, key: Hashable, dpi: int, compress_level: int = 1
) -> bytes:
    """The figure as PNG bytes at ``dpi``, drawing only ``dynamic`` over the cached background.

    ``dynamic`` is drawn in the order given (the order a full draw stacks those artists).
    The first draw solves the figure's layout, which is then kept. The figure keeps its
    own dpi, as with ``savefig``.
    """
    if cache.canvas is None or figure.canvas is not cache.canvas:
        cache.canvas = FigureCanvasAgg(figure)
        cache.background = None
    own_dpi = figure.dpi
    figure.dpi = dpi
    try:
        renderer = cache.canvas.get_renderer()  # made anew if a savefig at another dpi replaced it
        if cache.background is None or (dpi, key) != cache.key:
            with left_out(dynamic):
                cache.canvas.draw()
                if solves_layout(figure):
                    # The first draw placed the panels; keep that layout from now on.
                    figure.set_layout_engine("none")
                    cache.canvas.draw()
            cache.background = cache.canvas.copy_from_bbox(figure.bbox)
            cache.key = (dpi, key)
        else:
            renderer.restore_region(cache.background)
        for artist in dynamic:
            if artist.get_visible():
                figure.draw_artist(artist)
        pixels = np.asarray(cache.canvas.buffer_rgba())
    finally:
        figure.dpi = own_dpi
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, format="png", compress_level=compress_level)
    return buffer.getvalue()
