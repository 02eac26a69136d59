"""The network diagram widget driven from Python: picking a neuron, setting a weight by hand.

Controls are set as a reader's clicks set them (``diagram.neuron.value = …``,
``diagram.value.value = …``); what the diagram then shows is read back from its SVG
(``tests/diagram_svg.py``) and compared with the network's weights and the maps given.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET

import diagram_svg as read
import numpy as np
import pytest

import nnbook
from nnbook.plots.common import format_number, input_grid
from nnbook.plots.diagram import edge_width, map_pixels
from nnbook.widgets import NetworkDiagram
from nnbook.widgets.diagram import BIAS, Edit

PLANE = (-1.5, 1.5, -1.5, 1.5)
GRID = input_grid(PLANE, 11)[2]


def maps_of(net: nnbook.Network) -> list[np.ndarray]:
    return net.forward_pass(GRID).activations


@pytest.fixture
def net() -> nnbook.Network:
    return nnbook.Network([2, 4, 3, 1], "tanh", "sigmoid", seed=0)


@pytest.fixture
def diagram(net) -> NetworkDiagram:
    return NetworkDiagram(net, maps_of(net))


def weights(net: nnbook.Network) -> list[tuple[np.ndarray, np.ndarray]]:
    return [(layer.W.copy(), layer.b.copy()) for layer in net.layers]


def test_controls_are_described_in_words(diagram) -> None:
    assert diagram.neuron.description == "look at neuron"
    assert diagram.source.description == "its weight from"
    assert diagram.value.description == "set that weight to"
    labels = [label for label, _ in diagram.neuron.options]
    assert labels[0] == "x₁: input 1" and labels[2] == "h¹₁: hidden layer 1, neuron 1" and labels[-1] == "ŷ: the output"
    diagram.neuron.value = (2, 1)
    assert [label for label, _ in diagram.source.options] == [
        "h¹₁",
        "h¹₂",
        "h¹₃",
        "h¹₄",
        "its bias b",
    ]


def test_editing_a_weight_changes_exactly_that_entry(net, diagram) -> None:
    before = weights(net)
    diagram.neuron.value = (2, 1)  # hidden layer 2, neuron 2: row 1 of net.layers[1].W
    diagram.source.value = 3  # its weight from h¹₄
    assert diagram.value.value == round(float(net.layers[1].W[1, 3]), 3)
    diagram.value.value = -2.5
    after = weights(net)
    for index, ((W0, b0), (W1, b1)) in enumerate(zip(before, after, strict=True)):
        expected = W0.copy()
        if index == 1:
            expected[1, 3] = -2.5
        assert np.array_equal(W1, expected), index
        assert np.array_equal(b1, b0), index
    edge = read.edges(diagram.svg)[(1, 1, 3)]
    assert edge["ringed"] and "weight -2.5 from h¹₄ into h²₂" in edge["title"]
    assert edge["width"] == pytest.approx(edge_width(-2.5), abs=0.006)
    assert (
        diagram.status.value
        == "net.layers[1].W[1, 3] set to -2.5 (it was " + format_number(before[1][0][1, 3], 3) + ")"
    )


def test_editing_a_bias(net, diagram) -> None:
    before = weights(net)
    diagram.neuron.value = (3, 0)
    diagram.source.value = BIAS
    diagram.value.value = 1.75
    assert net.layers[2].b[0] == 1.75
    assert all(np.array_equal(W1, W0) for (W0, _), (W1, _) in zip(before, weights(net), strict=True))
    assert "bias 1.75" in read.nodes(diagram.svg)[(3, 0)]["title"]


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_non_finite_edits_are_refused_with_a_clear_message(net, diagram, bad) -> None:
    before = weights(net)
    drawn = diagram.svg
    diagram.value.value = bad
    assert "expected a weight that is a finite number from -100 to 100" in diagram.status.value
    assert all(
        np.array_equal(W1, W0) and np.array_equal(b1, b0)
        for (W0, b0), (W1, b1) in zip(before, weights(net), strict=True)
    )
    assert diagram.value.value == round(float(net.layers[0].W[0, 0]), 3)  # the box shows the weight as it is
    assert diagram.svg == drawn
    with pytest.raises(
        ValueError,
        match=r"expected a weight that is a finite number from -100 to 100, got nan",
    ):
        diagram.set_weight(0, 0, 0, math.nan)


def test_other_bad_edits_are_refused(diagram) -> None:
    with pytest.raises(ValueError, match=r"expected a weight from -100 to 100, got 1000.0"):
        diagram.set_weight(0, 0, 0, 1000.0)
    for bad in ("1", True, None):
        with pytest.raises(ValueError, match="expected a weight that is a finite number"):
            diagram.set_weight(0, 0, 0, bad)
    with pytest.raises(ValueError, match=r"expected a layer index from 0 to 2, got 3"):
        diagram.set_weight(3, 0, 0, 1.0)
    with pytest.raises(ValueError, match=r"expected j from 0 to 3 and i from 0 to 1 .* got j=4, i=0"):
        diagram.set_weight(0, 4, 0, 1.0)
    diagram.value.value = 250.0
    assert "expected a weight from -100 to 100, got 250.0" in diagram.status.value


def test_on_edit_lets_the_owner_recompute(net) -> None:
    edits = []

    def recompute(edit: Edit) -> None:
        edits.append(edit)
        shown.update(net, maps_of(net))

    shown = NetworkDiagram(net, maps_of(net), on_edit=recompute)
    old = float(net.layers[0].W[2, 1])
    shown.neuron.value = (1, 2)
    shown.source.value = 1
    shown.value.value = 3.0
    assert edits == [Edit(layer=0, j=2, i=1, value=3.0, old=old)]
    # The owner's new maps are drawn: h¹₃'s thumbnail is its map with the new weight.
    assert np.array_equal(read.thumbnail(shown.svg, 1, 2), map_pixels(maps_of(net)[1][:, 2]))


def test_without_on_edit_the_old_maps_are_dropped(net, diagram) -> None:
    diagram.value.value = 0.5
    assert read.sprite(diagram.svg) is None  # maps of the old weights are not shown as if current
    assert "weight 0.5 " in read.edges(diagram.svg)[(0, 0, 0)]["title"]


def test_picking_a_neuron_shows_its_map_large(net, diagram) -> None:
    maps = maps_of(net)
    for _, (layer, unit) in diagram.neuron.options:
        diagram.neuron.value = (layer, unit)
        html = diagram.large.value
        svg = html[: html.index("</svg>") + len("</svg>")]
        image = ET.fromstring(svg).find("svg:image", read.NS)
        assert np.array_equal(read.image_pixels(image.get("href")), map_pixels(maps[layer][:, unit]))
        assert [key for key, node in read.nodes(diagram.svg).items() if node["selected"]] == [(layer, unit)]
        # Inputs have no weights into them: the editor says so and is off.
        assert diagram.source.disabled == diagram.value.disabled == (layer == 0)
        if layer == 0:
            assert "An input has no weights into it" in diagram.status.value
        else:
            assert "= tanh(" in html or "= σ(" in html
            for source, value in diagram.source.options:
                assert value == BIAS or f"·{source}" in html  # the neuron's formula names its inputs
            assert "An input has no weights" not in diagram.status.value
    assert diagram.describe().endswith("ŷ (the output) is looked at.")


def test_every_neuron_and_every_weight_can_be_set(net, diagram) -> None:
    for _, neuron in diagram.neuron.options:
        diagram.neuron.value = neuron
        for _, source in diagram.source.options:
            diagram.source.value = source
            layer, j, i = diagram.edge
            diagram.value.value = 0.25
            assert (net.layers[layer].b[j] if i is None else net.layers[layer].W[j, i]) == 0.25


def test_update_after_training_changes_the_picture_and_the_box(net, diagram) -> None:
    X, y = nnbook.datasets.xor(n=60, noise=0.1, seed=0)
    diagram.neuron.value = (1, 1)
    diagram.source.value = 0
    before = diagram.svg
    nnbook.train(net, X, y, loss="cross_entropy", learning_rate=0.5, epochs=10, seed=0)
    diagram.update(net, maps_of(net))
    assert diagram.svg != before
    assert diagram.value.value == round(float(net.layers[0].W[1, 0]), 3)  # the live value
    assert f"weight {format_number(net.layers[0].W[1, 0], 3)} " in read.edges(diagram.svg)[(0, 1, 0)]["title"]
    assert diagram.selected == (1, 1)


def test_update_with_another_network(diagram) -> None:
    diagram.neuron.value = (2, 2)
    wider = nnbook.Network([7, 8, 8, 8, 8, 8, 8, 1], "relu", "sigmoid", seed=0)
    names = ["x₁", "x₂", "x₁²", "x₂²", "x₁x₂", "sin x₁", "sin x₂"]
    features = np.column_stack(
        [
            GRID[:, 0],
            GRID[:, 1],
            GRID[:, 0] ** 2,
            GRID[:, 1] ** 2,
            GRID[:, 0] * GRID[:, 1],
            *np.sin(GRID).T,
        ]
    )
    diagram.update(wider, wider.forward_pass(features).activations, input_names=names)
    assert diagram.selected == (2, 2)  # still there, kept
    assert len(read.edges(diagram.svg)) == 7 * 8 + 5 * 64 + 8
    assert [label for label, _ in diagram.neuron.options][:7] == [f"{n}: input {k}" for k, n in enumerate(names, 1)]
    smaller = nnbook.Network([2, 1], "tanh", "sigmoid", seed=0)
    diagram.update(smaller)
    assert diagram.selected == (
        1,
        0,
    )  # (2, 2) is gone: the first neuron after the inputs
    assert read.sprite(diagram.svg) is None
    with pytest.raises(TypeError, match=r"expected an nnbook\.Network"):
        diagram.update("net")
    with pytest.raises(ValueError, match="expected one map array per layer"):
        diagram.update(smaller, [np.zeros((4, 2))])


def test_a_diverged_network_is_drawn_and_can_be_mended(net, diagram) -> None:
    blown_up = [np.full_like(m, np.nan) for m in maps_of(net)]
    net.layers[0]._W[0, 0] = np.inf  # what a run that blew up could leave
    diagram.update(net, blown_up)
    assert "not a number" in read.edges(diagram.svg)[(0, 0, 0)]["title"]
    assert math.isfinite(diagram.value.value)  # never NaN or infinity sent to the browser
    diagram.value.value = 0.5
    assert net.layers[0].W[0, 0] == 0.5


def test_an_edit_written_as_code_makes_the_same_network(net, diagram) -> None:
    first = diagram.set_weight(1, 0, 2, 0.1 + 0.2)  # a float that prints with many digits
    second = diagram.set_weight(2, 0, None, -1.5)
    assert first.code() == "net.layers[1].W[0, 2] = 0.30000000000000004"
    assert second.code() == "net.layers[2].b[0] = -1.5"
    fresh = nnbook.Network([2, 4, 3, 1], "tanh", "sigmoid", seed=0)
    namespace = {"net": fresh}
    exec(first.code() + "\n" + second.code(), namespace)
    assert all(
        np.array_equal(a.W, b.W) and np.array_equal(a.b, b.b) for a, b in zip(fresh.layers, net.layers, strict=True)
    )
