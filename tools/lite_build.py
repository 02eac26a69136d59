"""Build the JupyterLite site of live mode: every notebook of ``_toc.yml``, runnable in the browser.

The site goes into ``_build/html/lite`` (the Sphinx extension ``nnbook_live`` calls
:func:`build` when the book is built; ``python tools/lite_build.py`` does it alone):

1. the notebooks listed in ``_toc.yml`` are copied with their outputs cleared (a live
   notebook is run by its reader) together with the local files their text refers to;
2. ``jupyter lite build`` makes the site from ``live/`` (its ``jupyter-lite.json`` and
   the verified Pyodide that :mod:`fetch_pyodide` assembles in ``live/static/pyodide``),
   with only the ``notebooks`` app and no source maps;
3. nnbook is built as a wheel, served next to Pyodide's own packages and listed in the
   site's ``pyodide-lock.json``: the kernel loads every package named in that lock the
   first time a cell imports it, so ``import nnbook`` works with no ``%pip install``;
4. what the kernel imports is byte-compiled with the site's own Pyodide
   (:mod:`live_bytecode`): a preloaded wheel for ``site-packages`` and a copy of the
   standard library's zip with bytecode, which the kernel loads instead of the official one;
   the kernel's start-up wheel gets matplotlib's font list from the same run;
5. every live notebook carries the version of its cells (``metadata.nnbook_live``, listed
   in ``nnbook-versions.json``), and the notebook page first runs ``live/fresh.js``: a
   reader's saved copy of an older version is moved aside (kept under its own name if the
   reader changed it) so that the new chapter opens, with a notice in the page;
6. font formats that no current browser loads are dropped, and the build fails if any
   file is a source map or any stylesheet loads something from outside the site.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote, urlparse

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

import fetch_pyodide
import live_bytecode
import myst_live

ROOT = Path(__file__).resolve().parent.parent
LITE_DIR = fetch_pyodide.LITE_DIR
#: The only JupyterLite app the book uses: one notebook per page.
APP = "notebooks"
#: What ``import nnbook`` brings along in the browser: the core needs numpy, the chapters'
#: figures and widgets need matplotlib and ipywidgets (``nnbook[widgets]``).
NNBOOK_DEPENDS = ["numpy", "matplotlib", "ipywidgets"]
#: The Pyodide kernel's own wheels (shipped by jupyterlite-pyodide-kernel), added to the lock
#: so that the kernel can load them in the same parallel batch as everything else:
#: ``{name: (depends, imports)}``.
KERNEL_WHEELS = {
    "piplite": (["micropip"], ["piplite"]),
    "ipykernel": (["comm"], ["ipykernel"]),
    "pyodide-kernel": (["ipython", "comm", "ipykernel", "piplite"], ["pyodide_kernel"]),
}
KERNEL_STATIC = "extensions/@jupyterlite/pyodide-kernel-extension/static"
KERNEL_PYPI = f"{KERNEL_STATIC}/pypi"
#: The kernel's worker installs these packages as it starts, one after another, unless they are
#: preloaded (``initKernel`` in its JavaScript). Three are used by no chapter: ssl (with
#: openssl), sqlite3 (IPython's history database) and jedi (IPython completes names without
#: it). They stay served and listed in the lock, so that a cell that imports one still loads
#: it. Left out, a first visit sends about 4 MB and 36 requests less (benchmarks/live_link.py).
KERNEL_INSTALLS = '["ssl","sqlite3","ipykernel","comm","pyodide_kernel","jedi","ipython"]'
KERNEL_INSTALLS_KEPT = '["ipykernel","comm","pyodide_kernel","ipython"]'
#: A tiny wheel of our own whose folder ``ipython/`` is the kernel's IPYTHONDIR (set in
#: ``live/jupyter-lite.json``): IPython runs its ``profile_default/startup`` scripts when the
#: kernel starts.
STARTUP_PACKAGE = "nnbook_live_startup"
FONT_LIST = live_bytecode.FONT_LIST
#: The wheel that gives the live kernel ``myst_nb.glue`` (``live/myst_nb.py``).
GLUE_PACKAGE = "nnbook_live_glue"
#: What the start-up script imports, before the reader runs a cell.
STARTUP_IMPORTS = ("numpy", "matplotlib.pyplot", "ipywidgets", "nnbook")
STARTUP_SCRIPT = f'''"""Run by IPython when the live kernel starts (IPYTHONDIR points here; see tools/lite_build.py).

