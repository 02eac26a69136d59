"""The playground (practice chapter 7, and chapter 5 with fewer controls): the controls.

A TensorFlow-Playground-like explorer. The controls choose ``nnbook.playground.Settings``;
``nnbook.playground.TrainingRun`` trains them (the data, the input features, the network
and one ``train`` run that every step continues); ``nnbook.plots.playground`` draws the
run, updated in place after every step; ``nnbook.playground.write_code`` writes the
nnbook code that gives the same network, and ``Settings.url`` the share link that
rebuilds the same playground. Every change of a setting of the run starts a new run
from epoch 0 with fresh weights, so the network on screen is always the one the code
readout produces; the view toggles (discretise, test data) and the epochs per step
keep the run.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from typing import Any

import ipywidgets as widgets

from nnbook import playground as playground_core
from nnbook.checks import whole_number
from nnbook.playground import (
    BATCH_SIZES,
    EPOCHS_PER_STEP_RANGE,
    FEATURES,
    LEARNING_RATE_RANGE,
    MAX_HIDDEN_LAYERS,
    MAX_UNITS,
    NOISE_RANGE,
    REGULARIZATION_RATES,
    SEED_RANGE,
    TEST_RATIO_RANGE,
    Settings,
    TrainingRun,
    parse_hidden,
    read_query,
    write_code,
)
from nnbook.plots.playground import (
    PLAYGROUND_EXTENT,
    playground_figure,
    playground_png,
)
from nnbook.widgets.base import CONTROL_STYLE, Explorer, control_layout
from nnbook.widgets.diagram import Edit, NetworkDiagram

#: The data sets' menu labels, in the order of ``nnbook.playground.DATASETS``.
DATASET_OPTIONS = [
    ("circle", "circle"),
    ("XOR", "xor"),
    ("two Gaussians", "gaussians"),
    ("spiral", "spiral"),
    ("regression: two bumps", "gaussian_bumps"),
    ("regression: plane", "plane"),
]

#: The input features' check-box labels, in the order of ``nnbook.playground.FEATURES``.
FEATURE_LABELS = {
    "x1": "x₁",
    "x2": "x₂",
    "x1^2": "x₁²",
    "x2^2": "x₂²",
    "x1*x2": "x₁x₂",
    "sin(x1)": "sin x₁",
    "sin(x2)": "sin x₂",
}

#: The hidden layers' activation: (menu label, name in ``nnbook.Network``).
HIDDEN_ACTIVATION_OPTIONS = [("ReLU", "relu"), ("tanh", "tanh"), ("sigmoid", "sigmoid"), ("identity", "identity")]

#: Mini-batch sizes; 0 stands for the full batch (``batch_size=None``).
BATCH_OPTIONS = [("all", 0) if size is None else (str(size), size) for size in BATCH_SIZES]

#: The penalty: (menu label, ``Settings.regularization``).
REGULARIZATION_OPTIONS = [("none", "none"), ("L1", "l1"), ("L2", "l2")]

#: Regularisation strengths λ.
REGULARIZATION_RATE_OPTIONS = [(f"{value:g}", value) for value in REGULARIZATION_RATES]

#: The settings' controls, in the order they are laid out.
CONTROLS = [
    "dataset",
    "noise",
    "test_ratio",
    "features",
    "layers",
    "units",
    "hidden",
    "activation",
    "learning_rate",
    "batch_size",
    "regularization",
    "regularization_rate",
    "seed",
    "epochs_per_step",
    "discretize",
    "show_test_data",
]


class Playground(Explorer):
    """Train a network on a two-dimensional data set and watch it learn (chapters 5 and 7).

    The arguments are those of :class:`nnbook.playground.Settings`, each checked before
    anything is built: ``dataset`` (circle, XOR, two Gaussians, spiral; the regression
    sets ``gaussian_bumps`` and ``plane``), ``features`` (check boxes: ``"x1"``, ``"x2"``,
    ``"x1^2"``, ``"x2^2"``, ``"x1*x2"``, ``"sin(x1)"``, ``"sin(x2)"``), ``hidden`` (a list
    of up to 6 widths from 1 to 8, or a text such as ``"4,4"``; the sliders ``layers``
    and ``units`` write it), ``activation`` (relu, tanh, sigmoid, identity),
    ``regularization`` (``"none"``, ``"l1"``, ``"l2"``) and ``regularization_rate`` λ (0
    to 0.1), ``learning_rate`` (a log slider, 0.001 to 10), ``batch_size`` (1 to 32, or
    None for all), ``noise`` (0 to 0.5), ``test_ratio`` (0.1 to 0.9), ``seed`` (0 to
    9999: the data, the split, the initial weights and the shuffle), ``epochs_per_step``
    (1 to 10), and the toggles ``discretize`` and ``show_test_data``.

    ``controls`` names the controls shown (all by default; chapter 5 shows three); the
    others keep their values. ``play`` (an ``ipywidgets.Play``) calls ``step()`` on every
    tick; ``step_button`` trains one step and ``reset_button`` starts again. ``url`` is
    the share link (shown in ``link``); ``Playground.from_url(url)`` rebuilds the same
    playground. ``diagram`` is the network itself (:class:`nnbook.widgets.NetworkDiagram`,
    in ``diagram_box``; ``diagram=False`` leaves it out): a weight set there by hand is
    part of the run, so the losses, the maps and the code readout follow it (the share
    link carries settings only, not hand-set weights).

    Classification uses one sigmoid output unit and the binary cross-entropy; regression
    an identity output and the mean squared error.

    Attributes for code and tests: ``run`` (the :class:`nnbook.playground.TrainingRun`)
    and, from it, ``net``, ``epoch``, ``train_loss``, ``test_loss`` and
    ``test_accuracy`` (now, floats), ``train_losses`` and ``test_losses`` (per epoch),
    ``diverged``, ``X_train, X_test, y_train, y_test``; ``settings``, ``message``,
    ``plot`` (the artists), ``figure``, ``output``, ``status`` (HTML), ``code_view`` (a
    Textarea holding ``code()``) and ``png``.
    """

    def __init__(
        self,
        dataset: str = "circle",
        features: Sequence[str] = ("x1", "x2"),
        hidden: Any = (4, 4),
        activation: str = "tanh",
        regularization: str = "none",
        regularization_rate: float = 0.0,
        learning_rate: float = 0.1,
        batch_size: int | None = 8,
        noise: float = 0.1,
        test_ratio: float = 0.3,
        seed: int = 0,
        discretize: bool = False,
        show_test_data: bool = True,
        epochs_per_step: int = 2,
        controls: Sequence[str] = tuple(CONTROLS),
        resolution: int = 41,
        dpi: int = 72,
        interval: int = 200,
        base_url: str | None = None,
        diagram: bool = True,
    ) -> None:
        # Every value is checked before anything is built.
        features = tuple(features) if isinstance(features, list) else features
        hidden = tuple(hidden) if isinstance(hidden, list) else hidden
        self.settings = s = Settings(
            dataset, features, hidden, activation, regularization, regularization_rate, learning_rate,
            batch_size, noise, test_ratio, seed, discretize, show_test_data, epochs_per_step,
        )  # fmt: skip
        unknown = [name for name in controls if name not in CONTROLS]
        if unknown or isinstance(controls, str):
            raise ValueError(f"expected controls from {CONTROLS}, got {controls!r}")
        if base_url is None:  # read now: a page that runs the playground may set its own address
            base_url = playground_core.SHARE_URL
        if not isinstance(base_url, str) or "?" in base_url or "#" in base_url:
            raise ValueError(f"expected base_url a page address without ? or #, got {base_url!r}")
        self.base_url = base_url

        def look(**extra) -> dict:  # each control gets its own layout
            return {"style": CONTROL_STYLE, "layout": control_layout(), **extra}

        self.dataset = widgets.Dropdown(options=DATASET_OPTIONS, value=s.dataset, description="data set", **look())
        low, high = NOISE_RANGE
        self.noise = widgets.FloatSlider(
            value=s.noise, min=low, max=high, step=0.05, description="noise", **look(continuous_update=False)
        )
        low, high = TEST_RATIO_RANGE
        self.test_ratio = widgets.FloatSlider(
            value=s.test_ratio,
            min=low,
            max=high,
            step=0.1,
            description="test points (ratio)",
            **look(continuous_update=False),
        )
        self.feature_boxes = {
            name: widgets.Checkbox(
                value=name in s.features,
                description=FEATURE_LABELS[name],
                indent=False,
                layout=widgets.Layout(width="5.2em"),
            )
            for name in FEATURES
        }
        self.features = widgets.HBox(
            [widgets.Label("input features", layout=widgets.Layout(width="9em")), *self.feature_boxes.values()],
            layout=widgets.Layout(flex_flow="row wrap", width="24em"),
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
        self.regularization = widgets.Dropdown(
            options=REGULARIZATION_OPTIONS, value=s.regularization, description="regularisation", **look()
        )
        self.regularization_rate = widgets.SelectionSlider(
            options=REGULARIZATION_RATE_OPTIONS,
            value=s.regularization_rate,
            description="strength λ",
            **look(continuous_update=False),
        )
        low, high = SEED_RANGE
        self.seed = widgets.BoundedIntText(value=s.seed, min=low, max=high, description="seed", **look())
        low, high = EPOCHS_PER_STEP_RANGE
        self.epochs_per_step = widgets.IntSlider(
            value=s.epochs_per_step, min=low, max=high, description="epochs per step", **look()
        )
        self.discretize = widgets.Checkbox(value=s.discretize, description="discretise output", **look())
        self.show_test_data = widgets.Checkbox(value=s.show_test_data, description="show test data", **look())
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
        self.link = widgets.Text(
            description="share link",
            disabled=True,
            style=CONTROL_STYLE,
            layout=widgets.Layout(width="100%"),
            tooltip="these settings, as a link that opens this playground",
        )
        self.code_view = widgets.Textarea(description="", rows=18, layout=widgets.Layout(width="100%"))
        self.code_view.add_class("nnbook-code")
        self.output = widgets.Output()
        self.plot = playground_figure(PLAYGROUND_EXTENT, resolution)
        self.dpi = dpi
        self.run = TrainingRun(self.settings)
        self.message = ""
        # The network itself, beside the figure: every weight's sign and size, its value
        # under the pointer, a neuron's map large, a weight set by hand (nnbook.widgets.diagram).
        self.diagram = (
            NetworkDiagram(self.net, extent=PLAYGROUND_EXTENT, input_names=self._input_names(), on_edit=self._on_edit)
            if diagram
            else None
        )
        self.diagram_box = widgets.Box(
            [self.diagram] if diagram else [], layout=widgets.Layout(flex="1 1 auto", max_width="100%", min_width="0")
        )  # on a phone the diagram shrinks to the width

        shown = [getattr(self, name) for name in CONTROLS if name in controls]
        half = (len(shown) + 1) // 2
        buttons = widgets.HBox([self.play, self.step_button, self.reset_button, self.status])
        column = widgets.Layout(flex="0 0 auto")
        panel = widgets.HBox(
            [widgets.VBox(shown[:half], layout=column), widgets.VBox(shown[half:], layout=column)],
            layout=widgets.Layout(flex_flow="row wrap"),
        )
        picture = widgets.HBox([self.diagram_box, self.output], layout=widgets.Layout(flex_flow="row wrap"))
        code = widgets.Accordion([self.code_view], titles=("the same in nnbook code",))
        super().__init__([panel, buttons, picture, self.link, code])
        self.layers.observe(self._write_hidden, names="value")
        self.units.observe(self._write_hidden, names="value")
        watched = [name for name in CONTROLS if name not in ("layers", "units", "features")]
        self.watch([getattr(self, name) for name in watched] + list(self.feature_boxes.values()))
        self.play.observe(self._on_tick, names="value")
        self.step_button.on_click(lambda _: self.step())
        self.reset_button.on_click(lambda _: self.reset())
        self.update()

    @classmethod
    def from_url(cls, url: str, **view: Any) -> Playground:
        """The playground a share link describes (``nnbook.playground.read_query``).

        Every value is checked against its control before anything is built; a bad or
        hostile link raises ``ValueError`` naming the setting. The link's page becomes
        ``base_url``, so the rebuilt playground's ``url`` is the same link. ``view`` may
        set ``controls``, ``resolution``, ``dpi`` or ``interval``.
        """
        settings = read_query(url)
        base = url.split("?", 1)[0].split("#", 1)[0] if "?" in url or "#" in url else None
        return cls(**settings, base_url=base, **view)

    # ------------------------------------------------------------------ the run, as attributes

    @property
    def url(self) -> str:
        """The share link: these settings (and seed) as ``name=value`` pairs."""
        return self.settings.url(self.base_url)

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
    def train_loss(self) -> float:
        """The training loss now (without the penalty)."""
        return self.run.train_loss

    @property
    def test_loss(self) -> float:
        """The test loss now."""
        return self.run.test_loss

    @property
    def train_losses(self) -> list[float]:
        """The training loss after every epoch."""
        return self.run.train_losses

    @property
    def test_losses(self) -> list[float]:
        """The test loss after every epoch."""
        return self.run.test_losses

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

    def _from_controls(self) -> Settings:
        """The controls' settings; a text or a choice of features that is not allowed keeps
        the last valid one, and says so in ``message``."""
        problems = []
        try:
            hidden = parse_hidden(self.hidden.value)
        except ValueError as error:
            hidden = self.settings.hidden
            problems.append(f"{error}; keeping {','.join(map(str, hidden)) or 'no hidden layer'}")
        features = tuple(name for name, box in self.feature_boxes.items() if box.value)
        if not features:
            features = self.settings.features
            problems.append(f"choose at least one input feature; keeping {', '.join(features)}")
        self.message = "; ".join(problems)
        return Settings(
            dataset=self.dataset.value,
            features=features,
            hidden=hidden,
            activation=self.activation.value,
            regularization=self.regularization.value,
            regularization_rate=self.regularization_rate.value,
            learning_rate=self.learning_rate.value,
            batch_size=self.batch_size.value or None,
            noise=self.noise.value,
            test_ratio=self.test_ratio.value,
            seed=self.seed.value,
            discretize=self.discretize.value,
            show_test_data=self.show_test_data.value,
            epochs_per_step=self.epochs_per_step.value,
        )

    def recompute(self) -> None:
        """Read the controls; a change of the run starts again (new data, a new network,
        epoch 0), a change of the view only redraws. The figure is redrawn in place."""
        settings = self._from_controls()
        same = settings.same_run(self.settings)
        self.settings = settings
        if not same:
            self.play.playing = False
            self.run = TrainingRun(settings)
        elif self.diverged:
            self.message = "; ".join(filter(None, [self.message, self.run.message]))
        self._draw(points_changed=not same)

    def describe(self) -> str:
        """The picture in words (the image's alt text)."""
        s = self.settings
        name = dict((v, k) for k, v in DATASET_OPTIONS)[s.dataset]
        test = f" and {len(self.y_test)} test points (triangles)" if s.show_test_data else ""
        text = (
            f"The {name} data set, {len(self.y_train)} training points (circles){test}, over the colour map "
            f"of the {'decided class' if s.discretize else 'output'} of a network with input features "
            f"{', '.join(s.features)}, layer sizes {s.sizes} and {s.activation} hidden units after "
            f"{self.epoch} epochs; beside it one small map per hidden unit and the training and test loss "
            f"per epoch (now {self.train_loss:.4f} and {self.test_loss:.4f})"
        )
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
        self.run.step(whole_number(n, "n", 0) * self.settings.epochs_per_step)
        if self.diverged:
            self.message = self.run.message
            self.play.playing = False
        self._draw(points_changed=False)
        self.render()

    def reset(self) -> None:
        """Back to epoch 0 with the initial weights (the settings are kept)."""
        self.play.playing = False
        self.run = TrainingRun(self.settings)
        self.update()

    def _input_names(self) -> list[str]:
        return [FEATURE_LABELS[name] for name in self.settings.features]

    def _on_edit(self, edit: Edit) -> None:
        """A weight set by hand in the diagram: the losses, the maps and the code follow it."""
        self.run.edited(edit.code())
        self._draw(points_changed=False)
        self.render()

    def _on_tick(self, change: dict) -> None:
        if change["new"] > change["old"]:
            self.step()

    def _draw(self, points_changed: bool) -> None:
        s = self.settings
        self.plot.update(
            self.net,
            (self.X_train, self.y_train),
            (self.X_test, self.y_test),
            self.train_losses,
            self.test_losses,
            regression=s.regression,
            message=self.message,
            points_changed=points_changed,
            features=s.features,
            discretize=s.discretize,
            show_test_data=s.show_test_data,
        )
        if self.diagram is not None:
            self.diagram.update(self.net, self.plot.activations, self._input_names())
        losses = f" · train loss {self.train_loss:.4f} · test loss {self.test_loss:.4f}"
        if not s.regression:
            losses += f" · test accuracy {self.test_accuracy:.3f}"
        status = f"<b>epoch {self.epoch}</b>{html.escape(losses)}"
        if self.message:
            status += f'<br><span style="color: #a00000">{html.escape(self.message)}</span>'
        self.status.value = status
        self.code_view.value = self.code()
        self.link.value = self.url

    def code(self) -> str:
        """nnbook code that builds and trains the same network to the current epoch.

        Run in a fresh namespace, it leaves ``net`` with exactly the explorer's weights and
        prints the train and test losses the explorer shows (``nnbook.playground.write_code``).
        """
        # A run that diverged stopped inside its last epoch: train stops there again.
        return write_code(self.settings, self.epoch + 1 if self.diverged else self.epoch, self.run.edits)
