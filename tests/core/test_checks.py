"""nnbook.checks: every check passes good values through and names what it expected."""

from __future__ import annotations

import math

import numpy as np
import pytest

from nnbook.checks import as_batch, as_float_array, choice, optional_seed, positive_real, whole_number


def test_good_values_come_back_converted() -> None:
    array = as_float_array([[1, 2], [3, 4]], "X")
    assert array.dtype == np.float64 and array.tolist() == [[1.0, 2.0], [3.0, 4.0]]
    batch, single = as_batch([1, 2], 2)
    assert single and batch.shape == (1, 2)
    batch, single = as_batch(np.zeros((3, 2)), 2)
    assert not single and batch.shape == (3, 2)
    assert positive_real(2, "eps") == 2.0 and isinstance(positive_real(2, "eps"), float)
    assert whole_number(3.0, "epochs", 0) == 3 and isinstance(whole_number(3.0, "epochs", 0), int)
    assert optional_seed(None) is None and optional_seed(7) == 7
    assert choice("mse", "loss", ["mse", "cross_entropy"]) == "mse"


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: as_float_array([[1, 2], [3]], "X"), ValueError, "X to be a rectangular array of numbers"),
        (lambda: as_float_array(["a"], "X"), TypeError, "X to hold real numbers, got an array of dtype <U1"),
        (lambda: as_float_array([1.0, math.nan, math.inf], "Y"), ValueError, "got 2 NaN or infinite"),
        (lambda: as_batch([1, 2, 3], 2), ValueError, r"one sample X of length 2 \(the input size\), got shape \(3,\)"),
        (lambda: as_batch(np.zeros((5, 3)), 2), ValueError, r"X with 2 columns \(the input size\), got shape \(5, 3\)"),
        (lambda: as_batch(np.zeros((0, 2)), 2), ValueError, "at least one sample in X"),
        (lambda: positive_real(0, "eps"), ValueError, "eps to be a finite number above 0, got 0"),
        (lambda: positive_real(math.inf, "eps"), ValueError, "finite number above 0"),
        (lambda: positive_real(True, "eps"), TypeError, "eps to be a positive number, got True"),
        (lambda: whole_number(2.5, "epochs", 0), ValueError, "epochs to be a whole number, got 2.5"),
        (lambda: whole_number(-1, "epochs", 0), ValueError, "epochs to be at least 0, got -1"),
        (lambda: whole_number("3", "epochs", 0), TypeError, "epochs to be a whole number"),
        (lambda: optional_seed(-2), ValueError, "seed to be at least 0"),
        (lambda: choice("l1", "loss", ["mse", "cross_entropy"]), ValueError, "expected one of 'mse', 'cross_entropy'"),
        (lambda: choice(3, "loss", ["mse"]), ValueError, "unknown loss 3"),
    ],
)
def test_bad_values_say_what_was_expected_and_what_was_given(call, error, message) -> None:
    with pytest.raises(error, match=message):
        call()
