from __future__ import annotations

import dataclasses

from gt_watch.results.profiles import BBC, NETFLIX_EN
from gt_watch.results.timing import cue_timing, required_duration, separate, timing_rules

RULES = timing_rules(NETFLIX_EN)


def test_netflix_limits_are_rounded_to_the_safe_side_of_each_rule() -> None:
    # 5/6 s, 2 frames at 24 fps (83.3 ms), 7 s, gaps up to 12 frames (500 ms) closed.
    assert RULES.min_duration == 834
    assert RULES.min_gap == 84
    assert RULES.max_duration == 6999
    assert RULES.close_gap > 500
    assert RULES.max_extension == 500


def test_reading_speed_sets_the_required_duration() -> None:
    # 42 characters at 20 per second: 2.1 s, plus the safety millisecond.
    assert required_duration(RULES, 42, 7) == 2101
    assert required_duration(RULES, 5, 1) == RULES.min_duration


def test_words_per_minute_and_seconds_per_word_set_the_bbc_duration() -> None:
    rules = timing_rules(BBC)
    # 10 words at 180 words per minute: 3.33 s; at 0.3 s per word: 3 s.
    assert required_duration(rules, 10, 10) == 3334


def test_a_cue_lasts_until_its_last_word_ends() -> None:
    timing = cue_timing(RULES, 1000, 3000, 5000, need=834)
    assert timing.end == 3000
    assert timing.short_by == 0


def test_a_short_cue_extends_to_the_minimum_duration() -> None:
    timing = cue_timing(RULES, 1000, 1400, 5000, need=834)
    assert timing.end == 1834


def test_the_extension_stops_half_a_second_after_the_last_word() -> None:
    timing = cue_timing(RULES, 1000, 1100, 9000, need=2000)
    assert timing.end == 1600
    assert timing.short_by == 1400


def test_a_cue_never_runs_into_the_minimum_gap_before_the_next() -> None:
    timing = cue_timing(RULES, 1000, 1300, 1500, need=834)
    assert timing.end == 1500 - RULES.min_gap


def test_a_small_gap_is_closed_to_two_frames() -> None:
    timing = cue_timing(RULES, 1000, 3000, 3400, need=834)
    assert timing.end == 3400 - RULES.min_gap


def test_a_wide_gap_stays_open() -> None:
    timing = cue_timing(RULES, 1000, 3000, 3700, need=834)
    assert timing.end == 3000


def test_a_cue_never_lasts_longer_than_the_maximum() -> None:
    timing = cue_timing(RULES, 0, 9000, None, need=834)
    assert timing.end == RULES.max_duration


def test_separate_moves_cues_that_would_overlap() -> None:
    fixed = separate([(0, 0), (0, 0), (5000, 6000)], RULES)
    assert fixed[0] == (0, RULES.min_duration)
    assert fixed[1][0] == fixed[0][1] + RULES.min_gap
    assert fixed[2] == (5000, 6000)


def test_gaps_follow_the_profile_frame_rate() -> None:
    rules = timing_rules(dataclasses.replace(NETFLIX_EN, frame_rate=25.0, min_gap_frames=3))
    assert rules.min_gap == 121  # 3 frames of 40 ms, and the safety millisecond
    assert rules.close_gap == 482
