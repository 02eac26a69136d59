"""The book's explorers: ipywidgets controls around ``nnbook.plots`` figures.

One module per chapter (``neuron`` for chapter 1, …) on the shared ``base.Explorer``;
every explorer is re-exported here: ``from nnbook.widgets import NeuronExplorer``.
"""

from nnbook.widgets.base import Explorer, figure_png, parameter_slider
from nnbook.widgets.derivation import GradientExplorer
from nnbook.widgets.iteration import DATASET_OPTIONS, DescentExplorer, PlaygroundExplorer
from nnbook.widgets.loss import LOSS_OPTIONS, LossSurfaceExplorer, SlowdownExplorer
from nnbook.widgets.network import HIDDEN_ACTIVATION_OPTIONS, NETWORK_GATE_OPTIONS, XOR_RELU, NetworkExplorer
from nnbook.widgets.neuron import ACTIVATION_OPTIONS, GATE_OPTIONS, NeuronExplorer

__all__ = [
    "ACTIVATION_OPTIONS",
    "DATASET_OPTIONS",
    "GATE_OPTIONS",
    "HIDDEN_ACTIVATION_OPTIONS",
    "LOSS_OPTIONS",
    "NETWORK_GATE_OPTIONS",
    "XOR_RELU",
    "DescentExplorer",
    "Explorer",
    "GradientExplorer",
    "LossSurfaceExplorer",
    "NetworkExplorer",
    "NeuronExplorer",
    "PlaygroundExplorer",
    "SlowdownExplorer",
    "figure_png",
    "parameter_slider",
]
