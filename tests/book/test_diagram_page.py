"""The network diagram widget as a static HTML page shows it: the book's own HTML manager.

The widget's state is embedded in a page exactly as a built chapter embeds it, with the
ipywidgets HTML manager (``embed.js``) the site serves itself, taken from the same npm
tarball; chromium opens it offline. The standard ``HTML`` widget must put the SVG into
the page (not sanitised away): every curve and node with its ``<title>``, the tooltip the
browser shows on hover, carrying the current value; the thumbnails painted; the controls
labelled; and axe-core finds nothing serious.
"""

from __future__ import annotations

import functools
import http.server
import io
import json
import sys
import threading

import numpy as np
import pytest
from PIL import Image

import nnbook
from nnbook.plots.common import format_number, input_grid
from nnbook.widgets import NetworkDiagram

from conftest import ROOT, QuietHandler, offline_context

pytestmark = pytest.mark.browser

sys.path.insert(0, str(ROOT / "tools"))
from fetch_assets import extract_file  # noqa: E402

PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>diagram</title>
<script src="embed.js"></script>
<script type="application/vnd.jupyter.widget-state+json">{state}</script>
</head><body><main>
<script type="application/vnd.jupyter.widget-view+json">{view}</script>
</main></body></html>"""


@pytest.fixture(scope="module")
def page_site(tmp_path_factory):
    from ipywidgets.embed import embed_data

    folder = tmp_path_factory.mktemp("diagram")
    (folder / "embed.js").write_bytes(extract_file("@jupyter-widgets/html-manager@1.0.15", "package/dist/embed.js"))
    net = nnbook.Network([2, 8, 8, 1], "tanh", "sigmoid", seed=0)
    grid = input_grid((-1.5, 1.5, -1.5, 1.5), 41)[2]
    diagram = NetworkDiagram(net, net.forward_pass(grid).activations)
    data = embed_data(views=[diagram])
    page = PAGE.format(state=json.dumps(data["manager_state"]), view=json.dumps(data["view_specs"][0]))
    (folder / "index.html").write_text(page)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", net
    server.shutdown()


def test_the_static_page_shows_the_diagram_with_its_tooltips(browser, page_site) -> None:
    url, net = page_site
    blocked, errors = [], []
    context = offline_context(browser, blocked)
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(url + "/index.html")
    page.wait_for_selector("svg.nnbook-diagram", timeout=30_000)
    shown = page.evaluate(
        """() => {
        const svg = document.querySelector('svg.nnbook-diagram');
        const edges = [...svg.querySelectorAll('g.edge')];
        return {
          edges: edges.length,
          titled: edges.filter((g) => g.querySelector(':scope > title')).length,
          nodes: svg.querySelectorAll('g.node > title').length,
          first: svg.querySelector('g.edge[data-layer="1"][data-j="2"][data-i="5"] > title').textContent,
          large: document.querySelectorAll('svg.nnbook-large-map image').length,
          labels: [...document.querySelectorAll('.widget-label')].map((l) => l.textContent),
          box: svg.getBoundingClientRect().width,
        };
      }"""
    )
    assert shown["edges"] == shown["titled"] == 2 * 8 + 8 * 8 + 8
    assert shown["nodes"] == 2 + 8 + 8 + 1
    value = format_number(net.layers[1].W[2, 5], 3)
    assert shown["first"] == f"weight {value} from h¹₆ into h²₃ (net.layers[1].W[2, 5])"
    assert shown["large"] == 1
    assert {"look at neuron", "its weight from", "set that weight to"} <= set(shown["labels"])
    assert shown["box"] > 300
    # The thumbnails are painted: a hidden node's square holds colours, not a blank box.
    node = page.locator('svg.nnbook-diagram g.node[data-layer="1"][data-unit="3"] rect').bounding_box()
    picture = page.screenshot(clip=node)

    pixels = np.asarray(Image.open(io.BytesIO(picture)).convert("RGB"), dtype=int)
    inner = pixels[3:-3, 3:-3]
    assert np.mean(np.abs(inner - 255).sum(axis=2) > 60) > 0.3, "the thumbnail is not drawn"
    page.add_script_tag(content=extract_file("axe-core@4.11.0", "package/axe.min.js").decode())
    results = json.loads(page.evaluate("async () => JSON.stringify(await axe.run(document))"))
    serious = [v["id"] for v in results["violations"] if v["impact"] in {"serious", "critical"}]
    assert serious == []
    assert errors == [] and blocked == []
    context.close()
