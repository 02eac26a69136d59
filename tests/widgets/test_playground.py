"""The playground driven from Python: every control over its whole range, training, and the code readout.

Controls are set exactly as a reader's clicks would set them (``pg.noise.value = …``,
``pg.play.value += 1``, ``pg.step_button.click()``), and what is drawn is checked against
nnbook computed independently here: the colour map is the network's output on the grid,
the hidden-unit tiles are its hidden activations, the loss curves are
``evaluate_loss`` after every epoch, and the code readout, run on its own, gives the
same weights.
"""

from __future__ import annotations

import base64

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
from pictures import assert_blit_is_the_full_draw

import nnbook
from nnbook import datasets
from nnbook.playground import FEATURES, MAX_HIDDEN_LAYERS, MAX_UNITS, REGRESSION_SETS, discretise
from nnbook.plots.playground import hidden_mosaic
from nnbook.widgets.playground import (
    BATCH_OPTIONS,
    DATASET_OPTIONS,
    HIDDEN_ACTIVATION_OPTIONS,
    REGULARIZATION_OPTIONS,
    REGULARIZATION_RATE_OPTIONS,
    Playground,
    parse_hidden,
)

DATASETS = [value for _, value in DATASET_OPTIONS]
ACTIVATIONS = [value for _, value in HIDDEN_ACTIVATION_OPTIONS]


def small(**settings) -> Playground:
    # A coarse grid and a small PNG keep hundreds of redraws quick; the code is the same.
    return Playground(resolution=15, dpi=30, **settings)


@pytest.fixture
def pg() -> Playground:
    return small()


def assert_drawn(pg: Playground) -> None:
    """The figure shows pg.net: output map, hidden tiles, loss curves; nothing is NaN."""
    grid = datasets.features(pg.plot.grid, pg.settings.features)
    run = pg.net.forward_pass(grid)
    image = np.asarray(pg.plot.image.get_array())
    assert np.all(np.isfinite(image))
    expected = run.output[:, 0]
    if pg.settings.discretize:
        expected = discretise(expected, pg.settings.regression)
    np.testing.assert_allclose(image.ravel(), expected)
    assert pg.plot.test_points.get_visible() == pg.settings.show_test_data
    mosaic = np.asarray(pg.plot.hidden_image.get_array(), dtype=float)
    np.testing.assert_allclose(mosaic, hidden_mosaic(run.activations[1:-1], pg.plot.resolution), equal_nan=True)
    # as many finite tiles as hidden units
    tile_corners = np.isfinite(mosaic[:: pg.plot.resolution + 3, :: pg.plot.resolution + 3])
    assert tile_corners.sum() == sum(pg.settings.hidden)
    for line, values in ((pg.plot.train_line, pg.train_losses), (pg.plot.test_line, pg.test_losses)):
        xs, ys = line.get_data()
        assert list(xs) == list(range(1, pg.epoch + 1))
        np.testing.assert_allclose(ys, values)
    assert np.all(np.isfinite(pg.train_losses)) and np.all(np.isfinite(pg.test_losses))
    assert np.isfinite(pg.train_loss) and np.isfinite(pg.test_loss)
    assert pg.link.value == pg.url and pg.code_view.value == pg.code()
    assert pg.png.startswith(b"\x89PNG")
    assert f"epoch {pg.epoch}" in pg.plot.epoch_text.get_text()


def test_first_state_renders():
    pg = Playground()
    assert pg.epoch == 0 and pg.png.startswith(b"\x89PNG")
    (output,) = pg.output.outputs
    assert base64.b64decode(output["data"]["image/png"]) == pg.png
    assert "alt=" in output["data"]["text/html"] and "circle" in output["data"]["text/plain"]
    assert_drawn(pg)
    # the picture is the one savefig gives (the cached background is not stale)
    assert pg.figure.get_size_inches().tolist() == [9.6, 3.0]


def test_every_dataset_and_noise(pg):
    for name in DATASETS:
        for noise in np.arange(0, 0.51, 0.05):
            with pg.hold():
                pg.dataset.value, pg.noise.value = name, float(noise)
            _X, y = getattr(datasets, name)(n=200, noise=round(float(noise), 2), seed=0)
            assert len(pg.y_train) + len(pg.y_test) == 200
            assert pg.settings.loss == ("mse" if name in REGRESSION_SETS else "cross_entropy")
            assert pg.net.output_activation == ("identity" if name in REGRESSION_SETS else "sigmoid")
            np.testing.assert_allclose(np.sort(np.concatenate([pg.y_train, pg.y_test])), np.sort(y))
        pg.step()
        assert pg.epoch == pg.epochs_per_step.value
        assert_drawn(pg)


