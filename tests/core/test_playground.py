"""The playground's training run (nnbook.playground), without a figure or a widget."""

from __future__ import annotations

import math

import numpy as np
import pytest

import nnbook
from nnbook.playground import DATASETS, Settings, TrainingRun, parse_hidden, roughness, write_code


def weights(net: nnbook.Network) -> list[np.ndarray]:
    return [array for layer in net.layers for array in (layer.W, layer.b)]


def test_the_run_is_the_split_data_and_a_seeded_network() -> None:
    run = TrainingRun(Settings(dataset="spiral", noise=0.2, test_fraction=0.4, hidden=(3, 2)))
    X, y = nnbook.datasets.spiral(n=200, noise=0.2, seed=0)
    for mine, theirs in zip(
        (run.X_train, run.X_test, run.y_train, run.y_test),
        nnbook.train_test_split(X, y, test_fraction=0.4, seed=0),
        strict=True,
    ):
        np.testing.assert_array_equal(mine, theirs)
    fresh = nnbook.Network([2, 3, 2, 1], activation="tanh", output_activation="sigmoid", seed=0)
    for mine, theirs in zip(weights(run.net), weights(fresh), strict=True):
        np.testing.assert_array_equal(mine, theirs)
    assert run.epoch == 0 and not run.diverged and run.message == ""


@pytest.mark.parametrize("batch_size", [4, None])
def test_steps_train_exactly_as_one_call_of_train(batch_size) -> None:
    settings = Settings(dataset="xor", hidden=(4,), activation="relu", batch_size=batch_size, weight_decay=1e-3)
    run = TrainingRun(settings)
    for epochs in (1, 3, 2):
        run.step(epochs)
    net = nnbook.Network([2, 4, 1], activation="relu", output_activation="sigmoid", seed=0)
    history = nnbook.train(
        net, run.X_train, run.y_train, "cross_entropy", 0.1, 6, batch_size, seed=0, weight_decay=1e-3
    )
    assert run.epoch == 6 and run.history.loss == history.loss
    for mine, theirs in zip(weights(run.net), weights(net), strict=True):
        np.testing.assert_array_equal(mine, theirs)
    # the recorded losses have no penalty, so train and test compare
    assert run.train_loss[-1] == nnbook.evaluate_loss(net, run.X_train, run.y_train, "cross_entropy")
    assert run.test_loss[-1] == nnbook.evaluate_loss(net, run.X_test, run.y_test, "cross_entropy")
    assert run.train_loss[-1] < history.loss[-1]  # history.loss includes the L2 penalty


def test_the_code_it_writes_gives_the_same_network() -> None:
    settings = Settings(dataset="gaussian_bumps", noise=0.15, hidden=(5,), learning_rate=10**-0.75, batch_size=16)
    run = TrainingRun(settings)
    run.step(7)
    namespace: dict = {}
    exec(write_code(settings, run.epoch), namespace)
    for mine, theirs in zip(weights(run.net), weights(namespace["net"]), strict=True):
        np.testing.assert_array_equal(mine, theirs)
    assert namespace["test_loss"] == run.test_loss[-1]
    assert math.isnan(run.test_accuracy)  # regression: no accuracy


def test_divergence_stops_the_run() -> None:
    run = TrainingRun(Settings(dataset="gaussian_bumps", hidden=(8, 8), learning_rate=10.0, batch_size=None))
    for _ in range(10):
        run.step(1)
    assert run.diverged and run.message.startswith("training diverged in epoch")
    epoch = run.epoch
    run.step(5)
    assert run.epoch == epoch
    assert np.all(np.isfinite(run.train_loss))


def test_accuracy_is_the_share_of_test_points_on_the_right_side() -> None:
    run = TrainingRun(Settings(dataset="gaussians", hidden=()))
    run.step(20)
    predicted = run.net.forward(run.X_test)[:, 0] > 0.5
    assert run.test_accuracy == np.mean(predicted == run.y_test) > 0.9


@pytest.mark.parametrize(
    ("setting", "value", "message"),
    [
        ("dataset", "moons", "unknown dataset"),
        ("noise", 0.6, "noise a number from 0 to 0.5"),
        ("noise", "0.1", "noise"),
        ("test_fraction", 0.0, "test_fraction a number from 0.1 to 0.9"),
        ("hidden", (9,), "hidden layers"),
        ("hidden", (1, 1, 1, 1), "hidden layers"),
        ("activation", "softmax", "unknown activation"),
        ("learning_rate", 100.0, "learning_rate a number from 0.001 to 10"),
        ("learning_rate", math.nan, "learning_rate"),
        ("batch_size", 3, "batch_size"),
        ("batch_size", True, "batch_size"),
        ("weight_decay", 0.5, "weight_decay one of"),
    ],
)
def test_every_setting_is_checked_before_anything_is_built(setting, value, message) -> None:
    with pytest.raises(ValueError, match=message):
        Settings(**{setting: value})


def test_settings_cover_every_data_set_and_hidden_text() -> None:
    for name in DATASETS:
        settings = Settings(dataset=name)
        assert settings.loss == ("mse" if name == "gaussian_bumps" else "cross_entropy")
    assert parse_hidden("") == () and parse_hidden("8 4") == (8, 4) == Settings(hidden="8,4").hidden
    with pytest.raises(ValueError, match="hidden layers"):
        parse_hidden("4.5")
    with pytest.raises(TypeError, match="Settings"):
        TrainingRun({"dataset": "xor"})


def test_roughness_is_the_mean_change_between_grid_neighbours() -> None:
    net = nnbook.Network([2, 1], activation="identity", seed=0)
    net.layers[0].W, net.layers[0].b = [[2.0, 0.0]], [0.5]  # F = 2·x₁ + ½: rises along x₁ only
    step = 3.0 / 80  # the plane (−1.5 to 1.5) in 81 points
    assert roughness(net) == pytest.approx((2.0 * step + 0.0) / 2)
    net.layers[0].W = [[0.0, 0.0]]
    assert roughness(net) == 0.0
