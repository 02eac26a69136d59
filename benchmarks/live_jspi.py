"""Live mode without WebAssembly JSPI: does the kernel work, and what does ``enableRunUntilComplete`` change?

Pyodide 0.27.7's ``loadPyodide`` turns ``enableRunUntilComplete`` on: asyncio's
``run_until_complete`` and ``asyncio.run`` then block through JSPI (stack switching),
which Safari lacks. This chromium has no flag that switches JSPI off (V8 ships it), so a
browser without it is emulated the way Pyodide detects it: ``WebAssembly.Suspending``,
``WebAssembly.promising`` and ``WebAssembly.Suspender`` are deleted in the kernel's worker
before Pyodide loads (prepended to the served ``pyodide.js``). The site's setting of
``enableRunUntilComplete`` is overridden through the ``jupyter-lite.json`` served to the
browser. For each of the four combinations, chapter 1 is opened live, run to its first
widget, and three probes run in its kernel.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "tests" / "book"))
sys.path.insert(0, str(ROOT / "tools"))

import lite_build  # noqa: E402
import shaped_server  # noqa: E402
from test_live import CELL_ERRORS, EXECUTE, FIGURE, KERNEL_IDLE, NO_JSPI  # noqa: E402

from conftest import CHROMIUM_ARGS, find_chromium  # noqa: E402

PROBES = {
    "can_run_sync": "from pyodide.ffi import can_run_sync\nprint(can_run_sync())",
    "top-level await": "import asyncio\nawait asyncio.sleep(0.01)\nprint('ok')",
    "run_until_complete": (
        "import asyncio\nasync def f():\n    await asyncio.sleep(0.01)\n    return 'ok'\n"
        "print(asyncio.get_event_loop().run_until_complete(f()))"
    ),
}


def one_case(browser, url: str, jspi: bool, run_until_complete: bool) -> dict:
    context = browser.new_context(viewport={"width": 1280, "height": 900})

    def pyodide_js(route) -> None:
        response = route.fetch()
        body = response.body() if jspi else NO_JSPI.encode() + response.body()
        route.fulfill(response=response, body=body)

    def lite_config(route) -> None:
        response = route.fetch()
        config = json.loads(response.body())
        kernel = config["jupyter-config-data"]["litePluginSettings"][lite_build.KERNEL_SETTINGS]
        kernel["loadPyodideOptions"]["enableRunUntilComplete"] = run_until_complete
        route.fulfill(response=response, body=json.dumps(config))

    context.route("**/static/pyodide/pyodide.js", pyodide_js)
    context.route("**/lite/jupyter-lite.json", lite_config)
    page = context.new_page()
    result: dict = {"JSPI": "yes" if jspi else "removed", "enableRunUntilComplete": run_until_complete}
    start = time.perf_counter()
    try:
        page.goto(f"{url}/lite/{lite_build.app_url('01_neuron.ipynb')}")
        page.wait_for_function(KERNEL_IDLE, timeout=90_000, polling=100)
        page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
        page.wait_for_function(FIGURE, timeout=90_000, polling=50)
        result["first widget (s)"] = round(time.perf_counter() - start, 1)
        result["cell errors"] = len(page.evaluate(CELL_ERRORS))
        for name, code in PROBES.items():
            reply = page.evaluate(EXECUTE, code)
            error = (reply["error"] or "").split("\n")[0]
            result[name] = (reply["out"].strip() if reply["status"] == "ok" else error)[:60]
    except Exception as error:  # a kernel that never comes up is a result too
        result["first widget (s)"] = f"failed: {str(error).splitlines()[0][:80]}"
    finally:
        context.close()
    return result


def main() -> list[str]:
    from playwright.sync_api import sync_playwright

    html = ROOT / "_build" / "html"
    if not (html / "lite" / "jupyter-lite.json").exists():
        return ["## Live mode without JSPI", "", "Not measured: build the book with live mode first (make book)."]
    with shaped_server.serve(html, shaped=False) as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=find_chromium(), args=CHROMIUM_ARGS)
        rows = [one_case(browser, server.url, jspi, flag) for jspi in (True, False) for flag in (True, False)]
        browser.close()
    columns = list(rows[0])
    lines = [
        "## Live mode without WebAssembly JSPI (Safari's case)",
        "",
        "Chapter 1 opened live in chromium, with JSPI as shipped or removed from the kernel's worker",
        "(`benchmarks/live_jspi.py`), and Pyodide's `enableRunUntilComplete` on or off.",
        "",
        "| " + " | ".join(columns) + " |",
        "|" + "---|" * len(columns),
    ]
    lines += ["| " + " | ".join(str(row.get(c, "")).replace("|", "/") for c in columns) + " |" for row in rows]
    return lines


if __name__ == "__main__":
    print("\n".join(main()))