def test_every_test_ratio(pg):
    for fraction in np.arange(0.1, 0.91, 0.1):
        pg.test_ratio.value = float(fraction)
        assert len(pg.y_test) == round(round(float(fraction), 1) * 200)
        points = pg.plot.test_points.get_offsets()
        np.testing.assert_allclose(points, pg.X_test)
        np.testing.assert_allclose(pg.plot.train_points.get_offsets(), pg.X_train)


def test_every_architecture(pg):
    for layers in range(0, MAX_HIDDEN_LAYERS + 1):
        for units in range(1, MAX_UNITS + 1):
            with pg.hold():
                pg.layers.value, pg.units.value = layers, units
            pg._write_hidden({})
            assert pg.hidden.value == ",".join([str(units)] * layers)
            assert pg.net.sizes == [2, *[units] * layers, 1]
            pg.step()
            assert_drawn(pg)


def test_hidden_text_and_bad_text(pg):
    pg.hidden.value = "8, 4 2"
    assert pg.net.sizes == [2, 8, 4, 2, 1] and not pg.message
    assert_drawn(pg)
    for bad in ["abc", "9", "1,2,3,4,5,6,7", "0", "-1", "2.5"]:
        pg.hidden.value = bad
        assert "hidden layers: expected" in pg.message and pg.plot.message.get_visible()
        assert pg.net.sizes == [2, 8, 4, 2, 1]  # the last valid network is kept
    pg.hidden.value = ""
    assert pg.net.sizes == [2, 1] and not pg.plot.message.get_visible()
    pg.step()
    assert_drawn(pg)
    assert parse_hidden(" 3 ,3 ") == (3, 3) == parse_hidden([3, 3])
    with pytest.raises(ValueError):
        parse_hidden("4,,x")


@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_every_learning_rate_with_every_activation(activation):
    pg = small(activation=activation, dataset="spiral")
    for exponent in np.arange(-3, 1.01, 0.25):
        pg.learning_rate.value = 10.0**exponent
        assert pg.epoch == 0 and pg.net.layers[0].activation == activation
        pg.step()
        assert pg.diverged or pg.epoch == pg.epochs_per_step.value
        assert_drawn(pg)
        if pg.diverged:
            assert "diverged" in pg.plot.message.get_text() and pg.plot.message.get_visible()


def test_every_batch_size_regularization_and_rate(pg):
    # each batch size with L1, then every penalty with every strength (one batch size each)
    combinations = [(batch, "l1", 0.01) for _, batch in BATCH_OPTIONS] + [
        (BATCH_OPTIONS[n % len(BATCH_OPTIONS)][1], kind, rate)
        for n, ((_, kind), (_, rate)) in enumerate(
            (k, r) for k in REGULARIZATION_OPTIONS for r in REGULARIZATION_RATE_OPTIONS
        )
    ]
    for batch, kind, rate in combinations:
        with pg.hold():
            pg.batch_size.value, pg.regularization.value, pg.regularization_rate.value = batch, kind, rate
        pg.step()
        assert pg.settings.batch_size == (batch or None)
        assert pg.settings.penalty == ({} if kind == "none" else {"l1" if kind == "l1" else "weight_decay": rate})
        assert_drawn(pg)


def test_epochs_per_step_and_single_step(pg):
    for k in range(1, 11):
        pg.epochs_per_step.value = k
        before = [layer.W.copy() for layer in pg.net.layers]
        pg.step_button.click()
        assert pg.epoch == k and len(pg.train_losses) == k
        assert any(not np.array_equal(a, layer.W) for a, layer in zip(before, pg.net.layers, strict=True))
        pg.step_button.click()
        assert pg.epoch == 2 * k
        pg.reset_button.click()


def test_play_ticks_train_and_lower_the_loss():
    pg = small(dataset="gaussians", hidden="", learning_rate=0.1)
    start = nnbook.evaluate_loss(pg.net, pg.X_train, pg.y_train, "cross_entropy")
    assert pg.train_loss == start
    for _ in range(10):
        pg.play.value += 1
    assert pg.epoch == 10 * pg.epochs_per_step.value
    assert pg.train_loss < 0.5 * start
    assert pg.test_loss < 0.5 * start
    assert pg.train_losses[-1] < pg.train_losses[0]
    # a play widget that is rewound (reset) does not train
    pg.reset()
    assert pg.epoch == 0 and pg.play.playing is False


