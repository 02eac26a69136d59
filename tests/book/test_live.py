"""Live mode: a chapter runs in the reader's browser, offline, and its widgets recompute.

- The build: every notebook chapter has a "Run live" button that opens it in the
  JupyterLite site; the site serves its own Pyodide with a lock listing only verified
  packages, the official standard library with bytecode beside it, no source maps and
  nothing from outside.
- The verifier refuses a tampered wheel (on small temporary copies) and an impossible
  download says how to build without live mode.
- In chromium, with every request outside 127.0.0.1 blocked: a click on "Run live"
  opens the chapter, the kernel starts, Run All executes every cell without an error,
  a slider dragged with the mouse redraws the figure, and nnbook's checks
  (``tests/live_checks.py``) pass inside the Pyodide kernel; every other chapter runs to
  its end without an error. The time to the first widget and the redraw time are written
  to ``_build/live-timings.json`` and printed; they are measured against the goals (15 s,
  0.5 s), not asserted. Chapter 1 also runs in a browser without WebAssembly JSPI (Safari's
  case, emulated), and packages the kernel no longer preloads still load on import.
- Never stale: a reader who edited and saved a chapter gets the republished one, with a
  notice, and keeps their copy under its own name.
"""

from __future__ import annotations

import _imp
import contextlib
import hashlib
import io
import json
import os
import re
import statistics
import sys
import tarfile
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from conftest import HTML, IN_CI, ROOT, drag, missing, offline_context

sys.path.insert(0, str(ROOT / "tools"))

import fetch_pyodide
import lite_build
import live_bytecode
import nnbook_live

LITE = HTML / "lite"
SCREENSHOTS = HTML.parent / "screenshots"
TIMINGS = HTML.parent / "live-timings.json"
GOALS = {"first_widget_s": 15.0, "redraw_s": 0.5}
#: Notes for the terminal summary (printed by conftest.py at the end of the run).
REPORT: list[str] = []


def live_site() -> None:
    """Skip when the book was deliberately built without live mode (a failure under CI=true)."""
    if not nnbook_live.live_enabled():
        missing("the book was built without live mode (NNBOOK_LIVE=0 / make book LIVE=0)")
    assert (LITE / "jupyter-lite.json").exists(), "live mode is on, but _build/html/lite was not built"


# --- the build ------------------------------------------------------------------------------


def test_every_notebook_chapter_has_a_run_live_button(built_book: dict) -> None:
    assert built_book["returncode"] == 0
    live_site()
    notebooks = lite_build.live_notebooks(ROOT)
    assert notebooks, "no notebook in _toc.yml"
    for docname, lite_path in notebooks.items():
        page = (HTML / f"{docname}.html").read_text()
        links = re.findall(r'<a href="([^"]+)"[^>]*\n?[^>]*class="btn btn-sm btn-nnbook-live-button', page)
        assert links, f"{docname}.html has no Run live button"
        url = urlparse(links[0])
        target = (HTML / Path(docname).parent / url.path).resolve()
        assert target == (LITE / "notebooks" / "index.html").resolve() and target.exists(), links[0]
        assert parse_qs(url.query)["path"] == [lite_path]
        served = json.loads((LITE / "files" / lite_path).read_text())
        assert all(cell.get("outputs", []) == [] for cell in served["cells"]), f"{lite_path} keeps stored outputs"
    assert "btn-nnbook-live-button" not in (HTML / "book" / "intro.html").read_text()


def test_live_site_serves_only_verified_pyodide_and_no_source_maps(built_book: dict) -> None:
    assert built_book["returncode"] == 0
    live_site()
    pyodide = LITE / "static" / "pyodide"
    lock = json.loads((pyodide / "pyodide-lock.json").read_text())
    assert lock["info"]["version"] == fetch_pyodide.PYODIDE_VERSION
    official = fetch_pyodide.official_lock(fetch_pyodide.npm_tarball(fetch_pyodide.PYODIDE_NPM))
    for name, entry in lock["packages"].items():
        path = pyodide / entry["file_name"]
        assert fetch_pyodide.sha256_of(path) == entry["sha256"], f"{path.name} does not match the served lock"
        if name in official["packages"]:
            assert entry == official["packages"][name], f"{name}: the served entry differs from the official lock"
    wheels = {p.name for p in pyodide.iterdir() if p.suffix in {".whl", ".zip"} and p.name != lite_build.STDLIB_ZIP}
    assert wheels == {entry["file_name"] for entry in lock["packages"].values()}, "unlisted files next to Pyodide"
    assert {"numpy", "matplotlib", "scikit-learn", "ipywidgets", "nnbook"} <= set(lock["packages"])
    assert not list(HTML.rglob("*.map")), "source maps in the published site"
    config = json.loads((LITE / "jupyter-lite.json").read_text())["jupyter-config-data"]
    kernel = config["litePluginSettings"]["@jupyterlite/pyodide-kernel-extension:kernel"]
    assert kernel["disablePyPIFallback"] is True and kernel["pyodideUrl"] == "./static/pyodide/pyodide.js"
    assert config["disabledExtensions"] == [lite_build.SERVICE_WORKER], "the service worker slows every import"
    apps = {p.name for p in LITE.iterdir() if (p / "index.html").exists()}
    assert apps == {"notebooks"}, f"only the notebooks app is published, found {apps}"
    with zipfile.ZipFile(pyodide / lock["packages"]["nnbook"]["file_name"]) as wheel:
        assert "nnbook/__init__.py" in wheel.namelist()


