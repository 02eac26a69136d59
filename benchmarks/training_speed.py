"""Training speed: nnbook.train against the limit of a numpy implementation.

The task (issue "Performance"): scikit-learn's digits, the first 1,500 samples scaled
to [0, 1], a 64-64-10 network with ReLU and softmax, cross-entropy, mini-batches of
32, learning rate 0.1, 30 epochs. The same work is done by

* ``nnbook.train``;
* ``minimal_numpy``: the same algorithm written as one flat numpy loop with no
  structure and no checks — the limit for a numpy implementation;
* scikit-learn's ``MLPClassifier`` (plain SGD, no momentum, no L2, same sizes);
* PyTorch on the CPU, when it is installed (never a requirement).

All runs alternate in one process and the median of several rounds is reported, as
µs per mini-batch step and as ratios against the minimal loop.
"""

from __future__ import annotations

import statistics
import time
import warnings
from collections.abc import Callable

import numpy as np

import nnbook

EPOCHS, BATCH, LEARNING_RATE, SEED = 30, 32, 0.1, 0


def digits(n: int = 1500) -> tuple[np.ndarray, np.ndarray]:
    """The first ``n`` digits (8×8 images) scaled to [0, 1], with their labels."""
    from sklearn.datasets import load_digits

    data = load_digits()
    return data.data[:n] / 16.0, data.target[:n]


def run_nnbook(X, y, hidden: int = 64, batch: int | None = BATCH, epochs: int = EPOCHS) -> float:
    net = nnbook.Network([X.shape[1], hidden, 10], "relu", "softmax", seed=SEED)
    start = time.perf_counter()
    nnbook.train(net, X, y, "cross_entropy", LEARNING_RATE, epochs, batch_size=batch, seed=SEED)
    return time.perf_counter() - start


def run_minimal_numpy(X, y, hidden: int = 64, batch: int | None = BATCH, epochs: int = EPOCHS) -> float:
    """The same algorithm (same initial weights, same shuffles, the loss after each epoch)."""
    net = nnbook.Network([X.shape[1], hidden, 10], "relu", "softmax", seed=SEED)
    W1, b1, W2, b2 = (a.copy() for a in (net.layers[0].W, net.layers[0].b, net.layers[1].W, net.layers[1].b))
    start = time.perf_counter()
    T = np.eye(10)[y]
    n = len(X)
    batch = n if batch is None else batch
    rng = np.random.default_rng(SEED)
    losses = []
    for _ in range(epochs):
        if batch >= n:
            Xs, Ts = X, T
        else:
            order = rng.permutation(n)
            Xs, Ts = X[order], T[order]
        for i in range(0, n, batch):
            Xb, Tb = Xs[i : i + batch], Ts[i : i + batch]
            A1 = np.maximum(Xb @ W1.T + b1, 0.0)
            Z2 = A1 @ W2.T + b2
            E = np.exp(Z2 - Z2.max(axis=1, keepdims=True))
            A2 = E / E.sum(axis=1, keepdims=True)
            D2 = (A2 - Tb) / len(Xb)
            D1 = (D2 @ W2) * (A1 > 0)
            W2 -= LEARNING_RATE * (D2.T @ A1)
            b2 -= LEARNING_RATE * D2.sum(axis=0)
            W1 -= LEARNING_RATE * (D1.T @ Xb)
            b1 -= LEARNING_RATE * D1.sum(axis=0)
        Z2 = np.maximum(X @ W1.T + b1, 0.0) @ W2.T + b2
        top = Z2.max(axis=1, keepdims=True)
        losses.append(float(np.sum(T * (top + np.log(np.exp(Z2 - top).sum(axis=1, keepdims=True)) - Z2)) / n))
    return time.perf_counter() - start


def run_sklearn(X, y, hidden: int = 64, batch: int | None = BATCH, epochs: int = EPOCHS) -> float:
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier

    model = MLPClassifier(
        hidden_layer_sizes=(hidden,),
        activation="relu",
        solver="sgd",
        momentum=0.0,
        nesterovs_momentum=False,
        learning_rate_init=LEARNING_RATE,
        batch_size=len(X) if batch is None else batch,
        max_iter=epochs,
        alpha=0.0,
        tol=0.0,
        n_iter_no_change=epochs + 1,
        random_state=SEED,
    )
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(X, y)
    return time.perf_counter() - start


