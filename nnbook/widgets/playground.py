"""The playground (practice chapter 7, and chapter 5 with fewer controls): the controls.

A TensorFlow-Playground-like explorer. The controls choose ``nnbook.playground.Settings``;
``nnbook.playground.TrainingRun`` trains them (the data, the network and one ``train`` run
that every step continues); ``nnbook.plots.playground`` draws the run, updated in place
after every step; ``nnbook.playground.write_code`` writes the nnbook code that gives the
same network. Every change of a setting starts a new run from epoch 0 with fresh weights,
so the network on screen is always the one the code readout produces.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence

import ipywidgets as widgets

from nnbook.checks import whole_number
from nnbook.playground import (
    BATCH_SIZES,
    LEARNING_RATE_RANGE,
    MAX_HIDDEN_LAYERS,
    MAX_UNITS,
    NOISE_RANGE,
    TEST_FRACTION_RANGE,
    WEIGHT_DECAYS,
    Settings,
    TrainingRun,
    parse_hidden,
    write_code,
)
from nnbook.plots.playground import (
    PLAYGROUND_EXTENT,
    playground_figure,
    playground_png,
)
from nnbook.widgets.base import CONTROL_STYLE, Explorer, control_layout

#: The data sets' menu labels, in the order of ``nnbook.playground.DATASETS``.
DATASET_OPTIONS = [
    ("circle", "circle"),
    ("XOR", "xor"),
    ("two Gaussians", "gaussians"),
    ("spiral", "spiral"),
    ("regression: two bumps", "gaussian_bumps"),
]

#: The hidden layers' activation: (menu label, name in ``nnbook.Network``).
HIDDEN_ACTIVATION_OPTIONS = [("ReLU", "relu"), ("tanh", "tanh"), ("sigmoid", "sigmoid"), ("identity", "identity")]

#: Mini-batch sizes; 0 stands for the full batch (``batch_size=None``).
BATCH_OPTIONS = [("all", 0) if size is None else (str(size), size) for size in BATCH_SIZES]

#: L2 regularisation strengths λ (``train(..., weight_decay=λ)``).
WEIGHT_DECAY_OPTIONS = [(f"{value:g}", value) for value in WEIGHT_DECAYS]

#: The settings' controls, in the order they are laid out.
CONTROLS = [
    "dataset",
    "noise",
    "test_fraction",
    "layers",
    "units",
    "hidden",
    "activation",
    "learning_rate",
    "batch_size",
    "weight_decay",
    "epochs_per_step",
]


class Playground(Explorer):
    """Train a network on a two-dimensional data set and watch it learn (chapters 5 and 7).

    Controls (each maps to one argument of nnbook; see ``code()``):
    ``dataset`` (circle, XOR, two Gaussians, spiral, and the regression set
    ``gaussian_bumps``), ``noise`` (0 to 0.5), ``test_fraction`` (the ratio of test
    points, 0.1 to 0.9), ``layers`` (0 to 3 hidden layers) and ``units`` (1 to 8 per
    layer), which write ``hidden`` (a text such as ``"4,4"`` that may also be edited),
    ``activation`` (relu, tanh, sigmoid, identity), ``learning_rate`` (a log slider,
    0.001 to 10), ``batch_size`` (1 to 32, or all), ``weight_decay`` (L2, 0 to 0.1) and
    ``epochs_per_step`` (1 to 10). ``controls`` names those shown (all by default;
    chapter 5 shows three); the others keep their values. ``play`` (an
    ``ipywidgets.Play``) calls ``step()`` on every tick; ``step_button`` trains one step
    and ``reset_button`` starts again.

    Classification uses one sigmoid output unit and the binary cross-entropy; regression
    an identity output and the mean squared error. Changing any setting starts a new
    ``TrainingRun`` from epoch 0 with the initial weights (``Network(..., seed=0)``).

    Attributes for code and tests: ``run`` (the :class:`nnbook.playground.TrainingRun`)
    and, from it, ``net``, ``epoch``, ``train_loss`` and ``test_loss`` (per epoch),
    ``diverged``, ``test_accuracy``, ``X_train, X_test, y_train, y_test``; ``settings``, ``message``,
    ``plot`` (the artists), ``figure``, ``output``, ``status`` (HTML), ``code_view`` (a
    Textarea holding ``code()``) and ``png``.
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
        controls: Sequence[str] = tuple(CONTROLS),
        resolution: int = 41,
        dpi: int = 72,
        interval: int = 200,
    ) -> None:
        # Every value is checked before anything is built.
        self.settings = Settings(
            dataset, noise, test_fraction, parse_hidden(hidden), activation, learning_rate, batch_size, weight_decay
        )
        unknown = [name for name in controls if name not in CONTROLS]
        if unknown or isinstance(controls, str):
            raise ValueError(f"expected controls from {CONTROLS}, got {controls!r}")
        s = self.settings

        def look(**extra) -> dict:  # each control gets its own layout
            return {"style": CONTROL_STYLE, "layout": control_layout(), **extra}

        self.dataset = widgets.Dropdown(options=DATASET_OPTIONS, value=s.dataset, description="data set", **look())
        low, high = NOISE_RANGE
        self.noise = widgets.FloatSlider(
            value=s.noise, min=low, max=high, step=0.05, description="noise", **look(continuous_update=False)
        )
        low, high = TEST_FRACTION_RANGE
        self.test_fraction = widgets.FloatSlider(
            value=s.test_fraction,
            min=low,
            max=high,
            step=0.1,
            description="test points (ratio)",
            **look(continuous_update=False),
        )
        self.layers = widgets.IntSlider(
            value=len(s.hidden), min=0, max=MAX_HIDDEN_LAYERS, description="hidden layers", **look()
        )
        self.units = widgets.IntSlider(
            value=max(s.hidden, default=4), min=1, max=MAX_UNITS, description="units per layer", **look()
        )
        self.hidden = widgets.Text(
            value=",".join(map(str, s.hidden)),
            description="layer sizes",
            placeholder="e.g. 4,4",
            **look(continuous_update=False),
        )
        self.activation = widgets.Dropdown(
            options=HIDDEN_ACTIVATION_OPTIONS, value=s.activation, description="activation", **look()
        )
        low, high = LEARNING_RATE_RANGE
        self.learning_rate = widgets.FloatLogSlider(
            value=s.learning_rate,
            base=10,
            min=round(math.log10(low)),
            max=round(math.log10(high)),
            step=0.25,
            description="learning rate η",
            readout_format=".3g",
            **look(continuous_update=False),
        )
        self.batch_size = widgets.SelectionSlider(
            options=BATCH_OPTIONS, value=s.batch_size or 0, description="batch size", **look(continuous_update=False)
        )
        self.weight_decay = widgets.SelectionSlider(
            options=WEIGHT_DECAY_OPTIONS,
            value=s.weight_decay,
            description="L2 strength λ",
            **look(continuous_update=False),
        )
        self.epochs_per_step = widgets.IntSlider(
            value=epochs_per_step, min=1, max=10, description="epochs per step", **look()
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
        self.run = TrainingRun(self.settings)
        self.message = ""

        shown = [getattr(self, name) for name in CONTROLS if name in controls]
        half = (len(shown) + 1) // 2
        buttons = widgets.HBox([self.play, self.step_button, self.reset_button, self.status])
        column = widgets.Layout(flex="0 0 auto")
        panel = widgets.HBox(
            [widgets.VBox(shown[:half], layout=column), widgets.VBox(shown[half:], layout=column)],
            layout=widgets.Layout(flex_flow="row wrap"),
        )
        code = widgets.Accordion([self.code_view], titles=("the same in nnbook code",))
        super().__init__([panel, buttons, self.output, code])
        self.layers.observe(self._write_hidden, names="value")
        self.units.observe(self._write_hidden, names="value")
        self.watch([getattr(self, name) for name in CONTROLS if name not in ("layers", "units")])
        self.play.observe(self._on_tick, names="value")
        self.step_button.on_click(lambda _: self.step())
        self.reset_button.on_click(lambda _: self.reset())
        self.update()

    # ------------------------------------------------------------------ the run, as attributes

    @property
    def figure(self):
        return self.plot.figure

    @property
    def net(self):
        return self.run.net

    @property
    def epoch(self) -> int:
        return self.run.epoch

    @property
    def train_loss(self) -> list[float]:
        return self.run.train_loss

    @property
    def test_loss(self) -> list[float]:
        return self.run.test_loss

    @property
    def diverged(self) -> bool:
        return self.run.diverged

    @property
    def test_accuracy(self) -> float:
        """The fraction of test points classified right now (NaN for regression)."""
        return self.run.test_accuracy

    @property
    def X_train(self):
        return self.run.X_train

    @property
    def X_test(self):
        return self.run.X_test

    @property
    def y_train(self):
        return self.run.y_train

    @property
    def y_test(self):
        return self.run.y_test

    def draw_png(self) -> bytes:
        """Only the moving artists are redrawn over the cached axes (fast enough to play)."""
        return playground_png(self.plot, self.dpi)

    def _write_hidden(self, change: dict) -> None:
        # The sliders write the text; the text defines the network (it can also say "8,4").
        self.hidden.value = ",".join([str(self.units.value)] * self.layers.value)

    # ------------------------------------------------------------------ the Explorer protocol

    def recompute(self) -> None:
        """Start again from the controls: new data, a new network (seed 0), epoch 0; redraw in place."""
        self.play.playing = False
        self.message = ""
        try:
            hidden = parse_hidden(self.hidden.value)
        except ValueError as error:
            hidden = self.settings.hidden
            self.message = f"{error}; keeping {','.join(map(str, hidden)) or 'no hidden layer'}"
        self.settings = Settings(
            self.dataset.value,
            self.noise.value,
            self.test_fraction.value,
            hidden,
            self.activation.value,
            self.learning_rate.value,
            self.batch_size.value or None,
            self.weight_decay.value,
        )
        self.run = TrainingRun(self.settings)
        self._draw(points_changed=True)

    def describe(self) -> str:
        """The picture in words (the image's alt text)."""
        name = dict((v, k) for k, v in DATASET_OPTIONS)[self.settings.dataset]
        text = (
            f"The {name} data set, {len(self.y_train)} training points (circles) and {len(self.y_test)} test points "
            f"(triangles), over the colour map of the output of a network with layer sizes {self.settings.sizes} "
            f"and {self.settings.activation} hidden units after {self.epoch} epochs; beside it one small map per "
            f"hidden unit and the training and test loss per epoch"
        )
        if self.train_loss:
            text += f" (now {self.train_loss[-1]:.4f} and {self.test_loss[-1]:.4f})"
        if self.message:
            text += f". {self.message}"
        return text + "."

    # ------------------------------------------------------------------ training

    def step(self, n: int = 1) -> None:
        """Train ``n`` steps of ``epochs_per_step`` epochs, continuing the same run, and redraw.

        A step is ``TrainingRun.step``: one more call of ``train`` continuing the run's
        history, so ``train`` alone decides when it diverged. After a divergence nothing
        more is trained until a setting changes or ``reset()``.
        """
        self.run.step(whole_number(n, "n", 0) * self.epochs_per_step.value)
        if self.diverged:
            self.message = self.run.message
            self.play.playing = False
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
        self.plot.update(
            self.net,
            (self.X_train, self.y_train),
            (self.X_test, self.y_test),
            self.train_loss,
            self.test_loss,
            regression=self.settings.regression,
            message=self.message,
            points_changed=points_changed,
        )
        losses = ""
        if self.train_loss:
            losses = f" · train loss {self.train_loss[-1]:.4f} · test loss {self.test_loss[-1]:.4f}"
        status = f"<b>epoch {self.epoch}</b>{html.escape(losses)}"
        if self.message:
            status += f'<br><span style="color: #a00000">{html.escape(self.message)}</span>'
        self.status.value = status
        self.code_view.value = self.code()

    def code(self) -> str:
        """nnbook code that builds and trains the same network to the current epoch.

        Run in a fresh namespace, it leaves ``net`` with exactly the explorer's weights and
        prints the train and test losses the explorer shows (``nnbook.playground.write_code``).
        """
        # A run that diverged stopped inside its last epoch: train stops there again.
        return write_code(self.settings, self.epoch + 1 if self.diverged else self.epoch)
