"""`import nnbook` stays light: the core needs numpy only (design.md, "The house")."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ["matplotlib", "ipywidgets", "nnbook.plots", "nnbook.widgets"]


def modules_after(statement: str) -> set[str]:
    """The modules loaded in a fresh interpreter after running ``statement``."""
    code = f"import json, sys\n{statement}\nprint(json.dumps(sorted(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(json.loads(result.stdout.strip().splitlines()[-1]))


def test_import_nnbook_does_not_import_matplotlib_or_ipywidgets():
    loaded = modules_after("import nnbook")
    assert "nnbook" in loaded and "numpy" in loaded
    heavy = sorted(name for name in loaded if any(name == h or name.startswith(h + ".") for h in HEAVY))
    assert heavy == []


def test_using_the_core_does_not_import_them_either():
    statement = (
        "import nnbook\n"
        "X, y = nnbook.datasets.xor(n=20, seed=0)\n"
        "net = nnbook.Network([2, 3, 1], seed=0)\n"
        "nnbook.train(net, X, y, epochs=2)\n"
        "nnbook.gradient_check(net, X[:4], y[:4])\n"
        "from nnbook.playground import Settings, TrainingRun, write_code\n"
        "TrainingRun(Settings()).step(2)\n"
        "write_code(Settings(), 2)"
    )
    loaded = modules_after(statement)
    assert not any(name.split(".")[0] in {"matplotlib", "ipywidgets"} for name in loaded)


def test_the_check_itself_would_see_matplotlib():
    # Guards the tests above against passing vacuously.
    assert "matplotlib" in modules_after("import matplotlib")