def test_live_site_ships_bytecode_that_matches_the_served_sources(built_book: dict) -> None:
    """The preloaded bytecode wheel holds a checked-hash .pyc for what the kernel imports from
    site-packages, each made from the very source the site serves (so Python in the browser uses it)."""
    assert built_book["returncode"] == 0
    live_site()
    pyodide = LITE / "static" / "pyodide"
    lock = json.loads((pyodide / "pyodide-lock.json").read_text())
    name = fetch_pyodide.normalize(lite_build.BYTECODE_PACKAGE)
    assert name in lite_build.preloaded_packages(LITE), "the kernel does not preload the bytecode"
    sources = {}  # every .py the site serves, by its path under site-packages
    with contextlib.ExitStack() as open_wheels:
        for entry in lock["packages"].values():
            if entry["file_name"].endswith(".whl") and entry["name"] != name:
                wheel = open_wheels.enter_context(zipfile.ZipFile(pyodide / entry["file_name"]))
                sources.update({path: wheel for path in wheel.namelist() if path.endswith(".py")})
        bytecode = open_wheels.enter_context(zipfile.ZipFile(pyodide / lock["packages"][name]["file_name"]))
        compiled = [path for path in bytecode.namelist() if path.endswith(".pyc")]
        for module in ("numpy/__init__", "matplotlib/pyplot", "IPython/core/interactiveshell", "nnbook/widgets/neuron"):
            folder, stem = module.rsplit("/", 1)
            assert f"{folder}/__pycache__/{stem}.cpython-312.pyc" in compiled, f"no bytecode for {module}"
        magic = {bytecode.read(path)[:4] for path in compiled}
        assert len(magic) == 1, "bytecode of more than one Python version"
        key = int.from_bytes(magic.pop(), "little")  # how CPython keys the source hash
        for path in compiled:
            data = bytecode.read(path)
            folder, _, filename = path.rpartition("__pycache__/")  # a top-level module has no folder
            source = f"{folder}{filename.split('.')[0]}.py"
            assert source in sources, f"{path} has no source in the site"
            assert int.from_bytes(data[4:8], "little") == 3, f"{path} is not checked-hash bytecode"
            served = sources[source].read(source)
            assert data[8:16] == _imp.source_hash(key, served), f"{path} was not made from the served {source}"
    assert len(compiled) > 500


def test_live_site_serves_the_official_standard_library_with_bytecode_beside_it(built_book: dict) -> None:
    """The standard library's zip holds every file of the official one, unchanged, and a
    checked-hash .pyc beside each module that the kernel imports, made from that module's source."""
    assert built_book["returncode"] == 0
    live_site()
    pyodide = LITE / "static" / "pyodide"
    assert not (pyodide / lite_build.OFFICIAL_STDLIB).exists(), "the official zip is served but never loaded"
    tarball = fetch_pyodide.npm_tarball(fetch_pyodide.PYODIDE_NPM)
    with tarfile.open(tarball) as package:
        official = zipfile.ZipFile(io.BytesIO(package.extractfile(f"package/{lite_build.OFFICIAL_STDLIB}").read()))
    with zipfile.ZipFile(pyodide / lite_build.STDLIB_ZIP) as served:
        extra = set(served.namelist()) - set(official.namelist())
        for name in official.namelist():
            assert served.read(name) == official.read(name), f"{name} differs from the official standard library"
        assert extra and all(name.endswith(".pyc") for name in extra), sorted(extra)[:5]
        for module in ("json/__init__", "ast", "inspect", "dataclasses"):
            assert f"{module}.pyc" in extra, f"no bytecode for {module}"
        assert len({served.read(name)[:4] for name in extra}) == 1, "bytecode of more than one Python version"
        for name in extra:
            data = served.read(name)
            assert int.from_bytes(data[4:8], "little") == 3, f"{name} is not checked-hash bytecode"
            key = int.from_bytes(data[:4], "little")
            assert data[8:16] == _imp.source_hash(key, served.read(name[:-1])), f"{name} was not made from its source"
    config = json.loads((LITE / "jupyter-lite.json").read_text())["jupyter-config-data"]
    kernel = config["litePluginSettings"]["@jupyterlite/pyodide-kernel-extension:kernel"]
    assert kernel["loadPyodideOptions"]["stdLibURL"] == f"./static/pyodide/{lite_build.STDLIB_ZIP}"


# --- the verifier ---------------------------------------------------------------------------