def test_reset_restores_initial_weights(pg):
    initial = [(layer.W.copy(), layer.b.copy()) for layer in pg.net.layers]
    fresh = nnbook.Network([2, 4, 4, 1], activation="tanh", output_activation="sigmoid", seed=0)
    for (W, b), layer in zip(initial, fresh.layers, strict=True):
        np.testing.assert_array_equal(W, layer.W)
        np.testing.assert_array_equal(b, layer.b)
    for _ in range(3):
        pg.step()
    assert not np.array_equal(initial[0][0], pg.net.layers[0].W)
    pg.reset_button.click()
    assert pg.epoch == 0 and pg.train_losses == [] and pg.test_losses == []
    for (W, b), layer in zip(initial, pg.net.layers, strict=True):
        np.testing.assert_array_equal(W, layer.W)
        np.testing.assert_array_equal(b, layer.b)
    assert_drawn(pg)


@pytest.mark.parametrize(
    "settings",
    [
        {},
        {"dataset": "spiral", "hidden": "8,8", "activation": "relu", "batch_size": 1, "learning_rate": 10**-1.25},
        {"dataset": "xor", "hidden": [3], "activation": "sigmoid", "batch_size": None, "regularization": "l2",
         "regularization_rate": 0.003},
        {"dataset": "gaussian_bumps", "noise": 0.15, "test_ratio": 0.7, "activation": "tanh", "hidden": "6,2"},
        {"dataset": "gaussians", "hidden": [], "activation": "identity", "regularization": "l2",
         "regularization_rate": 0.1, "batch_size": 32},
        {"dataset": "circle", "features": ["x1^2", "x2^2"], "hidden": [], "regularization": "l1",
         "regularization_rate": 0.001, "seed": 5},
        {"dataset": "plane", "features": list(FEATURES), "hidden": [8] * 6, "activation": "relu",
         "regularization": "l1", "regularization_rate": 0.01, "seed": 9999},
        {"dataset": "spiral", "features": ["x1", "x2", "sin(x1)", "sin(x2)"], "hidden": [8, 8, 8, 8],
         "batch_size": 4, "discretize": True, "show_test_data": False},
    ],
)  # fmt: skip
def test_code_readout_reproduces_the_explorer(settings):
    pg = small(**settings)
    pg.noise.value = 0.15 if "noise" not in settings else 0.2  # a slider value that is not exact in binary
    for _ in range(4):
        pg.step()
    namespace: dict = {}
    exec(pg.code(), namespace)
    net = namespace["net"]
    assert net.sizes == pg.net.sizes
    for mine, theirs in zip(pg.net.layers, net.layers, strict=True):
        np.testing.assert_array_equal(mine.W, theirs.W)
        np.testing.assert_array_equal(mine.b, theirs.b)
    assert namespace["train_loss"] == pg.train_loss
    assert namespace["test_loss"] == pg.test_loss
    if not pg.settings.regression:
        assert namespace["test_accuracy"] == pg.test_accuracy
    for argument in ("learning_rate=", "batch_size=", f"seed={pg.settings.seed}", "test_fraction=", "noise="):
        assert argument in pg.code()
    for name, value in pg.settings.penalty.items():
        assert f"{name}={value!r}" in pg.code()
    assert f"features = {list(pg.settings.features)}".replace("'", '"') in pg.code()
    # one call of train, whose own rule decides divergence: no loop, no copied threshold
    assert pg.code().count("train(") == 1 and f"epochs={pg.epoch}," in pg.code()
    assert "for " not in pg.code() and "1e4" not in pg.code()
    assert pg.code_view.value == pg.code()


