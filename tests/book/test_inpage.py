"""The in-page widgets (live/inpage, tools/inpage_build.py): explorers made live in the chapter page.

Without a browser: every page with an explorer carries the chapter's code and where each
explorer comes from, and the bridge runs a chapter and hands a slider's move to nnbook in
CPython. In chromium, offline, on every chapter page with an explorer: the picture is
inert until the reader presses "Make this live"; then a dragged slider changes the figure
and the readouts to exactly what nnbook computes for the new setting (computed again here,
in CPython, by the same cells); no request leaves 127.0.0.1; the button is reached and
pressed with the keyboard; axe-core finds nothing serious; and a browser without
WebAssembly is told so at the widget, with the other ways to run the chapter.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import HTML, ROOT, drag, missing, offline_context, toc_pages

sys.path.insert(0, str(ROOT / "tools"))

import inpage_build
import nnbook_live

DATA = re.compile(r'<script type="application/json" id="nnbook-inpage-data">(.*?)</script>', re.S)
VIEW = re.compile(r'<script type="application/vnd.jupyter.widget-view\+json">(.*?)</script>', re.S)
EXECUTED = HTML.parent / "jupyter_execute"
SCREENSHOTS = HTML.parent / "screenshots"
#: Measurements for the terminal summary (printed by conftest.py) and benchmarks/.
REPORT: list[str] = []


def page_data(docname: str) -> dict | None:
    found = DATA.search((HTML / f"{docname}.html").read_text())
    return json.loads(found.group(1)) if found else None


def explorers_in(docname: str) -> int:
    """How many widgets the chapter's notebook shows (its stored outputs; 0 for a page without one)."""
    notebook = ROOT / f"{docname}.ipynb"
    if not notebook.exists():
        return 0
    cells = json.loads(notebook.read_text())["cells"]
    outputs = [out for cell in cells for out in cell.get("outputs", [])]
    return sum("application/vnd.jupyter.widget-view+json" in out.get("data", {}) for out in outputs)


#: The pages of _toc.yml made from a notebook that shows at least one widget.
PAGES = [docname for docname in toc_pages() if explorers_in(docname)]


# --- the build --------------------------------------------------------------------------------


@pytest.mark.build
@pytest.mark.parametrize("docname", PAGES)
def test_every_explorer_page_carries_its_code_and_where_each_explorer_comes_from(built_book, docname) -> None:
    assert built_book["returncode"] == 0, "the book did not build"
    data = page_data(docname)
    assert data is not None, f"{docname}.html has no in-page widget data"
    executed = json.loads((EXECUTED / f"{docname}.ipynb").read_text())
    cells, _, share = nnbook_live.inpage_data(executed)
    assert data["cells"] == cells, "the page's code is not the notebook's"
    assert data["share"] == share
    shown = [json.loads(view)["model_id"] for view in VIEW.findall((HTML / f"{docname}.html").read_text())]
    assert shown and sorted(shown) == sorted(data["widgets"]), "the page shows widgets the data does not place"
    code = [cell for cell in executed["cells"] if cell["cell_type"] == "code"]
    for model_id, (cell, position) in data["widgets"].items():
        views = [
            out["data"][nnbook_live.WIDGET_VIEW]["model_id"]
            for out in code[cell]["outputs"]
            if "data" in out and nnbook_live.WIDGET_VIEW in out["data"]
        ]
        assert views[position] == model_id, f"{model_id} is not where the data puts it"
    assert data["live"] is nnbook_live.live_enabled()
    assert '<script defer="defer" src="../_static/inpage/loader.js' in (HTML / f"{docname}.html").read_text()


def test_pages_without_explorers_get_no_in_page_widgets(built_book) -> None:
    others = [name for name in toc_pages() if name not in PAGES]
    assert others, "every page has an explorer?"
    for docname in others:
        assert page_data(docname) is None, f"{docname} has no explorer but carries in-page data"