It runs in the reader's namespace, so it defines nothing there.
"""


def _nnbook_live_startup() -> None:
    import importlib
    import importlib.util
    import shutil
    from pathlib import Path

    # Pyodide's matplotlib keeps its font list in its own folder, and the list it ships was made
    # by another matplotlib version, so the first import would rebuild it (0.3 s) and warn
    # "Matplotlib is building the font cache" under the chapter's first figure. The build made
    # the right list with this very Pyodide (tools/live_bytecode.py).
    here = Path(importlib.util.find_spec({STARTUP_PACKAGE!r}).origin).parent
    matplotlib = Path(importlib.util.find_spec("matplotlib").origin).parent
    shutil.copyfile(here / {FONT_LIST!r}, matplotlib / "fontlist.json")
    # What every chapter imports first (about 1 s in the browser), done while the reader
    # reads, so that Run All shows the first figure sooner.
    for module in {STARTUP_IMPORTS!r}:
        importlib.import_module(module)


_nnbook_live_startup()
del _nnbook_live_startup
'''
#: What the kernel imports as it starts (its worker imports micropip and piplite first), and
#: the backend through which it shows figures.
KERNEL_IMPORTS = ["micropip", "piplite.piplite", "pyodide_kernel"]
FIGURE_BACKEND = "matplotlib_inline.backend_inline"
#: The wheel of ahead-of-time bytecode for what the kernel imports (see :mod:`live_bytecode`).
BYTECODE_PACKAGE = "nnbook_live_bytecode"
#: The standard library's zip as Pyodide ships it, and the copy with bytecode that the site
#: serves instead (``loadPyodideOptions.stdLibURL`` in ``live/jupyter-lite.json``).
OFFICIAL_STDLIB = "python_stdlib.zip"
STDLIB_ZIP = "python_stdlib_pyc.zip"
#: JupyterLite's service worker, disabled in ``live/jupyter-lite.json``. It lets the kernel see
#: the reader's files (its folder ``/drive``, which the book's chapters do not use), but then
#: the kernel works in that folder, and every import looks there first: a round trip through
#: the service worker to the page each time, 1-2 s in all as the kernel starts.
SERVICE_WORKER = "@jupyterlite/application-extension:service-worker-manager"
KERNEL_SETTINGS = "@jupyterlite/pyodide-kernel-extension:kernel"
#: A note placed above each live notebook.
LIVE_NOTE = (
    "**Live mode.** This chapter runs in your browser (Python compiled to WebAssembly by "
    "Pyodide): nothing is installed and no server computes. Choose *Run › Run All Cells*, "
    "then move the sliders. Your changes stay in this browser."
)


#: Never stale (step 5 above): the script, where the site serves it, and the versions it reads.
FRESH_SCRIPT = LITE_DIR / "fresh.js"
FRESH_SERVED = "nnbook-fresh.js"
VERSIONS = "nnbook-versions.json"


class LiteBuildError(RuntimeError):
    """The JupyterLite site could not be built as live mode requires."""


@dataclass
class LiteSite:
    """What :func:`build` made."""

    output: Path
    notebooks: dict[str, str]
    seconds: float

    @property
    def size(self) -> int:
        return fetch_pyodide.size(self.output)


def toc_files(root: Path = ROOT) -> list[str]:
    """Every ``file:`` of ``_toc.yml`` (root, parts, chapters, sections), in reading order."""
    toc = yaml.safe_load((root / "_toc.yml").read_text())
    found: list[str] = [toc["root"]] if "root" in toc else []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if "file" in node:
                found.append(str(node["file"]))
            for key in ("parts", "chapters", "sections"):
                walk(node.get(key, []))
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(toc)
    return found


def live_notebooks(root: Path = ROOT) -> dict[str, str]:
    """``{docname: path inside the live site}`` for every notebook of ``_toc.yml``.

    The docname is Sphinx's (``book/01_neuron``); the path is relative to the folder that
    holds all the notebooks (``01_neuron.ipynb``).
    """
    docnames = [name.removesuffix(".ipynb") for name in toc_files(root)]
    docnames = [name for name in docnames if (root / f"{name}.ipynb").exists()]
    if not docnames:
        return {}
    base = Path(os.path.commonpath([Path(name).parent for name in docnames]))
    return {name: Path(f"{name}.ipynb").relative_to(base).as_posix() for name in docnames}


def app_url(lite_path: str) -> str:
    """The URL of a live notebook, relative to the site's ``lite/`` folder."""
    return f"{APP}/index.html?path={quote(lite_path)}"


