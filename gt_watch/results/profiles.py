"""Caption style profiles: the built-in ones as data, and the checking of profiles that
rules files define (`define_profile`, which `config` calls with the parsed YAML). No I/O.
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Callable, Mapping

from gt_watch.errors import Problem
from gt_watch.model import StyleProfile

NETFLIX_EN = StyleProfile(
    name="netflix-en",
    max_chars_per_line=42,
    max_lines=2,
    min_duration=5 / 6,
    max_duration=7.0,
    max_chars_per_second=20.0,
    frame_rate=24.0,
    min_gap_frames=2,
    close_gap_frames=12,
    language="en",
    # Netflix's English guide: a hyphen without a space for each of two speakers.
    dialogue_dash="-",
)

BBC = StyleProfile(
    name="bbc",
    max_chars_per_line=37,
    max_lines=2,
    min_duration=0.3,
    max_duration=7.0,
    max_chars_per_second=None,
    max_words_per_minute=180.0,
    min_seconds_per_word=0.3,
    frame_rate=25.0,
    min_gap_frames=2,
    close_gap_frames=12,
    language="en",
)

PROFILES: Mapping[str, StyleProfile] = {profile.name: profile for profile in (NETFLIX_EN, BBC)}
DEFAULT_PROFILE = NETFLIX_EN

# Settings a rules file may give a profile: name -> (what it must be, check).
_Check = Callable[[object], bool]


def _number(low: float, *, above: bool = False, nullable: bool = False) -> _Check:
    def check(value: object) -> bool:
        if value is None:
            return nullable
        if isinstance(value, bool) or not isinstance(value, int | float):
            return False
        return value > low if above else value >= low

    return check


def _integer(low: int, high: int) -> _Check:
    return lambda value: type(value) is int and low <= value <= high


SETTINGS: Mapping[str, tuple[str, _Check]] = {
    "max_chars_per_line": ("a whole number from 10 to 100", _integer(10, 100)),
    "max_lines": ("a whole number from 1 to 9", _integer(1, 9)),
    "min_duration": ("seconds, 0 or more", _number(0)),
    "max_duration": ("seconds, more than 0", _number(0, above=True)),
    "max_chars_per_second": ("a number above 0, or null", _number(0, above=True, nullable=True)),
    "max_words_per_minute": ("a number above 0, or null", _number(0, above=True, nullable=True)),
    "min_seconds_per_word": ("seconds, or null", _number(0, nullable=True)),
    "frame_rate": ("frames per second, above 0", _number(0, above=True)),
    "min_gap_frames": ("a whole number from 0 to 100", _integer(0, 100)),
    "close_gap_frames": ("a whole number from 0 to 100", _integer(0, 100)),
    "max_extension": ("seconds, 0 or more", _number(0)),
    "bottom_heavy": ("true or false", lambda value: isinstance(value, bool)),
    "language": (
        "an ISO 639-1 code such as en",
        lambda value: isinstance(value, str) and 2 <= len(value.split("-")[0]) <= 3,
    ),
    "dialogue_dash": (
        "text of at most 3 characters",
        lambda value: isinstance(value, str) and 0 < len(value) <= 3,
    ),
}


def _consistency(profile: StyleProfile) -> list[Problem]:
    problems = []
    if profile.min_duration > profile.max_duration:
        problems.append(Problem("min_duration is longer than max_duration", key="min_duration"))
    if profile.close_gap_frames < profile.min_gap_frames:
        problems.append(
            Problem("close_gap_frames is smaller than min_gap_frames", key="close_gap_frames")
        )
    return problems


def define_profile(
    name: str, settings: Mapping[str, object]
) -> tuple[StyleProfile | None, list[Problem]]:
    """Given a profile's name and its settings from a rules file, return the profile, or
    None and every problem found (each with the setting as its key).

    `base` names the built-in profile to start from (netflix-en if absent); every other
    setting is a field of StyleProfile, e.g. `{"base": "bbc", "max_chars_per_line": 32}`.
    """
    problems = []
    base_name = settings.get("base", DEFAULT_PROFILE.name)
    base = PROFILES.get(base_name) if isinstance(base_name, str) else None
    if base is None:
        problems.append(
            Problem(f"unknown base profile {base_name!r}; one of {', '.join(PROFILES)}", key="base")
        )
    changes: dict[str, object] = {}
    for key, value in settings.items():
        if key == "base":
            continue
        if key not in SETTINGS:
            close = difflib.get_close_matches(key, SETTINGS, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            problems.append(Problem(f"unknown caption profile setting{hint}", key=key))
        elif not SETTINGS[key][1](value):
            problems.append(Problem(f"must be {SETTINGS[key][0]}, not {value!r}", key=key))
        else:
            changes[key] = value
    if problems or base is None:
        return None, problems
    profile = dataclasses.replace(base, name=name, **changes)  # type: ignore[arg-type]
    consistency = _consistency(profile)
    return (None, consistency) if consistency else (profile, [])