def test_inpage_data_places_each_widget_in_its_code_cell() -> None:
    notebook = {
        "cells": [
            {"cell_type": "markdown", "source": "text"},
            {"cell_type": "code", "source": ["x = 1\n", "x"], "outputs": []},
            {
                "cell_type": "code",
                "metadata": {"tags": [nnbook_live.SHARE_TAG]},
                "source": "w",
                "outputs": [
                    {"data": {"application/vnd.jupyter.widget-view+json": {"model_id": "a"}}},
                    {"data": {"text/plain": "1"}},
                    {"data": {"application/vnd.jupyter.widget-view+json": {"model_id": "b"}}},
                ],
            },
        ]
    }
    assert nnbook_live.inpage_data(notebook) == (["x = 1\nx", "w"], {"a": [1, 0], "b": [1, 1]}, 1)


def test_the_first_start_download_is_counted_from_the_lock(tmp_path: Path) -> None:
    lock = {
        "packages": {
            "nnbook": {"depends": ["numpy", "ipywidgets"], "file_name": "nnbook.whl"},
            "numpy": {"depends": [], "file_name": "numpy.whl"},
            "ipywidgets": {"depends": ["prompt_toolkit"], "file_name": "ipywidgets.whl"},
            "prompt-toolkit": {"depends": [], "file_name": "pt.whl"},
            "scipy": {"depends": [], "file_name": "scipy.whl"},
        }
    }
    (tmp_path / "pyodide-lock.json").write_text(json.dumps(lock))
    sizes = {"nnbook.whl": 1, "numpy.whl": 10, "ipywidgets.whl": 100, "pt.whl": 1000, "scipy.whl": 10_000}
    for name in inpage_build.PYODIDE_CORE:
        if name != "pyodide-lock.json":
            sizes[name] = 0
    for name, size in sizes.items():
        (tmp_path / name).write_bytes(b"x" * size)
    core = len(json.dumps(lock))  # the lock itself is fetched too
    assert inpage_build.download_bytes(tmp_path, ["nnbook"]) == 1111 + core  # scipy is not needed


BRIDGE_CHECK = r"""
import json, sys
sys.path.insert(0, sys.argv[1])
import nnbook_inpage, ipywidgets
sent = []
nnbook_inpage.start(lambda kind, content, metadata, buffers: sent.append((kind, json.loads(content))))
chapter = nnbook_inpage.Chapter(["import nnbook\nfrom nnbook.widgets import NeuronExplorer",
                                 "explorer = NeuronExplorer(weights=(1.0, 1.0), bias=-1.5)\nexplorer",
                                 "1 / 0"])
(model_id,) = chapter.run_through(1)
explorer = ipywidgets.Widget.widgets[model_id]
opened = {c["comm_id"]: c["data"]["state"]["_model_name"] for kind, c in sent if kind == "comm_open"}
slider = next(i for i, name in opened.items() if name == "FloatSliderModel")
before = explorer.png
nnbook_inpage.deliver(slider, json.dumps({"method": "update", "state": {"value": 3.0}, "buffer_paths": []}))
updates = [c["data"]["state"] for kind, c in sent if kind == "comm_msg"]
try:
    chapter.run(2)
except nnbook_inpage.CellError as error:
    failure = str(error)
print(json.dumps({"opened": sorted(set(opened.values())), "changed": explorer.png != before,
                  "outputs_sent": any("outputs" in u for u in updates), "failure": failure,
                  "w1": explorer.w1.value, "done": chapter.done}))
"""


def test_the_bridge_runs_a_chapter_and_hands_a_slider_move_to_nnbook() -> None:
    result = subprocess.run(
        [sys.executable, "-c", BRIDGE_CHECK, str(ROOT / "live" / "inpage")], capture_output=True, text=True, cwd=ROOT
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.splitlines()[-1])
    assert {"VBoxModel", "FloatSliderModel", "OutputModel", "HTMLModel"} <= set(report["opened"])
    assert report["w1"] == 3.0 and report["changed"], "the slider's move did not reach the explorer"
    assert report["outputs_sent"], "the new figure was not sent to the page"
    assert report["failure"] == "code cell 3 failed: ZeroDivisionError: division by zero"
    assert report["done"] == [0, 1], "a failed cell must not count as run"


