from __future__ import annotations

import pytest

from gt_watch.errors import CaptionError
from gt_watch.results.timecode import (
    format_clock,
    format_srt_time,
    format_vtt_time,
    parse_offset,
    seconds_to_ms,
)


def test_srt_times_use_a_comma_and_three_digit_milliseconds() -> None:
    assert format_srt_time(3_723_004) == "01:02:03,004"


def test_vtt_times_use_a_dot() -> None:
    assert format_vtt_time(59_999) == "00:00:59.999"


def test_the_last_time_before_100_hours_is_written() -> None:
    assert format_srt_time(100 * 3_600_000 - 1) == "99:59:59,999"


def test_times_past_99_hours_are_refused_with_a_clear_message() -> None:
    with pytest.raises(CaptionError, match=r"past 99:59:59\.999.*timecode offset"):
        format_srt_time(100 * 3_600_000)


def test_negative_times_are_refused() -> None:
    with pytest.raises(CaptionError, match="negative"):
        format_vtt_time(-1)


def test_seconds_round_to_the_nearest_millisecond() -> None:
    assert seconds_to_ms(1.0004) == 1000
    assert seconds_to_ms(1.0006) == 1001


def test_a_time_that_is_not_a_number_is_refused() -> None:
    with pytest.raises(CaptionError, match="finite"):
        seconds_to_ms(float("nan"))


def test_clock_shows_whole_seconds() -> None:
    assert format_clock(3725.9) == "01:02:05"


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("01:00:00:00", 3600.0),
        ("00:00:01:12", 1.5),
        ("01:00:00", 3600.0),
        ("00:00:02.5", 2.5),
        ("00:00:02,250", 2.25),
        ("3600", 3600.0),
        ("12.5s", 12.5),
        ("-00:00:01:00", -1.0),
    ],
)
def test_offsets_are_read_as_editors_write_them(text: str, seconds: float) -> None:
    assert parse_offset(text, frame_rate=24) == pytest.approx(seconds)


def test_a_frame_number_beyond_the_frame_rate_is_refused() -> None:
    with pytest.raises(CaptionError, match="frame 25 does not exist at 25 frames per second"):
        parse_offset("01:00:00:25", frame_rate=25)


def test_an_unreadable_offset_says_what_is_accepted() -> None:
    with pytest.raises(CaptionError, match="HH:MM:SS:FF"):
        parse_offset("one hour", frame_rate=25)


def test_minutes_past_59_are_refused() -> None:
    with pytest.raises(CaptionError, match="00 to 59"):
        parse_offset("00:75:00", frame_rate=25)
