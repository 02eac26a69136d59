"""nnbook's essential behaviour, checked on whatever Python, numpy and matplotlib run it.

``tests/test_live.py`` sends this file to the Pyodide kernel of the live site (Python
3.12, numpy 2.0, matplotlib 3.8 in the reader's browser) and runs :func:`main`; the
same function also runs under the development interpreter, so the script itself is
known to be right. It uses only the public contract of ``nnbook`` (see the design).
Every failed check raises ``AssertionError``; warnings are errors.
"""

from __future__ import annotations

import importlib.util
import io
import sys
import warnings


def close(a, b, tolerance: float = 1e-6) -> bool:
    import numpy as np

    return bool(np.allclose(a, b, rtol=tolerance, atol=tolerance))


def check_gradients() -> float:
    """backprop agrees with central differences, for both losses (chapter 4)."""
    import numpy as np

    import nnbook

    worst = 0.0
    X = np.random.default_rng(1).normal(size=(6, 2))
    binary, labels = (X[:, :1] > 0).astype(float), [0, 1, 2] * 2
    cases = [
        (nnbook.Network([2, 3, 1], seed=0), binary, "mse"),
        (nnbook.Network([2, 4, 1], activation="tanh", output_activation="sigmoid", seed=1), binary, "cross_entropy"),
        (nnbook.Network([2, 3, 3], activation="relu", output_activation="softmax", seed=2), labels, "cross_entropy"),
    ]
    for net, Y, loss in cases:
        before = [layer.W.copy() for layer in net.layers]
        exact = nnbook.backprop(net, X, Y, loss=loss)
        numeric = nnbook.numerical_gradient(net, X, Y, loss=loss)
        unchanged = all(np.array_equal(layer.W, W) for layer, W in zip(net.layers, before, strict=True))
        assert unchanged, "numerical_gradient moved W"
        assert len(exact) == len(net.layers)
        for (dW, db), (nW, nb), layer in zip(exact, numeric, net.layers, strict=True):
            assert dW.shape == layer.W.shape and db.shape == layer.b.shape
            assert close(dW, nW, 1e-5) and close(db, nb, 1e-5), f"backprop != numerical gradient ({loss})"
            scale = max(np.abs(nW).max(), np.abs(nb).max(), 1e-12)
            worst = max(worst, float(max(np.abs(dW - nW).max(), np.abs(db - nb).max()) / scale))
    if hasattr(nnbook, "gradient_check"):
        net, Y, loss = cases[0]
        assert nnbook.gradient_check(net, X, Y, loss=loss) < 1e-6
    return worst


def check_forward_and_losses() -> None:
    """Neuron, Network.forward, mse and cross-entropy against hand-computed values (chapters 1 to 3)."""
    import numpy as np

    import nnbook

    neuron = nnbook.Neuron([1.0, -1.0], 0.5)
    assert close(neuron(np.array([0.3, 0.2])), 1 / (1 + np.exp(-0.6)))
    assert neuron(np.zeros((5, 2))).shape == (5,)
    net = nnbook.Network([2, 3, 1], seed=0)
    net.layers[0].W = np.ones((3, 2))
    net.layers[0].b = np.zeros(3)
    assert net.forward(np.zeros((4, 2))).shape == (4, 1) and net.forward(np.zeros(2)).shape == (1,)
    assert close(nnbook.mse([[1.0], [3.0]], [[0.0], [0.0]]), (1 + 9) / 4)
    assert close(nnbook.cross_entropy([[0.25, 0.75]], [1]), -np.log(0.75))
    assert close(nnbook.cross_entropy([[0.8]], [[1.0]]), -np.log(0.8))


def check_stability() -> None:
    """sigmoid, softmax and cross-entropy stay finite and silent at ±1e4 (the design's extremes)."""
    import numpy as np

    import nnbook

    z = np.array([-1e4, -50.0, 0.0, 50.0, 1e4])
    assert np.all(np.isfinite(nnbook.sigmoid(z)))
    assert np.all(np.isfinite(nnbook.softmax(np.array([[1e4, -1e4, 0.0]]))))
    net = nnbook.Network([1, 2], output_activation="softmax", seed=0)
    net.layers[0].W = np.array([[1e4], [-1e4]])
    assert np.isfinite(nnbook.cross_entropy(net.forward(np.array([[1.0]])), [1]))