SLICE = [
    "import numpy as np",
    "a = np.ones(3)",
    "b = 5",
    "print(a.sum())",
    "np.random.default_rng(0).normal()",
    "a[0] = b",
    "c = 7",
    "show(a)",
]


def test_an_explorer_needs_the_cells_that_bind_or_may_change_what_it_reads() -> None:
    sys.path.insert(0, str(ROOT / "live" / "inpage"))
    import nnbook_inpage

    # not 4 (a method of a module: it changes nothing read) and not 6 (c is not read)
    assert nnbook_inpage.needed_cells(SLICE, 7) == [0, 1, 2, 3, 5, 7]
    assert nnbook_inpage.needed_cells(SLICE, 2) == [2]
    names = nnbook_inpage.CellNames("from nnbook import plots, Network\nnet = Network([2, 1])\ntrain(net, X=data)")
    assert names.imports == {"plots"} and {"Network", "net"} <= names.binds
    assert names.touches == {"net", "data"}


def test_a_cell_run_after_later_ones_leaves_their_names_as_they_set_them() -> None:
    sys.path.insert(0, str(ROOT / "live" / "inpage"))
    import nnbook_inpage

    chapter = nnbook_inpage.Chapter(["a = 1\nb = 10", "a = 2", "total = a + b"])
    chapter.run(1)
    chapter.run(0)  # needed later, by another widget: it runs as if before cell 1
    chapter.run(2)
    assert chapter.namespace["total"] == 12 and chapter.done == [1, 0, 2]
    assert chapter.run(1) == [] and chapter.done == [1, 0, 2], "a cell runs at most once"


TOY = """
class Toy:
    def __init__(self, n=1):
        self.n = n

    @classmethod
    def from_url(cls, url):
        n = int(url.split("n=")[1])
        if not 1 <= n <= 9:
            raise ValueError(f"expected n from 1 to 9, got {n}")
        return cls(n)
"""


def test_a_share_link_rebuilds_the_explorer_and_the_names_that_held_it() -> None:
    sys.path.insert(0, str(ROOT / "live" / "inpage"))
    import nnbook_inpage

    chapter = nnbook_inpage.Chapter([TOY, "toy = Toy()\nsame = toy\ntoy", "n = 5\nn"])
    chapter.open_shared(1, "07_playground.html?n=4")
    assert chapter.namespace["toy"].n == chapter.namespace["same"].n == 4 and chapter.done == [0, 1]
    with pytest.raises(nnbook_inpage.LinkError, match="expected n from 1 to 9, got 12"):
        chapter.open_shared(1, "07_playground.html?n=12")
    with pytest.raises(nnbook_inpage.LinkError, match="code cell 3 shows no explorer that a link can describe"):
        chapter.open_shared(2, "07_playground.html?n=4")


# --- in chromium ------------------------------------------------------------------------------


def live_site() -> None:
    if not nnbook_live.live_enabled():
        missing("the book was built without live mode (NNBOOK_LIVE=0 / make book LIVE=0)")
    assert (HTML / "_static" / "inpage" / inpage_build.BUNDLE).exists(), "live mode is on, but no in-page bundle"


def open_offline(browser, site: str, docname: str, blocked: list, wasm: bool = True):
    context = offline_context(browser, blocked)
    if not wasm:
        context.add_init_script("delete globalThis.WebAssembly;")
    page = context.new_page()
    page.goto(f"{site}/{docname}.html", wait_until="networkidle")
    return context, page


CONTROL_STATES = """(host) => {
  const states = [];
  const walk = (model) => {
    const name = model.get('_model_name');
    const control = 'value' in model.attributes || 'index' in model.attributes;
    if (control && !['HTMLModel', 'HTMLMathModel', 'LabelModel'].includes(name)) {
      states.push([name, model.get('value') ?? null, 'index' in model.attributes ? model.get('index') : null]);
    }
    for (const child of model.get('children') || []) walk(child);
  };
  walk(host.nnbookModel);
  const readouts = [...host.querySelectorAll('.widget-html-content')];
  return {states, readouts: readouts.map((e) => e.innerText.split(/\\s+/).join(' ').trim()),
          figure: host.querySelector('.widget-output img')?.src || ''};
}"""