def fake_wheelhouse(folder: Path, content: bytes) -> tuple[Path, dict]:
    """A small wheelhouse holding one package, and a lock that names its genuine sha256."""
    genuine = b"genuine wheel bytes"
    lock = {
        "info": {"version": fetch_pyodide.PYODIDE_VERSION},
        "packages": {"six": {"file_name": "six-1.16.0-py2.py3-none-any.whl", "depends": []}},
    }
    lock["packages"]["six"]["sha256"] = hashlib.sha256(genuine).hexdigest()
    wheelhouse = folder / "wheelhouse.whl"
    with zipfile.ZipFile(wheelhouse, "w") as archive:
        archive.writestr(fetch_pyodide.WHEELHOUSE_FOLDER + "six-1.16.0-py2.py3-none-any.whl", content)
    return wheelhouse, lock


def test_verifier_accepts_the_genuine_wheel(tmp_path: Path) -> None:
    wheelhouse, lock = fake_wheelhouse(tmp_path, b"genuine wheel bytes")
    (tmp_path / "out").mkdir()
    fetch_pyodide.gather_wheels([fetch_pyodide.PyPICopy(wheelhouse)], lock, ["six"], tmp_path / "out")
    assert (tmp_path / "out" / "six-1.16.0-py2.py3-none-any.whl").read_bytes() == b"genuine wheel bytes"


def test_verifier_refuses_a_tampered_wheel(tmp_path: Path) -> None:
    wheelhouse, lock = fake_wheelhouse(tmp_path, b"tampered wheel bytes")
    (tmp_path / "out").mkdir()
    with pytest.raises(fetch_pyodide.IntegrityError, match=r"refusing six-1\.16\.0.*official pyodide-lock\.json"):
        fetch_pyodide.gather_wheels([fetch_pyodide.PyPICopy(wheelhouse)], lock, ["six"], tmp_path / "out")


