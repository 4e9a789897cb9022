"""Lenient scalar reading: numbers as numbers or text, never booleans."""

from __future__ import annotations

import pytest

from gt_watch.api.values import as_clock_seconds, as_float, as_int, as_text


@pytest.mark.parametrize(
    ("value", "expected"),
    [(12.34, 12.34), ("12.34", 12.34), (" $12.34 ", 12.34), ("12,5", 12.5), (3, 3.0)],
)
def test_numbers_arrive_as_numbers_or_text(value: object, expected: float) -> None:
    assert as_float(value) == expected


@pytest.mark.parametrize("value", [None, "", "abc", True, "nan", "inf", [], {}])
def test_what_is_not_a_finite_number_reads_as_none(value: object) -> None:
    assert as_float(value) is None


@pytest.mark.parametrize(("value", "expected"), [(68, 68), ("68", 68), ("68.0", 68), (68.5, None)])
def test_whole_numbers(value: object, expected: int | None) -> None:
    assert as_int(value) == expected


def test_text_is_stripped_and_empty_text_is_none() -> None:
    assert [as_text(value) for value in ("  live ", "  ", None, 5)] == ["live", None, None, "5"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [("01:02:03.5", 3723.5), ("02:03,25", 123.25), ("00:00:07", 7.0), ("7.5", None), (7, None)],
)
def test_clock_text(value: object, expected: float | None) -> None:
    assert as_clock_seconds(value) == expected