def numbers(text: str) -> list[float]:
    return [float(n.replace("−", "-")) for n in re.findall(r"[−-]?\d+(?:\.\d+)?(?:e[−-]?\d+)?", text)]


class ExpectedReadouts:
    """nnbook's readouts for an explorer, computed in CPython by tests/book/inpage_expect.py.

    Started before the page goes live, so that CPython runs the chapter's cells meanwhile.
    """

    def __init__(self, data: dict, static_id: str) -> None:
        cell, position = data["widgets"][static_id]
        self.process = subprocess.Popen(
            [sys.executable, str(ROOT / "tests" / "book" / "inpage_expect.py")],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT / "book",  # where the book build ran the chapter
        )
        self.process.stdin.write(json.dumps({"cells": data["cells"], "cell": cell, "position": position}) + "\n")
        self.process.stdin.flush()

    def for_values(self, states: list) -> list[str]:
        out, err = self.process.communicate(json.dumps({"values": states}) + "\n", timeout=300)
        assert self.process.returncode == 0, err[-3000:]
        return json.loads(out.splitlines()[-1])["readouts"]


def make_live(page, index: int = 0, timeout: float = 120) -> float:
    """Press the index-th "Make this live" button; the seconds until the explorer is live."""
    bar = page.locator(".nnbook-inpage-bar").nth(index)
    button = bar.locator(".nnbook-inpage-button")
    button.scroll_into_view_if_needed()
    start = time.perf_counter()
    button.click()
    bar.locator(".nnbook-inpage-status").wait_for()
    page.wait_for_function(
        "(bar) => bar.classList.contains('nnbook-inpage-live') || bar.classList.contains('nnbook-inpage-failed')",
        arg=bar.element_handle(),
        timeout=timeout * 1000,
        polling=50,
    )
    seconds = time.perf_counter() - start
    status = bar.locator(".nnbook-inpage-status").inner_text()
    assert "nnbook-inpage-live" in (bar.get_attribute("class") or ""), f"the explorer did not come alive: {status}"
    return seconds


def wait_for_new_figure(page, host, before: str, timeout: float = 30) -> float:
    start = time.perf_counter()
    page.wait_for_function(
        "([host, before]) => (host.querySelector('.widget-output img')?.src || '') !== before",
        arg=[host, before],
        timeout=timeout * 1000,
        polling=20,
    )
    return time.perf_counter() - start


KEYBOARD_PAGE = PAGES[0] if PAGES else None
TWO_EXPLORERS = next((name for name in PAGES if explorers_in(name) > 1), None)

TOO_WIDE = """() => [...document.querySelectorAll('.cell_output .jupyter-widgets')]
  .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
  .filter((e) => !e.closest('.widget-output'))
  .map((e) => e.className.split(' ').slice(0, 3).join('.'))"""

FOCUS_BEFORE_BUTTON = """() => {
  const focusable = [...document.querySelectorAll('a[href], button, input, select, [tabindex]')]
    .filter((e) => !e.disabled && e.tabIndex >= 0 && !e.closest('[inert]') && e.offsetParent !== null);
  focusable[focusable.indexOf(document.querySelector('.nnbook-inpage-button')) - 1].focus();
}"""


def press_by_keyboard(page) -> float:
    """Focus what comes before the first button in the tab order, Tab once, Enter; seconds to live."""
    page.evaluate(FOCUS_BEFORE_BUTTON)
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement?.classList.contains('nnbook-inpage-button')"), (
        "Tab does not reach the Make this live button"
    )
    start = time.perf_counter()
    page.keyboard.press("Enter")
    page.wait_for_selector(".nnbook-inpage-live, .nnbook-inpage-failed", timeout=120_000)
    assert page.locator(".nnbook-inpage-live").count() == 1, page.locator(".nnbook-inpage-bar").first.inner_text()
    return time.perf_counter() - start


