"""Widget latency: from a control's new value to the redrawn figure.

Every explorer in ``nnbook.widgets`` is built with its defaults; each of its controls
is swept across its range (every option of a menu, 15 positions of a slider) by
setting ``control.value`` from Python, exactly what dragging does in JupyterLab. Two
times per change: the computation alone (``render`` switched off: the mathematics
and the artists updated in place) and the whole update including the redraw to PNG.
"""

from __future__ import annotations

import inspect
import statistics
import time

import ipywidgets
import matplotlib
import numpy as np

matplotlib.use("Agg")

from nnbook import widgets
from nnbook.playground import FEATURES


def explorers() -> dict[str, type]:
    return {
        name: cls
        for name, cls in inspect.getmembers(widgets, inspect.isclass)
        if issubclass(cls, widgets.Explorer) and cls is not widgets.Explorer
    }


def digit_explorer():
    """The digits chapter's explorer needs a trained network: a quick one is enough here."""
    import nnbook

    X, y = nnbook.datasets.digits()
    net = nnbook.Network([64, 32, 10], "relu", "softmax", seed=0)
    nnbook.train(net, X[:1000], y[:1000], "cross_entropy", 0.1, 5, batch_size=32, seed=0)
    return widgets.DigitExplorer(net, X[1000:], y[1000:])


#: Explorers that cannot be built from their defaults alone.
FACTORIES = {"DigitExplorer": digit_explorer}


#: Every kind of control the explorers have: a slider of numbers, one of choices, a menu, a box.
CHOICES = (ipywidgets.Dropdown, ipywidgets.SelectionSlider)
CONTROLS = (ipywidgets.FloatSlider, ipywidgets.IntSlider, ipywidgets.Checkbox, *CHOICES)


def controls(explorer) -> dict[str, ipywidgets.ValueWidget]:
    return {name: value for name, value in vars(explorer).items() if isinstance(value, CONTROLS)}


def sweep(control) -> list:
    if isinstance(control, ipywidgets.Checkbox):
        return [not control.value]
    if isinstance(control, CHOICES):
        return (
            [value for _, value in control.options] if isinstance(control.options[0], tuple) else list(control.options)
        )
    values = np.linspace(control.min, control.max, 15)
    return [type(control.value)(v) for v in values]


def measure(explorer) -> tuple[list[float], list[float]]:
    """Seconds per change: computation only, and computation plus redraw."""
    compute, total = [], []
    render = explorer.render
    for control in controls(explorer).values():
        original = control.value
        for value in sweep(control):
            if value == control.value:
                continue
            explorer.render = lambda: None
            start = time.perf_counter()
            control.value = value
            compute.append(time.perf_counter() - start)
            explorer.render = render
            start = time.perf_counter()
            explorer.update()
            total.append(time.perf_counter() - start)
        control.value = original
    return compute, total


def main() -> list[str]:
    lines = [
        "### Widget latency (ms per change, set from Python, Agg backend)",
        "",
        "Targets: median ≤ 50 ms of computation, ≤ 150 ms including the redraw.",
        "",
        "| explorer | changes | computation median | computation worst | with redraw median | with redraw worst |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, cls in explorers().items():
        compute, total = measure(FACTORIES.get(name, cls)())
        ms = [1e3 * statistics.median(compute), 1e3 * max(compute), 1e3 * statistics.median(total), 1e3 * max(total)]
        lines.append(f"| {name} | {len(compute)} | " + " | ".join(f"{v:.1f}" for v in ms) + " |")
    lines += ["", *playground_steps(), "", *playground_changes()]
    return lines


PLAYGROUND_CASES = {
    "circle, 4,4 tanh, batch 8, 2 epochs/step (default)": {},
    "spiral, 8,8,8 ReLU, batch 8, 2 epochs/step": {"dataset": "spiral", "hidden": "8,8,8", "activation": "relu"},
    "spiral, 8,8,8 tanh, batch 1, 2 epochs/step": {"dataset": "spiral", "hidden": "8,8,8", "batch_size": 1},
    "spiral, 7 features, 6×8 tanh, batch 8, L1, 2 epochs/step": {
        "dataset": "spiral", "features": list(FEATURES), "hidden": [8] * 6, "regularization": "l1",
        "regularization_rate": 0.001,
    },
    "spiral, 7 features, 6×8 tanh, batch 1, L2, 2 epochs/step (slowest)": {
        "dataset": "spiral", "features": list(FEATURES), "hidden": [8] * 6, "batch_size": 1,
        "regularization": "l2", "regularization_rate": 0.001,
    },
    "circle, x1², x2², no hidden layer, discretised, test data hidden": {
        "features": ["x1^2", "x2^2"], "hidden": [], "discretize": True, "show_test_data": False,
    },
}  # fmt: skip


def playground_steps(ticks: int = 40) -> list[str]:
    """The playground's play tick: train one step (a few epochs) and redraw, in ms."""
    lines = [
        "### Playground: one play tick (train a step, redraw in place, PNG)",
        "",
        "| settings | ticks | train median | train worst | with redraw median | with redraw worst |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for label, settings in PLAYGROUND_CASES.items():
        pg = widgets.Playground(**settings)
        compute, total = [], []
        render = pg.render
        for _ in range(ticks):
            pg.render = lambda: None
            start = time.perf_counter()
            pg.play.value += 1
            compute.append(time.perf_counter() - start)
            pg.render = render
            start = time.perf_counter()
            pg.play.value += 1
            total.append(time.perf_counter() - start)
        ms = [1e3 * statistics.median(compute), 1e3 * max(compute), 1e3 * statistics.median(total), 1e3 * max(total)]
        lines.append(f"| {label} | {ticks} | " + " | ".join(f"{v:.1f}" for v in ms) + " |")
    return lines


def playground_changes() -> list[str]:
    """The playground's settings that the generic sweep does not reach (the feature check
    boxes, the seed, the share link read back), on the largest network: ms per change."""
    lines = [
        "### Playground: a change of setting on the largest network (7 features, 6×8), with redraw",
        "",
        "| change | changes | median | worst |",
        "|---|---:|---:|---:|",
    ]
    pg = widgets.Playground(dataset="spiral", features=list(FEATURES), hidden=[8] * 6)
    pg.step(5)
    rows = {"a feature check box": [], "the seed": [], "hidden layers 0…6": [], "from_url(url)": []}
    for box in pg.feature_boxes.values():
        for value in (not box.value, box.value):
            start = time.perf_counter()
            box.value = value
            rows["a feature check box"].append(time.perf_counter() - start)
    for seed in range(1, 11):
        start = time.perf_counter()
        pg.seed.value = seed
        rows["the seed"].append(time.perf_counter() - start)
    for layers in range(7):
        start = time.perf_counter()
        pg.hidden.value = ",".join(["8"] * layers)
        rows["hidden layers 0…6"].append(time.perf_counter() - start)
    for _ in range(5):
        start = time.perf_counter()
        widgets.Playground.from_url(pg.url)
        rows["from_url(url)"].append(time.perf_counter() - start)
    for label, times in rows.items():
        lines.append(f"| {label} | {len(times)} | {1e3 * statistics.median(times):.1f} | {1e3 * max(times):.1f} |")
    return lines


if __name__ == "__main__":
    print("\n".join(main()))
