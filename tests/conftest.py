"""Shared fixtures: the digits and a trained network, the built book, a local web server, a browser.

A test that needs a tool (chromium) fails under ``CI=true`` when the tool is missing,
and is skipped with the reason otherwise.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HTML = ROOT / "_build" / "html"
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}

# Launch flags that keep chromium quiet on a machine with no network (see README).
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def missing(reason: str) -> None:
    """Fail in CI, skip elsewhere: a missing tool must never pass silently in CI."""
    if IN_CI:
        pytest.fail(f"{reason} (required under CI=true)")
    pytest.skip(reason)


def toc_pages() -> list[str]:
    """Every page of the book, in reading order, as paths without suffix (``book/intro``)."""
    import yaml

    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    pages = [toc["root"]]
    for entry in toc.get("chapters", []) + [c for part in toc.get("parts", []) for c in part["chapters"]]:
        pages.append(entry["file"])
    return pages


def find_chromium() -> str | None:
    candidates = [os.environ.get("NNBOOK_CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")]
    return next((c for c in candidates if c and Path(c).exists()), None)


@pytest.fixture(scope="session")
def digits():
    """Chapter 8's handwritten digits ``(X, y)``, read once."""
    import nnbook

    return nnbook.datasets.digits()


@pytest.fixture(scope="session")
def trained_digits(digits):
    """A quickly trained digit network and its test set, as chapter 8 splits the data."""
    import nnbook

    X, y = digits
    X_train, X_test, y_train, y_test = nnbook.train_test_split(X, y, 0.25, seed=1, stratify=True)
    net = nnbook.Network([64, 32, 10], "relu", "softmax", seed=0)
    nnbook.train(net, X_train, y_train, loss="cross_entropy", learning_rate=0.1, epochs=5, batch_size=32, seed=0)
    return net, X_test, y_test


def reusing_build() -> bool:
    return os.environ.get("NNBOOK_REUSE_BUILD") == "1" and not IN_CI and (HTML / "index.html").exists()


_build: dict = {}  # the book's build, running in the background


def start_build() -> None:
    """Start building the book as ``make book`` does, in the background (once)."""
    if not _build:
        jupyter_book = Path(sys.executable).parent / "jupyter-book"
        command = [str(jupyter_book), "build", "--all", "-W", "-n", "--keep-going", str(ROOT)]
        log = tempfile.TemporaryFile("w+")  # built_book reads it
        _build.update(process=subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT), log=log)


def needs_book(item: pytest.Item) -> bool:
    return "built_book" in getattr(item, "fixturenames", ())


@pytest.hookimpl(trylast=True)  # after -m and -k have deselected what will not run
def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items: list[pytest.Item]) -> None:
    """Run the tests that need the built book last, and build it meanwhile.

    The build (executing every chapter, then the live site) keeps one core busy for
    minutes; the package's tests and nbval run on the other while it builds.
    """
    items.sort(key=needs_book)  # stable: each group keeps the order it was collected in
    if any(map(needs_book, items)) and not reusing_build() and not config.option.collectonly:
        start_build()


def pytest_unconfigure(config: pytest.Config) -> None:
    if _build and _build["process"].poll() is None:  # the session was interrupted
        _build["process"].kill()


@pytest.fixture(scope="session")
def built_book() -> dict:
    """The whole book, built once per session exactly as ``make book`` does.

    The build started when the tests were collected; this waits for it to end.
    ``NNBOOK_REUSE_BUILD=1`` takes the book already in _build/html instead (to iterate on the
    browser tests after a ``make book``; never under CI=true).
    """
    if reusing_build():
        return {"returncode": 0, "log": "(reused _build/html)", "html": HTML}
    start_build()
    returncode = _build["process"].wait()
    _build["log"].seek(0)
    return {"returncode": returncode, "log": _build["log"].read(), "html": HTML}


@pytest.fixture(scope="session")
def site(built_book: dict) -> str:
    """The built HTML served on 127.0.0.1 (a free port), as a reader's browser gets it."""
    if built_book["returncode"] != 0:
        pytest.fail("the book did not build; see test_book_build")
    handler = functools.partial(QuietHandler, directory=str(HTML))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep the test output readable
        pass


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium driven by Playwright (never a downloaded browser)."""
    executable = find_chromium()
    if executable is None:
        missing("chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def pytest_terminal_summary(terminalreporter) -> None:
    """Print what the live-mode tests measured (tests/book/test_live.py, test_inpage.py), so every run shows it."""
    modules = [m for name, m in list(sys.modules.items()) if name.rsplit(".", 1)[-1] in {"test_live", "test_inpage"}]
    lines = [line for module in sorted(modules, key=lambda m: m.__name__) for line in getattr(module, "REPORT", [])]
    if lines:
        terminalreporter.section("live mode")
        for line in lines:
            terminalreporter.write_line(line)


def drag(page, handle, dx: float, steps: int = 1) -> None:
    """Drag a slider's handle by ``dx`` pixels with the mouse, in ``steps`` moves.

    (In JupyterLite's notebook keys do not move a slider; the mouse does, everywhere.)
    """
    box = handle.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + dx, y, steps=steps)
    page.mouse.up()


def offline_context(browser, blocked: list):
    """A new browser context in which every request outside 127.0.0.1 fails (and is noted)."""
    from urllib.parse import urlparse

    context = browser.new_context(viewport={"width": 1280, "height": 900})

    def route(request_route) -> None:
        if urlparse(request_route.request.url).hostname == "127.0.0.1":
            request_route.continue_()
        else:
            blocked.append(request_route.request.url)
            request_route.abort()

    context.route("**/*", route)  # the context's route also sees the worker's requests
    return context
