"""The book builds with -W -n (any warning or broken reference fails) and is self-contained."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from conftest import HTML, toc_pages


class Resources(HTMLParser):
    """Collects what a page makes the browser load: scripts, stylesheets, images, fonts."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag in {"script", "img", "iframe"} and attributes.get("src"):
            self.urls.append(attributes["src"])
        if tag == "link" and attributes.get("rel") in {"stylesheet", "preload", "icon"} and attributes.get("href"):
            self.urls.append(attributes["href"])


def test_book_builds_without_warnings(built_book: dict) -> None:
    log = built_book["log"]
    assert built_book["returncode"] == 0, log[-5000:]
    # Sphinx's own warnings ("file.md:12: WARNING: ..."), not a kernel's log lines
    warnings = [line for line in log.splitlines() if re.search(r"(^|: )WARNING: ", line)]
    assert warnings == []


def test_every_toc_page_is_built_with_its_source_for_download(built_book: dict) -> None:
    assert built_book["returncode"] == 0
    for name in toc_pages():
        page = HTML / f"{name}.html"
        assert page.exists(), f"{page} was not built"
        sources = list((HTML / "_sources").glob(f"{name}.*"))
        assert sources, f"no downloadable source for {name}"
        html = page.read_text()
        for source in sources:
            assert source.name in html, f"{page.name} has no download link to {source.name}"


def test_pages_load_nothing_from_outside_the_site(built_book: dict) -> None:
    assert built_book["returncode"] == 0
    for page in HTML.rglob("*.html"):
        parser = Resources()
        parser.feed(page.read_text())
        outside = [url for url in parser.urls if url.startswith(("http:", "https:", "//"))]
        assert not outside, f"{page.relative_to(HTML)} loads {outside}"


def test_widget_and_math_javascript_are_served_by_the_site(built_book: dict) -> None:
    assert built_book["returncode"] == 0
    chapter = (HTML / "book" / "01_neuron.html").read_text()
    for asset in ("_static/ipywidgets/embed.js", "_static/mathjax/tex-chtml.js"):
        assert asset in chapter, f"the neuron chapter does not load {asset}"
        assert (HTML / asset).stat().st_size > 10_000
    # the widget state is embedded, so the static page can draw the sliders and first plot
    assert "application/vnd.jupyter.widget-state+json" in chapter


def test_widget_fonts_exist_next_to_embed_js(built_book: dict) -> None:
    assert built_book["returncode"] == 0
    fonts = list((HTML / "_static/ipywidgets").glob("*.woff2"))
    assert fonts, "the widget icon fonts were not copied"
