"""``myst_nb.glue`` for the chapters run live, where Pyodide has no myst-nb.

When the book is built, ``glue(name, value)`` stores a value for the text to quote; the
live copies of the chapters already quote the values the build stored
(``tools/myst_live.py``), so here ``glue`` only shows the value when asked to, as myst-nb
does. The build puts this file into the wheel ``nnbook-live-glue`` as the module
``myst_nb`` (``tools/lite_build.py``), for JupyterLite and for the explorers made live in
the page.
"""

from __future__ import annotations

from typing import Any


def glue(name: str, variable: Any, display: bool = True) -> None:
    """Show ``variable`` unless ``display`` is False; ``name`` matters only to the book build."""
    if display:
        from IPython.display import display as show

        show(variable)
