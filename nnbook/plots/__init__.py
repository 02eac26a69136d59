"""Figures for the chapters, drawn with matplotlib from the core's own functions.

One module per chapter (``neuron`` for chapter 1, …); the names the chapters use are
re-exported here, so ``from nnbook import plots; plots.plot_activations()`` works.
Importing this package imports matplotlib, never ipywidgets.
"""

from nnbook.plots.derivation import (
    TINY_MODELS,
    neuron_graph,
    plot_computation_graph,
    plot_gradient_surface,
    plot_slope,
    two_weight_surface,
)
from nnbook.plots.iteration import (
    ClassifierPlot,
    DescentPlot,
    descent_path,
    line_data,
    linear_loss_surface,
    plot_classifier,
    plot_descent,
    plot_learning_rates,
    plot_loss_curves,
    update_classifier_plot,
    update_descent_plot,
)
from nnbook.plots.loss import (
    loss_surface,
    plot_loss_surface,
    plot_losses_of_output,
    plot_slowdown,
    slowdown_histories,
)
from nnbook.plots.network import (
    HiddenSpacePlot,
    NetworkDiagram,
    NetworkOutputPlot,
    classify_network,
    plot_hidden_space,
    plot_network_diagram,
    plot_network_output,
    update_network_diagram,
    update_network_output,
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
    "TINY_MODELS",
    "ClassifierPlot",
    "DescentPlot",
    "HiddenSpacePlot",
    "NetworkDiagram",
    "NetworkOutputPlot",
    "NeuronPlot",
    "classify",
    "classify_network",
    "decision_line",
    "descent_path",
    "equation_text",
    "line_data",
    "linear_loss_surface",
    "loss_surface",
    "neuron_graph",
    "output_range",
    "plot_activations",
    "plot_classifier",
    "plot_computation_graph",
    "plot_descent",
    "plot_gradient_surface",
    "plot_hidden_space",
    "plot_learning_rates",
    "plot_loss_curves",
    "plot_loss_surface",
    "plot_losses_of_output",
    "plot_network_diagram",
    "plot_network_output",
    "plot_neuron_output",
    "plot_slope",
    "plot_slowdown",
    "slowdown_histories",
    "two_weight_surface",
    "update_classifier_plot",
    "update_descent_plot",
    "update_network_diagram",
    "update_network_output",
    "update_neuron_plot",
]
