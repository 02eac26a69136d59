"""Live mode over a reader's connection: "Run live" to the first widget, first and repeat visits.

The built site is served by :mod:`shaped_server` as a static host serves it (gzip,
``max-age=600`` and ETags as GitHub Pages sends them), once unshaped and once through one
shared 25 Mbit/s link with 40 ms per request. Chromium runs with a real profile (its disk
cache, as a reader's browser has). Each visit opens chapter 1's page, then is timed from the
click on "Run live" to the first widget of Run All (the kernel idle first, as a reader waits
for it), with the bytes the server sent from the click on. Visits, in one run:

- unshaped, first visit (a new profile): the reference;
- shaped, first visit (a new profile), then a repeat visit a minute later (the cached copies
  still fresh);
- shaped, first visit (a new profile) whose responses are already 10 minutes old
  (``Age: 600``), then a repeat visit: every cached copy is stale, as on a reader's return the
  next day, and must be revalidated.

Goals, as ratios in one run: first visit shaped <= 1.3x unshaped; repeat visit (the next
day) <= 0.75x the unshaped first visit; first visit <= 25 MB on the wire; repeat <= 1 MB.
"""

from __future__ import annotations

import contextlib
import json
import os
import statistics
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "tests" / "book"))
sys.path.insert(0, str(ROOT / "tools"))

import fetch_pyodide  # noqa: E402
import lite_build  # noqa: E402
import shaped_server  # noqa: E402
from test_live import FIGURE, KERNEL_IDLE  # noqa: E402

from conftest import CHROMIUM_ARGS, find_chromium  # noqa: E402

HTML = ROOT / "_build" / "html"
CHAPTER = "book/01_neuron"
GOALS = {"first_ratio": 1.3, "repeat_ratio": 0.75, "first_mb": 25.0, "repeat_mb": 1.0}
PYODIDE = HTML / "lite" / "static" / "pyodide"


def with_kernel_preloads(options: dict) -> None:
    """The site before this benchmark's change: the kernel also preloads ssl, sqlite3 and jedi."""
    options["packages"] += ["ssl", "sqlite3", "jedi"]


def without_bytecode(options: dict) -> None:
    """No ahead-of-time bytecode: the official standard library, and no bytecode wheel."""
    name = fetch_pyodide.normalize(lite_build.BYTECODE_PACKAGE)
    options["packages"] = [p for p in options["packages"] if fetch_pyodide.normalize(p) != name]
    options["stdLibURL"] = options["stdLibURL"].replace(lite_build.STDLIB_ZIP, lite_build.OFFICIAL_STDLIB)


#: Levers measured against the site as built, in the same run (first visits only).
LEVERS: dict[str, Callable[[dict], None]] = {
    "kernel preloads ssl, sqlite3, jedi (before)": with_kernel_preloads,
    "no bytecode (official stdlib zip)": without_bytecode,
}


@contextlib.contextmanager
def official_stdlib() -> Iterator[None]:
    """Serve the official standard library's zip next to the site's, for :func:`without_bytecode`."""
    target = PYODIDE / lite_build.OFFICIAL_STDLIB
    with tarfile.open(fetch_pyodide.npm_tarball(fetch_pyodide.PYODIDE_NPM)) as package:
        target.write_bytes(package.extractfile(f"package/{lite_build.OFFICIAL_STDLIB}").read())
    try:
        yield
    finally:
        target.unlink()


def change_config(context, change: Callable[[dict], None] | None) -> None:
    """Change the kernel's ``loadPyodideOptions`` in the ``jupyter-lite.json`` the browser gets."""
    if change is None:
        return

    def rewrite(route) -> None:
        response = route.fetch()
        config = json.loads(response.body())
        change(config["jupyter-config-data"]["litePluginSettings"][lite_build.KERNEL_SETTINGS]["loadPyodideOptions"])
        route.fulfill(response=response, body=json.dumps(config))

    context.route("**/lite/jupyter-lite.json", rewrite)