def test_verifier_refuses_a_real_wheel_changed_by_one_byte(tmp_path: Path) -> None:
    """A copy of a real, verified wheel with one byte changed no longer matches the official lock."""
    assembled = fetch_pyodide.LITE_DIR / "static" / "pyodide"
    if not (assembled / "pyodide-lock.json").exists():
        missing("live mode's Pyodide is not assembled (make live-assets)")
    entry = json.loads((assembled / "pyodide-lock.json").read_text())["packages"]["six"]
    copy = tmp_path / entry["file_name"]
    data = bytearray((assembled / entry["file_name"]).read_bytes())
    copy.write_bytes(bytes(data))
    fetch_pyodide.verify(copy, entry["sha256"], "the official lock")
    data[len(data) // 2] ^= 0xFF
    copy.write_bytes(bytes(data))
    with pytest.raises(fetch_pyodide.IntegrityError, match="refusing"):
        fetch_pyodide.verify(copy, entry["sha256"], "the official lock")


def test_an_impossible_download_says_how_to_build_without_live_mode(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setattr(fetch_pyodide, "CACHE", tmp_path / "cache")
    monkeypatch.setenv("PATH", str(tmp_path))  # no npm to be found
    assert fetch_pyodide.main(["--lite-dir", str(tmp_path / "lite")]) == 1
    message = capsys.readouterr().err
    assert "live mode needs pyodide@" in message and "make book LIVE=0" in message


def test_bytecode_compilation_names_a_module_it_cannot_import(tmp_path: Path, monkeypatch) -> None:
    """A module that Pyodide cannot import stops the build with its name (not a silently slower site)."""
    assembled = fetch_pyodide.LITE_DIR / "static" / "pyodide"
    if not (assembled / "pyodide-lock.json").exists():
        missing("live mode's Pyodide is not assembled (make live-assets)")
    monkeypatch.setattr(live_bytecode, "CACHE", tmp_path)
    with pytest.raises(live_bytecode.BytecodeError, match="no_such_module: ModuleNotFoundError"):
        live_bytecode.compile_modules(assembled, packages=["six"], walk=[], roots=["six", "no_such_module"], last=[])
    assert list(tmp_path.iterdir()) == [], "a failed compilation was cached"


def test_the_closure_holds_what_the_chapters_and_the_kernel_need() -> None:
    lock = {
        "packages": {
            "a": {"depends": ["B_c"]},
            "b-c": {"depends": ["a"]},  # a cycle must not loop
            "d": {"depends": []},
        }
    }
    assert fetch_pyodide.closure(lock, ("a",)) == ["b-c", "a"]
    with pytest.raises(fetch_pyodide.IntegrityError, match="no package 'e'"):
        fetch_pyodide.closure(lock, ("e",))


def test_live_mode_switch() -> None:
    assert nnbook_live.live_enabled({})
    assert nnbook_live.live_enabled({"NNBOOK_LIVE": "1"})
    assert not nnbook_live.live_enabled({"NNBOOK_LIVE": "0"})
    assert not nnbook_live.live_enabled({"NNBOOK_LIVE": "off"})


def test_live_checks_pass_here_too() -> None:
    """The script sent to the browser's kernel is itself right (here, on the development Python)."""
    sys.path.insert(0, str(ROOT / "tests"))
    import live_checks

    assert live_checks.main()["worst_gradient_error"] < 1e-5


# --- in the browser -------------------------------------------------------------------------

KERNEL_IDLE = """() => {
  const panel = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  const session = panel && panel.sessionContext && panel.sessionContext.session;
  return !!(session && session.kernel && session.kernel.status === 'idle');
}"""

# Run All stops at the first cell that raises: then the run has ended too.
RUN_ENDED = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  const cells = panel.content.widgets.filter((cell) => cell.model.type === 'code');
  const failed = cells.some((cell) => cell.model.outputs.toJSON().some((o) => o.output_type === 'error'));
  const done = cells.every((cell) => cell.model.executionCount !== null && !cell.hasClass('jp-mod-pending'));
  return (done || failed) && panel.sessionContext.session.kernel.status === 'idle';
}"""

ALL_EXECUTED = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  const cells = panel.content.widgets.filter((cell) => cell.model.type === 'code');
  const done = cells.every((cell) => cell.model.executionCount !== null && !cell.hasClass('jp-mod-pending'));
  return done && panel.sessionContext.session.kernel.status === 'idle';
}"""

CELL_ERRORS = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  const errors = [];
  panel.content.widgets.filter((cell) => cell.model.type === 'code').forEach((cell, index) => {
    const outputs = cell.model.outputs.toJSON();
    outputs.filter((o) => o.output_type === 'error')
      .forEach((o) => errors.push(`cell ${index}: ${o.ename}: ${o.evalue}`));
    outputs.filter((o) => o.output_type === 'stream' && o.name === 'stderr')
      .forEach((o) => errors.push(`cell ${index} wrote to stderr: ${[].concat(o.text).join('').slice(0, 300)}`));
  });
  return errors;
}"""

# The figure next to the first slider: the PNG that the widget's output shows.
FIGURE = """() => {
  const slider = document.querySelector('.jp-OutputArea .widget-slider');
  if (!slider) return null;
  const area = slider.closest('.jp-OutputArea-output') || slider.closest('.jp-OutputArea');
  const img = [...area.querySelectorAll('img')].find((i) => i.complete && i.naturalWidth > 50);
  const readout = slider.querySelector('.widget-readout');
  return img ? {src: img.src, readout: readout ? (readout.value || readout.textContent) : null} : null;
}"""

# Bring the first cell that shows a slider into view (JupyterLab does not lay out the cells far off screen).
SHOW_FIRST_SLIDER = """async () => {
  const notebook = window.jupyterapp.shell.currentWidget.content;
  const index = notebook.widgets.findIndex((cell) => cell.node.querySelector('.jp-OutputArea .widget-slider'));
  notebook.activeCellIndex = index;
  await notebook.scrollToItem(index, 'start');
  return index;
}"""

EXECUTE = """async (code) => {
  const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
  const future = kernel.requestExecute({code, store_history: false});
  let out = '';
  let error = null;
  future.onIOPub = (msg) => {
    const kind = msg.header.msg_type;
    if (kind === 'stream') out += msg.content.text;
    if (kind === 'error') error = `${msg.content.ename}: ${msg.content.evalue}\\n${msg.content.traceback.join('\\n')}`;
  };
  const reply = await future.done;
  return {status: reply.content.status, out, error};
}"""


@dataclass
class LiveChapter:
    """The live chapter open in chromium, and what was seen while it opened."""

    docname: str
    page: object
    timings: dict = field(default_factory=dict)
    blocked: list = field(default_factory=list)
    failed: list = field(default_factory=list)
    missing: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    console: list = field(default_factory=list)
    downloaded: list = field(default_factory=list)

    def diagnostics(self) -> str:
        return (
            f"blocked: {self.blocked}\nfailed: {self.failed}\nmissing: {self.missing}\nerrors: {self.errors}\n"
            + "\n".join(self.console[-30:])
        )


def chapter_to_open() -> str:
    """The neuron chapter when there is one, else the first notebook of the book."""
    notebooks = lite_build.live_notebooks(ROOT)
    if not notebooks:
        missing("no notebook in _toc.yml")
    return "book/01_neuron" if "book/01_neuron" in notebooks else next(iter(notebooks))


@pytest.fixture(scope="module")
def live_chapter(browser, site: str):
    """Click "Run live" on a chapter, wait for the kernel, Run All, and time each step."""
    live_site()
    docname = chapter_to_open()
    chapter = LiveChapter(docname, page=None)
    context = offline_context(browser, chapter.blocked)
    book_page = context.new_page()
    book_page.goto(f"{site}/{docname}.html", wait_until="networkidle")
    button = book_page.locator("a.btn-nnbook-live-button")
    assert button.is_visible(), "the Run live button is not visible"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    book_page.screenshot(path=str(SCREENSHOTS / f"live-button-{Path(docname).name}.png"))

    context.on("response", lambda response: chapter.downloaded.append(int(response.headers.get("content-length", 0))))
    start = time.perf_counter()
    with context.expect_page() as opened:
        button.click()
    page = opened.value
    chapter.page = page
    page.on("pageerror", lambda error: chapter.errors.append(str(error)))
    page.on("requestfailed", lambda request: chapter.failed.append(request.url))
    page.on("response", lambda response: response.status >= 400 and chapter.missing.append(response.url))
    page.on("console", lambda message: chapter.console.append(f"{message.type}: {message.text[:300]}"))
    seconds = lambda: round(time.perf_counter() - start, 2)  # noqa: E731
    try:
        page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell.currentWidget", timeout=60_000)
        chapter.timings["interface_ready_s"] = seconds()
        page.wait_for_function(KERNEL_IDLE, timeout=90_000, polling=100)
        chapter.timings["kernel_idle_s"] = seconds()
        page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
        page.wait_for_function(FIGURE, timeout=60_000, polling=50)
        chapter.timings["first_widget_s"] = seconds()
        page.wait_for_function(ALL_EXECUTED, timeout=60_000, polling=100)
        chapter.timings["all_cells_s"] = seconds()
        chapter.timings["downloaded_mb"] = round(sum(chapter.downloaded) / 1e6, 1)
    except Exception as error:  # a timeout: say what the page showed
        context.close()
        pytest.fail(f"the live chapter did not come up: {error}\n{chapter.diagnostics()}")
    yield chapter
    context.close()


@pytest.mark.browser
def test_live_chapter_runs_offline_and_a_dragged_slider_redraws_the_figure(live_chapter: LiveChapter) -> None:
    page = live_chapter.page
    assert page.evaluate(CELL_ERRORS) == [], "the live chapter shows errors:\n" + live_chapter.diagnostics()
    assert page.evaluate(SHOW_FIRST_SLIDER) >= 0, "no slider in the live chapter"
    handle = page.locator(".jp-OutputArea .widget-slider .noUi-handle").first
    handle.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    before = page.evaluate(FIGURE)

    drag(page, handle, 120)  # one long drag: the figure must change
    page.wait_for_function(f"() => {{ const f = ({FIGURE})(); return f && f.src !== {json.dumps(before['src'])}; }}")
    after = page.evaluate(FIGURE)
    assert after["readout"] != before["readout"], "the slider did not move"
    assert after["src"] != before["src"], "the figure did not change"

    redraws = []  # then short moves, each timed from the mouse release to the new figure
    for step in (-20, -20, -20, -20, -20):
        page.wait_for_timeout(300)
        shown = page.evaluate(FIGURE)["src"]
        drag(page, handle, step)
        moved = time.perf_counter()
        page.wait_for_function(
            f"() => {{ const f = ({FIGURE})(); return f && f.src !== {json.dumps(shown)}; }}", polling="raf"
        )
        redraws.append(round(time.perf_counter() - moved, 3))
    page.locator(".jp-OutputArea", has=page.locator(".widget-slider")).first.evaluate("area => area.scrollIntoView()")
    page.wait_for_timeout(300)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"live-{Path(live_chapter.docname).name}.png"))
    live_chapter.timings["redraw_s"] = redraws
    write_timings(live_chapter)

    assert live_chapter.blocked == [], f"requests left 127.0.0.1: {live_chapter.blocked}"
    assert live_chapter.failed == [], f"requests failed: {live_chapter.failed}"
    assert live_chapter.missing == [], f"missing files: {live_chapter.missing}"
    assert live_chapter.errors == [], f"page errors: {live_chapter.errors}"


@pytest.mark.browser
def test_nnbook_passes_its_checks_inside_the_pyodide_kernel(live_chapter: LiveChapter) -> None:
    """nnbook on what Pyodide has (Python 3.12, numpy 2.0, matplotlib 3.8), in the reader's browser."""
    code = (ROOT / "tests" / "live_checks.py").read_text().replace('if __name__ == "__main__":', "if True:")
    result = live_chapter.page.evaluate(EXECUTE, code)
    traceback = re.sub(r"\x1b\[[0-9;]*m", "", result["error"] or "")
    assert result["status"] == "ok", traceback or result
    report = eval(result["out"].split("nnbook live checks passed:", 1)[1].strip(), {})  # a printed dict
    assert report["platform"] == "emscripten"
    assert report["python"].startswith("3.12.") and report["numpy"].startswith("2.0.")
    assert report["matplotlib"].startswith("3.8.") and report["fewest_images_of_a_digit"] == 174
    REPORT.append(f"nnbook checks in the Pyodide kernel: {report}")


