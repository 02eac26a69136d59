"""Every page of the built book in a real browser, with the network cut off.

Chromium opens each page listed in ``_toc.yml`` from a server on 127.0.0.1; every
request to another host is blocked and recorded. Each page must load without errors
or failed requests, typeset all its equations, draw every widget with its controls and
first figure, load every image, link only to pages and anchors that exist, and pass
axe-core's accessibility rules at the serious and critical levels. A full-page
screenshot of every page is saved in ``_build/screenshots/`` to look through.
"""

from __future__ import annotations

import json
import re
import sys
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from conftest import HTML, ROOT, toc_pages

# sphinx-thebe's script is included twice by the theme and redeclares a constant:
# harmless (thebe is not used), and the one page error we expect.
KNOWN_HARMLESS = "Identifier 'THEBE_JS_URL' has already been declared"
SCREENSHOTS = HTML.parent / "screenshots"

# What a page reports about itself once loaded (run in the page).
INSPECT = """() => {
  const visible = (el) => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length);
  const views = [...document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]')];
  const widgets = views.map((script) => {
    const area = script.parentElement;
    const controls = [...area.querySelectorAll(
      '.widget-slider, .widget-dropdown, .widget-button, .widget-toggle-button, .widget-play, .widget-checkbox')];
    return {
      rendered: area.querySelector('.jupyter-widgets') !== null,
      controls: controls.length,
      unlabelled: controls.filter((c) => {
        const label = c.querySelector('.widget-label');
        const text = (label ? label.textContent : '') + (c.getAttribute('aria-label') || '') + (c.textContent || '');
        // every button of the control needs a name too (the Play control's are icons)
        const nameless = [...c.querySelectorAll('button')].filter(
          (b) => (b.textContent + (b.getAttribute('aria-label') || '')).trim() === '');
        return text.trim() === '' || nameless.length > 0;
      }).length,
      figures: [...area.querySelectorAll('img')].filter((img) => img.complete && img.naturalWidth > 50).length,
    };
  });
  const images = [...document.querySelectorAll('main img, article img')].map((img) => ({
    src: img.currentSrc || img.src,
    loaded: img.complete && img.naturalWidth > 0,
    alt: (img.getAttribute('alt') || '').trim(),
    captioned: img.closest('figure') !== null && img.closest('figure').querySelector('figcaption') !== null,
  }));
  return {
    mathSource: document.querySelectorAll('main .math').length,
    mathTypeset: document.querySelectorAll('main mjx-container').length,
    mathErrors: document.querySelectorAll('mjx-merror').length,
    widgets,
    images,
    links: [...document.querySelectorAll('a[href]')].map((a) => a.href),
    text: document.querySelector('main').innerText,
  };
}"""


def axe_source() -> str:
    """axe-core from the npm registry (cached with the site's other npm downloads)."""
    sys.path.insert(0, str(ROOT / "tools"))
    from fetch_assets import extract_file

    return extract_file("axe-core@4.11.0", "package/axe.min.js").decode()