def visit(context, server: shaped_server.Server) -> dict:
    """Open the chapter's page, click "Run live", time it to the first widget; bytes sent from the click."""
    book = context.new_page()
    book.goto(f"{server.url}/{CHAPTER}.html", wait_until="load")
    server.site.reset()
    start = time.perf_counter()
    with context.expect_page() as opened:
        book.locator("a.btn-nnbook-live-button").click()
    page = opened.value
    page.wait_for_function(KERNEL_IDLE, timeout=180_000, polling=100)
    idle = time.perf_counter() - start
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
    page.wait_for_function(FIGURE, timeout=180_000, polling=50)
    seconds = time.perf_counter() - start
    sent, requests, log = server.site.reset()
    page.close()
    book.close()
    largest = sorted((entry for entry in log if entry[1] == 200), key=lambda entry: -entry[2])[:4]
    return {
        "seconds": seconds,
        "idle": idle,
        "mb": sent / 1e6,
        "requests": requests,
        "full": sum(1 for entry in log if entry[1] == 200),
        "revalidated": sum(1 for entry in log if entry[1] == 304),
        "pyodide_revalidated": sum(1 for entry in log if entry[1] == 304 and "/static/pyodide/" in entry[0]),
        "largest": [(path.split("?")[0].rsplit("/", 1)[-1], size) for path, _, size in largest],
    }


def visits(playwright, server: shaped_server.Server, age: int, repeat: bool, change=None) -> list[dict]:
    """A first visit in a new profile (and a repeat visit in the same profile)."""
    server.site.age = age
    with tempfile.TemporaryDirectory() as profile:
        context = playwright.chromium.launch_persistent_context(
            profile, executable_path=find_chromium(), args=CHROMIUM_ARGS, viewport={"width": 1280, "height": 900}
        )
        change_config(context, change)
        try:
            found = [visit(context, server)]
            if repeat:
                time.sleep(2)
                found.append(visit(context, server))
        finally:
            context.close()
    return found


def measure(rounds: int = 1) -> dict[str, list[dict]]:
    from playwright.sync_api import sync_playwright

    names = ("unshaped first", "first", "repeat, cache fresh", "repeat, next day")
    found: dict[str, list[dict]] = {name: [] for name in names}
    with sync_playwright() as playwright:
        for _ in range(rounds):
            with shaped_server.serve(HTML, shaped=False) as server:
                found["unshaped first"] += visits(playwright, server, 0, repeat=False)
            with shaped_server.serve(HTML, shaped=True) as server:
                first, fresh = visits(playwright, server, 0, repeat=True)
                stale_first, next_day = visits(playwright, server, shaped_server.MAX_AGE, repeat=True)
            found["first"] += [first, stale_first]
            found["repeat, cache fresh"].append(fresh)
            found["repeat, next day"].append(next_day)
        with official_stdlib():
            for name, change in LEVERS.items():
                for shaped in (False, True):
                    with shaped_server.serve(HTML, shaped=shaped) as server:
                        key = f"{name}: {'first' if shaped else 'unshaped first'}"
                        found.setdefault(key, []).extend(visits(playwright, server, 0, False, change))
    return found


