"""The playground (practice chapter 7): train a small network on a 2-D data set and watch it learn.

A TensorFlow-Playground-like explorer built only from nnbook: the data come from
``nnbook.datasets``, the network is an ``nnbook.Network``, every training step is a call
of ``nnbook.train`` continuing the same network, and the test loss is
``nnbook.evaluate_loss``. The figure (``nnbook.plots.playground``) is updated in place
after every step; ``code()`` writes the nnbook code that gives the same network.

Every change of a setting starts again from epoch 0 with fresh weights, so the network on
screen is always the one the code readout produces. Training runs one epoch per call of
``train`` with ``seed=epoch`` (the shuffle of that epoch's mini-batches): the readout
does the same, so it reproduces the explorer's weights exactly.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from nnbook import datasets
from nnbook.loss import evaluate_loss
from nnbook.network import Network
from nnbook.plots.playground import (
    MAX_HIDDEN_LAYERS,
    MAX_UNITS,
    PLAYGROUND_EXTENT,
    playground_figure,
    playground_png,
    update_playground_figure,
)
from nnbook.training import EXPLOSION_FACTOR, train
from nnbook.widgets.base import Explorer

#: The data sets: (menu label, function in ``nnbook.datasets``); the last one is regression.
DATASET_OPTIONS = [
    ("circle", "circle"),
    ("XOR", "xor"),
    ("two Gaussians", "gaussians"),
    ("spiral", "spiral"),
    ("regression: two bumps", "gaussian_bumps"),
]
REGRESSION_SETS = {"gaussian_bumps"}

#: The hidden layers' activation: (menu label, name in ``nnbook.Network``).
HIDDEN_ACTIVATION_OPTIONS = [("ReLU", "relu"), ("tanh", "tanh"), ("sigmoid", "sigmoid"), ("identity", "identity")]

#: Mini-batch sizes; 0 stands for the full batch (``batch_size=None``).
BATCH_OPTIONS = [("1", 1), ("2", 2), ("4", 4), ("8", 8), ("16", 16), ("32", 32), ("all", 0)]

#: L2 regularisation strengths λ (``train(..., weight_decay=λ)``).
WEIGHT_DECAY_OPTIONS = [("0", 0.0)] + [(f"{v:g}", v) for v in (1e-4, 3e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1)]

N_POINTS = 200
SEED = 0

_STYLE = {"description_width": "9em"}
_WIDE = widgets.Layout(width="22em")


def parse_hidden(text: str) -> list[int]:
    """The hidden layer sizes written as ``"4,4"`` (empty: no hidden layer).

    Raises ``ValueError`` unless ``text`` lists at most 3 whole numbers from 1 to 8,
    separated by commas or spaces.
    """
    parts = [part for part in str(text).replace(",", " ").split() if part]
    try:
        sizes = [int(part) for part in parts]
    except ValueError:
        sizes = []
        parts = ["?"]
    if len(sizes) != len(parts) or len(sizes) > MAX_HIDDEN_LAYERS or any(not 1 <= s <= MAX_UNITS for s in sizes):
        raise ValueError(
            f"hidden layers: expected up to {MAX_HIDDEN_LAYERS} whole numbers from 1 to {MAX_UNITS} "
            f"separated by commas, such as 4,4 (nothing for no hidden layer), got {text!r}"
        )
    return sizes


class Playground(Explorer):
    """Train a network on a two-dimensional data set and watch it learn (practice chapter 7).

    Controls (each maps to one argument of nnbook; see ``code()``):
    ``dataset`` (circle, XOR, two Gaussians, spiral, and the regression set
    ``gaussian_bumps``), ``noise`` (0 to 0.5), ``test_fraction`` (the ratio of test
    points, 0.1 to 0.9), ``layers`` (0 to 3 hidden layers) and ``units`` (1 to 8 per
    layer), which write ``hidden`` (a text such as ``"4,4"`` that may also be edited),
    ``activation`` (relu, tanh, sigmoid, identity), ``learning_rate`` (a log slider,
    0.001 to 10), ``batch_size`` (1 to 32, or all), ``weight_decay`` (L2, 0 to 0.1) and
    ``epochs_per_step`` (1 to 10). ``play`` (an ``ipywidgets.Play``) calls ``step()`` on
    every tick; ``step_button`` trains one step and ``reset_button`` starts again.

    Classification uses one sigmoid output unit and the binary cross-entropy; regression
    an identity output and the mean squared error. Changing any setting starts again from
    epoch 0 with the initial weights (``Network(..., seed=0)``).

    Attributes for code and tests: ``net``, ``epoch``, ``train_loss`` and ``test_loss``
    (per epoch, without the L2 penalty, so the two compare), ``diverged`` and ``message``,
    ``X_train, y_train, X_test, y_test``, ``plot`` (the artists), ``figure``, ``output``,
    ``status`` (HTML), ``code_view`` (a Textarea holding ``code()``) and ``png``.
    """

    def __init__(
        self,
        dataset: str = "circle",
        noise: float = 0.1,
        test_fraction: float = 0.3,
        hidden: str = "4,4",
        activation: str = "tanh",
        learning_rate: float = 0.1,
        batch_size: int | None = 8,
        weight_decay: float = 0.0,
        epochs_per_step: int = 2,
        resolution: int = 41,
        dpi: int = 72,
        interval: int = 200,
    ) -> None:
        hidden_sizes = parse_hidden(hidden)
        batches = [value for _, value in BATCH_OPTIONS]
        batch = 0 if batch_size is None else batch_size
        if batch not in batches:
            raise ValueError(f"expected batch_size one of {batches[:-1]} or None (the full batch), got {batch_size!r}")
        self.dataset = widgets.Dropdown(
            options=DATASET_OPTIONS, value=dataset, description="data set", style=_STYLE, layout=_WIDE
        )
        self.noise = widgets.FloatSlider(
            value=noise,
            min=0.0,
            max=0.5,
            step=0.05,
            description="noise",
            style=_STYLE,
            layout=_WIDE,
            continuous_update=False,
        )
        self.test_fraction = widgets.FloatSlider(
            value=test_fraction,
            min=0.1,
            max=0.9,
            step=0.1,
            description="test points (ratio)",
            style=_STYLE,
            layout=_WIDE,
            continuous_update=False,
        )
        self.layers = widgets.IntSlider(
            value=len(hidden_sizes),
            min=0,
            max=MAX_HIDDEN_LAYERS,
            description="hidden layers",
            style=_STYLE,
            layout=_WIDE,
        )
        self.units = widgets.IntSlider(
            value=max(hidden_sizes, default=4),
            min=1,
            max=MAX_UNITS,
            description="units per layer",
            style=_STYLE,
            layout=_WIDE,
        )
        self.hidden = widgets.Text(
            value=",".join(map(str, hidden_sizes)),
            description="layer sizes",
            placeholder="e.g. 4,4",
            continuous_update=False,
            style=_STYLE,
            layout=_WIDE,
        )
        self.activation = widgets.Dropdown(
            options=HIDDEN_ACTIVATION_OPTIONS, value=activation, description="activation", style=_STYLE, layout=_WIDE
        )
        self.learning_rate = widgets.FloatLogSlider(
            value=learning_rate,
            base=10,
            min=-3,
            max=1,
            step=0.25,
            description="learning rate η",
            readout_format=".3g",
            style=_STYLE,
            layout=_WIDE,
            continuous_update=False,
        )
        self.batch_size = widgets.SelectionSlider(
            options=BATCH_OPTIONS,
            value=batch,
            description="batch size",
            style=_STYLE,
            layout=_WIDE,
            continuous_update=False,
        )
        self.weight_decay = widgets.SelectionSlider(
            options=WEIGHT_DECAY_OPTIONS,
            value=weight_decay,
            description="L2 strength λ",
            style=_STYLE,
            layout=_WIDE,
            continuous_update=False,
        )
        self.epochs_per_step = widgets.IntSlider(
            value=epochs_per_step, min=1, max=10, description="epochs per step", style=_STYLE, layout=_WIDE
        )
        self.play = widgets.Play(
            value=0, min=0, max=10**9, step=1, interval=interval, description="play", show_repeat=False
        )
        self.step_button = widgets.Button(
            description="step", tooltip="train one step", layout=widgets.Layout(width="5em")
        )
        self.reset_button = widgets.Button(
            description="reset", tooltip="start again from the initial weights", layout=widgets.Layout(width="5em")
        )
        self.status = widgets.HTML()
        self.code_view = widgets.Textarea(description="", rows=14, layout=widgets.Layout(width="100%"))
        self.code_view.add_class("nnbook-code")
        self.output = widgets.Output()
        self.plot = playground_figure(PLAYGROUND_EXTENT, resolution)
        self.dpi = dpi
        self.net: Network | None = None
        self.hidden_sizes = hidden_sizes
        self.epoch = 0
        self.train_loss: list[float] = []
        self.test_loss: list[float] = []
        self.diverged = False
        self.message = ""

        settings = [
            self.dataset,
            self.noise,
            self.test_fraction,
            self.layers,
            self.units,
            self.hidden,
            self.activation,
            self.learning_rate,
            self.batch_size,
            self.weight_decay,
            self.epochs_per_step,
        ]
        buttons = widgets.HBox([self.play, self.step_button, self.reset_button, self.status])
        column = widgets.Layout(flex="0 0 auto")
        controls = widgets.HBox(
            [widgets.VBox(settings[:6], layout=column), widgets.VBox(settings[6:], layout=column)],
            layout=widgets.Layout(flex_flow="row wrap"),
        )
        code = widgets.Accordion([self.code_view], titles=("the same in nnbook code",))
        super().__init__([controls, buttons, self.output, code])
        self.layers.observe(self._write_hidden, names="value")
        self.units.observe(self._write_hidden, names="value")
        self.watch([self.dataset, self.noise, self.test_fraction, self.hidden, self.activation, self.learning_rate,
                    self.batch_size, self.weight_decay, self.epochs_per_step])  # fmt: skip
        self.play.observe(self._on_tick, names="value")
        self.step_button.on_click(lambda _: self.step())
        self.reset_button.on_click(lambda _: self.reset())
        self.update()

    # ------------------------------------------------------------------ the settings

    @property
    def figure(self):
        return self.plot.figure

    def draw_png(self) -> bytes:
        """Only the moving artists are redrawn over the cached axes (fast enough to play)."""
        return playground_png(self.plot, self.dpi)

    @property
    def regression(self) -> bool:
        return self.dataset.value in REGRESSION_SETS

    @property
    def loss(self) -> str:
        """The loss ``train`` minimises: ``"mse"`` for regression, else ``"cross_entropy"``."""
        return "mse" if self.regression else "cross_entropy"

    @property
    def sizes(self) -> list[int]:
        """The network's layer sizes: 2 inputs, the hidden layers, 1 output."""
        return [2, *self.hidden_sizes, 1]

    @property
    def batch(self) -> int | None:
        """The ``batch_size`` argument of ``train`` (None for the full batch)."""
        return self.batch_size.value or None

    def _write_hidden(self, change: dict) -> None:
        # The sliders write the text; the text defines the network (it can also say "8,4").
        self.hidden.value = ",".join([str(self.units.value)] * self.layers.value)

    # ------------------------------------------------------------------ the Explorer protocol

    def recompute(self) -> None:
        """Start again from the controls: new data, a new network (seed 0), epoch 0; redraw in place."""
        self.play.playing = False
        self.message = ""
        try:
            self.hidden_sizes = parse_hidden(self.hidden.value)
        except ValueError as error:
            self.message = str(error) + f"; keeping {','.join(map(str, self.hidden_sizes)) or 'no hidden layer'}"
        make = getattr(datasets, self.dataset.value)
        X, y = make(n=N_POINTS, noise=round(self.noise.value, 2), seed=SEED)
        self.X_train, self.y_train, self.X_test, self.y_test = datasets.split(
            X, y, round(self.test_fraction.value, 1), seed=SEED
        )
        self.net = Network(
            self.sizes,
            activation=self.activation.value,
            output_activation="identity" if self.regression else "sigmoid",
            seed=SEED,
        )
        self.initial = [(layer.W.copy(), layer.b.copy()) for layer in self.net.layers]
        # train's rule for divergence, applied to the whole run rather than to each call
        start = evaluate_loss(self.net, self.X_train, self.y_train, self.loss, self.weight_decay.value)
        self.limit = EXPLOSION_FACTOR * max(start, 1.0)
        self.epoch = 0
        self.train_loss, self.test_loss = [], []
        self.diverged = False
        self._draw(points_changed=True)

    def describe(self) -> str:
        """The picture in words (the image's alt text)."""
        name = dict((v, k) for k, v in DATASET_OPTIONS)[self.dataset.value]
        text = (
            f"The {name} data set, {len(self.y_train)} training points (circles) and {len(self.y_test)} test points "
            f"(triangles), over the colour map of the output of a network with layer sizes {self.sizes} and "
            f"{self.activation.value} hidden units after {self.epoch} epochs; beside it one small map per hidden unit "
            f"and the training and test loss per epoch"
        )
        if self.train_loss:
            text += f" (now {self.train_loss[-1]:.4f} and {self.test_loss[-1]:.4f})"
        if self.message:
            text += f". {self.message}"
        return text + "."

    # ------------------------------------------------------------------ training

    def step(self) -> None:
        """Train ``epochs_per_step`` epochs, continuing the same network, and redraw.

        Each epoch is one call ``train(net, X_train, y_train, ..., epochs=1, seed=epoch)``.
        After a divergence nothing more is trained until a setting changes or ``reset()``.
        """
        if self.diverged:
            self.play.playing = False
            return
        for _ in range(self.epochs_per_step.value):
            history = train(
                self.net,
                self.X_train,
                self.y_train,
                loss=self.loss,
                learning_rate=self.learning_rate.value,
                epochs=1,
                batch_size=self.batch,
                seed=self.epoch,
                weight_decay=self.weight_decay.value,
            )
            if history.diverged or history.loss[-1] > self.limit:
                self.diverged = True
                self.message = history.message.replace("in epoch 1 of 1", f"in epoch {self.epoch + 1}") or (
                    f"training diverged in epoch {self.epoch + 1}: the loss became {history.loss[-1]:.3g} "
                    f"(learning rate {self.learning_rate.value:.3g} is too large)"
                )
                self.play.playing = False
                break
            self.epoch += 1
            self.train_loss.append(evaluate_loss(self.net, self.X_train, self.y_train, self.loss))
            self.test_loss.append(evaluate_loss(self.net, self.X_test, self.y_test, self.loss))
        self._draw(points_changed=False)
        self.render()

    def reset(self) -> None:
        """Back to epoch 0 with the initial weights (the settings are kept)."""
        self.play.playing = False
        self.update()

    def _on_tick(self, change: dict) -> None:
        if change["new"] > change["old"]:
            self.step()

    def _draw(self, points_changed: bool) -> None:
        update_playground_figure(
            self.plot,
            self.net,
            (self.X_train, self.y_train),
            (self.X_test, self.y_test),
            self.train_loss,
            self.test_loss,
            regression=self.regression,
            message=self.message,
            points_changed=points_changed,
            epoch=self.epoch,
        )
        losses = ""
        if self.train_loss:
            losses = f" · train loss {self.train_loss[-1]:.4f} · test loss {self.test_loss[-1]:.4f}"
        status = f"<b>epoch {self.epoch}</b>{html.escape(losses)}"
        if self.message:
            status += f'<br><span style="color: #a00000">{html.escape(self.message)}</span>'
        self.status.value = status
        self.code_view.value = self.code()

    # ------------------------------------------------------------------ the code readout

    def code(self) -> str:
        """nnbook code that builds and trains the same network to the current epoch.

        Run in a fresh namespace, it leaves ``net`` with exactly the explorer's weights and
        prints the train and test losses the explorer shows.
        """
        output = "identity" if self.regression else "sigmoid"
        name = self.dataset.value
        lr = self.learning_rate.value
        epochs = self.epoch + 1 if self.diverged else self.epoch  # include the epoch that diverged
        wd = f"{self.weight_decay.value:g}"
        lr_text = repr(float(lr))  # repr round-trips: the code uses exactly the slider's value
        return "\n".join(
            [
                "from nnbook import Network, datasets, evaluate_loss, train",
                "",
                f"X, y = datasets.{name}(n={N_POINTS}, noise={self.noise.value:.2f}, seed={SEED})",
                f"X_train, y_train, X_test, y_test = datasets.split(X, y, test_fraction={self.test_fraction.value:.1f},"
                f" seed={SEED})",
                f'net = Network({self.sizes}, activation="{self.activation.value}", output_activation="{output}",'
                f" seed={SEED})",
                f'limit = 1e4 * max(evaluate_loss(net, X_train, y_train, loss="{self.loss}", weight_decay={wd}), 1)',
                f"for epoch in range({epochs}):  # one epoch per call, as in the playground",
                f'    history = train(net, X_train, y_train, loss="{self.loss}", learning_rate={lr_text},',
                f"                    epochs=1, batch_size={self.batch}, seed=epoch, weight_decay={wd})",
                "    if history.diverged or history.loss[-1] > limit:  # train's rule, over the whole run",
                '        print(history.message or f"training diverged in epoch {epoch + 1}")',
                "        break",
                f'train_loss = evaluate_loss(net, X_train, y_train, loss="{self.loss}")',
                f'test_loss = evaluate_loss(net, X_test, y_test, loss="{self.loss}")',
                'print(f"train loss {train_loss:.4f}, test loss {test_loss:.4f}")',
            ]
        )
