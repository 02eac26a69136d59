"""The chapters in a real JupyterLab: run a copy, move a slider with the keyboard, see it recompute.

A JupyterLab server is started on 127.0.0.1 with a copy of the chapter; chromium
opens it, waits for the kernel, runs every cell, then focuses a slider and presses
the arrow key. The widget's readout must show the new value, computed by nnbook, and
its figure must be redrawn.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import numpy as np
import pytest

import nnbook

from conftest import ROOT

BOOK = ROOT / "book"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab server on 127.0.0.1 serving a folder of chapter copies; yields (url, folder)."""
    folder = tmp_path_factory.mktemp("lab")
    # Draw every cell, not only those in view (JupyterLab's default windowing), so that
    # the tests can find a widget anywhere in the chapter.
    settings = tmp_path_factory.mktemp("lab-settings")
    tracker = settings / "@jupyterlab" / "notebook-extension" / "tracker.jupyterlab-settings"
    tracker.parent.mkdir(parents=True)
    tracker.write_text('{"windowingMode": "none"}')
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jupyterlab",
            "--no-browser",
            "--ip=127.0.0.1",
            f"--port={port}",
            "--allow-root",
            "--IdentityProvider.token=",
            "--ServerApp.password=",
            "--LabApp.expose_app_in_browser=True",
            f"--ServerApp.root_dir={folder}",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "JUPYTERLAB_SETTINGS_DIR": str(settings)},
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{url}/api", timeout=2)
            break
        except OSError:
            time.sleep(0.5)
    else:
        server.kill()
        pytest.fail("JupyterLab did not start within 60 s")
    yield url, folder
    server.terminate()
    server.wait(timeout=20)


# The notebook's kernel is idle (any part may still be missing while the notebook opens).
KERNEL_IDLE = "() => window.jupyterapp?.shell?.currentWidget?.sessionContext?.session?.kernel?.status === 'idle'"


def run_notebook(browser, url: str, folder: Path, chapter: str):
    """Open a fresh copy of ``chapter`` in JupyterLab, run all cells, return the page."""
    shutil.copy(BOOK / chapter, folder / chapter)
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{url}/lab/tree/{chapter}?reset")  # a fresh workspace: only this notebook open
    page.wait_for_function(KERNEL_IDLE, timeout=90_000)
    page.evaluate("() => jupyterapp.commands.execute('notebook:run-all-cells')")
    # done when the kernel is idle and every code cell shows its execution count, [12]
    page.wait_for_function(
        KERNEL_IDLE + " && [...document.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')]"
        ".every(p => /\\[\\d+\\]/.test(p.textContent))",
        timeout=180_000,
    )
    errors = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
    tracebacks = [text for text in errors.all_inner_texts() if "Traceback" in text or "Error" in text]
    assert tracebacks == [], tracebacks
    return page


def slider(page, label: str):
    """The widget slider whose description contains ``label``."""
    return page.locator(".widget-slider", has=page.locator(".widget-label", has_text=label)).first


def figure_source(container) -> str:
    return container.locator(".widget-output img").first.get_attribute("src") or ""


def test_neuron_chapter_slider_recomputes_in_jupyterlab(browser, lab) -> None:
    url, folder = lab
    page = run_notebook(browser, url, folder, "01_neuron.ipynb")
    w1 = slider(page, "w₁")
    w1.scroll_into_view_if_needed()  # JupyterLab draws only the cells in view
    page.wait_for_function(
        "el => el.textContent.trim() !== ''", arg=w1.locator(".widget-readout").element_handle(), timeout=20_000
    )
    explorer = page.locator(".jupyter-widgets.widget-vbox", has=w1).first  # the outermost: the explorer
    before_value = float(w1.locator(".widget-readout").inner_text())
    before_figure = figure_source(explorer)

    w1.locator(".noUi-handle").focus()
    for _ in range(5):
        page.keyboard.press("ArrowRight")
    expected = round(before_value + 0.5, 1)
    page.wait_for_function(
        "([el, value]) => parseFloat(el.textContent) === value",
        arg=[w1.locator(".widget-readout").element_handle(), expected],
        timeout=10_000,
    )
    # the equation readout and the truth table follow the new weight, as nnbook computes them
    neuron = nnbook.Neuron([expected, 1.0], -1.5, "sigmoid")
    row = f"1\t1\t1\t{neuron.weighted_sum([1.0, 1.0]):.1f}\t{neuron([1.0, 1.0]):.3f}"
    page.wait_for_function(
        "([el, texts]) => texts.every(t => el.innerText.includes(t))",
        arg=[explorer.element_handle(), [f"{expected:.1f}·x₁", row]],
        timeout=10_000,
    )
    deadline = time.monotonic() + 10
    while figure_source(explorer) == before_figure and time.monotonic() < deadline:
        time.sleep(0.2)
    assert figure_source(explorer) != before_figure, "the figure was not redrawn after the slider moved"
    page.close()


def test_learning_rate_slider_of_chapter_5_recomputes_in_jupyterlab(browser, lab) -> None:
    from nnbook.widgets import DescentExplorer

    url, folder = lab
    page = run_notebook(browser, url, folder, "05_iteration.ipynb")
    eta = slider(page, "learning rate η")
    eta.scroll_into_view_if_needed()
    readout = eta.locator(".widget-readout")
    page.wait_for_function("el => el.textContent.trim() !== ''", arg=readout.element_handle(), timeout=20_000)
    explorer = page.locator(".jupyter-widgets.widget-vbox", has=eta).first
    epochs = int(slider(page, "epochs").locator(".widget-readout").inner_text())
    before = float(readout.inner_text())
    before_figure = figure_source(explorer)

    eta.locator(".noUi-handle").focus()
    for _ in range(4):  # four steps of 10^0.05 on the logarithmic slider
        page.keyboard.press("ArrowRight")
    page.wait_for_function(
        "([el, before]) => el.textContent.trim() !== before", arg=[readout.element_handle(), f"{before:.3g}"]
    )
    # the slider moves on its grid of exponents (−3 + 0.05k): the readout names the point
    shown = readout.inner_text().strip()
    exponent = next(e for e in np.arange(-3.0, 1.0001, 0.05) if f"{10**e:.3g}" == shown)
    assert 10**exponent > before
    expected = DescentExplorer(learning_rate=10**exponent, epochs=epochs)
    # the browser's explorer reports what nnbook computes for the new rate: the same
    # weights and loss as an explorer built here with that rate
    summary = expected._summary()
    page.wait_for_function(
        "([el, text]) => el.innerText.includes(text)", arg=[explorer.element_handle(), summary], timeout=15_000
    )
    assert f"η = {expected.learning_rate.value:.3g}" in explorer.inner_text()
    deadline = time.monotonic() + 10
    while figure_source(explorer) == before_figure and time.monotonic() < deadline:
        time.sleep(0.2)
    assert figure_source(explorer) != before_figure, "the descent path was not redrawn"
    page.close()
