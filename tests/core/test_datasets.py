"""nnbook.datasets: the data sets made in code, the handwritten digits, and the one splitter."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import nnbook
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


def test_digits_equal_scikit_learns(digits) -> None:
    from sklearn.datasets import load_digits

    X, y = digits
    reference = load_digits()
    assert X.shape == (1797, 64) and y.shape == (1797,)
    assert X.dtype == np.float64 and y.dtype == np.intp  # int64 here; np.bincount needs intp
    assert X.min() == 0.0 and X.max() == 1.0
    np.testing.assert_array_equal(X * 16, reference.data)
    np.testing.assert_array_equal(y, reference.target)


def test_loader_does_not_import_sklearn_or_matplotlib() -> None:
    code = "import sys, nnbook; nnbook.datasets.digits(); print('sklearn' in sys.modules, 'matplotlib' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["False", "False"]


def test_the_packaged_file_is_scikit_learns_byte_for_byte() -> None:
    import sklearn

    theirs = Path(sklearn.__file__).parent / "datasets" / "data" / "digits.csv.gz"
    ours = Path(nnbook.datasets.digits_path())
    assert ours.parent.name == "data" and ours.parent.parent == Path(nnbook.__file__).resolve().parent
    assert ours.read_bytes() == theirs.read_bytes()
    assert hashlib.sha256(ours.read_bytes()).hexdigest() in (ours.parent / "README.md").read_text()


def test_loader_names_a_lost_file(monkeypatch, tmp_path) -> None:
    monkeypatch.setattr(nnbook.datasets, "__file__", str(tmp_path / "datasets.py"))
    with pytest.raises(FileNotFoundError, match="reinstall nnbook"):
        nnbook.datasets.digits()


def test_split_is_seeded_stratified_and_disjoint(digits) -> None:
    X, y = digits
    index = np.arange(len(y))
    first = nnbook.train_test_split(index, y, 0.25, seed=3, stratify=True)
    again = nnbook.train_test_split(index, y, 0.25, seed=3, stratify=True)
    other = nnbook.train_test_split(index, y, 0.25, seed=4, stratify=True)
    for a, b in zip(first, again, strict=True):
        np.testing.assert_array_equal(a, b)
    assert not np.array_equal(first[1], other[1])
    train, test, y_train, y_test = first
    assert set(train).isdisjoint(test) and len(train) + len(test) == len(y)
    np.testing.assert_array_equal(y[train], y_train)
    np.testing.assert_array_equal(y[test], y_test)
    counts, test_counts = np.bincount(y), np.bincount(y_test)
    np.testing.assert_array_equal(test_counts, np.round(0.25 * counts).astype(int))
    # Without stratify the classes are left to chance, and both parts keep their order.
    train, test, _, y_test = nnbook.train_test_split(index, y, 0.25, seed=3)
    assert len(test) == round(0.25 * len(y)) and np.all(np.diff(train) > 0) and np.all(np.diff(test) > 0)
    assert not np.array_equal(np.bincount(y_test), test_counts)
    # Rows of X travel with their labels.
    X_train, X_test, yt, ys = nnbook.train_test_split(X, y, 0.3, seed=0)
    assert X_train.shape[1] == 64 and len(X_train) == len(yt) and len(X_test) == len(ys)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((np.zeros((4, 2)), np.array([0, 1, 0])), "as many labels as samples"),
        ((np.zeros((4, 2)), np.array([0.0, 1.0, 0.0, 1.0]), 0.5, 0, True), "integer class labels"),
        ((np.zeros((4, 2)), np.array([0, 1, 0, 1]), 0.0), "strictly between 0 and 1"),
        ((np.zeros((4, 2)), np.array([0, 1, 0, 1]), 1.5), "strictly between 0 and 1"),
        ((np.zeros((3, 2)), np.array([0, 1, 0]), 0.5, 0, True), "at least 2 samples to split, class 1 has 1"),
        ((np.zeros((1, 2)), np.array([0])), "at least 2 samples to split, got 1"),
        ((np.zeros((4, 2)), np.array([0, 1, 0, 1]), 0.5, -1), "seed"),
    ],
)
def test_split_rejects_bad_input(args, message) -> None:
    with pytest.raises(ValueError, match=message):
        nnbook.train_test_split(*args)


def test_gaussian_bumps_and_split() -> None:
    X, y = datasets.gaussian_bumps(n=300, noise=0.0, seed=1)
    assert X.shape == (300, 2) and y.dtype == np.float64 and len(set(np.round(y, 6))) > 250
    assert np.all(np.abs(X) <= 1) and -1.01 < y.min() < -0.5 and 0.5 < y.max() < 1.01
    X2, y2 = datasets.gaussian_bumps(n=300, noise=0.0, seed=1)
    np.testing.assert_array_equal(X, X2)
    np.testing.assert_array_equal(y, y2)
    _, noisy = datasets.gaussian_bumps(n=300, noise=0.1, seed=1)
    assert 0.05 < np.std(noisy - y) < 0.15
    Xtr, Xte, ytr, yte = datasets.train_test_split(X, y, 0.25, seed=3)
    assert len(yte) == 75 and len(ytr) == 225
    rows = {tuple(r) for r in np.vstack([Xtr, Xte])}
    assert len(rows) == 300
    assert datasets.train_test_split(X, y, 0.001)[3].shape == (1,)
    assert datasets.train_test_split(X, y, 0.999)[2].shape == (1,)
    for bad in (0.0, 1.0, -0.1, 1.5, "x", True):
        with pytest.raises(ValueError):
            datasets.train_test_split(X, y, bad)
    with pytest.raises(ValueError):
        datasets.train_test_split(X, y[:-1])
    with pytest.raises(ValueError, match="integer class labels"):
        datasets.train_test_split(X, y, stratify=True)
    with pytest.raises(TypeError, match="stratify"):
        datasets.train_test_split(X, y, stratify="yes")
    with pytest.raises(ValueError):
        datasets.gaussian_bumps(noise=-1)


def test_plane_is_half_the_sum_of_the_inputs_plus_noise() -> None:
    X, y = datasets.plane(n=300, noise=0.0, seed=2)
    assert X.shape == (300, 2) and y.dtype == np.float64 and np.all(np.abs(X) <= 1)
    np.testing.assert_allclose(y, (X[:, 0] + X[:, 1]) / 2)
    X2, noisy = datasets.plane(n=300, noise=0.2, seed=2)
    assert 0.15 < np.std(noisy - (X2[:, 0] + X2[:, 1]) / 2) < 0.25
    # a linear neuron fits it exactly: the least-squares plane has slopes 1/2 and no offset
    coefficients = np.linalg.lstsq(np.column_stack([X, np.ones(300)]), y, rcond=None)[0]
    np.testing.assert_allclose(coefficients, [0.5, 0.5, 0.0], atol=1e-12)
    with pytest.raises(ValueError, match="noise"):
        datasets.plane(noise=-0.1)


def test_features_are_the_named_columns_in_order() -> None:
    X = np.array([[0.5, -2.0], [1.0, 3.0]])
    F = datasets.features(X, ["x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)"])
    expected = [
        [0.5, -2.0, 0.25, 4.0, -1.0, np.sin(0.5), np.sin(-2.0)],
        [1.0, 3.0, 1.0, 9.0, 3.0, np.sin(1.0), np.sin(3.0)],
    ]
    np.testing.assert_allclose(F, expected)
    np.testing.assert_array_equal(datasets.features(X, ["x2^2", "x1"]), [[4.0, 0.5], [9.0, 1.0]])
    assert list(datasets.FEATURES) == ["x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)"]


@pytest.mark.parametrize(
    ("names", "message"),
    [
        ([], "at least one feature"),
        (["x1", "x1"], "each once"),
        (["x3"], "unknown features"),
        ("x1", "list of names"),
        ([1], "unknown features"),
    ],
)
def test_bad_features_are_refused(names, message) -> None:
    with pytest.raises(ValueError, match=message):
        datasets.features(np.zeros((3, 2)), names)


def test_features_need_two_input_columns() -> None:
    with pytest.raises(ValueError, match="2 columns"):
        datasets.features(np.zeros((3, 3)), ["x1"])