LINK = re.compile(
    r"""!?\[[^\]]*\]\(\s*<?([^)\s>]+)|\bsrc=["']([^"']+)["']|^[`:]{3,}\{(?:figure|image)\}[ \t]+(\S+)""", re.MULTILINE
)


def referenced_files(notebook: dict, folder: Path) -> list[Path]:
    """The local files (images) that the markdown cells of ``notebook`` show, relative to ``folder``."""
    found = []
    for cell in notebook["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        for match in LINK.finditer(source):
            link = next(group for group in match.groups() if group)
            target = unquote(urlparse(link).path)
            if not target or urlparse(link).scheme or target.startswith("/"):
                continue
            path = (folder / target).resolve()
            if path.is_file() and path.is_relative_to(folder.resolve()):
                found.append(path)
    return found


def live_copy(notebook: dict, folder: Path, refs: myst_live.BookReferences | None = None) -> dict:
    """The notebook as a reader gets it live: no stored outputs or widget state, a note on top,
    and its MyST markdown as plain Markdown (:mod:`myst_live`; ``folder`` is the notebook's
    folder, ``refs`` what the book build knows of equation numbers, titles and citations)."""
    for cell in notebook["cells"]:
        cell.get("metadata", {}).pop("execution", None)
        if cell["cell_type"] == "markdown":
            source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            cell["source"] = myst_live.to_live_markdown(source, folder, refs)
        if cell["cell_type"] == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
    notebook.get("metadata", {}).pop("widgets", None)
    note = {"cell_type": "markdown", "metadata": {"tags": ["nnbook-live-note"]}, "source": LIVE_NOTE}
    if notebook.get("nbformat", 4) >= 4 and notebook.get("nbformat_minor", 0) >= 5:
        note["id"] = "nnbook-live-note"
    notebook["cells"].insert(0, note)
    notebook.setdefault("metadata", {})["nnbook_live"] = {"version": cells_version(notebook)}
    return notebook


def cells_version(notebook: dict) -> str:
    """The version of a notebook's cells: the start of the sha256 of their kinds and sources.

    ``live/fresh.js`` computes the same in the browser (``cellsVersion``) to tell a reader's
    edited copy from an unchanged one; outputs do not count.
    """
    cells = [
        [cell["cell_type"], "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]]
        for cell in notebook["cells"]
    ]
    text = json.dumps(cells, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def install_freshness(output: Path, contents: Path, notebooks: dict[str, str]) -> None:
    """Serve ``live/fresh.js`` and the chapters' versions, and run the script before JupyterLite starts."""
    versions = {
        path: json.loads((contents / path).read_text())["metadata"]["nnbook_live"]["version"]
        for path in notebooks.values()
    }
    (output / VERSIONS).write_text(json.dumps(versions, indent=1, sort_keys=True))
    script = FRESH_SCRIPT.read_bytes()
    (output / FRESH_SERVED).write_bytes(script)
    page = output / APP / "index.html"
    html = page.read_text()
    call = (
        f"await import('../{FRESH_SERVED}?_={hashlib.sha256(script).hexdigest()[:8]}')"
        ".then((fresh) => fresh.main(), (error) => console.warn(error));\n        "
    )
    if html.count("await import(") != 1:
        raise LiteBuildError(f"{page} does not start JupyterLite with one import() as expected")
    page.write_text(html.replace("await import(", call + "await import(", 1))


def stage_contents(root: Path, staging: Path, refs: myst_live.BookReferences | None = None) -> dict[str, str]:
    """Write the live copies of the book's notebooks (and the files they show) into ``staging``."""
    notebooks = live_notebooks(root)
    for docname, lite_path in notebooks.items():
        source = root / f"{docname}.ipynb"
        notebook = json.loads(source.read_text())
        target = staging / lite_path
        target.parent.mkdir(parents=True, exist_ok=True)
        for path in referenced_files(notebook, source.parent):
            copy = target.parent / path.relative_to(source.parent.resolve())
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, copy)
        target.write_text(json.dumps(live_copy(notebook, source.parent, refs), indent=1, ensure_ascii=False))
    return notebooks


def run(command: list[str], what: str, cwd: Path = ROOT, env: dict[str, str] | None = None) -> None:
    result = subprocess.run(command, capture_output=True, text=True, cwd=cwd, env={**os.environ, **(env or {})})
    if result.returncode != 0:
        output = "\n".join(line for line in (result.stdout + result.stderr).splitlines() if "is ignored" not in line)
        raise LiteBuildError(f"{what} failed:\n{output[-4000:]}")


def build_nnbook_wheel(root: Path, target: Path) -> Path:
    """nnbook as a wheel, built from a clean copy of its sources (no stray build folders)."""
    with tempfile.TemporaryDirectory() as temporary:
        source = Path(temporary) / "src"
        source.mkdir()
        for name in ("pyproject.toml", "README.md"):
            shutil.copy2(root / name, source / name)
        shutil.copytree(root / "nnbook", source / "nnbook", ignore=shutil.ignore_patterns("__pycache__"))
        command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--quiet"]
        # A fixed date in the zip: the same sources make the same wheel (and hit the bytecode cache).
        fixed_date = {"SOURCE_DATE_EPOCH": "315532800"}
        run([*command, "-w", str(target), str(source)], "building the nnbook wheel", env=fixed_date)
    wheels = sorted(target.glob("nnbook-*.whl"))
    if not wheels:
        raise LiteBuildError(f"pip wheel wrote no nnbook wheel into {target}")
    return wheels[-1]


def write_wheel(target: Path, name: str, files: dict[str, str | bytes], version: str = "1.0") -> Path:
    """Write a pure-Python wheel holding ``files`` (``{path: content}``) into the folder ``target``."""
    info = f"{name}-{version}.dist-info"
    files = {path: content.encode() if isinstance(content, str) else content for path, content in files.items()}
    files[f"{info}/METADATA"] = f"Metadata-Version: 2.1\nName: {name.replace('_', '-')}\nVersion: {version}\n".encode()
    files[f"{info}/WHEEL"] = b"Wheel-Version: 1.0\nGenerator: lite_build\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    record = []
    for path, content in files.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(content).digest()).rstrip(b"=").decode()
        record.append(f"{path},sha256={digest},{len(content)}")
    files[f"{info}/RECORD"] = ("\n".join([*record, f"{info}/RECORD,,"]) + "\n").encode()
    target.mkdir(parents=True, exist_ok=True)
    wheel = target / f"{name}-{version}-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, content in files.items():
            entry = zipfile.ZipInfo(path, date_time=(2020, 1, 1, 0, 0, 0))  # the same files, the same wheel
            archive.writestr(entry, content, compress_type=zipfile.ZIP_DEFLATED)
    return wheel


def startup_wheel(target: Path, font_list: bytes) -> Path:
    """Write the ``nnbook-live-startup`` wheel: an IPython profile with one startup script, and
    the font list that script gives matplotlib."""
    return write_wheel(
        target,
        STARTUP_PACKAGE,
        {
            f"{STARTUP_PACKAGE}/__init__.py": '"""The live kernel\'s IPython profile (see tools/lite_build.py)."""\n',
            f"{STARTUP_PACKAGE}/ipython/profile_default/startup/00-nnbook-live.py": STARTUP_SCRIPT,
            f"{STARTUP_PACKAGE}/{FONT_LIST}": font_list,
        },
    )


def glue_wheel(target: Path) -> Path:
    """Write the ``nnbook-live-glue`` wheel: ``live/myst_nb.py`` as the module ``myst_nb``, for
    the chapters' glue cells (Pyodide has no myst-nb)."""
    return write_wheel(target, GLUE_PACKAGE, {"myst_nb/__init__.py": (ROOT / "live" / "myst_nb.py").read_bytes()})


def compile_kernel_modules(served: Path, preloaded: list[str]) -> live_bytecode.Compiled:
    """The bytecode of what the kernel imports, and matplotlib's font list (:mod:`live_bytecode`)."""
    try:
        return live_bytecode.compile_modules(
            served,
            packages=[*preloaded, GLUE_PACKAGE.replace("_", "-")],
            walk=["nnbook"],
            roots=[*STARTUP_IMPORTS, FIGURE_BACKEND, "myst_nb"],
            last=KERNEL_IMPORTS,
        )
    except live_bytecode.BytecodeError as error:
        raise LiteBuildError(str(error)) from error


def add_kernel_wheels(output: Path, served: Path) -> None:
    """Serve the kernel's own wheels next to Pyodide's, listed in the lock (checked against their index)."""
    pypi = output / KERNEL_PYPI
    index = json.loads((pypi / "all.json").read_text())
    for name, (depends, imports) in KERNEL_WHEELS.items():
        key = next((key for key in index if fetch_pyodide.normalize(key) == name), None)
        if key is None:
            raise LiteBuildError(f"the Pyodide kernel ships no {name} wheel in {pypi}")
        (release,) = index[key]["releases"].values()
        (artifact,) = release
        wheel = pypi / artifact["filename"]
        fetch_pyodide.verify(wheel, artifact["digests"]["sha256"], f"{KERNEL_PYPI}/all.json")
        fetch_pyodide.add_to_lock(served, wheel, depends, imports)


def trim_kernel_installs(output: Path) -> int:
    """Keep the kernel's worker from installing what no chapter needs (:data:`KERNEL_INSTALLS`);
    return how many scripts were changed. A kernel whose scripts differ stops the build."""
    changed = 0
    for script in (output / KERNEL_STATIC).glob("*.js"):
        text = script.read_text()
        if KERNEL_INSTALLS in text:
            script.write_text(text.replace(KERNEL_INSTALLS, KERNEL_INSTALLS_KEPT))
            changed += 1
    if not changed:
        raise LiteBuildError(f"no script in {KERNEL_STATIC} lists the packages {KERNEL_INSTALLS}: a new kernel?")
    return changed


def prune_font_fallbacks(output: Path) -> int:
    """Delete the EOT, TTF, SVG and WOFF copies of fonts that also exist as WOFF2; return bytes saved.

    Stylesheets list WOFF2 first and every current browser loads it, so the other
    formats are never requested.
    """
    saved = 0
    for woff2 in output.rglob("*.woff2"):
        for suffix in (".eot", ".ttf", ".svg", ".woff"):
            other = woff2.with_suffix(suffix)
            if other.exists():
                saved += other.stat().st_size
                other.unlink()
    return saved


def remove_source_maps(folder: Path) -> int:
    """Delete every source map under ``folder`` (only a developer's tools ask for them); return bytes saved."""
    saved = 0
    for path in folder.rglob("*.map"):
        saved += path.stat().st_size
        path.unlink()
    return saved


OUTSIDE = re.compile(r"""(?:@import\s+(?:url\()?|url\()\s*["']?\s*((?:https?:)?//[^"')\s]+)""", re.IGNORECASE)


def kernel_settings(output: Path) -> dict:
    """The Pyodide kernel's settings in the built site's ``jupyter-lite.json``."""
    config = json.loads((output / "jupyter-lite.json").read_text())["jupyter-config-data"]
    return config["litePluginSettings"][KERNEL_SETTINGS]


def preloaded_packages(output: Path, exclude: tuple[str, ...] = ()) -> list[str]:
    """The packages the kernel loads before it starts (``loadPyodideOptions.packages``), but ``exclude``."""
    packages = kernel_settings(output).get("loadPyodideOptions", {}).get("packages", [])
    left_out = {fetch_pyodide.normalize(name) for name in exclude}
    return [name for name in packages if fetch_pyodide.normalize(name) not in left_out]


def check_output(output: Path) -> None:
    """Fail on source maps, on stylesheets that would load anything from another host, on a
    package preloaded by the kernel (``loadPyodideOptions.packages``) that the lock does not list,
    and on a ``live/jupyter-lite.json`` without the settings described above."""
    config = json.loads((output / "jupyter-lite.json").read_text())["jupyter-config-data"]
    kernel = config["litePluginSettings"][KERNEL_SETTINGS]
    lock = json.loads((output / "static" / "pyodide" / "pyodide-lock.json").read_text())
    preloaded = preloaded_packages(output)
    missing = [name for name in preloaded if fetch_pyodide.normalize(name) not in lock["packages"]]
    if missing:
        raise LiteBuildError(f"the kernel preloads {missing}, which the site's pyodide-lock.json does not list")
    python = ".".join(lock["info"]["python"].split(".")[:2])
    profile = f"/lib/python{python}/site-packages/{STARTUP_PACKAGE}/ipython"
    if kernel.get("loadPyodideOptions", {}).get("env", {}).get("IPYTHONDIR") != profile:
        raise LiteBuildError(f"live/jupyter-lite.json must set loadPyodideOptions.env.IPYTHONDIR to {profile}")
    if kernel.get("loadPyodideOptions", {}).get("stdLibURL") != f"./static/pyodide/{STDLIB_ZIP}":
        raise LiteBuildError(f"live/jupyter-lite.json must set loadPyodideOptions.stdLibURL to {STDLIB_ZIP}")
    if SERVICE_WORKER not in config.get("disabledExtensions", []):
        raise LiteBuildError(f"live/jupyter-lite.json must list {SERVICE_WORKER} in disabledExtensions")
    if kernel.get("disablePyPIFallback") is not True:
        raise LiteBuildError("live/jupyter-lite.json must set disablePyPIFallback: the site must not load from PyPI")
    maps = [path.relative_to(output).as_posix() for path in output.rglob("*.map")]
    if maps:
        raise LiteBuildError(f"source maps in the live site: {maps[:5]}")
    for css in output.rglob("*.css"):
        outside = OUTSIDE.findall(css.read_text(errors="replace"))
        if outside:
            raise LiteBuildError(f"{css.relative_to(output)} loads {outside[:3]} from outside the site")


def jupyter_lite_build(lite_dir: Path, contents: Path, output: Path) -> None:
    """``jupyter lite build``: only the notebooks app, no source maps, no unused shared packages."""
    (lite_dir / ".jupyterlite.doit.db").unlink(missing_ok=True)
    command = [sys.executable, "-m", "jupyterlite_core", "build", "--lite-dir", str(lite_dir)]
    command += ["--contents", str(contents), "--output-dir", str(output), "--apps", APP]
    command += ["--no-sourcemaps", "--no-unused-shared-packages"]
    run(command, "jupyter lite build", cwd=lite_dir)
    (lite_dir / ".jupyterlite.doit.db").unlink(missing_ok=True)


def build(
    output: Path, root: Path = ROOT, lite_dir: Path = LITE_DIR, refs: myst_live.BookReferences | None = None
) -> LiteSite:
    """Build the live site into ``output`` (which is replaced). See the module's docstring.

    ``refs`` is what the book build knows of its cross-references (the Sphinx extension
    passes it); without it, references show their labels.
    """
    start = time.perf_counter()
    pyodide = fetch_pyodide.assemble(lite_dir)
    shutil.rmtree(output, ignore_errors=True)
    with tempfile.TemporaryDirectory() as temporary:
        contents = Path(temporary) / "contents"
        contents.mkdir()
        notebooks = stage_contents(root, contents, refs)
        jupyter_lite_build(lite_dir, contents, output)
        install_freshness(output, contents, notebooks)
        trim_kernel_installs(output)
        wheel = build_nnbook_wheel(root, Path(temporary) / "wheel")
        served = output / pyodide.relative_to(lite_dir)
        fetch_pyodide.add_to_lock(served, wheel, NNBOOK_DEPENDS, ["nnbook"])
        add_kernel_wheels(output, served)
        fetch_pyodide.add_to_lock(served, glue_wheel(Path(temporary) / "glue"), [], ["myst_nb"])
        ours = (BYTECODE_PACKAGE, STARTUP_PACKAGE)  # made from what this step finds
        compiled = compile_kernel_modules(served, preloaded_packages(output, exclude=ours))
        startup = startup_wheel(Path(temporary) / "startup", compiled.font_list)
        fetch_pyodide.add_to_lock(served, startup, [], [STARTUP_PACKAGE])
        bytecode = write_wheel(Path(temporary) / "pyc", BYTECODE_PACKAGE, compiled.site_packages)
        fetch_pyodide.add_to_lock(served, bytecode, [], [])
        live_bytecode.write_stdlib_zip(served / OFFICIAL_STDLIB, compiled.stdlib, served / STDLIB_ZIP)
        (served / OFFICIAL_STDLIB).unlink()  # the copy replaces it
    (served / ".assembled").unlink(missing_ok=True)
    prune_font_fallbacks(output)
    check_output(output)
    return LiteSite(output, notebooks, time.perf_counter() - start)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output-dir", type=Path, default=ROOT / "_build" / "html" / "lite")
    args = parser.parse_args(argv)
    try:
        site = build(args.output_dir.resolve())
    except (fetch_pyodide.DownloadError, fetch_pyodide.IntegrityError, LiteBuildError) as error:
        print(f"lite_build: {error}", file=sys.stderr)
        return 1
    print(
        f"lite_build: {len(site.notebooks)} notebooks live in {args.output_dir} "
        f"({site.size / 1e6:.1f} MB, {site.seconds:.1f} s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
