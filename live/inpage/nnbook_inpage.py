"""The Python half of the in-page widgets: it runs in Pyodide, in the chapter page itself.

The page's script (``live/inpage/src/inpage.js``) starts Pyodide in the page, imports this
module and calls :func:`start` with a function that hands ipywidgets' messages to the page's
widget manager. There is no Jupyter kernel in between: ipywidgets talks to the page through
``comm``'s documented hook (``comm.create_comm`` and ``comm.get_comm_manager`` are meant to
be replaced), and the page sends the reader's slider moves back through :func:`deliver`.

:class:`Chapter` runs the chapter's code cells in order, in one namespace, as the book build
ran them, and remembers which widgets each cell showed (a widget cell ends with the explorer
as its last expression). Figures the cells draw on the way are not rendered: the page
starts Python with matplotlib's Agg backend (``MPLBACKEND``), which draws nothing until
asked, and shows only the explorers.

Nothing here imports Pyodide, so the tests run it in CPython as well.
"""

from __future__ import annotations

import ast
import importlib.util
import io
import json
import sys
import traceback
import warnings
from collections.abc import Callable, Sequence
from contextlib import redirect_stderr, redirect_stdout
from typing import Any

import comm
from comm.base_comm import BaseComm, CommManager

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


def prepare(page: str | None = None) -> None:
    """Do what the live kernel does as it starts: run its start-up script when it is there.

    The script (``nnbook-live-startup``, made by ``tools/lite_build.py``) gives matplotlib the
    font list made for this Pyodide and imports numpy, pyplot, ipywidgets and nnbook.
    ``page`` is the page's address: a playground's share link starts with it.
    """
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
    if page:
        import nnbook.playground

        nnbook.playground.SHARE_URL = page.split("#", 1)[0].split("?", 1)[0]


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


class LinkError(ValueError):
    """A share link that describes no explorer the page can build: which setting is wrong."""


def widget_ids(value: object) -> list[str]:
    """The model id of ``value`` if it is a widget the page can show, else nothing."""
    bundle = getattr(value, "_repr_mimebundle_", None)
    if bundle is None:
        return []
    view = bundle().get("application/vnd.jupyter.widget-view+json")
    return [view["model_id"]] if view else []


class CellNames:
    """What a cell's code does with names: binds them, reads them, or may change their object.

    A reading of the source only, so it over-approximates: a name passed to a call or whose
    attribute or item is assigned may be changed (``nnbook.train(net, ...)`` trains ``net``),
    and so may a name whose method is called (``net.copy()``), except a module's
    (``plots.plot_digits(...)`` draws; it changes nothing the next cell reads).
    """

    def __init__(self, source: str) -> None:
        self.binds: set[str] = set()
        self.uses: set[str] = set()
        self.touches: set[str] = set()
        self.imports: set[str] = set()
        self.methods_called_on: set[str] = set()
        try:
            tree = ast.parse(source)
        except SyntaxError:
            return  # it fails when it runs, with its message
        for node in ast.walk(tree):
            if isinstance(node, ast.Name):
                (self.uses if isinstance(node.ctx, ast.Load) else self.binds).add(node.id)
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                self.binds.add(node.name)
            elif isinstance(node, ast.Import):
                self.imports.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                for alias in node.names:  # from a package, a module (plots) or not (Network)
                    module = node.module is not None and node.level == 0 and _is_module(f"{node.module}.{alias.name}")
                    (self.imports if module else self.binds).add(alias.asname or alias.name)
            elif isinstance(node, (ast.Attribute, ast.Subscript)) and not isinstance(node.ctx, ast.Load):
                self.touches.add(_root(node))
            elif isinstance(node, ast.Call):
                if isinstance(node.func, ast.Attribute):
                    self.methods_called_on.add(_root(node.func.value))
                for argument in [*node.args, *(keyword.value for keyword in node.keywords)]:
                    self.touches.add(_root(argument))
        self.binds |= self.imports
        self.touches.discard("")
        self.methods_called_on.discard("")

    def may_change(self, modules: set[str]) -> set[str]:
        """The names whose value or object this cell may change, ``modules`` being modules."""
        return self.binds | self.touches | (self.methods_called_on - modules)


