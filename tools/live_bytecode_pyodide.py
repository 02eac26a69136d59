"""Run *inside* Pyodide (under Node.js) by ``tools/live_bytecode.mjs``; see :mod:`live_bytecode`.

It imports what the live kernel imports, then writes into ``OUT``:

- ``site-packages/``: a ``.pyc`` for every module that came from ``site-packages``, laid out
  like ``site-packages`` (each in the ``__pycache__`` folder beside its source);
- ``stdlib/``: a ``.pyc`` for every module that came from the standard library's zip, laid
  out like that zip (``json/__init__.pyc`` beside ``json/__init__.py``, where zipimport looks);
- ``fontlist.json``: the font list that matplotlib built on import (see :func:`save_font_list`).

It is this very Pyodide's Python that compiles, so the bytecode has the magic number of
the interpreter that will read it in the reader's browser. ``WALK``, ``ROOTS``, ``LAST``
and ``OUT`` are set by the runner before this file runs.
"""

from __future__ import annotations

import importlib
import json
import os
import pkgutil
import py_compile
import shutil
import sys
import traceback
import zipfile
from importlib._bootstrap_external import _code_to_hash_pyc

SITE = f"/lib/python{sys.version_info.major}.{sys.version_info.minor}/site-packages/"
STDLIB = f"/lib/python{sys.version_info.major}{sys.version_info.minor}.zip/"


def import_all(walk: list[str], roots: list[str], last: list[str]) -> list[str]:
    """Import the packages in ``walk`` with all their submodules, then ``roots``, then ``last``.

    ``last`` is for modules that take over the process (the kernel replaces ``sys.stdout``
    and makes every new widget talk to a browser that is not there). Returns what failed.
    """
    failed = []

    def load(name: str) -> object | None:
        try:
            return importlib.import_module(name)
        except Exception:  # reported: the build names what could not be imported
            failed.append(f"{name}: {traceback.format_exc(limit=1).splitlines()[-1]}")
            return None

    for package in walk:
        module = load(package)
        for info in pkgutil.walk_packages(getattr(module, "__path__", []), f"{package}."):
            load(info.name)
    for name in roots:
        load(name)
    draw_a_figure()
    for name in last:
        load(name)
    return failed


def draw_a_figure() -> None:
    """Save one figure as PNG, as every chapter does, so that the modules it needs are loaded too."""
    if "matplotlib" not in sys.modules:
        return
    import io

    import matplotlib

    matplotlib.use("agg")  # the kernel's inline backend draws with agg too
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(layout="constrained")
    axes.plot([0, 1], [0, 1], label="line")
    axes.legend()
    figure.savefig(io.BytesIO(), format="png")
    plt.close(figure)


def loaded_sources(prefix: str) -> list[str]:
    """The source files (``.py``) under ``prefix`` of every module loaded so far."""
    sources = {getattr(module, "__file__", None) for module in list(sys.modules.values())}
    return sorted(s for s in sources if isinstance(s, str) and s.startswith(prefix) and s.endswith(".py"))


def compile_site_packages(out: str) -> list[str]:
    """Write a checked-hash ``.pyc`` for each loaded module from ``site-packages``; return their paths."""
    written = []
    for source in loaded_sources(SITE):
        relative = os.path.relpath(importlib.util.cache_from_source(source), SITE)
        target = os.path.join(out, relative)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        # CHECKED_HASH: the browser's Python compares the hash of the source it has with the
        # one stored here, so a pyc that does not match its source is never used.
        mode = py_compile.PycInvalidationMode.CHECKED_HASH
        py_compile.compile(source, cfile=target, dfile=source, doraise=True, invalidation_mode=mode)
        written.append(relative)
    return written


def compile_stdlib(out: str) -> list[str]:
    """Write a checked-hash ``.pyc`` for each loaded module of the standard library's zip; return their paths.

    Their sources are read from the zip itself, and each is compiled under the name zipimport
    gives it when it compiles the source, so tracebacks read the same.
    """
    written = []
    with zipfile.ZipFile(STDLIB.rstrip("/")) as stdlib:
        for source in loaded_sources(STDLIB):
            member = source.removeprefix(STDLIB)
            code = stdlib.read(member)
            pyc = _code_to_hash_pyc(
                compile(code, source, "exec", dont_inherit=True), importlib.util.source_hash(code), checked=True
            )
            target = os.path.join(out, member + "c")
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "wb") as file:
                file.write(pyc)
            written.append(member + "c")
    return written


def save_font_list(out: str) -> bool:
    """Copy the font list that importing matplotlib wrote; False if matplotlib was not imported.

    Pyodide's matplotlib keeps its list in its own folder, and the one it ships was made by
    another matplotlib version, so every import rebuilds it (parsing 60 font files).
    """
    font_manager = sys.modules.get("matplotlib.font_manager")
    if font_manager is None:
        return False
    shutil.copyfile(os.path.join(os.path.dirname(font_manager.__file__), "fontlist.json"), out)
    return True


def main(walk: list[str], roots: list[str], last: list[str], out: str) -> None:
    failed = import_all(walk, roots, last)
    report = {
        "python": sys.version.split()[0],
        "compiled": compile_site_packages(os.path.join(out, "site-packages")),
        "stdlib": compile_stdlib(os.path.join(out, "stdlib")),
        "font_list": save_font_list(os.path.join(out, "fontlist.json")),
        "failed_imports": failed,
    }
    with open(os.path.join(out, "report.json"), "w") as file:
        json.dump(report, file)


main(WALK, ROOTS, LAST, OUT)  # noqa: F821 (set by the runner)
