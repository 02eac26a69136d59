"""The book's explorers: ipywidgets controls around ``nnbook.plots`` figures.

One module per chapter (``neuron`` for chapter 1, …) on the shared ``base.Explorer``;
every explorer is re-exported here: ``from nnbook.widgets import NeuronExplorer``.
"""

from nnbook.widgets.base import Explorer, figure_png, parameter_slider
from nnbook.widgets.neuron import ACTIVATION_OPTIONS, GATE_OPTIONS, NeuronExplorer
from nnbook.widgets.playground import DATASET_OPTIONS, HIDDEN_ACTIVATION_OPTIONS, Playground, parse_hidden

__all__ = [
    "ACTIVATION_OPTIONS",
    "DATASET_OPTIONS",
    "GATE_OPTIONS",
    "HIDDEN_ACTIVATION_OPTIONS",
    "Explorer",
    "NeuronExplorer",
    "Playground",
    "figure_png",
    "parameter_slider",
    "parse_hidden",
]
