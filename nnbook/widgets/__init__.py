"""The book's explorers: ipywidgets controls around ``nnbook.plots`` figures.

One module per chapter (``neuron`` for chapter 1, …) on the shared ``base.Explorer``;
every explorer is re-exported here: ``from nnbook.widgets import NeuronExplorer``.
"""

from nnbook.widgets.base import Explorer, figure_png, parameter_slider
from nnbook.widgets.digits import DigitExplorer
from nnbook.widgets.neuron import ACTIVATION_OPTIONS, GATE_OPTIONS, NeuronExplorer

__all__ = [
    "ACTIVATION_OPTIONS",
    "GATE_OPTIONS",
    "DigitExplorer",
    "Explorer",
    "NeuronExplorer",
    "figure_png",
    "parameter_slider",
]
