"""The book's explorers: ipywidgets controls around ``nnbook.plots`` figures.

One module per chapter on the shared ``base.Explorer``; every explorer is re-exported
here (``from nnbook.widgets import NeuronExplorer``). A chapter's menu options and
constants stay in its own module (``nnbook.widgets.network.XOR_RELU``).
"""

from nnbook.widgets.base import Explorer, figure_png, parameter_slider
from nnbook.widgets.derivation import GradientExplorer
from nnbook.widgets.diagram import NetworkDiagram
from nnbook.widgets.digits import DigitExplorer
from nnbook.widgets.iteration import DescentExplorer, MomentumExplorer
from nnbook.widgets.loss import LossSurfaceExplorer, SlowdownExplorer
from nnbook.widgets.network import NetworkExplorer
from nnbook.widgets.neuron import ACTIVATION_OPTIONS, GATE_OPTIONS, NeuronExplorer
from nnbook.widgets.playground import Playground, parse_hidden

__all__ = [
    "ACTIVATION_OPTIONS",
    "GATE_OPTIONS",
    "DescentExplorer",
    "DigitExplorer",
    "Explorer",
    "GradientExplorer",
    "LossSurfaceExplorer",
    "MomentumExplorer",
    "NetworkDiagram",
    "NetworkExplorer",
    "NeuronExplorer",
    "Playground",
    "SlowdownExplorer",
    "figure_png",
    "parameter_slider",
    "parse_hidden",
]