def test_a_weight_set_by_hand_in_the_diagram_is_part_of_the_run_and_of_its_code():
    pg = small(dataset="xor", hidden=[3, 2], seed=3)
    pg.step()
    before = (pg.train_loss, pg.test_loss)
    pg.diagram.neuron.value = pg.diagram.neuron.options[-1][1]  # the output unit
    pg.diagram.source.value = pg.diagram.source.options[0][1]  # its weight from the first unit of layer 2
    layer, j, i = pg.diagram.edge
    pg.diagram.value.value = 3.5  # typed into the box
    assert pg.net.layers[layer].W[j, i] == 3.5
    assert (pg.train_loss, pg.test_loss) != before, "the losses shown are still those of the old weight"
    assert f"train loss {pg.train_loss:.4f}" in pg.status.value
    assert pg.diagram.maps[-1] is pg.plot.activations[-1], "the diagram's maps are not the drawn network's"
    pg.step(2)
    pg.diagram.set_weight(0, 1, None, -0.25)  # a bias, from code
    namespace: dict = {}
    exec(pg.code(), namespace)
    assert f"net.layers[{layer}].W[{j}, {i}] = 3.5" in pg.code() and "net.layers[0].b[1] = -0.25" in pg.code()
    for mine, theirs in zip(pg.net.layers, namespace["net"].layers, strict=True):
        np.testing.assert_array_equal(mine.W, theirs.W)
        np.testing.assert_array_equal(mine.b, theirs.b)
    assert (namespace["train_loss"], namespace["test_loss"]) == (pg.train_loss, pg.test_loss)
    pg.reset()  # a new run forgets the edits
    assert pg.run.edits == [] and "net.layers[0].b[1]" not in pg.code()


def test_divergence_shows_the_message_not_nans(recwarn):
    pg = small(dataset="gaussian_bumps", hidden="8,8", activation="identity", learning_rate=10.0, batch_size=None)
    pg.play.playing = True
    for _ in range(5):
        pg.play.value += 1
    assert pg.diverged and pg.play.playing is False
    assert "training diverged" in pg.message and "learning rate 10 is too large" in pg.message
    assert pg.plot.message.get_visible() and pg.plot.message.get_text() == pg.message
    assert pg.message in pg.describe()
    epoch = pg.epoch
    pg.step()  # nothing more is trained
    assert pg.epoch == epoch
    assert_drawn(pg)
    assert not [w for w in recwarn if issubclass(w.category, RuntimeWarning)]
    namespace: dict = {}
    exec(pg.code(), namespace)
    for mine, theirs in zip(pg.net.layers, namespace["net"].layers, strict=True):
        np.testing.assert_array_equal(mine.W, theirs.W)
    pg.learning_rate.value = 0.01  # a change of setting starts again
    assert not pg.diverged and not pg.plot.message.get_visible()


def test_png_matches_a_full_redraw():
    # The cached background plus the moving artists give the same picture as savefig.
    pg = small(dataset="xor")
    for _ in range(3):
        pg.step()
    assert_blit_is_the_full_draw(pg)


def test_chapter_5_shows_three_controls_and_keeps_the_others():
    shown = ["dataset", "learning_rate", "epochs_per_step"]
    pg = small(dataset="xor", hidden="8", learning_rate=1.0, batch_size=None, epochs_per_step=10, controls=shown)
    columns = pg.children[0].children
    assert [c for column in columns for c in column.children] == [pg.dataset, pg.learning_rate, pg.epochs_per_step]
    assert pg.settings.hidden == (8,) and pg.settings.batch_size is None
    pg.step(3)
    assert pg.epoch == 30
    twin = small(dataset="xor", hidden="8", learning_rate=1.0, batch_size=None, epochs_per_step=10)
    for _ in range(3):
        twin.step_button.click()
    for mine, theirs in zip(pg.net.layers, twin.net.layers, strict=True):
        np.testing.assert_array_equal(mine.W, theirs.W)
    pg.dataset.value = "circle"  # a shown control starts again; the hidden ones keep their values
    assert pg.epoch == 0 and pg.settings.hidden == (8,)
    assert_drawn(pg)
    with pytest.raises(ValueError, match="expected controls from"):
        small(controls=["dataset", "colour"])


def test_bad_settings_are_refused_before_anything_is_built():
    bad = (
        {"dataset": "moons"}, {"learning_rate": 0.0}, {"batch_size": 5}, {"hidden": "9"}, {"hidden": [1] * 7},
        {"features": []}, {"features": ["x3"]}, {"regularization": "l3"}, {"seed": -1}, {"base_url": "a?b=1"},
    )  # fmt: skip
    for settings in bad:
        with pytest.raises(ValueError):
            small(**settings)


def test_every_combination_of_features(pg):
    # all 127 non-empty choices of the check boxes: the network's input grows with them
    for mask in range(1, 2 ** len(FEATURES)):
        chosen = [name for bit, name in enumerate(FEATURES) if mask >> bit & 1]
        with pg.hold():
            for name, box in pg.feature_boxes.items():
                box.value = name in chosen
        assert pg.settings.features == tuple(chosen) and pg.net.sizes[0] == len(chosen)
        if mask % 9 == 0:
            pg.step()
            assert_drawn(pg)
    assert pg.epoch == 0 or pg.epoch == pg.epochs_per_step.value


