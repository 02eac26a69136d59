"""Sphinx extension: live mode, every chapter runnable in the reader's browser.

Loaded by Jupyter Book through ``sphinx.local_extensions`` in ``_config.yml``. When
live mode is on (the default; ``NNBOOK_LIVE=0``, which ``make book LIVE=0`` sets, turns
it off):

- when the build starts, the verified Pyodide distribution is assembled (from the
  download cache; see :mod:`fetch_pyodide`), so an impossible download stops the build
  at once, with a message that says how to build without live mode;
- every chapter page made from a notebook gets a "Run live" button in its header,
  which opens that notebook in the JupyterLite site;
- when the HTML is written, the JupyterLite site is built into ``<outdir>/lite``
  (see :mod:`lite_build`);
- every page with an explorer gets the in-page widgets (``live/inpage``, see
  :mod:`inpage_build`): a "Make this live" button at each explorer, which starts the same
  Pyodide in the page itself and makes the explorer live where it stands. Without live
  mode the explorers are marked as pictures, with the ways to run them.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging

sys.path.insert(0, str(Path(__file__).resolve().parent))

import fetch_pyodide
import inpage_build
import lite_build
import myst_live

logger = logging.getLogger(__name__)

#: The Font Awesome icon and the text of the button (sphinx-book-theme renders both).
BUTTON = {
    "type": "link",
    "text": "Run live",
    "icon": "fas fa-play",
    "tooltip": "Run this chapter in your browser: Python with nnbook, no server, nothing to install",
    "label": "nnbook-live-button",
}


def live_enabled(environ: dict[str, str] | None = None) -> bool:
    """Live mode is on unless ``NNBOOK_LIVE`` is ``0`` (or ``false``, ``no``, ``off``)."""
    value = (environ if environ is not None else os.environ).get("NNBOOK_LIVE", "1")
    return value.strip().lower() not in {"0", "false", "no", "off"}


def prepare(app: Sphinx) -> None:
    """Find the chapters to serve live and make sure the verified Pyodide can be assembled."""
    app.env.nnbook_live = {}  # type: ignore[attr-defined]
    if not app.config.nnbook_live or app.builder.format != "html":
        return
    root = Path(app.confdir)
    try:
        fetch_pyodide.assemble(root / "live")
    except (fetch_pyodide.DownloadError, fetch_pyodide.IntegrityError) as error:
        raise ExtensionError(f"live mode: {error}") from error
    app.env.nnbook_live = lite_build.live_notebooks(root)  # type: ignore[attr-defined]
    app.add_css_file("nnbook-live.css")


def add_button(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """Put the "Run live" button first in the header of every page made from a live notebook."""
    lite_path = getattr(app.env, "nnbook_live", {}).get(pagename)
    if lite_path is None or "header_buttons" not in context:
        return
    url = context["pathto"](f"lite/{lite_build.APP}/index.html", 1) + f"?path={quote(lite_path)}"
    context["header_buttons"].insert(0, {**BUTTON, "url": url})


WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


#: The tag of the code cell whose explorer a share link rebuilds (``Playground.from_url``).
SHARE_TAG = "nnbook-share"


def inpage_data(notebook: dict) -> tuple[list[str], dict[str, list[int]], int | None]:
    """A notebook's code cells, where each widget it shows comes from, and the shared cell.

    ``notebook`` is the executed notebook that the page was made from, so the widgets' model
    ids are the page's. Returns the code cells' sources, ``{model_id: [code cell index,
    position among that cell's widgets]}`` and the index of the cell tagged
    :data:`SHARE_TAG` (or None).
    """
    cells: list[str] = []
    widgets: dict[str, list[int]] = {}
    share = None
    for cell in notebook["cells"]:
        if cell["cell_type"] != "code":
            continue
        if SHARE_TAG in cell.get("metadata", {}).get("tags", []):
            share = len(cells)
        views = [
            out["data"][WIDGET_VIEW]["model_id"]
            for out in cell.get("outputs", [])
            if WIDGET_VIEW in out.get("data", {})
        ]
        for position, model_id in enumerate(views):
            widgets[model_id] = [len(cells), position]
        source = cell["source"]
        cells.append(source if isinstance(source, str) else "".join(source))
    return cells, widgets, share


def add_inpage(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """Give a page with explorers the in-page widgets: the loader, and what it needs to know."""
    executed = Path(app.outdir).parent / "jupyter_execute" / f"{pagename}.ipynb"
    if app.builder.format != "html" or "body" not in context or not executed.exists():
        return
    cells, widgets, share = inpage_data(json.loads(executed.read_text()))
    if not widgets:
        return
    live = app.config.nnbook_live
    lite_path = getattr(app.env, "nnbook_live", {}).get(pagename)

    def url(path: str) -> str:
        return context["pathto"](path, 1)

    data = {
        "live": live,
        "cells": cells,
        "widgets": widgets,
        "share": share,
        "pyodide": url("lite/static/pyodide/") if live else None,
        "packages": inpage_build.PACKAGES,
        "bundle": url(f"_static/inpage/{inpage_build.BUNDLE}"),
        "manifest": url("_static/inpage/manifest.json"),
        "run_live": url(f"lite/{lite_build.APP}/index.html") + f"?path={quote(lite_path)}"
        if live and lite_path
        else None,
        "download": url(f"_sources/{context.get('sourcename', pagename + '.ipynb')}"),
    }
    text = json.dumps(data).replace("</", "<\\/")  # the JSON stays inside its <script>
    context["body"] += f'\n<script type="application/json" id="nnbook-inpage-data">{text}</script>\n'
    app.add_css_file("inpage/inpage.css")
    app.add_js_file("inpage/loader.js", defer="defer")


def book_references(app: Sphinx) -> myst_live.BookReferences:
    """Equation and exercise numbers, section titles, the bibliography and the glued values, as the book shows them."""
    env = app.env
    refs = myst_live.BookReferences()

    def number(docname: str, kind: str, node_id: str) -> str | None:
        found = env.toc_fignumbers.get(docname, {}).get(kind, {}).get(node_id)
        return ".".join(map(str, found)) if found else None

    for label, (docname, eqno) in env.domaindata.get("math", {}).get("objects", {}).items():
        refs.equations[label] = number(docname, "displaymath", f"equation-{label}") or str(eqno)
    for label, (docname, node_id, title) in env.domaindata.get("std", {}).get("labels", {}).items():
        figure = next((n for kind in ("exercise", "figure", "table") if (n := number(docname, kind, node_id))), None)
        refs.targets[label] = f"{title} {figure}" if figure and title else title or label
    executed = Path(app.outdir).parent / "jupyter_execute"
    for docname in sorted(env.found_docs):
        if (path := executed / f"{docname}.ipynb").exists():
            refs.glued.update(myst_live.glued_values(json.loads(path.read_text())))
    bibfiles = [Path(app.confdir) / path for path in getattr(app.config, "bibtex_bibfiles", [])]
    try:
        refs.citations = myst_live.bibliography([path for path in bibfiles if path.exists()])
    except Exception as error:  # a bibliography the live copy cannot read shows citation keys instead
        logger.info(f"live mode: citations shown as keys ({error})")
    return refs


def build_site(app: Sphinx, exception: Exception | None) -> None:
    """Build the JupyterLite site into ``<outdir>/lite`` once the book itself is written.

    Without live mode, a ``lite`` folder left by an earlier build is removed, so that the
    site holds only what it links to. Either way the theme's source maps are removed:
    the published site is lean.
    """
    if exception is not None or app.builder.format != "html":
        return
    lite_build.remove_source_maps(Path(app.outdir))
    if not app.config.nnbook_live:
        shutil.rmtree(Path(app.outdir) / "lite", ignore_errors=True)
        inpage_build.install(Path(app.outdir) / "_static", None)
        return
    try:
        site = lite_build.build(Path(app.outdir) / "lite", root=Path(app.confdir), refs=book_references(app))
    except (fetch_pyodide.DownloadError, fetch_pyodide.IntegrityError, lite_build.LiteBuildError) as error:
        raise ExtensionError(f"live mode: {error}") from error
    try:
        inpage_build.install(Path(app.outdir) / "_static", site.output / "static" / "pyodide")
    except inpage_build.InpageBuildError as error:
        raise ExtensionError(f"in-page widgets: {error}") from error
    logger.info(
        f"live mode: {len(site.notebooks)} notebook(s) in {Path(app.outdir).name}/lite "
        f"({site.size / 1e6:.1f} MB, built in {site.seconds:.1f} s)"
    )


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("nnbook_live", live_enabled(), "html", types=[bool])
    app.connect("builder-inited", prepare)
    # after sphinx-book-theme has made its header buttons (priority 501)
    app.connect("html-page-context", add_button, priority=600)
    app.connect("html-page-context", add_inpage)
    app.connect("build-finished", build_site)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