# Which modules from site-packages and from the standard library's zip the kernel has loaded
# with bytecode it accepts (right magic number, checked-hash, the hash of the source beside
# it), and which without. zipimport names a module by its .pyc only when it used that file.
BYTECODE_REPORT = """
import _imp, importlib.util, json, sys
from importlib._bootstrap_external import _RAW_MAGIC_NUMBER
site = f"/lib/python{sys.version_info.major}.{sys.version_info.minor}/site-packages/"
stdlib = f"/lib/python{sys.version_info.major}{sys.version_info.minor}.zip/"
used, without = [], []
for name, module in list(sys.modules.items()):
    spec = getattr(module, "__spec__", None)
    if spec and spec.origin and spec.origin.startswith(stdlib):
        (used if spec.origin.endswith(".pyc") else without).append(name)
        continue
    if not (spec and spec.origin and spec.origin.startswith(site) and spec.origin.endswith(".py")):
        continue
    try:
        with open(spec.cached, "rb") as pyc, open(spec.origin, "rb") as source:
            data, code = pyc.read(16), source.read()
    except OSError:
        without.append(name)
        continue
    valid = data[:4] == importlib.util.MAGIC_NUMBER and data[4:8] == (3).to_bytes(4, "little")
    (used if valid and data[8:16] == _imp.source_hash(_RAW_MAGIC_NUMBER, code) else without).append(name)
print(json.dumps({"used": len(used), "without": sorted(without)}))
"""