def run_torch(X, y, hidden: int = 64, batch: int | None = BATCH, epochs: int = EPOCHS) -> float:
    import torch

    torch.manual_seed(SEED)
    torch.set_num_threads(1)
    model = torch.nn.Sequential(torch.nn.Linear(X.shape[1], hidden), torch.nn.ReLU(), torch.nn.Linear(hidden, 10))
    model = model.double()
    optimiser = torch.optim.SGD(model.parameters(), lr=LEARNING_RATE)
    Xt, yt = torch.from_numpy(X), torch.from_numpy(y)
    n = len(X)
    batch = n if batch is None else batch
    generator = torch.Generator().manual_seed(SEED)
    start = time.perf_counter()
    for _ in range(epochs):
        order = torch.randperm(n, generator=generator)
        for i in range(0, n, batch):
            index = order[i : i + batch]
            optimiser.zero_grad()
            torch.nn.functional.cross_entropy(model(Xt[index]), yt[index]).backward()
            optimiser.step()
        with torch.no_grad():
            torch.nn.functional.cross_entropy(model(Xt), yt)
    return time.perf_counter() - start


def torch_available() -> bool:
    try:
        import torch  # noqa: F401
    except ImportError:
        return False
    return True


def steps(n: int, batch: int | None, epochs: int = EPOCHS) -> int:
    batch = n if batch is None else min(batch, n)
    return epochs * -(-n // batch)


def compare(runners: dict[str, Callable], rounds: int, **kwargs) -> dict[str, float]:
    """Median seconds per runner over ``rounds`` alternating rounds (after one warm-up)."""
    X, y = kwargs.pop("data")
    times: dict[str, list[float]] = {name: [] for name in runners}
    for runner in runners.values():
        runner(X, y, **{**kwargs, "epochs": 1})  # warm-up: imports, caches
    for _ in range(rounds):
        for name, runner in runners.items():
            times[name].append(runner(X, y, **kwargs))
    return {name: statistics.median(values) for name, values in times.items()}


def scaling(X, y, what: str, settings: list[tuple[str, dict]]) -> list[str]:
    """nnbook against the minimal loop, µs per step, for each setting (3 rounds each)."""
    lines = [f"| {what} | nnbook µs/step | minimal µs/step | × minimal |", "|---:|---:|---:|---:|"]
    for label, kwargs in settings:
        result = compare({"nnbook": run_nnbook, "minimal": run_minimal_numpy}, 3, data=(X, y), **kwargs)
        n_steps = steps(len(X), kwargs.get("batch", BATCH), kwargs["epochs"])
        nnbook_us, minimal_us = (1e6 * result[k] / n_steps for k in ("nnbook", "minimal"))
        lines.append(f"| {label} | {nnbook_us:.1f} | {minimal_us:.1f} | {result['nnbook'] / result['minimal']:.2f} |")
    return lines


def main(rounds: int = 5) -> list[str]:
    X, y = digits()
    runners = {
        "minimal numpy loop": run_minimal_numpy,
        "nnbook.train": run_nnbook,
        "scikit-learn MLPClassifier": run_sklearn,
    }
    if torch_available():
        runners["PyTorch (CPU, 1 thread)"] = run_torch
    medians = compare(runners, rounds, data=(X, y))
    reference = medians["minimal numpy loop"]
    n_steps = steps(len(X), BATCH)
    lines = [
        "### Training: digits, 64-64-10, ReLU/softmax, cross-entropy, batch 32, η = 0.1, 30 epochs",
        "",
        f"Median of {rounds} alternating rounds; {n_steps} mini-batch steps per run.",
        "",
        "| implementation | total (s) | µs per step | × minimal numpy |",
        "|---|---:|---:|---:|",
    ]
    for name, seconds in medians.items():
        lines.append(f"| {name} | {seconds:.3f} | {1e6 * seconds / n_steps:.1f} | {seconds / reference:.2f} |")
    if not torch_available():
        lines += ["", "PyTorch is not installed here: not measured."]

    lines += ["", "#### How the time grows with hidden width (batch 32, 5 epochs)", ""]
    lines += scaling(X, y, "hidden units", [(str(h), {"hidden": h, "epochs": 5}) for h in (16, 32, 64, 128, 256, 512)])
    lines += ["", "#### How the time grows with batch size (64 hidden units; batch 1: 1 epoch, others 5)", ""]
    settings = [(str(b), {"batch": b, "epochs": 1 if b == 1 else 5}) for b in (1, 8, 32, 128, 512)]
    lines += scaling(X, y, "batch", [*settings, ("full (1500)", {"batch": None, "epochs": 5})])
    return lines


if __name__ == "__main__":
    print("\n".join(main()))
