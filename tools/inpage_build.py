"""Build the in-page widgets' scripts (``live/inpage``) into the site's ``_static/inpage``.

- ``loader.js`` and ``inpage.css`` are served as they are, on every chapter page with an
  explorer (with or without live mode).
- ``nnbook-inpage.js`` (live mode only) is ``src/inpage.js`` bundled by esbuild with the
  ipywidgets HTML manager and ``nnbook_inpage.py``. The npm packages are installed with
  ``npm ci`` from ``live/inpage/package-lock.json``, which pins every package at an exact
  version and integrity hash, into ``.cache/inpage`` (a rebuild downloads nothing); the
  bundle is cached there too, keyed by the hash of everything it is made from.
- ``manifest.json`` (live mode only) says how many bytes a first start downloads, so the
  button can tell the reader.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "live" / "inpage"
CACHE = ROOT / ".cache" / "inpage"
BUNDLE = "nnbook-inpage.js"
SERVED_AS_IS = ("src/loader.js", "src/inpage.css")
#: What the page loads into its Pyodide; the lock brings their dependencies.
PACKAGES = ["nnbook-live-bytecode", "nnbook", "nnbook-live-startup", "nnbook-live-glue"]
#: Pyodide's own files that every start fetches.
PYODIDE_CORE = ["pyodide.js", "pyodide.asm.js", "pyodide.asm.wasm", "pyodide-lock.json", "python_stdlib_pyc.zip"]


class InpageBuildError(RuntimeError):
    """The bundle could not be made (npm or esbuild failed); the message says how."""


def inputs_digest() -> str:
    """A hash of everything the bundle is made from."""
    digest = hashlib.sha256()
    for path in sorted([SOURCE / "package-lock.json", SOURCE / "nnbook_inpage.py", *SOURCE.glob("src/*")]):
        digest.update(path.relative_to(SOURCE).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def _run(command: list[str], cwd: Path, what: str, env: dict[str, str] | None = None) -> None:
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=env)
    if result.returncode != 0:
        raise InpageBuildError(f"{what} failed ({' '.join(command)}):\n{result.stderr[-2000:]}")


def node_modules() -> Path:
    """The npm packages of ``package-lock.json``, installed once into the cache."""
    lock = (SOURCE / "package-lock.json").read_bytes()
    folder = CACHE / f"npm-{hashlib.sha256(lock).hexdigest()[:16]}"
    if (folder / "node_modules" / ".installed").exists():
        return folder / "node_modules"
    if shutil.which("npm") is None:
        raise InpageBuildError("npm is needed to build the in-page widgets (install Node.js and npm)")
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for name in ("package.json", "package-lock.json"):
        shutil.copyfile(SOURCE / name, folder / name)
    # --ignore-scripts: nothing runs at install time (esbuild's binary is its own npm package)
    _run(["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund"], folder, "npm ci (in-page widgets)")
    (folder / "node_modules" / ".installed").touch()
    return folder / "node_modules"


def bundle() -> Path:
    """``nnbook-inpage.js``, bundled (or taken from the cache when nothing changed)."""
    cached = CACHE / f"bundle-{inputs_digest()}" / BUNDLE
    if cached.exists():
        return cached
    modules = node_modules()
    cached.parent.mkdir(parents=True, exist_ok=True)
    command = [
        str(modules / ".bin" / "esbuild"),
        str(SOURCE / "src" / "inpage.js"),
        "--bundle",
        "--minify",
        "--format=iife",
        "--global-name=nnbookInpage",
        "--target=es2020",
        "--loader:.py=text",
        "--loader:.svg=text",  # JupyterLab's icons are imported as strings
        # The widgets' style sheets are on the page already (the static widgets' embed.js).
        "--loader:.css=empty",
        "--define:process.env.NODE_ENV='production'",
        "--legal-comments=eof",
        f"--outfile={cached}",
    ]
    # The sources are in live/inpage, the packages in the cache: NODE_PATH joins them.
    _run(command, modules.parent, "esbuild (in-page widgets)", env={**os.environ, "NODE_PATH": str(modules)})
    return cached


def download_bytes(pyodide: Path, packages: list[str] = PACKAGES) -> int:
    """What a first start fetches: Pyodide's core, the packages with their dependencies, the bundle."""

    def canonical(name: str) -> str:  # the lock writes "prompt_toolkit" and "prompt-toolkit"
        return name.lower().replace("_", "-")

    lock = {
        canonical(name): entry
        for name, entry in json.loads((pyodide / "pyodide-lock.json").read_text())["packages"].items()
    }
    needed: set[str] = set()
    pending = [canonical(name) for name in packages]
    while pending:
        name = pending.pop()
        if name not in needed:
            needed.add(name)
            pending.extend(canonical(depend) for depend in lock[name]["depends"])
    files = [*PYODIDE_CORE, *(lock[name]["file_name"] for name in needed)]
    return sum((pyodide / name).stat().st_size for name in files)


def install(static: Path, pyodide: Path | None) -> list[Path]:
    """Put the in-page scripts into ``static/inpage``; the bundle and manifest only when
    ``pyodide`` (the live site's Pyodide folder) is given. Returns the files written."""
    target = static / "inpage"
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    written = [Path(shutil.copy(SOURCE / name, target)) for name in SERVED_AS_IS]
    if pyodide is not None:
        written.append(Path(shutil.copy(bundle(), target / BUNDLE)))
        size = download_bytes(pyodide) + (target / BUNDLE).stat().st_size
        manifest = target / "manifest.json"
        manifest.write_text(json.dumps({"bytes": size, "packages": PACKAGES}) + "\n")
        written.append(manifest)
    return written
