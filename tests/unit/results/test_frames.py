from __future__ import annotations

import pytest

from gt_watch.results.frames import (
    end_ms,
    first_end_frame_from,
    last_end_frame_by,
    nearest_frame,
    start_ms,
)

RATES = [24.0, 25.0, 24000 / 1001, 30000 / 1001, 30.0, 50.0, 60.0]


@pytest.mark.parametrize("rate", RATES)
def test_written_times_round_back_to_their_frame(rate: float) -> None:
    for frame in range(0, 5000, 7):
        assert nearest_frame(start_ms(frame, rate), rate) == frame
        assert nearest_frame(end_ms(frame, rate), rate) == frame
        assert start_ms(frame, rate) >= frame * 1000 / rate - 1e-6
        assert end_ms(frame, rate) <= frame * 1000 / rate + 1e-6


@pytest.mark.parametrize("rate", RATES)
def test_a_two_frame_gap_is_never_shorter_in_milliseconds(rate: float) -> None:
    for frame in range(0, 5000, 3):
        assert start_ms(frame + 2, rate) - end_ms(frame, rate) >= 2000 / rate


@pytest.mark.parametrize("rate", RATES)
def test_frames_found_from_milliseconds_are_the_closest_that_qualify(rate: float) -> None:
    for ms in range(0, 20_000, 13):
        last = last_end_frame_by(ms, rate)
        assert end_ms(last, rate) <= ms < end_ms(last + 1, rate)
        first = first_end_frame_from(ms, rate)
        assert end_ms(first - 1, rate) < ms <= end_ms(first, rate)


def test_at_24_fps_two_frames_are_written_84_ms_apart() -> None:
    assert {start_ms(frame + 2, 24) - end_ms(frame, 24) for frame in range(100)} == {84}