@pytest.mark.browser
def test_the_kernel_loads_every_module_from_shipped_bytecode(live_chapter: LiveChapter) -> None:
    """After the chapter ran, no module from site-packages or the standard library was compiled
    in the browser (tools/live_bytecode.py)."""
    result = live_chapter.page.evaluate(EXECUTE, BYTECODE_REPORT)
    assert result["status"] == "ok", result["error"]
    report = json.loads(result["out"])
    assert report["used"] > 700
    assert report["without"] == [], "modules compiled in the browser; import them in tools/live_bytecode_pyodide.py"
    REPORT.append(f"live kernel: {report['used']} modules loaded from shipped bytecode, none compiled in the browser")


# The font list the start-up script gives matplotlib: matplotlib uses it (instead of building
# its own, 0.3 s) only if it was made by this very matplotlib version.
FONT_LIST_REPORT = f"""
import importlib.util, json
from pathlib import Path
import matplotlib.font_manager as font_manager
startup = Path(importlib.util.find_spec({lite_build.STARTUP_PACKAGE!r}).origin).parent
shipped = json.loads((startup / {lite_build.FONT_LIST!r}).read_text())
in_use = json.loads((Path(font_manager.__file__).parent / "fontlist.json").read_text())
print(json.dumps({{"shipped": shipped["_version"], "in_use": in_use == shipped,
                  "expected": font_manager.FontManager.__version__}}))
"""


@pytest.mark.browser
def test_the_kernel_gets_a_font_list_that_matplotlib_accepts(live_chapter: LiveChapter) -> None:
    result = live_chapter.page.evaluate(EXECUTE, FONT_LIST_REPORT)
    assert result["status"] == "ok", result["error"]
    report = json.loads(result["out"])
    assert report["shipped"] == report["expected"], f"the shipped font list is for another matplotlib: {report}"
    assert report["in_use"], "matplotlib's folder holds another font list than the one shipped"


@pytest.mark.browser
def test_what_the_kernel_does_not_preload_still_loads_when_a_cell_imports_it(live_chapter: LiveChapter) -> None:
    """ssl, sqlite3 and jedi are left out of the kernel's start (lite_build.KERNEL_INSTALLS) but served.

    (After the bytecode test: these modules are compiled in the browser.)"""
    scripts = [path.read_text() for path in (LITE / lite_build.KERNEL_STATIC).glob("*.js")]
    assert not any(lite_build.KERNEL_INSTALLS in text for text in scripts), "the kernel still installs them"
    code = "import sqlite3, ssl, jedi\nprint(sqlite3.connect(':memory:').execute('select 6 * 7').fetchone()[0])"
    result = live_chapter.page.evaluate(EXECUTE, code)
    assert result["status"] == "ok", result["error"]
    assert result["out"].strip() == "42"


def other_chapters() -> list[str]:
    """Every live chapter but the one the tests above open."""
    notebooks = list(lite_build.live_notebooks(ROOT))
    if not notebooks:
        return []
    opened = chapter_to_open()
    return [docname for docname in notebooks if docname != opened]


@pytest.fixture(scope="module")
def chapters_run_live(browser, site: str) -> dict[str, dict]:
    """Run All in every other live chapter, offline, two chapters at a time (each kernel is a
    worker of its own, so two use both cores); what each page showed when its run ended."""
    live_site()
    results: dict[str, dict] = {}
    names = other_chapters()
    for pair in (names[i : i + 2] for i in range(0, len(names), 2)):
        runs = []
        for docname in pair:
            blocked: list[str] = []
            context = offline_context(browser, blocked)
            page = context.new_page()
            page.goto(f"{site}/lite/{lite_build.app_url(lite_build.live_notebooks(ROOT)[docname])}")
            runs.append((docname, context, page, blocked, time.perf_counter()))
        try:
            for _, _, page, _, _ in runs:
                page.wait_for_function(KERNEL_IDLE, timeout=90_000, polling=100)
                page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
            for docname, _, page, blocked, start in runs:
                page.wait_for_function(RUN_ENDED, timeout=600_000, polling=250)
                results[docname] = {
                    "errors": page.evaluate(CELL_ERRORS),
                    "ran": page.evaluate(ALL_EXECUTED),
                    "blocked": blocked,
                    "seconds": time.perf_counter() - start,
                }
        finally:
            for _, context, _, _, _ in runs:
                context.close()
    return results


