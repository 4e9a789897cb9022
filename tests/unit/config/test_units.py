"""Durations, timecodes and amounts as people write them."""

from __future__ import annotations

import pytest
from pydantic_core import PydanticCustomError

from gt_watch.config.units import check_money, parse_duration, parse_timecode


@pytest.mark.parametrize(
    ("written", "seconds"),
    [("5s", 5.0), ("10m", 600.0), ("2h", 7200.0), ("7d", 604800.0), ("250ms", 0.25),
     ("1.5m", 90.0), (30, 30.0), (0.5, 0.5), (" 5 s ", 5.0)],
)  # fmt: skip
def test_durations_accept_units_and_plain_seconds(written: object, seconds: float) -> None:
    assert parse_duration(written) == seconds


@pytest.mark.parametrize("written", ["5x", "five seconds", "-3s", -1, True, "", None, [5]])
def test_a_wrong_duration_says_which_forms_are_accepted(written: object) -> None:
    with pytest.raises(PydanticCustomError) as caught:
        parse_duration(written)
    assert "250ms, 5s, 10m, 2h, 7d" in str(caught.value)


@pytest.mark.parametrize(
    ("written", "frame_rate", "seconds"),
    [("01:00:00:00", 25.0, 3600.0), ("00:00:01:12", 24.0, 1.5), ("01:00:00;00", 29.97, 3600.0),
     ("00:10:00", 25.0, 600.0), ("00:00:02.5", 25.0, 2.5), (3600, 25.0, 3600.0)],
)  # fmt: skip
def test_timecodes_count_frames_at_the_given_rate(
    written: object, frame_rate: float, seconds: float
) -> None:
    assert parse_timecode(written, frame_rate) == pytest.approx(seconds)


def test_a_frame_beyond_the_frame_rate_is_refused_with_advice() -> None:
    with pytest.raises(ValueError, match="frame 25 does not exist at 25 frames per second"):
        parse_timecode("00:00:00:25", 25.0)


@pytest.mark.parametrize("written", ["1:00", "01:61:00:00", "one hour", -5, True])
def test_a_malformed_timecode_shows_the_accepted_forms(written: object) -> None:
    with pytest.raises(ValueError, match=r"seconds|negative"):
        parse_timecode(written, 25.0)


def test_money_must_be_positive() -> None:
    assert check_money(12.5) == 12.5
    with pytest.raises(PydanticCustomError, match="positive amount in USD"):
        check_money(0.0)
