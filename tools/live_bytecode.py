"""Live mode's start-up: the Python modules the kernel imports, byte-compiled at build time.

Pyodide's packages hold Python source only, so each time a reader opens a live chapter,
Python compiled to WebAssembly compiles every module that the kernel and the chapter
import: about 700 modules, 2 s of the 10 s it takes the kernel to become ready on the
2-core test machine (measured: ``tests/test_live.py`` writes ``_build/live-timings.json``).
This step does that work once, when the book is built, with the very Pyodide the site
serves, run by Node.js (which the build needs anyway, for npm):

1. Node loads the site's Pyodide and the packages the kernel preloads;
2. ``tools/live_bytecode_pyodide.py`` imports what the kernel, its start-up script and
   every nnbook module import, draws one figure, and writes a ``.pyc`` for each module
   that came from ``site-packages``;
3. :func:`lite_build.build` serves those files as one more preloaded wheel, which only
   adds ``__pycache__/`` folders next to the official packages' sources.

The ``.pyc`` files are *checked-hash* bytecode: Python uses one only if the hash of the
source beside it matches, so a stale file costs a compile, never a wrong result. The
official wheels are served unchanged. The result is cached in ``.cache/live-bytecode/``
under a key made of the lock file (every served wheel's sha256) and these scripts.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

import fetch_pyodide

HERE = Path(__file__).resolve().parent
RUNNER = HERE / "live_bytecode.mjs"
SCRIPT = HERE / "live_bytecode_pyodide.py"
CACHE = fetch_pyodide.CACHE / "live-bytecode"


class BytecodeError(RuntimeError):
    """The modules could not be compiled with the site's Pyodide."""


def cache_key(pyodide_dir: Path, settings: dict) -> str:
    """What the bytecode depends on: the served packages, what is imported, and how it is compiled."""
    digest = hashlib.sha256((pyodide_dir / "pyodide-lock.json").read_bytes())
    for path in (RUNNER, SCRIPT):
        digest.update(path.read_bytes())
    digest.update(json.dumps(settings, sort_keys=True).encode())
    return digest.hexdigest()[:32]


def compile_modules(
    pyodide_dir: Path, packages: list[str], walk: list[str], roots: list[str], last: list[str]
) -> dict[str, bytes]:
    """``{path under site-packages: .pyc bytes}`` for every module that importing these loads.

    ``packages`` are loaded from ``pyodide_dir`` first; the packages in ``walk`` are
    imported with all their submodules, then ``roots``, then ``last`` (see the script).
    """
    settings = {"packages": packages, "walk": walk, "roots": roots, "last": last}
    cached = CACHE / f"{cache_key(pyodide_dir, settings)}.zip"
    if not cached.exists():
        with tempfile.TemporaryDirectory() as temporary:
            out = Path(temporary)
            command = ["node", str(RUNNER), str(pyodide_dir.resolve()), str(out), str(SCRIPT), json.dumps(settings)]
            try:
                result = subprocess.run(command, capture_output=True, text=True, timeout=600)
            except FileNotFoundError as error:
                message = (
                    f"live mode compiles its modules with Node.js, which is not installed.\n{fetch_pyodide.LIVE0_HINT}"
                )
                raise BytecodeError(message) from error
            report = out / "report.json"
            if result.returncode != 0 or not report.exists():
                raise BytecodeError(f"compiling the live kernel's modules in Pyodide failed:\n{result.stderr[-3000:]}")
            found = json.loads(report.read_text())
            if found["failed_imports"] or not found["compiled"]:
                failed = "\n  ".join(found["failed_imports"]) or "nothing from site-packages was imported"
                raise BytecodeError(f"the live kernel's modules could not all be imported in Pyodide:\n  {failed}")
            compiled = found["compiled"]
            shutil.rmtree(CACHE, ignore_errors=True)  # keep only the current bytecode
            CACHE.mkdir(parents=True)
            partial = cached.with_suffix(".partial")
            with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
                for relative in compiled:
                    archive.write(out / relative, relative)
            shutil.move(partial, cached)
    with zipfile.ZipFile(cached) as archive:
        return {name: archive.read(name) for name in archive.namelist()}
