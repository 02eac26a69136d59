"""Figures for the chapters, drawn with matplotlib from the core's own functions.

One module per chapter (``neuron`` for chapter 1, …); the names the chapters use are
re-exported here, so ``from nnbook import plots; plots.plot_activations()`` works.
Importing this package imports matplotlib, never ipywidgets.
"""

from nnbook.plots.neuron import (
    DEFAULT_EXTENT,
    NEURON_ACTIVATIONS,
    NeuronPlot,
    classify,
    decision_line,
    equation_text,
    output_range,
    plot_activations,
    plot_neuron_output,
    update_neuron_plot,
)
from nnbook.plots.playground import (
    PLAYGROUND_EXTENT,
    PlaygroundPlot,
    hidden_mosaic,
    plane_grid,
    playground_figure,
    plot_network_outputs,
    roughness,
    update_playground_figure,
)

__all__ = [
    "DEFAULT_EXTENT",
    "NEURON_ACTIVATIONS",
    "PLAYGROUND_EXTENT",
    "NeuronPlot",
    "PlaygroundPlot",
    "classify",
    "decision_line",
    "equation_text",
    "hidden_mosaic",
    "output_range",
    "plane_grid",
    "playground_figure",
    "plot_activations",
    "plot_network_outputs",
    "plot_neuron_output",
    "roughness",
    "update_neuron_plot",
    "update_playground_figure",
]