@pytest.mark.browser
@pytest.mark.parametrize("docname", other_chapters())
def test_every_other_chapter_runs_live_to_its_end(chapters_run_live: dict, docname: str) -> None:
    """Run All in each live chapter, offline: every cell runs, none shows an error or writes to
    stderr (chapter 8 also loads scikit-learn for its comparison, only when a cell imports it)."""
    result = chapters_run_live[docname]
    assert result["errors"] == [] and result["ran"], f"{docname} live: {result['errors']}"
    assert result["blocked"] == [], f"requests left 127.0.0.1: {result['blocked']}"
    REPORT.append(f"{docname} live: every cell ran in {result['seconds']:.0f} s (two chapters at a time)")


# A browser without WebAssembly JSPI (stack switching; Safari has none), as Pyodide detects it:
# these are deleted in the kernel's worker before Pyodide loads. This chromium has no flag that
# switches JSPI off.
NO_JSPI = "delete WebAssembly.Suspending; delete WebAssembly.promising; delete WebAssembly.Suspender;\n"


@pytest.mark.browser
def test_a_chapter_runs_live_in_a_browser_without_jspi(browser, site: str) -> None:
    """With ``enableRunUntilComplete`` on (as the site sets it) and no JSPI, the kernel starts and
    chapter 1 runs to its first widget without an error (benchmarks/live_jspi.py compares the settings)."""
    live_site()
    assert lite_build.kernel_settings(LITE)["loadPyodideOptions"]["enableRunUntilComplete"] is True
    blocked: list[str] = []
    context = offline_context(browser, blocked)

    def without_jspi(route) -> None:
        response = route.fetch()
        route.fulfill(response=response, body=NO_JSPI.encode() + response.body())

    context.route("**/static/pyodide/pyodide.js", without_jspi)
    page = context.new_page()
    try:
        page.goto(f"{site}/lite/{lite_build.app_url(lite_build.live_notebooks(ROOT)[chapter_to_open()])}")
        page.wait_for_function(KERNEL_IDLE, timeout=90_000, polling=100)
        page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
        page.wait_for_function(FIGURE, timeout=90_000, polling=100)
        assert page.evaluate(CELL_ERRORS) == []
        probe = page.evaluate(EXECUTE, "from pyodide.ffi import can_run_sync\nprint(can_run_sync())")
        assert probe["out"].strip() == "False", f"JSPI was not removed: {probe}"
    finally:
        context.close()
    assert blocked == [], f"requests left 127.0.0.1: {blocked}"


# --- never stale, nothing lost ---------------------------------------------------------------

NOTEBOOK_READY = """() => {
  const panel = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  return !!(panel && panel.context && panel.context.isReady && panel.content.widgets.length > 0);
}"""

NOTEBOOK = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  return {path: panel.context.path, sources: panel.content.widgets.map((cell) => cell.model.sharedModel.getSource())};
}"""

# The reader changes the first code cell and saves (what Ctrl+S does).
EDIT_AND_SAVE = """async (note) => {
  const panel = window.jupyterapp.shell.currentWidget;
  if (note) {
    const cell = panel.content.widgets.find((cell) => cell.model.type === 'code');
    cell.model.sharedModel.setSource(cell.model.sharedModel.getSource() + note);
  }
  await panel.context.save();
}"""

STORED = """async () => (await window.jupyterapp.serviceManager.contents.get('')).content.map((item) => item.name)"""


def republish(lite: Path, lite_path: str) -> str:
    """Publish a corrected version of a chapter in the site copy ``lite``: a sentence added to
    its first text cell after the note, and its version and the site's list of versions updated."""
    path = lite / "files" / lite_path
    notebook = json.loads(path.read_text())
    cell = next(cell for cell in notebook["cells"][1:] if cell["cell_type"] == "markdown")
    correction = "Corrected in this edition."
    cell["source"] = "".join(cell["source"]) + f"\n\n{correction}"
    notebook["metadata"]["nnbook_live"]["version"] = lite_build.cells_version(notebook)
    path.write_text(json.dumps(notebook))
    versions = json.loads((lite / lite_build.VERSIONS).read_text())
    versions[lite_path] = notebook["metadata"]["nnbook_live"]["version"]
    (lite / lite_build.VERSIONS).write_text(json.dumps(versions))
    return correction


