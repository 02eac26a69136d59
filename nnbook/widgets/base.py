"""What every explorer shares: labelled sliders, and a figure redrawn in place into an Output.

An explorer is an ``ipywidgets.VBox`` of controls and an ``Output`` holding its figure.
Each change of a control calls ``update()``: ``recompute()`` (the subclass: recompute
with the core, then update the figure's artists in place) and ``render()`` (draw the
figure to PNG and show it, with alt text saying what it shows). ``hold()`` groups
several control changes into one update.

Tests and benchmarks drive explorers from Python: ``explorer.w1.value = 2.0`` triggers
the same update as dragging the slider.
"""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import ipywidgets as widgets
from matplotlib.figure import Figure

from nnbook.plots.blit import solves_layout

SLIDER_RANGE = (-5.0, 5.0)
SLIDER_STEP = 0.1

#: The look of every control across the book: the width of its label, and its own width
#: (narrower where an explorer puts many sliders side by side).
CONTROL_STYLE = {"description_width": "9em"}
CONTROL_WIDTH = "24em"
NARROW_WIDTH = "20.5em"


def control_layout(width: str = CONTROL_WIDTH) -> widgets.Layout:
    """A control's own layout (one per control: a layout shared by several would be changed for all)."""
    return widgets.Layout(width=width)


def parameter_slider(
    description: str,
    value: float,
    low: float = SLIDER_RANGE[0],
    high: float = SLIDER_RANGE[1],
    step: float = SLIDER_STEP,
) -> widgets.FloatSlider:
    """A slider for one weight or bias (−5…5 in steps of 0.1 by default), labelled for a reader."""
    return widgets.FloatSlider(
        value=value,
        min=low,
        max=high,
        step=step,
        description=description,
        readout_format=".1f" if step >= 0.1 else ".2f",
        continuous_update=True,
        style=CONTROL_STYLE,
        layout=control_layout(),
    )


def menu(description: str, options: Sequence, value: object, width: str = CONTROL_WIDTH) -> widgets.Dropdown:
    """A labelled drop-down menu, as wide as the parameter sliders beside it."""
    return widgets.Dropdown(
        options=options, value=value, description=description, style=CONTROL_STYLE, layout=control_layout(width)
    )


def side_text() -> widgets.HTML:
    """An empty HTML box for the formula, readout or table that sits beside the controls or the figure."""
    return widgets.HTML(layout=widgets.Layout(width="auto", margin="0 0 0 1em"))


def figure_png(figure: Figure, dpi: int = 96) -> bytes:
    """The figure rendered to PNG bytes (what the explorer displays).

    zlib level 1 instead of the default 6: the picture is 30 % larger and encodes in a
    fraction of the time, which matters when it is redrawn at every slider step.
    """
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi, pil_kwargs={"compress_level": 1})
    return buffer.getvalue()


class Explorer(widgets.VBox):
    """Base class of the book's explorers.

    A subclass creates its controls, ``output`` and ``figure``, calls
    ``super().__init__(children)``, then ``watch(controls)`` and ``update()``; it
    implements ``recompute()`` and ``describe()``.
    """

    figure: Figure
    dpi = 96

    output: widgets.Output  # created by the subclass, placed among its children

    def __init__(self, children: Sequence[widgets.Widget], **kwargs) -> None:
        self.png = b""
        self._holding = False
        super().__init__(children, **kwargs)

    def watch(self, controls: Sequence[widgets.ValueWidget]) -> None:
        """Call ``update()`` whenever one of ``controls`` changes value."""
        for control in controls:
            control.observe(self._on_change, names="value")

    @contextmanager
    def hold(self) -> Iterator[None]:
        """Change several controls inside ``with explorer.hold():`` and update once, at the end."""
        self._holding = True
        try:
            yield
        finally:
            self._holding = False
        self.update()

    def _on_change(self, change: dict) -> None:
        if not self._holding:
            self.update()

    def update(self) -> None:
        """Recompute from the controls and redraw."""
        self.recompute()
        self.render()

    def recompute(self) -> None:  # pragma: no cover - every explorer defines it
        raise NotImplementedError

    def describe(self) -> str:  # pragma: no cover - every explorer defines it
        raise NotImplementedError

    def draw_png(self) -> bytes:
        """The figure as PNG bytes; an explorer may draw faster (only what moved)."""
        return figure_png(self.figure, self.dpi)

    def render(self) -> None:
        """Draw the figure to PNG and show it in ``output``, with ``describe()`` as alt text."""
        self.png = self.draw_png()
        if solves_layout(self.figure):
            # The first render has placed axes, colourbars and legends; only the artists'
            # data change from now on, so keep that layout instead of solving it each time.
            self.figure.set_layout_engine("none")
        # Replace the Output's content in one assignment: the old picture stays until the
        # new one arrives (no flicker), no output capture by the kernel is needed (so it
        # behaves the same in a notebook, a script and a test, and avoids an intermittent
        # nbclient stall on captured widget output), and the HTML form carries alt text
        # for screen readers, which a bare image/png output has not.
        encoded = base64.b64encode(self.png).decode("ascii")
        description = self.describe()
        bundle = {
            "text/html": f'<img src="data:image/png;base64,{encoded}" alt="{html.escape(description, quote=True)}">',
            "image/png": encoded,
            "text/plain": description,
        }
        self.output.outputs = ({"output_type": "display_data", "data": bundle, "metadata": {}},)
