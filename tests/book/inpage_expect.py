"""What nnbook computes for an explorer with given control values (run by tests/book/test_inpage.py).

Runs in a process of its own, because the in-page bridge replaces ``comm``'s hooks for good.
Reads two JSON lines on stdin: first ``cells`` (the page's code cells), ``cell`` and
``position`` (which widget), so that it runs the cells while the browser starts; then
``values`` (``[model name, value, index]`` of each control in the order of a depth-first
walk through the boxes' children, as the page reports them). Sets the controls
of the same explorer, built in CPython by the same cells, to those values and prints the
texts of its HTML readouts in the same order, as JSON.
"""

from __future__ import annotations

import html
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "live" / "inpage"))

import nnbook_inpage


def walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from walk(child)


def main() -> None:
    import ipywidgets
    from ipywidgets.widgets.widget import _instances

    request = json.loads(sys.stdin.readline())
    nnbook_inpage.start(lambda *message: None)
    chapter = nnbook_inpage.Chapter(request["cells"])
    # every cell up to the explorer's, as the book build ran them (the page runs only those it needs)
    model_id = chapter.run_all_through(request["cell"])[request["position"]]
    explorer = _instances[model_id]
    controls = [
        w
        for w in walk(explorer)
        if isinstance(w, ipywidgets.ValueWidget) and not isinstance(w, (ipywidgets.HTML, ipywidgets.Label))
    ]
    request.update(json.loads(sys.stdin.readline()))  # the values, once the page has them
    names = [type(w).__name__ + "Model" for w in controls]
    asked = [name for name, _, _ in request["values"]]
    assert names == asked, f"the page's controls {asked} are not the explorer's {names}"
    for control, (_, value, index) in zip(controls, request["values"], strict=True):
        if index is not None:
            control.index = index
        else:
            control.value = tuple(value) if isinstance(value, list) else value
    # what the page shows of each: no stylesheets, and no SVG titles (tooltips, not text)
    texts = [
        " ".join(html.unescape(re.sub(r"<[^>]+>", " ", re.sub(r"(?s)<(style|title)\b.*?</\1>", " ", w.value))).split())
        for w in walk(explorer)
        if isinstance(w, ipywidgets.HTML)
    ]
    print(json.dumps({"readouts": texts}))


if __name__ == "__main__":
    main()