@pytest.fixture(scope="module")
def live_visit(browser, site: str):
    """``live_visit(docname)``: open the page offline once, make its first explorer live (by
    keyboard on the first page), drag a slider, and report what the page showed. The page
    with two explorers makes its second one live too."""
    reports: dict[str, dict] = {}

    def visit(docname: str) -> dict:
        if docname in reports:
            return reports[docname]
        live_site()
        report: dict = {"blocked": [], "errors": [], "starts": 0}
        context, page = open_offline(browser, site, docname, report["blocked"])
        page.on("pageerror", lambda error: report["errors"].append(str(error)))
        page.on("request", lambda r: r.url.endswith("pyodide.asm.wasm") and report.update(starts=report["starts"] + 1))
        try:
            static_output = page.locator(".nnbook-static-widget").first
            static_output.locator(".widget-subarea .widget-output").first.wait_for()  # drawn by embed.js
            report["inert"] = static_output.evaluate("(e) => e.inert")
            report["bar"] = page.locator(".nnbook-inpage-bar").first.inner_text()
            button = page.locator(".nnbook-inpage-button").first
            report["button"] = (button.get_attribute("type"), button.inner_text().strip())
            report["described"] = page.locator(f"#{button.get_attribute('aria-describedby')}").inner_text()
            view = static_output.locator('script[type="application/vnd.jupyter.widget-view+json"]')
            report["static_id"] = json.loads(view.text_content())["model_id"]
            expected = ExpectedReadouts(page_data(docname), report["static_id"])
            report["static"] = static_output.evaluate(
                "(e) => [...e.querySelectorAll('.widget-html-content')].map((h) => h.innerText.split(/\\s+/).join(' '))"
            )
            report["live_s"] = press_by_keyboard(page) if docname == KEYBOARD_PAGE else make_live(page)
            host = page.locator(".nnbook-live-widget").first.element_handle()
            report["first"] = page.evaluate(CONTROL_STATES, host)
            handle = page.locator(".nnbook-live-widget .widget-slider .noUi-handle").first
            handle.scroll_into_view_if_needed()
            start = time.perf_counter()
            drag(page, handle, 60, steps=4)
            report["redraw_s"] = wait_for_new_figure(page, host, report["first"]["figure"]) + (
                time.perf_counter() - start
            )
            page.wait_for_timeout(500)  # the last value of the drag, redrawn
            report["after"] = page.evaluate(CONTROL_STATES, host)
            report["expected"] = expected.for_values(report["after"]["states"])
            report["failed"] = page.locator(".nnbook-inpage-failed").all_inner_texts()
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / f"inpage-{Path(docname).name}.png"))
            if docname == KEYBOARD_PAGE:
                page.add_script_tag(content=axe_source())
                results = json.loads(page.evaluate("async () => JSON.stringify(await axe.run(document))"))
                report["axe"] = [v["id"] for v in results["violations"] if v["impact"] in {"serious", "critical"}]
            if docname == TWO_EXPLORERS:
                report["second_note"] = page.locator(".nnbook-inpage-bar").nth(1).inner_text()
                report["second_s"] = make_live(page, 1)
                report["live_widgets"] = page.locator(".nnbook-live-widget").count()
            page.set_viewport_size({"width": 390, "height": 844})  # a phone
            page.wait_for_timeout(300)
            report["too_wide"] = page.evaluate(TOO_WIDE)
            page.locator(".nnbook-live-widget").first.scroll_into_view_if_needed()
            page.screenshot(path=str(SCREENSHOTS / f"phone-{Path(docname).name}.png"))
        finally:
            context.close()
        REPORT.append(
            f"in-page, {docname}: live after {report['live_s']:.1f} s, redraw after a drag {report['redraw_s']:.2f} s"
            + (f", the second explorer live after {report['second_s']:.1f} s" if "second_s" in report else "")
        )
        reports[docname] = report
        return report

    return visit


