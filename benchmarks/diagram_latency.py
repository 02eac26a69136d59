"""The network diagram's redraw (issue 16), against the playground's own redraw.

The largest network the playground allows, 7 inputs (every feature), 6 hidden layers of
8 tanh units and one sigmoid output, with its maps over the playground's 41 × 41 grid.
Between two measurements the weights move a little (as a training step moves them),
untimed. Three times per redraw, each the median of alternating rounds:

- the SVG alone (``DiagramSVG.update``: 384 curves, 56 nodes, the thumbnails' PNG);
- the whole widget (``NetworkDiagram.update``: the SVG, the neuron's large map and
  formula, the number box);
- the reference, measured in the same rounds: the default playground's redraw of its
  figure to PNG (``Playground.render``), what the diagram is added to.

The forward pass that gives the maps is timed too: the playground does it anyway
(``PlaygroundPlot.update``), so passing its arrays costs the diagram nothing more.
"""

from __future__ import annotations

import statistics
import time

import matplotlib
import numpy as np

matplotlib.use("Agg")

import nnbook
from nnbook.playground import PLANE
from nnbook.plots.common import input_grid
from nnbook.plots.diagram import network_svg
from nnbook.widgets import NetworkDiagram, Playground

SIZES = [7, 8, 8, 8, 8, 8, 8, 1]
NAMES = ["x₁", "x₂", "x₁²", "x₂²", "x₁x₂", "sin x₁", "sin x₂"]
RESOLUTION = 41  # the playground's grid


def features(points: np.ndarray) -> np.ndarray:
    x1, x2 = points[:, 0], points[:, 1]
    return np.column_stack([x1, x2, x1**2, x2**2, x1 * x2, np.sin(x1), np.sin(x2)])


def timed(call, *args) -> float:
    start = time.perf_counter()
    call(*args)
    return time.perf_counter() - start


def main(rounds: int = 60) -> list[str]:
    net = nnbook.Network(SIZES, "tanh", "sigmoid", seed=0)
    grid = features(input_grid(PLANE, RESOLUTION)[2])
    layout = network_svg(SIZES, NAMES)
    diagram = NetworkDiagram(net, net.forward_pass(grid).activations, input_names=NAMES)
    diagram.neuron.value = (3, 4)
    playground = Playground()
    rng = np.random.default_rng(0)
    times: dict[str, list[float]] = {
        "maps": [],
        "svg": [],
        "widget": [],
        "widget, no maps": [],
        "reference": [],
    }
    for _ in range(rounds):
        for layer in net.layers:  # a training step's worth of change, untimed
            layer.W = layer.W + rng.normal(scale=0.01, size=layer.W.shape)
        start = time.perf_counter()
        maps = net.forward_pass(grid).activations
        times["maps"].append(time.perf_counter() - start)
        times["svg"].append(timed(layout.update, net, maps, (3, 4)))
        times["widget"].append(timed(diagram.update, net, maps))
        times["widget, no maps"].append(timed(diagram.update, net))
        times["reference"].append(timed(playground.render))
    ms = {name: 1e3 * statistics.median(values) for name, values in times.items()}
    worst = {name: 1e3 * max(values) for name, values in times.items()}
    reference = ms["reference"]
    rows = [
        (
            "forward pass over the grid (the maps; the playground does it anyway)",
            "maps",
        ),
        ("the SVG alone (`DiagramSVG.update`)", "svg"),
        ("the widget (`NetworkDiagram.update`, with maps)", "widget"),
        ("the widget without maps", "widget, no maps"),
        (
            "reference: the default playground's redraw (`Playground.render`)",
            "reference",
        ),
    ]
    lines = [
        "### The network diagram: one redraw of the largest network (7 inputs, 6 × 8 tanh, 1 output)",
        "",
        f"Median and worst of {rounds} alternating rounds; maps over the {RESOLUTION} × {RESOLUTION} grid;"
        f" {len(layout.svg) // 1000} kB of SVG.",
        "",
        "| what | median ms | worst ms | × reference |",
        "|---|---:|---:|---:|",
    ]
    for label, name in rows:
        lines.append(f"| {label} | {ms[name]:.1f} | {worst[name]:.1f} | {ms[name] / reference:.2f} |")
    total = ms["widget"] + reference
    lines += [
        "",
        f"Playground redraw with the diagram added: {total:.1f} ms (median), target ≤ 150 ms.",
    ]
    return lines


if __name__ == "__main__":
    print("\n".join(main()))
