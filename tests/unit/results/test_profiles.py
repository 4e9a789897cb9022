from __future__ import annotations

from gt_watch.results.profiles import BBC, NETFLIX_EN, PROFILES


def test_the_built_in_profiles_follow_the_published_numbers() -> None:
    assert (NETFLIX_EN.max_chars_per_line, NETFLIX_EN.max_lines) == (42, 2)
    assert (NETFLIX_EN.min_duration, NETFLIX_EN.max_duration) == (5 / 6, 7.0)
    assert NETFLIX_EN.max_chars_per_second == 20
    assert (NETFLIX_EN.min_gap_frames, NETFLIX_EN.close_gap_frames) == (2, 12)
    assert (BBC.max_chars_per_line, BBC.min_seconds_per_word) == (37, 0.3)
    assert set(PROFILES) == {"netflix-en", "bbc"}


def test_netflix_english_marks_two_speakers_with_a_hyphen_without_a_space() -> None:
    assert NETFLIX_EN.dialogue_dash == "-"
    assert BBC.dialogue_dash == "- "