def levers(found: dict[str, list[dict]], reference: float) -> list[str]:
    """What the levers measured in this run show (the sentences follow the numbers)."""
    median = lambda key, field: statistics.median(v[field] for v in found[key])  # noqa: E731
    before, bytecode = LEVERS
    saved_mb = median(f"{before}: unshaped first", "mb") - median("unshaped first", "mb")
    saved_requests = median(f"{before}: unshaped first", "requests") - median("unshaped first", "requests")
    without_mb = median(f"{bytecode}: unshaped first", "mb")
    slower = median(f"{bytecode}: unshaped first", "seconds") / reference
    slower_shaped = median(f"{bytecode}: first", "seconds") / median("first", "seconds")
    revalidated = median("repeat, next day", "revalidated")
    pyodide = median("repeat, next day", "pyodide_revalidated")
    return [
        f"- Not preloading ssl, sqlite3 and jedi: {saved_mb:.1f} MB and {saved_requests:.0f} requests fewer "
        "on a first visit.",
        f"- Without the bytecode the first visit sends {without_mb:.1f} MB, and takes {slower:.2f}× as long "
        f"unshaped and {slower_shaped:.2f}× as long shaped as with it: "
        + ("the bytecode stays, so the 25 MB goal is traded for time." if slower > 1 else "it saves no time."),
        f"- A repeat visit the next day downloads no file again (the disk cache keeps them); it revalidates "
        f"{revalidated:.0f} files (304), {pyodide:.0f} of them Pyodide's. A service worker with its own cache "
        f"of Pyodide's files could save those {pyodide:.0f} round trips, at most {pyodide / 6 * 0.04:.1f} s "
        "at 6 at a time.",
    ]


def main(rounds: int = 1) -> list[str]:
    if not (HTML / "lite" / "jupyter-lite.json").exists():
        return ["## Live mode over a connection", "", "Not measured: build the book with live mode first (make book)."]
    load_before = os.getloadavg()[0]
    found = measure(rounds)
    load_after = os.getloadavg()[0]
    reference = statistics.median(v["seconds"] for v in found["unshaped first"])
    lines = [
        "## Live mode over a connection",
        "",
        '"Run live" on chapter 1 to its first widget (`benchmarks/live_link.py`): the site served as',
        "GitHub Pages serves it (gzip, `max-age=600`, ETag), unshaped and through one shared 25 Mbit/s",
        "link with 40 ms per request (HTTP/1.1: at most 6 requests at a time, where Pages has HTTP/2);",
        "chromium with a profile on disk. Ratios against the unshaped first visit of the same run.",
        f"Load average on the {os.cpu_count()} cores: {load_before:.1f} before the run, {load_after:.1f} after "
        "(the times are CPU-bound: compare only within one run).",
        "",
        "| visit | s (to kernel idle) | × unshaped | MB sent | requests: 200 / 304 (Pyodide's) | largest |",
        "|---|---|---|---|---|---|",
    ]
    for name, runs in found.items():
        for v in runs:
            largest = ", ".join(f"{file[:24]} {size / 1e6:.1f} MB" for file, size in v["largest"][:2])
            lines.append(
                f"| {name} | {v['seconds']:.1f} ({v['idle']:.1f}) | {v['seconds'] / reference:.2f} | {v['mb']:.1f} | "
                f"{v['requests']}: {v['full']} / {v['revalidated']} ({v['pyodide_revalidated']}) | {largest} |"
            )
    lines += ["", *levers(found, reference)]
    first = statistics.median(v["seconds"] for v in found["first"]) / reference
    repeat = statistics.median(v["seconds"] for v in found["repeat, next day"]) / reference
    first_mb = max(v["mb"] for v in found["first"])
    repeat_mb = max(v["mb"] for v in found["repeat, next day"])
    met = lambda value, goal: f"{'met' if value <= goal else 'NOT met'}"  # noqa: E731
    lines += [
        "",
        f"Goals: first visit shaped {first:.2f}× unshaped (≤ {GOALS['first_ratio']}: "
        f"{met(first, GOALS['first_ratio'])}); repeat visit the next day {repeat:.2f}× "
        f"(≤ {GOALS['repeat_ratio']}: {met(repeat, GOALS['repeat_ratio'])}); first visit "
        f"{first_mb:.1f} MB (≤ {GOALS['first_mb']:.0f}: {met(first_mb, GOALS['first_mb'])}); "
        f"repeat {repeat_mb:.2f} MB (≤ {GOALS['repeat_mb']:.0f}: {met(repeat_mb, GOALS['repeat_mb'])}).",
    ]
    return lines


if __name__ == "__main__":
    print("\n".join(main(int(sys.argv[1]) if len(sys.argv) > 1 else 1)))