@pytest.fixture(scope="module")
def visit(browser, site: str):
    """``visit(page)``: open a book page offline once and report what it showed."""

    @cache
    def open_page(name: str) -> dict:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        report: dict = {"blocked": [], "errors": [], "failed": []}

        def route(request_route) -> None:
            if urlparse(request_route.request.url).hostname == "127.0.0.1":
                request_route.continue_()
            else:
                report["blocked"].append(request_route.request.url)
                request_route.abort()

        page.route("**/*", route)
        page.on("pageerror", lambda error: report["errors"].append(str(error)))
        page.on("requestfailed", lambda request: report["failed"].append(request.url))
        page.goto(f"{site}/{name}.html", wait_until="networkidle")
        page.wait_for_function(
            "() => !window.MathJax || !MathJax.startup || !MathJax.startup.promise || "
            "MathJax.startup.promise.then(() => true)",
            timeout=30_000,
        )
        page.wait_for_timeout(500)  # let the widget manager finish drawing
        report.update(page.evaluate(INSPECT))
        page.add_script_tag(content=axe_source())
        results = page.evaluate("async () => JSON.stringify(await axe.run(document, {resultTypes: ['violations']}))")
        report["violations"] = [
            {"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in json.loads(results)["violations"]
        ]
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{Path(name).name}.png"), full_page=True)
        context.close()
        return report

    return open_page


PAGES = toc_pages()


@pytest.mark.parametrize("name", PAGES)
def test_page_loads_offline_without_errors(visit, name: str) -> None:
    report = visit(name)
    assert report["blocked"] == [], f"{name} tried to leave the site: {report['blocked']}"
    assert report["failed"] == [], f"{name}: requests failed: {report['failed']}"
    assert [e for e in report["errors"] if KNOWN_HARMLESS not in e] == [], report["errors"]


@pytest.mark.parametrize("name", PAGES)
def test_every_equation_is_typeset(visit, name: str) -> None:
    report = visit(name)
    assert report["mathTypeset"] >= report["mathSource"], (
        f"{name}: {report['mathSource']} equations in the page, {report['mathTypeset']} typeset"
    )
    assert report["mathErrors"] == 0, f"{name}: MathJax could not typeset {report['mathErrors']} expression(s)"
    assert "$$" not in report["text"] and "\\frac" not in report["text"], f"{name} shows raw TeX"


@pytest.mark.parametrize("name", PAGES)
def test_every_widget_shows_its_controls_and_first_figure(visit, name: str) -> None:
    for index, widget in enumerate(visit(name)["widgets"]):
        assert widget["rendered"], f"{name}: widget {index} was not drawn"
        assert widget["controls"] > 0, f"{name}: widget {index} has no controls"
        assert widget["unlabelled"] == 0, f"{name}: widget {index} has controls without a label"
        assert widget["figures"] > 0, f"{name}: widget {index} shows no figure"


@pytest.mark.parametrize("name", PAGES)
def test_every_image_loads_and_is_described(visit, name: str) -> None:
    for image in visit(name)["images"]:
        assert image["loaded"], f"{name}: image {image['src'][:80]} did not load"
        assert image["alt"] or image["captioned"], f"{name}: image {image['src'][:80]} has no alt text or caption"


@pytest.mark.parametrize("name", PAGES)
def test_every_internal_link_resolves(visit, name: str) -> None:
    for link in visit(name)["links"]:
        parsed = urlparse(link)
        if parsed.hostname != "127.0.0.1":
            continue  # external references: checked by `make linkcheck`, not offline
        path = HTML / unquote(parsed.path).lstrip("/")
        if path.is_dir():
            path = path / "index.html"
        assert path.exists(), f"{name} links to {link}, which does not exist"
        if parsed.fragment and path.suffix == ".html":
            assert anchor_exists(path, unquote(parsed.fragment)), f"{name} links to a missing anchor: {link}"


@cache
def anchors(path: Path) -> frozenset[str]:
    return frozenset(re.findall(r'\bid="([^"]+)"', path.read_text()))


def anchor_exists(path: Path, fragment: str) -> bool:
    return fragment in anchors(path)


@pytest.mark.parametrize("name", PAGES)
def test_no_serious_accessibility_violations(visit, name: str) -> None:
    serious = [v for v in visit(name)["violations"] if v["impact"] in {"serious", "critical"}]
    assert serious == [], f"{name}: " + json.dumps(serious, indent=1)


def test_neuron_chapter_shows_the_explorer(visit) -> None:
    report = visit("book/01_neuron")
    assert report["mathTypeset"] >= 9, "the chapter's equations are not typeset"
    assert report["widgets"], "the neuron explorer is missing"
    assert max(w["controls"] for w in report["widgets"]) >= 4, "sliders w₁, w₂, b and the activation menu"
    assert (SCREENSHOTS / "01_neuron.png").stat().st_size > 50_000