@pytest.mark.browser
@pytest.mark.parametrize("docname", PAGES)
def test_an_explorer_made_live_in_the_page_recomputes_with_nnbook(live_visit, docname: str) -> None:
    report = live_visit(docname)
    assert report["inert"], "the static explorer is not inert"
    assert "Make this live" in report["bar"] and re.search(r"about \d+ MB the first time", report["bar"]), report["bar"]
    first, after = report["first"], report["after"]
    assert [numbers(text) for text in first["readouts"]] == [numbers(text) for text in report["static"]], (
        "the live explorer does not start where the book's picture is"
    )
    assert report["failed"] == [], f"the explorer reported a failure: {report['failed']}"
    assert after["states"] != first["states"], "the drag moved no control"
    assert after["figure"] != first["figure"], "the figure did not change"
    expected = report["expected"]
    assert len(expected) == len(after["readouts"]), (expected, after["readouts"])
    for shown, computed in zip(after["readouts"], expected, strict=True):
        assert numbers(shown) == numbers(computed), f"the page shows {shown!r}, nnbook computes {computed!r}"
    assert report["blocked"] == [], f"requests left 127.0.0.1: {report['blocked']}"
    assert [e for e in report["errors"] if "THEBE_JS_URL" not in e] == [], report["errors"]


@pytest.mark.browser
def test_a_second_explorer_of_the_page_uses_the_running_python(live_visit) -> None:
    assert TWO_EXPLORERS, "no page has two explorers"
    report = live_visit(TWO_EXPLORERS)
    assert "Python is running in this page" in report["second_note"], report["second_note"]
    assert report["live_widgets"] == 2
    assert report["starts"] == 1, "the second explorer started Python again"


@pytest.mark.browser
def test_the_live_control_is_labelled_reached_by_keyboard_and_accessible(live_visit) -> None:
    report = live_visit(KEYBOARD_PAGE)  # pressed with Tab and Enter there
    assert report["button"] == ("button", "▶ Make this live")
    assert "starts python in your browser" in report["described"].lower()
    assert report["axe"] == [], f"axe-core after the explorer went live: {report['axe']}"


#: The page whose playground share links rebuild, and a link's settings (none of them the book's).
SHARE_PAGE = "book/07_playground"
SHARED = {"dataset": "circle", "features": ["x1^2", "x2^2"], "hidden": [], "regularization": "l1",
          "regularization_rate": 0.003, "learning_rate": 10**-0.5, "batch_size": 4, "seed": 7}  # fmt: skip


@pytest.mark.browser
def test_a_share_link_opens_the_page_with_that_playground_live(browser, site: str) -> None:
    """The chapter's address with a playground's settings in its query: the page offers that
    playground, and one click shows it live, with the link's settings and nnbook's numbers."""
    live_site()
    from nnbook.widgets import Playground

    data = page_data(SHARE_PAGE)
    assert data and data["share"] is not None, f"no cell of {SHARE_PAGE} is tagged {nnbook_live.SHARE_TAG}"
    query = Playground(**SHARED, diagram=False).url.split("?", 1)[1]
    address = f"{site}/{SHARE_PAGE}.html?{query}"
    expected = Playground.from_url(address)  # nnbook in CPython, from the same link
    blocked: list[str] = []
    context = offline_context(browser, blocked)
    page = context.new_page()
    try:
        page.goto(address, wait_until="networkidle")
        bars = page.locator(".nnbook-inpage-bar")
        shared = [
            i for i in range(bars.count()) if "nnbook-inpage-shared" in (bars.nth(i).get_attribute("class") or "")
        ]
        assert len(shared) == 1, "the page does not offer the link's playground at one explorer"
        offer = bars.nth(shared[0]).inner_text()
        assert "Open the shared playground live" in offer and "A link shared this playground: dataset circle" in offer
        make_live(page, shared[0])
        status = bars.nth(shared[0]).inner_text()
        host = page.locator(".nnbook-live-widget").first.element_handle()
        shown = page.evaluate(CONTROL_STATES, host)
        link = page.evaluate("(host) => host.querySelector('input[type=text][disabled]')?.value", host)
    finally:
        context.close()
    assert "the shared playground" in status, status
    assert link == expected.url == address, "the live playground's link is not the link it was opened with"
    rates = [value for name, value, _ in shown["states"] if name == "FloatLogSliderModel"]
    assert rates == [expected.learning_rate.value], "the live playground has another learning rate than the link"
    readout = next(text for text in shown["readouts"] if "train loss" in text)
    assert f"train loss {expected.train_loss:.4f}" in readout and f"test loss {expected.test_loss:.4f}" in readout
    assert blocked == [], f"requests left 127.0.0.1: {blocked}"


