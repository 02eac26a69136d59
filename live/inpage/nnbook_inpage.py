"""The Python half of the in-page widgets: it runs in Pyodide, in the chapter page itself.

The page's script (``live/inpage/src/inpage.js``) starts Pyodide in the page, imports this
module and calls :func:`start` with a function that hands ipywidgets' messages to the page's
widget manager. There is no Jupyter kernel in between: ipywidgets talks to the page through
``comm``'s documented hook (``comm.create_comm`` and ``comm.get_comm_manager`` are meant to
be replaced), and the page sends the reader's slider moves back through :func:`deliver`.

:class:`Chapter` runs the chapter's code cells in order, in one namespace, as the book build
ran them, and remembers which widgets each cell showed (a widget cell ends with the explorer
as its last expression). Figures the cells draw on the way are not rendered: matplotlib's
Agg backend draws nothing until asked, and the page shows only the explorers.

Nothing here imports Pyodide, so the tests run it in CPython as well.
"""

from __future__ import annotations

import ast
import io
import json
import os
import sys
import traceback
import warnings
from collections.abc import Callable, Sequence
from contextlib import redirect_stderr, redirect_stdout
from typing import Any

# Before matplotlib is imported: figures drawn by the chapter's cells on the way to a widget
# are not shown anywhere, so nothing should render them.
os.environ["MPLBACKEND"] = "agg"

import comm  # noqa: E402
from comm.base_comm import BaseComm, CommManager  # noqa: E402

#: ``send(msg_type, content_json, metadata_json, buffers)``: hands one message to the page.
Sender = Callable[[str, str, str, list], None]

_manager = CommManager()
_send: Sender | None = None


class PageComm(BaseComm):
    """A comm whose messages go to the widget manager of the page (set by :func:`start`)."""

    def publish_msg(
        self,
        msg_type: str,
        data: dict | None = None,
        metadata: dict | None = None,
        buffers: Sequence[bytes] | None = None,
        **keys: Any,
    ) -> None:
        if _send is None:
            raise RuntimeError("nnbook_inpage.start() must be called before widgets are made")
        content = {"comm_id": self.comm_id, "data": data or {}, **keys}
        _send(msg_type, json.dumps(content), json.dumps(metadata or {}), [bytes(b) for b in buffers or ()])


def prepare() -> None:
    """Do what the live kernel does as it starts: run its start-up script when it is there.

    The script (``nnbook-live-startup``, made by ``tools/lite_build.py``) gives matplotlib the
    font list made for this Pyodide and imports numpy, pyplot, ipywidgets and nnbook.
    """
    import importlib.util
    import runpy
    from pathlib import Path

    # The kernel's bytecode wheel (nnbook-live-bytecode) holds jedi's __pycache__ folder too;
    # the page does not load jedi itself, and IPython would take that empty folder for it.
    jedi = importlib.util.find_spec("jedi")
    if jedi is not None and jedi.origin is None:
        sys.modules["jedi"] = None  # type: ignore[assignment]  # "import jedi" raises ImportError
    spec = importlib.util.find_spec("nnbook_live_startup")
    if spec is not None and spec.origin is not None:
        script = Path(spec.origin).parent / "ipython" / "profile_default" / "startup" / "00-nnbook-live.py"
        runpy.run_path(str(script))


def start(send: Sender) -> None:
    """Route ipywidgets' messages to ``send`` from now on (every widget made after this call)."""
    global _send
    if sys.platform == "emscripten":  # in the page: the buffers go to JavaScript as typed arrays
        from pyodide.ffi import to_js

        page_send = send

        def send(msg_type: str, content: str, metadata: str, buffers: list) -> None:
            page_send(msg_type, content, metadata, to_js(buffers))

    _send = send
    comm.create_comm = PageComm
    comm.get_comm_manager = lambda: _manager


def deliver(comm_id: str, data_json: str, buffers: Sequence[Any] = ()) -> None:
    """Hand one message from the page (a control the reader moved) to its widget.

    An exception raised by the widget's update is not swallowed (``CommManager.comm_msg``
    would only log it): the page shows it at the widget.
    """
    widget_comm = _manager.get_comm(comm_id)
    if widget_comm is None:
        return  # the widget was closed meanwhile
    payload = [b.to_bytes() if hasattr(b, "to_bytes") else bytes(b) for b in buffers]
    message = {
        "header": {"msg_type": "comm_msg"},
        "content": {"comm_id": comm_id, "data": json.loads(data_json)},
        "metadata": {},
        "buffers": [memoryview(b) for b in payload],
    }
    widget_comm.handle_msg(message)


class CellError(Exception):
    """A chapter cell raised: which cell, and the end of its traceback."""

    def __init__(self, index: int, summary: str, details: str) -> None:
        super().__init__(f"code cell {index + 1} failed: {summary}")
        self.index = index
        self.summary = summary
        self.details = details


def widget_ids(value: object) -> list[str]:
    """The model id of ``value`` if it is a widget the page can show, else nothing."""
    bundle = getattr(value, "_repr_mimebundle_", None)
    if bundle is None:
        return []
    view = bundle().get("application/vnd.jupyter.widget-view+json")
    return [view["model_id"]] if view else []


class Chapter:
    """A chapter's code cells, run in order in one namespace, each at most once."""

    def __init__(self, cells: Sequence[str]) -> None:
        self.cells = list(cells)
        self.namespace: dict[str, Any] = {"__name__": "__main__"}
        self.done = 0  # cells[:done] have run
        self.widgets: dict[int, list[str]] = {}

    def run_next(self) -> list[str]:
        """Run the next cell; the model ids of the widgets it shows, in order."""
        index = self.done
        if index >= len(self.cells):
            raise IndexError(f"expected a cell index below {len(self.cells)}, got {index}")
        self.widgets[index] = self._run(index, self.cells[index])
        self.done += 1
        return self.widgets[index]

    def run_through(self, index: int) -> list[str]:
        """Run every cell up to ``index`` that has not run yet; the widgets of cell ``index``."""
        if not 0 <= index < len(self.cells):
            raise IndexError(f"expected a cell index from 0 to {len(self.cells) - 1}, got {index}")
        while self.done <= index:
            self.run_next()
        return self.widgets[index]

    def _run(self, index: int, source: str) -> list[str]:
        """Run one cell as IPython would: statements, then the last expression's value shown."""
        try:
            tree = ast.parse(source, filename=f"<cell {index + 1}>")
        except SyntaxError as error:
            raise CellError(index, f"SyntaxError: {error.msg}", traceback.format_exc()) from error
        last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
        out = io.StringIO()  # what the cell prints is already in the page, under the cell
        try:
            with redirect_stdout(out), redirect_stderr(out), warnings.catch_warnings():
                warnings.simplefilter("ignore")  # "FigureCanvasAgg is non-interactive" and the like
                exec(compile(tree, f"<cell {index + 1}>", "exec"), self.namespace)
                value = None
                if last is not None:
                    value = eval(compile(ast.Expression(last.value), f"<cell {index + 1}>", "eval"), self.namespace)
        except Exception as error:
            lines = traceback.format_exception_only(type(error), error)
            raise CellError(index, lines[-1].strip(), traceback.format_exc()) from error
        finally:
            _close_figures()
        return widget_ids(value)


def _close_figures() -> None:
    """Forget the figures a cell made with pyplot (never shown here); explorers keep theirs."""
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is not None:
        pyplot.close("all")
