"""The playground's training run (nnbook.playground), without a figure or a widget."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest

import nnbook
from nnbook.playground import (
    DATASETS,
    FEATURES,
    MAX_URL_LENGTH,
    REGRESSION_SETS,
    Settings,
    TrainingRun,
    discretise,
    parse_hidden,
    read_query,
    roughness,
    validation_losses,
    write_code,
)


def weights(net: nnbook.Network) -> list[np.ndarray]:
    return [array for layer in net.layers for array in (layer.W, layer.b)]


def test_the_run_is_the_split_data_and_a_seeded_network() -> None:
    run = TrainingRun(Settings(dataset="spiral", noise=0.2, test_ratio=0.4, hidden=(3, 2), seed=7))
    X, y = nnbook.datasets.spiral(n=200, noise=0.2, seed=7)
    for mine, theirs in zip(
        (run.X_train, run.X_test, run.y_train, run.y_test),
        nnbook.train_test_split(X, y, test_fraction=0.4, seed=7),
        strict=True,
    ):
        np.testing.assert_array_equal(mine, theirs)
    np.testing.assert_array_equal(run.F_train, run.X_train)  # the features x1, x2 are the inputs
    fresh = nnbook.Network([2, 3, 2, 1], activation="tanh", output_activation="sigmoid", seed=7)
    for mine, theirs in zip(weights(run.net), weights(fresh), strict=True):
        np.testing.assert_array_equal(mine, theirs)
    assert run.epoch == 0 and not run.diverged and run.message == ""
    # before any epoch, the current losses are those of the initial weights
    assert run.train_loss == nnbook.evaluate_loss(fresh, run.X_train, run.y_train, "cross_entropy")
    assert run.test_loss == nnbook.evaluate_loss(fresh, run.X_test, run.y_test, "cross_entropy")


def test_the_seed_changes_the_data_and_the_weights() -> None:
    first, second = TrainingRun(Settings(seed=0)), TrainingRun(Settings(seed=1))
    assert not np.array_equal(first.X_train, second.X_train)
    assert not np.array_equal(first.net.layers[0].W, second.net.layers[0].W)


def test_the_network_gets_the_chosen_features() -> None:
    settings = Settings(dataset="circle", features=("x2^2", "x1^2", "sin(x1)"), hidden=())
    assert settings.features == ("x1^2", "x2^2", "sin(x1)")  # the check boxes' order
    run = TrainingRun(settings)
    assert run.net.sizes == [3, 1]
    np.testing.assert_array_equal(run.F_test, nnbook.datasets.features(run.X_test, settings.features))
    np.testing.assert_array_equal(run.output(run.X_test), run.net.forward(run.F_test)[:, 0])


@pytest.mark.parametrize("batch_size", [4, None])
@pytest.mark.parametrize(("regularization", "keyword"), [("l2", "weight_decay"), ("l1", "l1")])
def test_steps_train_exactly_as_one_call_of_train(batch_size, regularization, keyword) -> None:
    settings = Settings(
        dataset="xor", hidden=(4,), activation="relu", batch_size=batch_size,
        regularization=regularization, regularization_rate=1e-3,
    )  # fmt: skip
    run = TrainingRun(settings)
    for epochs in (1, 3, 2):
        run.step(epochs)
    net = nnbook.Network([2, 4, 1], activation="relu", output_activation="sigmoid", seed=0)
    history = nnbook.train(
        net, run.X_train, run.y_train, "cross_entropy", 0.1, 6, batch_size, seed=0, **{keyword: 1e-3}
    )
    assert run.epoch == 6 and run.history.loss == history.loss
    for mine, theirs in zip(weights(run.net), weights(net), strict=True):
        np.testing.assert_array_equal(mine, theirs)
    # the recorded losses have no penalty, so train and test compare
    loss = nnbook.evaluate_loss
    assert run.train_loss == run.train_losses[-1] == loss(net, run.X_train, run.y_train, "cross_entropy")
    assert run.test_loss == run.test_losses[-1] == loss(net, run.X_test, run.y_test, "cross_entropy")
    assert run.train_loss < history.loss[-1]  # history.loss includes the penalty


def test_no_regularization_ignores_the_rate() -> None:
    off = TrainingRun(Settings(regularization="none", regularization_rate=0.1))
    plain = TrainingRun(Settings())
    off.step(3)
    plain.step(3)
    assert off.train_losses == plain.train_losses and Settings(regularization_rate=0.1).penalty == {}


@pytest.mark.parametrize(
    "settings",
    [
        {"dataset": "gaussian_bumps", "noise": 0.15, "hidden": (5,), "learning_rate": 10**-0.75, "batch_size": 16},
        {"dataset": "plane", "features": ("x1", "x2"), "hidden": (), "regularization": "l1",
         "regularization_rate": 0.003, "seed": 12},
        {"dataset": "circle", "features": ("x1^2", "x2^2"), "hidden": (), "learning_rate": 0.3},
        {"dataset": "spiral", "features": tuple(FEATURES), "hidden": (8,) * 6, "activation": "relu",
         "regularization": "l2", "regularization_rate": 0.01, "batch_size": 1, "test_ratio": 0.7, "seed": 9999},
        {"dataset": "xor", "features": ("x1*x2",), "hidden": (2, 3), "regularization": "l1",
         "regularization_rate": 0.1, "noise": 0.35, "batch_size": None},
    ],
)  # fmt: skip
def test_the_code_it_writes_gives_the_same_network(settings) -> None:
    settings = Settings(**settings)
    run = TrainingRun(settings)
    run.step(7)
    namespace: dict = {}
    exec(write_code(settings, run.epoch), namespace)
    for mine, theirs in zip(weights(run.net), weights(namespace["net"]), strict=True):
        np.testing.assert_array_equal(mine, theirs)
    assert namespace["train_loss"] == run.train_loss and namespace["test_loss"] == run.test_loss
    if settings.regression:
        assert math.isnan(run.test_accuracy) and "test_accuracy" not in namespace
    else:
        assert namespace["test_accuracy"] == run.test_accuracy
    for name, value in settings.penalty.items():
        assert f"{name}={value!r}" in write_code(settings, 1)


def test_divergence_stops_the_run() -> None:
    run = TrainingRun(Settings(dataset="gaussian_bumps", hidden=(8, 8), learning_rate=10.0, batch_size=None))
    for _ in range(10):
        run.step(1)
    assert run.diverged and run.message.startswith("training diverged in epoch")
    epoch = run.epoch
    run.step(5)
    assert run.epoch == epoch
    assert np.all(np.isfinite(run.train_losses))


def test_accuracy_is_the_share_of_test_points_on_the_right_side() -> None:
    run = TrainingRun(Settings(dataset="gaussians", hidden=()))
    run.step(20)
    predicted = run.net.forward(run.X_test)[:, 0] >= 0.5
    assert run.test_accuracy == np.mean(predicted == run.y_test) > 0.9


def test_squared_features_let_a_single_neuron_separate_the_circle() -> None:
    # the lesson of chapter 7: with x1² and x2² no hidden layer is needed
    raw = TrainingRun(Settings(dataset="circle", hidden=(), learning_rate=1.0))
    squares = TrainingRun(Settings(dataset="circle", features=("x1^2", "x2^2"), hidden=(), learning_rate=1.0))
    raw.step(100)
    squares.step(100)
    assert squares.test_accuracy > 0.95 > 0.7 > raw.test_accuracy


@pytest.mark.parametrize(
    ("setting", "value", "message"),
    [
        ("dataset", "moons", "unknown dataset"),
        ("features", (), "features to name at least one"),
        ("features", ("x1", "x3"), "unknown features"),
        ("features", "x1", "features as a list"),
        ("noise", 0.6, "noise a number from 0 to 0.5"),
        ("noise", "0.1", "noise"),
        ("test_ratio", 0.0, "test_ratio a number from 0.1 to 0.9"),
        ("hidden", (9,), "hidden layers"),
        ("hidden", (0,), "hidden layers"),
        ("hidden", (1,) * 7, "hidden layers"),
        ("hidden", (True,), "hidden layers"),
        ("activation", "softmax", "unknown activation"),
        ("regularization", "l3", "unknown regularization"),
        ("regularization_rate", 0.5, "regularization_rate one of"),
        ("learning_rate", 100.0, "learning_rate a number from 0.001 to 10"),
        ("learning_rate", math.nan, "learning_rate"),
        ("batch_size", 3, "batch_size"),
        ("batch_size", True, "batch_size"),
        ("seed", -1, "seed a whole number from 0 to 9999"),
        ("seed", 1.5, "seed"),
        ("seed", 10000, "seed"),
        ("discretize", 1, "discretize True or False"),
        ("show_test_data", "yes", "show_test_data"),
        ("epochs_per_step", 0, "epochs_per_step"),
        ("epochs_per_step", 11, "epochs_per_step"),
    ],
)
def test_every_setting_is_checked_before_anything_is_built(setting, value, message) -> None:
    with pytest.raises(ValueError, match=message):
        Settings(**{setting: value})


def test_settings_cover_every_data_set_and_hidden_text() -> None:
    for name in DATASETS:
        settings = Settings(dataset=name)
        assert settings.loss == ("mse" if name in REGRESSION_SETS else "cross_entropy")
    assert REGRESSION_SETS == {"gaussian_bumps", "plane"}
    assert parse_hidden("") == () and parse_hidden("8 4") == (8, 4) == Settings(hidden="8,4").hidden
    assert parse_hidden("8,8,8,8,8,8") == (8,) * 6 == parse_hidden([8] * 6)
    for bad in ("4.5", "1e1", "x", "8,8,8,8,8,8,8", "0", "9", "-1", "4" * 5000):
        with pytest.raises(ValueError, match="hidden layers"):
            parse_hidden(bad)
    with pytest.raises(TypeError, match="Settings"):
        TrainingRun({"dataset": "xor"})


def test_only_the_view_settings_keep_the_run() -> None:
    base = Settings()
    assert base.same_run(Settings(discretize=True, show_test_data=False, epochs_per_step=7))
    assert not base.same_run(Settings(seed=1)) and not base.same_run(Settings(features=("x1",)))


# --------------------------------------------------------------------------- share links


LINK = (
    "https://example.org/book/07_playground.html?dataset=spiral&features=x1,x2,x1%5E2,sin(x1)&hidden=8,8"
    "&activation=relu&regularization=l1&regularization_rate=0.001&learning_rate=0.03&batch_size=all"
    "&noise=0.2&test_ratio=0.5&seed=42&discretize=true&show_test_data=false&epochs_per_step=5"
)


def test_a_link_reads_back_into_the_same_settings() -> None:
    settings = Settings.from_url(LINK)
    assert settings == Settings(
        dataset="spiral", features=("x1", "x2", "x1^2", "sin(x1)"), hidden=(8, 8), activation="relu",
        regularization="l1", regularization_rate=0.001, learning_rate=0.03, batch_size=None, noise=0.2,
        test_ratio=0.5, seed=42, discretize=True, show_test_data=False, epochs_per_step=5,
    )  # fmt: skip
    assert settings.url("https://example.org/book/07_playground.html") == LINK
    assert Settings.from_url(settings.url()) == settings


@pytest.mark.parametrize(
    "settings",
    [
        Settings(),
        Settings(hidden=(), features=tuple(FEATURES), learning_rate=10**-0.25, noise=0.45, test_ratio=0.9),
        Settings(dataset="plane", hidden=(1, 2, 3, 4, 5, 6), regularization="l2", regularization_rate=1e-4),
    ],
)
def test_every_link_round_trips(settings) -> None:
    url = settings.url()
    assert url.startswith("07_playground.html?dataset=") and Settings.from_url(url) == settings
    assert Settings.from_url(url).url() == url
    assert "seed=" in url and "hidden=" in url and "learning_rate=" in url
    assert Settings.from_url("#" + settings.query()) == settings  # a fragment works too


def test_a_short_link_keeps_the_other_defaults() -> None:
    assert Settings.from_url("?dataset=xor&hidden=") == Settings(dataset="xor", hidden=())
    assert Settings.from_url("07_playground.html") == Settings()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("colour=red", "unknown setting 'colour'"),
        ("dataset=circle&dataset=xor", "dataset appears twice"),
        ("dataset=moons", "unknown dataset"),
        ("dataset", "dataset=value"),
        ("features=", "features to name at least one"),
        ("features=x1,x3", "unknown features"),
        ("features=x1,x1", "each once"),
        ("hidden=8,8,8,8,8,8,8", "hidden layers"),
        ("hidden=0", "hidden layers"),
        ("hidden=9", "hidden layers"),
        ("hidden=a,b", "hidden layers"),
        ("activation=softmax", "unknown activation"),
        ("regularization=dropout", "unknown regularization"),
        ("regularization_rate=0.2", "regularization_rate one of"),
        ("learning_rate=100", "learning_rate a number from 0.001 to 10"),
        ("learning_rate=abc", "learning_rate a number in the link"),
        ("learning_rate=nan", "learning_rate a number in the link"),
        ("learning_rate=1e999", "learning_rate a number from"),
        ("learning_rate=__import__('os')", "learning_rate a number in the link"),
        ("noise=-0.1", "noise a number from 0 to 0.5"),
        ("noise=0x10", "noise a number in the link"),
        ("test_ratio=1", "test_ratio a number from 0.1 to 0.9"),
        ("batch_size=3", "batch_size"),
        ("batch_size=-1", "batch_size a whole number in the link"),
        ("seed=12345", "seed a whole number from 0 to 9999"),
        ("seed=1.5", "seed a whole number in the link"),
        ("discretize=1", "discretize true or false"),
        ("epochs_per_step=0", "epochs_per_step"),
        ("dataset=" + "x" * 500, "dataset=value with a value of at most"),
        ("hidden=" + "8," * 300, "at most"),
    ],
)
def test_a_bad_link_names_the_setting(query, message) -> None:
    with pytest.raises(ValueError, match=message):
        Settings.from_url(f"07_playground.html?{query}")


def test_a_huge_or_odd_link_is_refused_before_it_is_read() -> None:
    with pytest.raises(ValueError, match=f"at most {MAX_URL_LENGTH} characters"):
        read_query("?dataset=circle&" + "a" * 10**6)
    with pytest.raises(ValueError, match="as a string"):
        read_query(b"?dataset=circle")
    with pytest.raises(ValueError, match="unknown setting"):
        read_query("?__class__=x")


# --------------------------------------------------------------------------- the pictures' numbers


def test_discretise_keeps_only_the_decision() -> None:
    output = np.array([0.1, 0.5, 0.9, -0.3])
    np.testing.assert_array_equal(discretise(output, regression=False), [0, 1, 1, 0])
    np.testing.assert_array_equal(discretise(output, regression=True), [1, 1, 1, -1])


def test_roughness_is_the_mean_change_between_grid_neighbours() -> None:
    net = nnbook.Network([2, 1], activation="identity", seed=0)
    net.layers[0].W, net.layers[0].b = [[2.0, 0.0]], [0.5]  # F = 2·x₁ + ½: rises along x₁ only
    step = 3.0 / 80  # the plane (−1.5 to 1.5) in 81 points
    assert roughness(net) == pytest.approx((2.0 * step + 0.0) / 2)
    net.layers[0].W = [[0.0, 0.0]]
    assert roughness(net) == 0.0
    squares = nnbook.Network([1, 1], activation="identity", seed=0)
    squares.layers[0].W, squares.layers[0].b = [[1.0]], [0.0]  # F = x₂²
    expected = np.mean(np.abs(np.diff(np.linspace(-1.5, 1.5, 81) ** 2))) / 2
    assert roughness(squares, features=("x2^2",)) == pytest.approx(expected)


# --------------------------------------------------------------------------- choosing λ


def test_validation_losses_train_on_part_of_the_training_set_only() -> None:
    settings = Settings(dataset="xor", hidden=(3,), regularization="l2", noise=0.3, seed=4)
    losses = validation_losses(settings, [0.0, 0.01], epochs=5)
    whole = TrainingRun(settings)
    F_fit, F_val, y_fit, y_val = nnbook.train_test_split(whole.F_train, whole.y_train, test_fraction=0.25, seed=4)
    net = nnbook.Network([2, 3, 1], activation="tanh", output_activation="sigmoid", seed=4)
    nnbook.train(net, F_fit, y_fit, "cross_entropy", 0.1, 5, 8, seed=4, weight_decay=0.01)
    assert losses[0.01] == nnbook.evaluate_loss(net, F_val, y_val, "cross_entropy")
    assert set(losses) == {0.0, 0.01} and losses[0.0] != losses[0.01]
    # no validation point is a test point
    test_rows = {tuple(row) for row in whole.F_test}
    assert not test_rows & {tuple(row) for row in F_val} and len(F_val) == round(0.25 * len(whole.F_train))
    l1 = validation_losses(replace(settings, regularization="l1"), [0.01], epochs=5)
    assert l1[0.01] != losses[0.01]


def test_validation_losses_refuse_bad_requests() -> None:
    with pytest.raises(ValueError, match="regularization 'l1' or 'l2'"):
        validation_losses(Settings(), [0.01], epochs=5)
    with pytest.raises(ValueError, match="each rate one of"):
        validation_losses(Settings(regularization="l2"), [0.5], epochs=5)
    with pytest.raises(ValueError, match="epochs"):
        validation_losses(Settings(regularization="l2"), [0.01], epochs=0)
