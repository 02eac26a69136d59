"""The neuron chapter in a real browser with the network cut off.

Chromium opens the built chapter from a server on 127.0.0.1; every request to any
other host is blocked and recorded. The page must show its sliders, the first plot
of the widget, and typeset equations, with no page error.
"""

from __future__ import annotations

from urllib.parse import urlparse

from conftest import HTML

# sphinx-thebe's script is included twice by the theme and redeclares a constant:
# harmless (thebe is not used), and the one page error we expect.
KNOWN_HARMLESS = "Identifier 'THEBE_JS_URL' has already been declared"


def open_offline(browser, url: str):
    """Open ``url`` in a page that can reach 127.0.0.1 only.

    Returns the page and three lists: requests blocked (they tried to leave the site),
    page errors, and requests that failed (blocked ones included).
    """
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    blocked: list[str] = []
    errors: list[str] = []
    failed: list[str] = []

    def route(request_route) -> None:
        if urlparse(request_route.request.url).hostname == "127.0.0.1":
            request_route.continue_()
        else:
            blocked.append(request_route.request.url)
            request_route.abort()

    page.route("**/*", route)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.goto(url, wait_until="networkidle")
    return page, blocked, errors, failed


def test_neuron_chapter_offline_shows_sliders_plot_and_math(browser, site: str) -> None:
    page, blocked, errors, failed = open_offline(browser, f"{site}/book/01_neuron.html")

    page.wait_for_selector("mjx-container", timeout=20_000)
    assert page.locator("mjx-container").count() >= 9, "the chapter's equations are not typeset"
    # MathJax drew glyphs, not raw TeX: no "$$" left in the text
    assert "$$" not in page.inner_text("main")

    page.wait_for_selector(".widget-slider", timeout=20_000)
    sliders = page.locator(".widget-slider")
    assert sliders.count() >= 3, "the neuron explorer's weight and bias sliders are missing"
    labels = page.locator(".widget-slider .widget-label").all_inner_texts()
    assert any("w" in label for label in labels), labels

    plot = page.locator(".widget-output img").first
    plot.wait_for(timeout=20_000)
    assert plot.evaluate("img => img.complete && img.naturalWidth > 100"), "the widget's first plot did not load"

    assert blocked == [], f"the page tried to leave the site: {blocked}"
    assert [e for e in errors if KNOWN_HARMLESS not in e] == [], errors
    assert failed == [], f"requests failed: {failed}"

    shots = HTML.parent / "screenshots"
    shots.mkdir(exist_ok=True)
    page.screenshot(path=str(shots / "01_neuron.png"), full_page=True)
    page.context.close()
