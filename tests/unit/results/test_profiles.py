from __future__ import annotations

from gt_watch.results.profiles import BBC, NETFLIX_EN, PROFILES, define_profile


def test_the_built_in_profiles_follow_the_published_numbers() -> None:
    assert (NETFLIX_EN.max_chars_per_line, NETFLIX_EN.max_lines) == (42, 2)
    assert (NETFLIX_EN.min_duration, NETFLIX_EN.max_duration) == (5 / 6, 7.0)
    assert NETFLIX_EN.max_chars_per_second == 20
    assert (NETFLIX_EN.min_gap_frames, NETFLIX_EN.close_gap_frames) == (2, 12)
    assert (BBC.max_chars_per_line, BBC.min_seconds_per_word) == (37, 0.3)
    assert set(PROFILES) == {"netflix-en", "bbc"}


def test_a_rules_file_profile_starts_from_a_base_and_changes_settings() -> None:
    profile, problems = define_profile(
        "kids", {"base": "bbc", "max_chars_per_line": 32, "max_words_per_minute": None}
    )
    assert problems == []
    assert profile is not None
    assert (profile.name, profile.max_chars_per_line, profile.max_lines) == ("kids", 32, 2)
    assert profile.max_words_per_minute is None


def test_netflix_en_is_the_default_base() -> None:
    profile, _ = define_profile("mine", {"bottom_heavy": True})
    assert profile is not None
    assert profile.max_chars_per_second == 20
    assert profile.bottom_heavy


def test_every_problem_is_reported_at_once_with_its_setting() -> None:
    profile, problems = define_profile(
        "bad", {"base": "hbo", "max_lines": 0, "frame_rate": "fast", "max_char_per_line": 30}
    )
    assert profile is None
    assert [(problem.key, problem.message) for problem in problems] == [
        ("base", "unknown base profile 'hbo'; one of netflix-en, bbc"),
        ("max_lines", "must be a whole number from 1 to 9, not 0"),
        ("frame_rate", "must be frames per second, above 0, not 'fast'"),
        (
            "max_char_per_line",
            "unknown caption profile setting; did you mean 'max_chars_per_line'?",
        ),
    ]


def test_settings_that_contradict_each_other_are_refused() -> None:
    profile, problems = define_profile("odd", {"min_duration": 8.0, "close_gap_frames": 1})
    assert profile is None
    assert [problem.key for problem in problems] == ["min_duration", "close_gap_frames"]


def test_a_boolean_is_not_a_number() -> None:
    _, problems = define_profile("odd", {"max_lines": True})
    assert [problem.key for problem in problems] == ["max_lines"]
