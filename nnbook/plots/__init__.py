"""Figures for the chapters, drawn with matplotlib from the core's own functions.

One module per chapter (``neuron`` for chapter 1, …); the names the chapters use are
re-exported here, so ``from nnbook import plots; plots.plot_activations()`` works.
Importing this package imports matplotlib, never ipywidgets.
"""

from nnbook.plots.digits import (
    as_image,
    misclassified,
    plot_confusion_matrix,
    plot_digits,
    plot_first_layer_weights,
    plot_learning_curves,
    plot_misclassified,
)
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

__all__ = [
    "DEFAULT_EXTENT",
    "NEURON_ACTIVATIONS",
    "NeuronPlot",
    "as_image",
    "classify",
    "decision_line",
    "equation_text",
    "misclassified",
    "output_range",
    "plot_activations",
    "plot_confusion_matrix",
    "plot_digits",
    "plot_first_layer_weights",
    "plot_learning_curves",
    "plot_misclassified",
    "plot_neuron_output",
    "update_neuron_plot",
]