@pytest.fixture
def republishable_site(built_book: dict, tmp_path: Path):
    """A copy of the built site (links, but for the notebooks and their versions) served on 127.0.0.1."""
    assert built_book["returncode"] == 0
    live_site()
    import functools
    import http.server
    import shutil
    import threading

    from conftest import QuietHandler

    lite = tmp_path / "site" / "lite"
    lite.mkdir(parents=True)
    for entry in LITE.iterdir():
        if entry.name not in {"files", lite_build.VERSIONS}:
            (lite / entry.name).symlink_to(entry)
    shutil.copytree(LITE / "files", lite / "files")
    shutil.copy2(LITE / lite_build.VERSIONS, lite / lite_build.VERSIONS)
    handler = functools.partial(QuietHandler, directory=str(tmp_path / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield lite, f"http://127.0.0.1:{server.server_address[1]}/lite"
    server.shutdown()


@pytest.mark.browser
def test_a_returning_reader_gets_the_republished_chapter_and_keeps_their_copy(browser, republishable_site) -> None:
    """Open two chapters, edit and save one, save the other unchanged, republish both, reopen:
    the new chapters open, a notice says so, the edited copy is kept under its own name (one
    click away) and the unchanged one is not kept twice."""
    lite, url = republishable_site
    edited, unchanged = list(lite_build.live_notebooks(ROOT).values())[:2]
    blocked: list[str] = []
    context = offline_context(browser, blocked)
    context.route("**/static/pyodide/**", lambda route: route.abort())  # no kernel needed here
    page = context.new_page()

    def open_notebook(path: str) -> dict:
        page.goto(f"{url}/{lite_build.app_url(path)}")
        page.wait_for_function(NOTEBOOK_READY, timeout=60_000)
        return page.evaluate(NOTEBOOK)

    note = "\n# the reader's own note"
    try:
        first = open_notebook(edited)
        page.evaluate(EDIT_AND_SAVE, note)
        open_notebook(unchanged)
        page.evaluate(EDIT_AND_SAVE, "")
        assert open_notebook(edited)["sources"] != first["sources"], "the saved copy is not shown (nothing to test)"
        correction = {path: republish(lite, path) for path in (edited, unchanged)}

        reopened = open_notebook(edited)
        notice = page.locator("#nnbook-fresh-notice")
        notice.wait_for(timeout=10_000)
        copy_name = f"{Path(edited).stem} (your copy).ipynb"
        assert any(correction[edited] in source for source in reopened["sources"]), "the old chapter is shown"
        assert not any(note in source for source in reopened["sources"])
        assert "has changed" in notice.inner_text() and copy_name in notice.inner_text()
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "live-republished.png"))
        page.set_viewport_size({"width": 390, "height": 844})  # a phone: the notice still fits
        page.screenshot(path=str(SCREENSHOTS / "live-republished-phone.png"))
        assert notice.bounding_box()["width"] <= 390
        page.set_viewport_size({"width": 1280, "height": 900})
        notice.get_by_role("link", name="Open your copy").click()
        page.wait_for_function(NOTEBOOK_READY, timeout=60_000)
        page.wait_for_function(f"() => window.jupyterapp.shell.currentWidget.context.path === {json.dumps(copy_name)}")
        assert any(note in source for source in page.evaluate(NOTEBOOK)["sources"]), "the reader's edit is lost"

        reopened = open_notebook(unchanged)
        assert any(correction[unchanged] in source for source in reopened["sources"])
        page.locator("#nnbook-fresh-notice").wait_for(timeout=10_000)
        stored = page.evaluate(STORED)
        assert copy_name in stored and f"{Path(unchanged).stem} (your copy).ipynb" not in stored, stored

        open_notebook(edited)  # now current: no notice, no second copy
        page.wait_for_timeout(500)
        assert page.locator("#nnbook-fresh-notice").count() == 0
        assert sum(name.startswith(Path(edited).stem) for name in page.evaluate(STORED)) == 2
    finally:
        context.close()
    assert blocked == [], f"requests left 127.0.0.1: {blocked}"


def write_timings(chapter: LiveChapter) -> None:
    """Record the measurements in _build/live-timings.json and in the terminal summary."""
    timings = dict(chapter.timings)
    redraws = timings.get("redraw_s", [])
    result = {
        "chapter": chapter.docname,
        **timings,
        "redraw_median_s": statistics.median(redraws) if redraws else None,
        "redraw_max_s": max(redraws) if redraws else None,
        "goals": GOALS,
        "first_widget_goal_met": timings["first_widget_s"] <= GOALS["first_widget_s"],
        "redraw_goal_met": bool(redraws) and statistics.median(redraws) <= GOALS["redraw_s"],
        "cores": os.cpu_count(),
        "ci": IN_CI,
    }
    TIMINGS.parent.mkdir(parents=True, exist_ok=True)
    TIMINGS.write_text(json.dumps(result, indent=1))
    REPORT.append(
        f"live mode, {chapter.docname}: interface {timings['interface_ready_s']} s, kernel idle "
        f"{timings['kernel_idle_s']} s, first widget {timings['first_widget_s']} s "
        f"(goal {GOALS['first_widget_s']} s: {'met' if result['first_widget_goal_met'] else 'NOT met'}), "
        f"all cells {timings['all_cells_s']} s, {timings['downloaded_mb']} MB downloaded; "
        f"redraw median {result['redraw_median_s']} s, "
        f"max {result['redraw_max_s']} s (goal {GOALS['redraw_s']} s: "
        f"{'met' if result['redraw_goal_met'] else 'NOT met'}) -> {TIMINGS.relative_to(ROOT)}"
    )
    print(REPORT[-1])
