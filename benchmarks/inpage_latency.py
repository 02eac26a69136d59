"""In-page widgets: from the click on "Make this live" to a live explorer, and its redraws.

For every chapter page with an explorer, in headless chromium, offline, served from
127.0.0.1 (the built site in _build/html, as ``make book`` leaves it), each page in a
fresh browser context (nothing cached):

- click → live: from the click on the first explorer's button to the live explorer;
- click → first redraw: the same click, then one step of a slider (an arrow key on its
  handle), until the new figure is on the page (goal: ≤ 12 s on the neuron chapter);
- redraw: from one step of a slider to the new figure on the page, 8 more times, median
  and worst (goal: median ≤ 0.3 s);
- a second explorer of the page, where there is one: click → live (goal ≤ 2 s).

The reference, measured in the same run just before each chapter: the bare start of the
same Python in a page of the site (Pyodide, the same packages, ``import nnbook.widgets``), which no in-page
approach can beat; the ratio says what running the chapter's cells and drawing the
explorer add to it.
"""

from __future__ import annotations

import functools
import http.server
import json
import statistics
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
HTML = ROOT / "_build" / "html"
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "tests" / "book"))
sys.path.insert(0, str(ROOT / "tools"))

import inpage_build  # noqa: E402
from test_inpage import PAGES, make_live, page_data, wait_for_new_figure  # noqa: E402

from conftest import CHROMIUM_ARGS, QuietHandler, find_chromium  # noqa: E402

GOALS = {"click_to_first_redraw_s": 12.0, "redraw_median_s": 0.3, "second_explorer_s": 2.0}
MOVES = 8

BARE_START = """async ([pyodide, packages]) => {
  const start = performance.now();
  await new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = pyodide + 'pyodide.js';
    script.onload = resolve;
    script.onerror = reject;
    document.head.appendChild(script);
  });
  const py = await loadPyodide({indexURL: pyodide, stdLibURL: pyodide + 'python_stdlib_pyc.zip',
                                env: {MPLBACKEND: 'agg'}});
  await py.loadPackage(packages, {messageCallback: () => {}});
  py.runPython('import sys; sys.modules.setdefault("jedi", None); import nnbook.widgets');
  return (performance.now() - start) / 1000;
}"""


def serve():
    handler = functools.partial(QuietHandler, directory=str(HTML))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def offline_page(browser, url: str):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.route("**/*", lambda r: r.continue_() if urlparse(r.request.url).hostname == "127.0.0.1" else r.abort())
    page = context.new_page()
    page.goto(url, wait_until="networkidle")
    return context, page


def measure(browser, site: str, docname: str) -> dict:
    context, page = offline_page(browser, f"{site}/{docname}.html")
    try:
        start = time.perf_counter()
        live = make_live(page, 0)
        host = page.locator(".nnbook-live-widget").first.element_handle()
        handle = page.locator(".nnbook-live-widget .widget-slider .noUi-handle").first
        handle.scroll_into_view_if_needed()
        # One step of the slider at a time (an arrow key on its focused handle, as a reader
        # may move it too): from the key to the new figure on the page. The first one also
        # ends the time from the click.
        redraws = []
        for step in range(MOVES + 1):
            before = host.evaluate("(h) => h.querySelector('.widget-output img')?.src || ''")
            handle.focus()
            moved = time.perf_counter()
            page.keyboard.press("ArrowRight" if step % 2 == 0 else "ArrowLeft")
            wait_for_new_figure(page, host, before)
            redraws.append(time.perf_counter() - moved)
            if step == 0:
                first_redraw = time.perf_counter() - start
            page.wait_for_timeout(300)  # the last change drawn
        second = make_live(page, 1) if len(page_data(docname)["widgets"]) > 1 else None
    finally:
        context.close()
    return {"live": live, "first_redraw": first_redraw, "redraws": redraws[1:], "second": second}


def main() -> list[str]:
    executable = find_chromium()
    lines = ["### In-page widgets (click → live explorer, headless chromium, 127.0.0.1)", ""]
    if executable is None or not (HTML / "_static" / "inpage" / inpage_build.BUNDLE).exists():
        return [*lines, "Not measured: needs chromium and a book built with live mode (`make book`)."]
    from playwright.sync_api import sync_playwright

    server, site = serve()
    results = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        packages = page_data(PAGES[0])["packages"]
        for docname in PAGES:  # the reference just before each chapter, as the machine is then
            context, page = offline_page(browser, f"{site}/book/intro.html")
            bare = page.evaluate(BARE_START, [f"{site}/lite/static/pyodide/", packages])
            context.close()
            results[docname] = {**measure(browser, site, docname), "bare": bare}
        browser.close()
    server.shutdown()
    manifest = json.loads((HTML / "_static" / "inpage" / "manifest.json").read_text())
    lines += [
        f"Each page in a fresh browser context (nothing cached); a first start fetches "
        f"{manifest['bytes'] / 1e6:.1f} MB. Reference, measured just before each chapter in a fresh "
        "context: Pyodide with the same packages and `import nnbook.widgets` in a bare page of the site.",
        f"Goals: click → first redraw after a slider step ≤ {GOALS['click_to_first_redraw_s']:.0f} s on the neuron "
        f"chapter, redraw median ≤ {GOALS['redraw_median_s']} s, a second explorer ≤ "
        f"{GOALS['second_explorer_s']:.0f} s.",
        "",
        "| chapter | bare start (s) | click → live (s) | × bare start | click → first redraw (s) "
        "| redraw median (s) | redraw worst (s) | second explorer (s) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for docname, r in results.items():
        second = f"{r['second']:.2f}" if r["second"] is not None else ""
        lines.append(
            f"| {Path(docname).name} | {r['bare']:.1f} | {r['live']:.1f} | {r['live'] / r['bare']:.2f} "
            f"| {r['first_redraw']:.1f} "
            f"| {statistics.median(r['redraws']):.3f} | {max(r['redraws']):.3f} | {second} |"
        )
    neuron = results.get("book/01_neuron")
    if neuron:
        met = neuron["first_redraw"] <= GOALS["click_to_first_redraw_s"]
        lines += [
            "",
            f"Neuron chapter, click → first redraw: {neuron['first_redraw']:.1f} s, "
            f"goal {'met' if met else 'NOT met'}.",
        ]
    return lines


if __name__ == "__main__":
    print("\n".join(main()))
