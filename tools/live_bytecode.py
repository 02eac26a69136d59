"""Live mode's start-up: the Python modules the kernel imports, byte-compiled at build time.

Pyodide ships Python source only (its packages and its standard library's zip), so each
time a reader opens a live chapter, Python compiled to WebAssembly compiles every module
that Pyodide, the kernel and the chapter import: about 960 modules, 3 s of the time it
takes the kernel to become ready on the 2-core test machine (measured: ``tests/book/test_live.py``
writes ``_build/live-timings.json``). This step does that work once, when the book is
built, with the very Pyodide the site serves, run by Node.js (which the build needs anyway,
for npm):

1. Node loads the site's Pyodide and the packages the kernel preloads;
2. ``tools/live_bytecode_pyodide.py`` imports what the kernel, its start-up script and
   every nnbook module import, draws one figure, and writes a ``.pyc`` for each module
   that came from ``site-packages`` or from the standard library;
3. :func:`lite_build.build` serves the first as one more preloaded wheel, which only adds
   ``__pycache__/`` folders next to the official packages' sources, and the second in a copy
   of the standard library's zip (:func:`write_stdlib_zip`): every file of the official zip,
   byte for byte, with a ``.pyc`` beside each module's ``.py``.

The ``.pyc`` files are *checked-hash* bytecode: Python uses one only if the hash of the
source beside it matches, so a stale file costs a compile, never a wrong result. The
official wheels are served unchanged. The same run keeps the font list that matplotlib
builds on import (Pyodide's is stale, so it would be rebuilt at every start). The result is
cached in ``.cache/live-bytecode/`` under a key made of the lock file (every served wheel's
sha256) and these scripts.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass
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


@dataclass
class Compiled:
    """What :func:`compile_modules` made, each file as ``{path: bytes}``."""

    #: ``.pyc`` files by their path under ``site-packages``.
    site_packages: dict[str, bytes]
    #: ``.pyc`` files by their path in the standard library's zip.
    stdlib: dict[str, bytes]
    #: matplotlib's font list, as matplotlib in this Pyodide writes it.
    font_list: bytes


#: Where each part of :class:`Compiled` is kept in the script's output and in the cache.
PARTS = {"site_packages": "site-packages/", "stdlib": "stdlib/"}
FONT_LIST = "fontlist.json"


def compile_modules(
    pyodide_dir: Path, packages: list[str], walk: list[str], roots: list[str], last: list[str]
) -> Compiled:
    """The bytecode of every module that importing these loads, and matplotlib's font list.

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
            if found["failed_imports"] or not found["compiled"] or not found["font_list"]:
                failed = "\n  ".join(found["failed_imports"]) or "nothing from site-packages, or no matplotlib"
                raise BytecodeError(f"the live kernel's modules could not all be imported in Pyodide:\n  {failed}")
            written = [PARTS["site_packages"] + path for path in found["compiled"]]
            written += [PARTS["stdlib"] + path for path in found["stdlib"]]
            shutil.rmtree(CACHE, ignore_errors=True)  # keep only the current bytecode
            CACHE.mkdir(parents=True)
            partial = cached.with_suffix(".partial")
            with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
                for relative in [*written, FONT_LIST]:
                    archive.write(out / relative, relative)
            shutil.move(partial, cached)
    with zipfile.ZipFile(cached) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    parts = {
        part: {name.removeprefix(prefix): data for name, data in files.items() if name.startswith(prefix)}
        for part, prefix in PARTS.items()
    }
    return Compiled(**parts, font_list=files[FONT_LIST])


def write_stdlib_zip(official: Path, compiled: dict[str, bytes], target: Path) -> Path:
    """Write ``target``: every file of the official standard-library zip, then the ``.pyc`` files.

    The official entries are copied as they are (same bytes, same dates); zipimport prefers
    ``name.pyc`` to ``name.py`` in the same folder, and checks its hash against that source.
    """
    with zipfile.ZipFile(official) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        names = set(source.namelist())
        for entry in source.infolist():
            archive.writestr(entry, source.read(entry), compress_type=entry.compress_type)
        for path, data in sorted(compiled.items()):
            if path[:-1] not in names:
                raise BytecodeError(f"{path} has no source in {official.name}")
            entry = zipfile.ZipInfo(path, date_time=(2020, 1, 1, 0, 0, 0))  # the same files, the same zip
            archive.writestr(entry, data, compress_type=zipfile.ZIP_DEFLATED)
    return target
