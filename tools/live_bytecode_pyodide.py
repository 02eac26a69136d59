"""Run *inside* Pyodide (under Node.js) by ``tools/live_bytecode.mjs``; see :mod:`live_bytecode`.

It imports what the live kernel imports, then byte-compiles the source of every module
that came from ``site-packages`` into ``OUT`` (a folder laid out like ``site-packages``).
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
import sys
import traceback

SITE = f"/lib/python{sys.version_info.major}.{sys.version_info.minor}/site-packages/"


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


def compile_loaded(out: str) -> list[str]:
    """Write a checked-hash ``.pyc`` for each loaded module from ``site-packages``; return their paths."""
    sources = {getattr(module, "__file__", None) for module in list(sys.modules.values())}
    written = []
    for source in sorted(s for s in sources if isinstance(s, str) and s.startswith(SITE) and s.endswith(".py")):
        relative = os.path.relpath(importlib.util.cache_from_source(source), SITE)
        target = os.path.join(out, relative)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        # CHECKED_HASH: the browser's Python compares the hash of the source it has with the
        # one stored here, so a pyc that does not match its source is never used.
        mode = py_compile.PycInvalidationMode.CHECKED_HASH
        py_compile.compile(source, cfile=target, dfile=source, doraise=True, invalidation_mode=mode)
        written.append(relative)
    return written


def main(walk: list[str], roots: list[str], last: list[str], out: str) -> None:
    failed = import_all(walk, roots, last)
    written = compile_loaded(out)
    with open(os.path.join(out, "report.json"), "w") as report:
        json.dump({"python": sys.version.split()[0], "compiled": written, "failed_imports": failed}, report)


main(WALK, ROOTS, LAST, OUT)  # noqa: F821 (set by the runner)