def axe_source() -> str:
    from fetch_assets import extract_file

    return extract_file("axe-core@4.11.0", "package/axe.min.js").decode()


@pytest.mark.browser
def test_without_webassembly_the_reader_is_told_at_the_widget(browser, site: str) -> None:
    live_site()
    blocked: list[str] = []
    context, page = open_offline(browser, site, PAGES[0], blocked, wasm=False)
    try:
        bar = page.locator(".nnbook-inpage-bar").first
        bar.locator(".nnbook-inpage-button").click()
        page.wait_for_selector(".nnbook-inpage-failed", timeout=30_000)
        text = bar.inner_text()
        links = bar.locator("a").evaluate_all(
            "(anchors) => anchors.map((a) => [a.textContent, a.getAttribute('href')])"
        )
        assert page.locator(".nnbook-static-widget").first.evaluate("(e) => e.inert"), "the picture became clickable"
    finally:
        context.close()
    assert "no WebAssembly" in text, text
    assert [name for name, _ in links] == ["Run live", "download the notebook"], links
    assert links[0][1].startswith("../lite/notebooks/index.html?path=") and links[1][1].endswith(".ipynb")


def break_the_explorer_cell(route) -> None:
    """Serve the page with its first explorer's cell made to fail (the page's data altered)."""
    response = route.fetch()
    body = response.text()
    found = DATA.search(body)
    data = json.loads(found.group(1))
    cell = min(cell for cell, _ in data["widgets"].values())
    data["cells"][cell] = "raise RuntimeError('the chapter broke')\n" + data["cells"][cell]
    route.fulfill(response=response, body=body.replace(found.group(1), json.dumps(data).replace("</", "<\\/")))


@pytest.mark.browser
@pytest.mark.parametrize(
    ("what", "said"),
    [
        ("no-python", "Python could not start in your browser"),
        ("failing-cell", "The chapter's code failed in your browser: code cell"),
    ],
)
def test_a_failure_is_said_at_the_widget(browser, site: str, what: str, said: str) -> None:
    live_site()
    blocked: list[str] = []
    context = offline_context(browser, blocked)
    if what == "no-python":
        context.route("**/pyodide.asm.wasm", lambda route: route.abort())
    else:
        context.route(f"**/{PAGES[0]}.html", break_the_explorer_cell)
    page = context.new_page()
    try:
        page.goto(f"{site}/{PAGES[0]}.html", wait_until="networkidle")
        bar = page.locator(".nnbook-inpage-bar").first
        bar.locator(".nnbook-inpage-button").click()
        page.wait_for_selector(".nnbook-inpage-failed, .nnbook-inpage-live", timeout=120_000)
        text = bar.inner_text()
        links = bar.locator("a").evaluate_all("(anchors) => anchors.map((a) => a.textContent)")
        retry = bar.locator(".nnbook-inpage-button").inner_text()
        still_a_picture = page.locator(".nnbook-static-widget").first.evaluate("(e) => e.inert")
    finally:
        context.close()
    assert said in text, text
    if what == "failing-cell":
        assert "RuntimeError: the chapter broke" in text, text
    assert links == ["Run live", "download the notebook"] and retry == "▶ Try again"
    assert still_a_picture, "a failed start left the picture looking live"
    assert blocked == [], f"requests left 127.0.0.1: {blocked}"


@pytest.mark.browser
@pytest.mark.parametrize("docname", PAGES)
def test_on_a_phone_the_controls_and_readouts_fit_the_width(live_visit, docname: str) -> None:
    # measured at 390 px after the visit, on the live explorer and any still static
    assert live_visit(docname)["too_wide"] == [], "controls run past a phone's screen"
