from __future__ import annotations

import dataclasses

from gt_watch.results.frames import end_ms, start_ms
from gt_watch.results.profiles import BBC, NETFLIX_EN
from gt_watch.results.timing import cue_timing, required_duration, separate, timing_rules

RULES = timing_rules(NETFLIX_EN)  # 24 fps: frame 24 is 1 s, frame 1 is 41.67 ms


def test_netflix_limits_are_rounded_to_the_safe_side_of_each_rule() -> None:
    assert RULES.min_duration == 834  # 5/6 s
    assert RULES.max_duration == 6999  # 7 s
    assert (RULES.min_gap_frames, RULES.close_gap_frames) == (2, 12)
    assert RULES.max_extension == 500


def test_reading_speed_sets_the_required_duration() -> None:
    # 42 characters at 20 per second: 2.1 s, plus the safety millisecond.
    assert required_duration(RULES, 42, 7) == 2101
    assert required_duration(RULES, 5, 1) == RULES.min_duration


def test_words_per_minute_and_seconds_per_word_set_the_bbc_duration() -> None:
    rules = timing_rules(BBC)
    # 10 words at 180 words per minute: 3.33 s; at 0.3 s per word: 3 s.
    assert required_duration(rules, 10, 10) == 3334


def test_a_cue_lasts_until_the_frame_nearest_its_last_word_end() -> None:
    timing = cue_timing(RULES, 24, 3010, 240, need=834)
    assert timing.end == 72  # 3.0 s
    assert timing.short_by == 0


def test_a_short_cue_extends_to_the_minimum_duration() -> None:
    timing = cue_timing(RULES, 24, 1400, 240, need=834)
    assert timing.end == 45  # 1.875 s: frame 44 is written 1.833 s, 1 ms short
    assert end_ms(45, 24) - start_ms(24, 24) >= 834


def test_the_extension_stops_half_a_second_after_the_last_word() -> None:
    timing = cue_timing(RULES, 24, 1100, 240, need=2000)
    assert timing.end == 38  # 1.583 s, the last frame by 1.6 s
    assert timing.short_by == 3000 - 1583


def test_a_cue_never_runs_into_the_minimum_gap_before_the_next() -> None:
    timing = cue_timing(RULES, 24, 1300, 36, need=834)
    assert timing.end == 34


def test_a_small_gap_is_closed_to_two_frames() -> None:
    timing = cue_timing(RULES, 24, 3000, 82, need=834)  # 10 frames after the word
    assert timing.end == 80


def test_a_wide_gap_stays_open() -> None:
    timing = cue_timing(RULES, 24, 3000, 86, need=834)  # 14 frames after the word
    assert timing.end == 72


def test_a_cue_never_lasts_longer_than_the_maximum() -> None:
    timing = cue_timing(RULES, 0, 9000, None, need=834)
    assert timing.end == 167  # 6.958 s: frame 168 would be written 7.000 s
    assert end_ms(timing.end, 24) <= RULES.max_duration


def test_separate_moves_cues_that_would_overlap() -> None:
    fixed = separate([(0, 0), (0, 0), (500, 600)], RULES)
    assert fixed[0] == (0, 21)  # 875 ms: the first frame at least 834 ms on
    assert fixed[1][0] == fixed[0][1] + 2
    assert fixed[2] == (500, 600)


def test_gaps_follow_the_profile_frame_rate() -> None:
    rules = timing_rules(dataclasses.replace(NETFLIX_EN, frame_rate=25.0, min_gap_frames=3))
    timing = cue_timing(rules, 25, 1500, 40, need=834)
    assert timing.end == 37  # 3 frames before the next cue
    assert start_ms(40, 25) - end_ms(37, 25) == 120
