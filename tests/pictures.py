"""An explorer's fast redraw compared with a full draw of its figure (``nnbook.plots.blit``)."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image


def picture(png: bytes) -> np.ndarray:
    """The PNG's pixels as an ``(height, width, 3)`` array of ints."""
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=int)


def assert_blit_is_the_full_draw(explorer) -> np.ndarray:
    """The picture the explorer shows (only the moving artists drawn over kept pixels) is
    the one ``savefig`` draws of its figure, which must itself be complete; return it.

    At most 0.1 % of the pixels may differ by more than 8 (antialiasing): a real mistake
    (an artist drawn out of its z-order, a frame or a tick label not redrawn) changes
    0.2 to 2 % of them, which a 1 % bound would let pass. The bound also holds in each
    axes (and a 2-pixel margin) on its own: in a figure of several panels, a frame not
    redrawn over a small panel's bars is too few pixels of the whole.
    """
    shown = picture(explorer.png)
    full = io.BytesIO()
    explorer.figure.savefig(full, format="png", dpi=explorer.dpi)
    expected = picture(full.getvalue())
    assert shown.shape == expected.shape
    differ = np.abs(shown - expected).max(axis=2) > 8
    assert np.mean(differ) < 0.001
    height = differ.shape[0]
    scale = explorer.dpi / explorer.figure.dpi  # the axes' boxes are in the figure's own pixels
    for ax in explorer.figure.axes:
        x0, y0, x1, y1 = np.round(ax.get_window_extent().extents * scale).astype(int)
        panel = differ[max(height - y1 - 2, 0) : height - y0 + 2, max(x0 - 2, 0) : x1 + 2]
        assert np.mean(panel) < 0.001, ax.get_label() or ax.get_title()
    return shown


def change(explorer, setting: dict) -> None:
    """Set the named controls (``{"w1": 2.0, ...}``) together, then redraw once."""
    with explorer.hold():
        for name, value in setting.items():
            getattr(explorer, name).value = value


def assert_settings_redraw_right(explorer, settings: list[dict]) -> list[np.ndarray]:
    """Apply each setting in turn; after each, the picture shown is the full draw and is a
    new picture. Return the pictures, the first one before any change."""
    pictures = [assert_blit_is_the_full_draw(explorer)]
    for setting in settings:
        change(explorer, setting)
        pictures.append(assert_blit_is_the_full_draw(explorer))
    assert len({p.tobytes() for p in pictures}) == len(pictures), "a change left the picture as it was"
    return pictures
