"""The digits chapter's explorer: one test image, the network's answer and its hidden layer.

A slider picks a test image; the figure shows the image, the softmax probabilities the
network gives each digit (chapter 3's output layer) and the activations of its hidden
units. A second slider picks one hidden unit: its bar is highlighted and its incoming
weights are drawn as an 8×8 image. Everything drawn is computed by ``nnbook`` from the
controls (``net.forward_pass``), updated in place and shown as a PNG (see ``base``).

It redraws fast: only the artists that move are drawn, over the kept pixels of the rest
(``nnbook.plots.blit``). The hidden layer's axis has one steady height for every test
image, so the reader can compare activations from one image to the next.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

from nnbook.network import Network
from nnbook.plots.blit import BlitCache, blit_png
from nnbook.plots.common import nice_limit
from nnbook.plots.digits import SIDE, as_image
from nnbook.widgets.base import CONTROL_STYLE, Explorer, control_layout

HIGHLIGHT = "tab:orange"
PLAIN = "tab:blue"


class DigitExplorer(Explorer):
    """Pick a test image and a hidden unit; see the network's probabilities and hidden layer.

    ``net`` must read 64 pixels, have one hidden layer and a softmax output of 10 units;
    ``X`` and ``y`` are the images (rows of 64 values in [0, 1]) and their labels.

    Controls: ``index`` (which image, 0 to ``len(X) − 1``) and ``unit`` (which hidden
    unit, 0 to ``n_hidden − 1``). Attributes for code and tests: ``image`` (the digit),
    ``bars`` (the 10 probability bars), ``hidden_bars`` (one bar per hidden unit),
    ``weights`` (the chosen unit's weight image), ``probabilities``, ``hidden``
    (activations of the current image), ``prediction``, ``readout``, ``hidden_top`` (the
    top of the hidden layer's axis) and ``dynamic`` (the artists drawn at every change
    over the kept background).
    """

    def __init__(self, net: Network, X: Any, y: Any, index: int = 0, unit: int = 0, dpi: int = 80) -> None:
        if not isinstance(net, Network):
            raise TypeError(f"expected a nnbook.Network, got {type(net).__name__}")
        if len(net.layers) != 2 or net.n_inputs != SIDE * SIDE or net.output_activation != "softmax":
            raise ValueError(f"expected a network [64, hidden, k] with a softmax output, got {net!r}")
        self.net = net
        self.X, _ = net.check_input(X)
        self.y = np.asarray(y)
        if self.y.shape != (self.X.shape[0],):
            raise ValueError(f"expected one label per image, got {self.y.shape} labels for {self.X.shape[0]} images")
        n_hidden, k = net.layers[0].shape[0], net.n_outputs
        self.index = widgets.IntSlider(
            value=index,
            min=0,
            max=len(self.X) - 1,
            description="test image",
            style=CONTROL_STYLE,
            layout=control_layout("30em"),
        )
        self.unit = widgets.IntSlider(
            value=unit,
            min=0,
            max=n_hidden - 1,
            description="hidden unit",
            style=CONTROL_STYLE,
            layout=control_layout("30em"),
        )
        self.readout = widgets.HTML()
        self.output = widgets.Output()
        self.dpi = dpi

        self.figure = Figure(figsize=(8.4, 5.6), layout="constrained")
        axes = self.figure.subplot_mosaic(
            [["image", "prob", "weights"], ["hidden", "hidden", "hidden"]], width_ratios=[1, 1.6, 1.2]
        )
        ax_image, ax_prob, ax_hidden, ax_weights = (axes[k] for k in ("image", "prob", "hidden", "weights"))
        self.ax_image, self.ax_prob, self.ax_hidden, self.ax_weights = ax_image, ax_prob, ax_hidden, ax_weights
        self.image = ax_image.imshow(np.zeros((SIDE, SIDE)), cmap="gray_r", vmin=0, vmax=1)
        ax_image.set_xticks([])
        ax_image.set_yticks([])
        ax_image.set_xlabel("8×8 pixels")
        self.bars = ax_prob.bar(range(k), np.zeros(k), color=PLAIN)
        ax_prob.set_ylim(0, 1.05)
        ax_prob.set_xticks(range(k))
        ax_prob.set_xlabel("digit")
        ax_prob.set_ylabel("softmax probability")
        ax_prob.set_title("The network's answer")
        self.hidden_bars = ax_hidden.bar(range(n_hidden), np.zeros(n_hidden), color=PLAIN, width=1.0)
        ax_hidden.set_xlabel("hidden unit")
        ax_hidden.set_ylabel("activation (ReLU)" if net.layers[0].activation == "relu" else "activation")
        ax_hidden.set_title("Hidden layer: each unit's activation for this image (chosen unit in orange)")
        W = net.layers[0].W
        limit = float(np.abs(W).max())
        self.weights = ax_weights.imshow(as_image(W[0]), cmap="RdBu_r", vmin=-limit, vmax=limit)
        ax_weights.set_xticks([])
        ax_weights.set_yticks([])
        ax_weights.set_xlabel("red +, blue −")
        self.figure.colorbar(self.weights, ax=ax_weights, label="weight", shrink=0.8)
        # One height for the hidden layer's axis: the largest activation over all the images,
        # rounded up to 1, 2, 5, 10… Bars of different images compare, and the axis (kept as
        # pixels) stays put; it grows only if the network is changed to exceed it.
        strongest = float(net.forward_pass(self.X).activations[1].max())
        self.hidden_top = nice_limit(strongest) if strongest > 0 else 1.0
        # What moves, in the order a full draw stacks it (axes left to right, then the
        # hidden layer): each image and the frame over it, each set of bars and the frame
        # its bottom edge touches, and the two titles that name the image and the unit.
        self.dynamic = [
            self.image,
            *ax_image.spines.values(),
            ax_image.title,
            *self.bars,
            *ax_prob.spines.values(),
            self.weights,
            *ax_weights.spines.values(),
            ax_weights.title,
            *self.hidden_bars,
            *ax_hidden.spines.values(),
        ]
        self.cache = BlitCache()

        super().__init__([widgets.HBox([widgets.VBox([self.index, self.unit]), self.readout]), self.output])
        self.watch([self.index, self.unit])
        self.update()

    def recompute(self) -> None:
        """Run the network on the chosen image and update every artist in place."""
        i, j = self.index.value, self.unit.value
        x = self.X[i]
        passed = self.net.forward_pass(x)
        self.hidden = passed.activations[1][0]
        self.probabilities = passed.output[0]
        self.prediction = int(np.argmax(self.probabilities))
        label = int(self.y[i])
        self.image.set_data(as_image(x))
        verdict = "right" if self.prediction == label else "wrong"
        self.ax_image.set_title(f"image {i}: true {label},\npredicted {self.prediction} ({verdict})", fontsize=10)
        for digit, (bar, p) in enumerate(zip(self.bars, self.probabilities, strict=True)):
            bar.set_height(p)
            bar.set_color(HIGHLIGHT if digit == self.prediction else PLAIN)
        top = float(self.hidden.max())
        for unit, (bar, a) in enumerate(zip(self.hidden_bars, self.hidden, strict=True)):
            bar.set_height(a)
            bar.set_color(HIGHLIGHT if unit == j else PLAIN)
        if top > self.hidden_top:
            self.hidden_top = nice_limit(top)
        self.ax_hidden.set_ylim(0, self.hidden_top)
        self.weights.set_data(as_image(self.net.layers[0].W[j]))
        self.ax_weights.set_title(f"weights into unit {j}", fontsize=10)
        active = int(np.count_nonzero(self.hidden > 0))
        self.readout.value = (
            f"<b>image {i}</b>: true digit {label}, the network says <b>{self.prediction}</b> "
            f"with probability {self.probabilities[self.prediction]:.3f} ({verdict}).<br>"
            f"{active} of {len(self.hidden)} hidden units are active; unit {j} outputs {self.hidden[j]:.3f}."
        )

    def draw_png(self) -> bytes:
        """Only the moving artists over the kept background, drawn again if the hidden
        layer's axis grows."""
        return blit_png(self.figure, self.dynamic, self.cache, self.ax_hidden.get_ylim(), self.dpi)

    def describe(self) -> str:
        """The figure in words (the image's alt text)."""
        i, j = self.index.value, self.unit.value
        return (
            f"Test image {i}, a handwritten {int(self.y[i])}; the network predicts {self.prediction} with softmax "
            f"probability {self.probabilities[self.prediction]:.3f}. Bar chart of the {len(self.hidden)} hidden "
            f"activations with unit {j} highlighted (activation {self.hidden[j]:.3f}), and unit {j}'s 64 incoming "
            f"weights drawn as an 8 by 8 image."
        )