def test_no_feature_keeps_the_last_choice_and_says_so(pg):
    pg.feature_boxes["x1"].value = False
    assert pg.settings.features == ("x2",) and not pg.message
    pg.feature_boxes["x2"].value = False
    assert pg.settings.features == ("x2",) and "at least one input feature" in pg.message
    assert pg.plot.message.get_visible()
    pg.feature_boxes["x1^2"].value = True
    assert pg.settings.features == ("x1^2",) and not pg.message
    assert_drawn(pg)


def test_every_seed_end_to_end(pg):
    for seed in (0, 1, 17, 9999):
        pg.seed.value = seed
        X, _ = datasets.circle(n=200, noise=0.1, seed=seed)
        assert pg.settings.seed == seed
        assert {tuple(row) for row in np.vstack([pg.X_train, pg.X_test])} == {tuple(row) for row in X}
        pg.step()
        assert_drawn(pg)
    pg.seed.value = 10**6  # the box holds it within its bounds
    assert pg.settings.seed == 9999


def test_the_view_toggles_redraw_without_restarting(pg):
    pg.step(2)
    epoch, weights = pg.epoch, pg.net.layers[0].W.copy()
    for discretize in (True, False):
        for show in (False, True):
            with pg.hold():
                pg.discretize.value, pg.show_test_data.value = discretize, show
            assert pg.epoch == epoch and np.array_equal(pg.net.layers[0].W, weights)
            assert_drawn(pg)
            assert set(np.unique(pg.plot.image.get_array())) <= {0.0, 1.0} or not discretize
    pg.dataset.value = "plane"
    pg.discretize.value = True
    assert set(np.unique(pg.plot.image.get_array())) <= {-1.0, 1.0}
    assert_drawn(pg)


def test_the_share_link_rebuilds_the_same_playground():
    pg = small(
        dataset="spiral", features=["x1", "x2", "x1*x2"], hidden=[8, 8], activation="relu",
        regularization="l1", regularization_rate=0.001, learning_rate=0.03, batch_size=16,
        noise=0.2, test_ratio=0.4, seed=3, discretize=True, show_test_data=False, epochs_per_step=4,
    )  # fmt: skip
    assert pg.url.startswith("07_playground.html?dataset=spiral&features=x1,x2,x1*x2&hidden=8,8&")
    for pair in ("learning_rate=0.03", "seed=3", "regularization=l1", "batch_size=16", "test_ratio=0.4"):
        assert pair in pg.url
    twin = Playground.from_url(pg.url, resolution=15, dpi=30)
    assert twin.url == pg.url and twin.settings == pg.settings
    pg.step(2)
    twin.step(2)
    for mine, theirs in zip(pg.net.layers, twin.net.layers, strict=True):
        np.testing.assert_array_equal(mine.W, theirs.W)
    assert twin.train_loss == pg.train_loss and twin.test_accuracy == pg.test_accuracy
    # a change of a control changes the link, and the link follows the controls
    pg.hidden.value = "2"
    assert "hidden=2&" in pg.url and pg.link.value == pg.url
    elsewhere = Playground.from_url("https://example.org/nnbook/book/07_playground.html?dataset=plane&hidden=")
    assert elsewhere.url.startswith("https://example.org/nnbook/book/07_playground.html?dataset=plane&")
    assert Playground.from_url(elsewhere.url).url == elsewhere.url


@pytest.mark.parametrize(
    ("query", "setting"),
    [
        ("colour=red", "colour"),
        ("hidden=8,8,8,8,8,8,8", "hidden"),
        ("hidden=9", "hidden"),
        ("hidden=0", "hidden"),
        ("features=", "features"),
        ("features=x3", "features"),
        ("learning_rate=1000", "learning_rate"),
        ("learning_rate=fast", "learning_rate"),
        ("noise=0.9", "noise"),
        ("seed=-3", "seed"),
        ("dataset=" + "A" * 100000, "link"),
    ],
)
def test_a_bad_link_is_refused_before_anything_is_built(query, setting):
    with pytest.raises(ValueError, match=setting):
        Playground.from_url("07_playground.html?" + query)


def test_the_diagram_has_its_place_beside_the_figure(pg):
    picture = pg.children[2]
    assert list(picture.children) == [pg.diagram_box, pg.output]
