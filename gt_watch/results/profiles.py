"""Built-in caption style profiles, as data. No I/O.

Rules files may define their own profiles on top of these (gt_watch.config.profiles).
"""

from __future__ import annotations

from collections.abc import Mapping

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
