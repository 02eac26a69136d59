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
    0.2 to 2 % of them, which a 1 % bound would let pass.
    """
    shown = picture(explorer.png)
    full = io.BytesIO()
    explorer.figure.savefig(full, format="png", dpi=explorer.dpi)
    expected = picture(full.getvalue())
    assert shown.shape == expected.shape
    assert np.mean(np.abs(shown - expected).max(axis=2) > 8) < 0.001
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