def _is_module(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def _root(node: ast.AST) -> str:
    """The name at the root of ``a.b[c].d`` (``a``), or "" when there is none."""
    while isinstance(node, (ast.Attribute, ast.Subscript, ast.Starred)):
        node = node.value
    return node.id if isinstance(node, ast.Name) else ""


def needed_cells(cells: Sequence[str], index: int) -> list[int]:
    """The cells that cell ``index`` needs, in order: itself, and every earlier cell that binds or
    may change a name it reads, and so on back (a slice of the chapter, cell by cell)."""
    names = [CellNames(source) for source in cells[: index + 1]]
    modules = {module for cell in names for module in cell.imports}
    needed = set(names[index].uses)
    chosen = [index]
    for earlier in range(index - 1, -1, -1):
        if names[earlier].may_change(modules) & needed:
            chosen.append(earlier)
            needed |= names[earlier].uses
    return sorted(chosen)


class Chapter:
    """A chapter's code cells, run in one namespace, each at most once.

    Making a widget live runs only the cells it needs (:func:`needed_cells`), in the book's
    order, so an explorer does not wait for the figures and experiments around it.
    """

    def __init__(self, cells: Sequence[str]) -> None:
        self.cells = list(cells)
        self.namespace: dict[str, Any] = {"__name__": "__main__"}
        self.done: list[int] = []  # the cells run so far, in the order they ran
        self.widgets: dict[int, list[str]] = {}
        self._shown: dict[int, Any] = {}  # the value each cell showed

    def plan(self, index: int) -> list[int]:
        """The cells still to run before the widgets of cell ``index`` can be shown, in order."""
        if not 0 <= index < len(self.cells):
            raise IndexError(f"expected a cell index from 0 to {len(self.cells) - 1}, got {index}")
        return [cell for cell in needed_cells(self.cells, index) if cell not in self.done]

    def run(self, index: int) -> list[str]:
        """Run cell ``index`` (once); the model ids of the widgets it shows, in order.

        A cell that comes before cells already run (a second explorer that needs a cell the
        first did not) runs as if in its place: the names that those later cells bound keep
        the values they gave them.
        """
        if index in self.done:
            return self.widgets[index]
        later = {name for cell in self.done if cell > index for name in CellNames(self.cells[cell]).binds}
        kept = {name: self.namespace[name] for name in later if name in self.namespace}
        self._shown[index] = self._run(index, self.cells[index])
        self.widgets[index] = widget_ids(self._shown[index])
        self.namespace.update(kept)
        self.done.append(index)
        return self.widgets[index]

    def run_through(self, index: int) -> list[str]:
        """Run what cell ``index`` needs, then the cell; the widgets it shows."""
        for cell in self.plan(index):
            self.run(cell)
        return self.widgets[index]

    def open_shared(self, index: int, url: str) -> list[str]:
        """Show the explorer a share link describes in place of cell ``index``'s; its widgets.

        The cell runs as the book has it, then the explorer it shows is rebuilt from the link
        (``type(explorer).from_url(url)``, which checks every setting before it builds
        anything), and the names that held the book's explorer hold the shared one.
        """
        self.run_through(index)
        value = self._shown.get(index)
        if not hasattr(type(value), "from_url"):
            raise LinkError(f"code cell {index + 1} shows no explorer that a link can describe")
        try:
            shared = type(value).from_url(url)
        except ValueError as error:
            raise LinkError(str(error)) from error
        for name, held in list(self.namespace.items()):
            if held is value:
                self.namespace[name] = shared
        self._shown[index] = shared
        self.widgets[index] = widget_ids(shared)
        return self.widgets[index]

    def run_all_through(self, index: int) -> list[str]:
        """Run every cell up to ``index``, needed or not, as the book build did."""
        for cell in range(index + 1):
            self.run(cell)
        return self.widgets[index]

    def _run(self, index: int, source: str) -> Any:
        """Run one cell as IPython would: statements, then the last expression's value, returned."""
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
        return value


def _close_figures() -> None:
    """Forget the figures a cell made with pyplot (never shown here); explorers keep theirs."""
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is not None:
        pyplot.close("all")