def check_training() -> tuple[float, float]:
    """Training lowers the loss, reproducibly, and reports divergence instead of flooding NaN (chapter 5)."""
    import numpy as np

    import nnbook

    rng = np.random.default_rng(0)
    X = rng.normal(size=(40, 2))
    Y = (X[:, :1] + X[:, 1:] > 0).astype(float)
    first = nnbook.Network([2, 4, 1], seed=3)
    second = nnbook.Network([2, 4, 1], seed=3)
    history = nnbook.train(first, X, Y, learning_rate=0.5, epochs=60, batch_size=8, seed=1)
    again = nnbook.train(second, X, Y, learning_rate=0.5, epochs=60, batch_size=8, seed=1)
    assert len(history.loss) == 60 and history.loss[-1] < history.loss[0], "training did not lower the loss"
    assert history.loss == again.loss, "training is not reproducible from its seed"
    assert not history.diverged
    wild = nnbook.Network([2, 4, 1], activation="relu", output_activation="identity", seed=0)
    diverged = nnbook.train(wild, X * 1e3, Y * 1e3, learning_rate=1e3, epochs=50)
    assert diverged.diverged, "a huge learning rate must be reported through History.diverged"
    return history.loss[0], history.loss[-1]


def check_digits() -> int:
    """The digits ship inside nnbook, and their labels count with np.bincount (chapter 8)."""
    import numpy as np

    import nnbook

    X, y = nnbook.datasets.digits()
    assert X.shape == (1797, 64) and y.shape == (1797,)
    counts = np.bincount(y)  # refuses int64 labels where numpy's index type is int32 (WebAssembly)
    assert counts.sum() == 1797 and counts.min() >= 174, counts
    return int(counts.min())


def check_bad_input() -> None:
    """Bad input gives a clear ValueError or TypeError (the design's contract)."""
    import numpy as np

    import nnbook

    net = nnbook.Network([2, 3, 1], seed=0)
    for call in (
        lambda: net.forward(np.zeros((5, 3))),
        lambda: nnbook.Network([2, 3, 1], activation="nope"),
        lambda: nnbook.train(net, np.zeros((4, 2)), np.zeros((4, 1)), learning_rate=-1),
        lambda: nnbook.mse([[1.0]], [[float("nan")]]),
    ):
        try:
            call()
        except (ValueError, TypeError) as error:
            assert str(error), "an error without a message"
        else:
            raise AssertionError("bad input was accepted")


def check_figures() -> None:
    """matplotlib draws a figure to PNG with the backend the kernel uses; nnbook's own plots, if any."""
    import matplotlib

    if "pyodide_kernel" in sys.modules:  # in JupyterLite, figures go to the page as PNG
        assert matplotlib.get_backend().endswith("backend_inline"), matplotlib.get_backend()
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    ax.plot([0, 1], [0, 1])
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    plt.close(fig)
    assert buffer.getvalue().startswith(b"\x89PNG")
    for module in ("nnbook.plots", "nnbook.widgets"):
        if importlib.util.find_spec(module) is not None:
            importlib.import_module(module)


def main() -> dict:
    """Run every check; return what was found (versions, the worst gradient error, the losses)."""
    import matplotlib
    import numpy as np

    import nnbook

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        worst = check_gradients()
        check_forward_and_losses()
        check_stability()
        first, last = check_training()
        fewest_digits = check_digits()
        check_bad_input()
        check_figures()
    report = {
        "python": ".".join(map(str, sys.version_info[:3])),
        "platform": sys.platform,
        "numpy": np.__version__,
        "matplotlib": matplotlib.__version__,
        "nnbook": getattr(nnbook, "__version__", "?"),
        "worst_gradient_error": worst,
        "loss_first_last": [round(first, 6), round(last, 6)],
        "fewest_images_of_a_digit": fewest_digits,
    }
    print("nnbook live checks passed:", report)
    return report


if __name__ == "__main__":
    main()
