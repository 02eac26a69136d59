"""Figures for the chapters, drawn with matplotlib from the core's own functions.

One module per chapter (``neuron`` for chapter 1, …); the names the chapters use are
re-exported here, so ``from nnbook import plots; plots.plot_activations()`` works.
Importing this package imports matplotlib, never ipywidgets.
"""

from nnbook.plots.common import DEFAULT_EXTENT, input_grid, output_range
from nnbook.plots.derivation import (
    TINY_MODELS,
    neuron_graph,
    plot_computation_graph,
    plot_gradient_surface,
    plot_slope,
    two_weight_surface,
)
from nnbook.plots.diagram import DiagramSVG, draw_network, network_svg
from nnbook.plots.digits import (
    as_image,
    plot_confusion_matrix,
    plot_digits,
    plot_first_layer_weights,
    plot_learning_curves,
    plot_misclassified,
)
from nnbook.plots.iteration import (
    DescentPlot,
    MomentumPlot,
    SpreadPlot,
    descent_path,
    line_data,
    linear_loss_surface,
    plot_descent,
    plot_learning_rates,
    plot_loss_curves,
    plot_momentum,
    plot_signal_spread,
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
    plot_hidden_space,
    plot_network_diagram,
    plot_network_output,
)
from nnbook.plots.neuron import (
    NEURON_ACTIVATIONS,
    NeuronPlot,
    decision_line,
    equation_text,
    plot_activations,
    plot_neuron_output,
)
from nnbook.plots.playground import (
    PLAYGROUND_EXTENT,
    PlaygroundPlot,
    hidden_mosaic,
    playground_figure,
    plot_network_outputs,
)

__all__ = [
    "DEFAULT_EXTENT",
    "NEURON_ACTIVATIONS",
    "PLAYGROUND_EXTENT",
    "TINY_MODELS",
    "DescentPlot",
    "DiagramSVG",
    "HiddenSpacePlot",
    "MomentumPlot",
    "NetworkDiagram",
    "NetworkOutputPlot",
    "NeuronPlot",
    "PlaygroundPlot",
    "SpreadPlot",
    "as_image",
    "decision_line",
    "descent_path",
    "draw_network",
    "equation_text",
    "hidden_mosaic",
    "input_grid",
    "line_data",
    "linear_loss_surface",
    "loss_surface",
    "network_svg",
    "neuron_graph",
    "output_range",
    "playground_figure",
    "plot_activations",
    "plot_computation_graph",
    "plot_confusion_matrix",
    "plot_descent",
    "plot_digits",
    "plot_first_layer_weights",
    "plot_gradient_surface",
    "plot_hidden_space",
    "plot_learning_curves",
    "plot_learning_rates",
    "plot_loss_curves",
    "plot_loss_surface",
    "plot_losses_of_output",
    "plot_misclassified",
    "plot_momentum",
    "plot_network_diagram",
    "plot_network_output",
    "plot_network_outputs",
    "plot_neuron_output",
    "plot_signal_spread",
    "plot_slope",
    "plot_slowdown",
    "slowdown_histories",
    "two_weight_surface",
]
