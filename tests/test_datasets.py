"""The small data sets made in code."""

from __future__ import annotations

import numpy as np
import pytest

from nnbook import datasets

GENERATORS = [datasets.xor, datasets.circle, datasets.gaussians, datasets.spiral]
IDS = [generator.__name__ for generator in GENERATORS]


@pytest.mark.parametrize("generator", GENERATORS, ids=IDS)
@pytest.mark.parametrize("n", [2, 7, 200])
def test_shapes_and_dtypes(generator, n):
    X, y = generator(n=n, seed=0)
    assert X.shape == (n, 2)
    assert y.shape == (n,)
    assert X.dtype == np.float64
    assert np.issubdtype(y.dtype, np.integer)
    assert np.all(np.isfinite(X))


@pytest.mark.parametrize("generator", GENERATORS, ids=IDS)
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_labels_are_zero_and_one_and_both_classes_appear(generator, seed):
    _, y = generator(n=200, seed=seed)
    assert set(np.unique(y).tolist()) == {0, 1}
    # neither class is a token presence
    assert 0.25 < y.mean() < 0.75


@pytest.mark.parametrize("generator", GENERATORS, ids=IDS)
def test_same_seed_same_data(generator):
    X1, y1 = generator(n=50, noise=0.2, seed=7)
    X2, y2 = generator(n=50, noise=0.2, seed=7)
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(y1, y2)


@pytest.mark.parametrize("generator", GENERATORS, ids=IDS)
def test_different_seed_different_data(generator):
    X1, _ = generator(n=50, seed=1)
    X2, _ = generator(n=50, seed=2)
    assert not np.array_equal(X1, X2)


@pytest.mark.parametrize("generator", GENERATORS, ids=IDS)
def test_noise_moves_the_points(generator):
    X0, y0 = generator(n=50, noise=0.0, seed=3)
    X1, y1 = generator(n=50, noise=0.3, seed=3)
    np.testing.assert_array_equal(y0, y1)
    assert not np.allclose(X0, X1)


def test_xor_labels_follow_the_quadrants_without_noise():
    X, y = datasets.xor(n=300, noise=0.0, seed=0)
    np.testing.assert_array_equal(y, (np.sign(X[:, 0]) != np.sign(X[:, 1])).astype(int))
    assert np.all(np.abs(X) >= 0.1)  # the margin around the axes


def test_circle_labels_follow_the_radius_without_noise():
    X, y = datasets.circle(n=300, noise=0.0, seed=0)
    radius = np.hypot(X[:, 0], X[:, 1])
    assert np.all(radius[y == 1] < 0.5)
    assert np.all((radius[y == 0] >= 0.7) & (radius[y == 0] <= 1.0))


def test_gaussians_are_centred_where_documented():
    X, y = datasets.gaussians(n=2000, noise=0.0, seed=0)
    np.testing.assert_allclose(X[y == 0].mean(axis=0), [-0.5, -0.5], atol=0.03)
    np.testing.assert_allclose(X[y == 1].mean(axis=0), [0.5, 0.5], atol=0.03)


@pytest.mark.parametrize(
    ("gate", "outputs"),
    [
        ("and", [0, 0, 0, 1]),
        ("or", [0, 1, 1, 1]),
        ("nand", [1, 1, 1, 0]),
        ("nor", [1, 0, 0, 0]),
        ("xor", [0, 1, 1, 0]),
    ],
)
def test_logic_gate_truth_tables(gate, outputs):
    X, y = datasets.logic_gate(gate)
    np.testing.assert_array_equal(X, [[0, 0], [0, 1], [1, 0], [1, 1]])
    assert X.shape == (4, 2) and X.dtype == np.float64
    assert y.shape == (4,)
    assert y.tolist() == outputs


def test_logic_gates_agree_with_python_operators():
    operators = {
        "and": lambda a, b: a and b,
        "or": lambda a, b: a or b,
        "nand": lambda a, b: not (a and b),
        "nor": lambda a, b: not (a or b),
        "xor": lambda a, b: a != b,
    }
    for gate, op in operators.items():
        X, y = datasets.logic_gate(gate)
        assert y.tolist() == [int(bool(op(bool(a), bool(b)))) for a, b in X]
