"""Cue timing under a style profile: minimum and maximum duration, reading speed, the gap
between cues in frames, closing small gaps, and the extension past the last word.

All arithmetic is in whole milliseconds, the resolution of SRT and WebVTT. Every limit is
rounded to the safe side by one millisecond, so that a checker comparing floating-point
seconds (where 7.000 s may come out as 7.000000001) still finds the cue within the rule.
Pure functions; knows nothing of text layout or words.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import NamedTuple

from gt_watch.model import StyleProfile

_EPSILON = 1e-6


@dataclass(frozen=True, slots=True)
class TimingRules:
    """A profile's timing limits in whole milliseconds, each with its safety millisecond.

    `close_gap`: gaps up to this many milliseconds are closed down to `min_gap`; wider gaps
    stay open. `None` means "no limit" for the reading-speed fields.
    """

    min_duration: int
    max_duration: int
    min_gap: int
    close_gap: int
    max_extension: int
    max_chars_per_second: float | None
    max_words_per_minute: float | None
    min_seconds_per_word: float | None


def _strictly_above(milliseconds: float) -> int:
    return math.floor(milliseconds + _EPSILON) + 1


def timing_rules(profile: StyleProfile) -> TimingRules:
    """Given a style profile, return its timing limits in safe whole milliseconds."""
    frame_ms = 1000 / profile.frame_rate
    return TimingRules(
        min_duration=_strictly_above(profile.min_duration * 1000),
        max_duration=math.ceil(profile.max_duration * 1000 - _EPSILON) - 1,
        min_gap=_strictly_above(profile.min_gap_frames * frame_ms),
        # One more millisecond than the frame count: a checker counting at 23.976 frames per
        # second for a 24 fps profile must still find the open gaps wider than 12 frames.
        close_gap=_strictly_above(profile.close_gap_frames * frame_ms) + 1,
        max_extension=round(profile.max_extension * 1000),
        max_chars_per_second=profile.max_chars_per_second,
        max_words_per_minute=profile.max_words_per_minute,
        min_seconds_per_word=profile.min_seconds_per_word,
    )


def required_duration(rules: TimingRules, chars: int, words: int) -> int:
    """Given a cue's character count (line breaks counted as one) and word count, return the
    shortest display in milliseconds that meets the minimum duration and reading speeds."""
    need = rules.min_duration
    if rules.max_chars_per_second:
        need = max(need, _strictly_above(chars * 1000 / rules.max_chars_per_second))
    if rules.max_words_per_minute:
        need = max(need, _strictly_above(words * 60_000 / rules.max_words_per_minute))
    if rules.min_seconds_per_word:
        need = max(need, _strictly_above(words * 1000 * rules.min_seconds_per_word))
    return need


class CueTiming(NamedTuple):
    """Where a cue ends and what that costs: `overreach` is how many milliseconds the display
    runs past the allowed extension (only when closing a small gap demands it), `short_by`
    how many milliseconds it falls short of the required duration, `gap_left_open` whether a
    gap the profile wants closed could not be closed."""

    end: int
    overreach: int
    short_by: int
    gap_left_open: bool


def cue_timing(
    rules: TimingRules, start: int, last_end: int, next_start: int | None, need: int
) -> CueTiming:
    """Given a cue's start (its first word), the end of its last word, the start of the next
    cue (None for the last cue) and its required duration, return its timing.

    The cue stays up until its last word ends, longer if it needs to (up to the allowed
    extension), never closer than the minimum gap to the next cue and never longer than the
    maximum duration. A gap that ends up no wider than the closing threshold is closed down to
    the minimum gap by holding the cue longer. (Written with plain comparisons rather than
    min/max: the planner calls this for every candidate cue.)
    """
    end = start + need if start + need > last_end else last_end
    if end > last_end + rules.max_extension:
        end = last_end + rules.max_extension
    if end > start + rules.max_duration:
        end = start + rules.max_duration
    if next_start is None:
        return CueTiming(end, 0, start + need - end if start + need > end else 0, False)
    closed = next_start - rules.min_gap
    if end > closed:
        end = closed
    overreach = 0
    gap_left_open = False
    if rules.min_gap < next_start - end <= rules.close_gap:
        opened = next_start - rules.close_gap - 1
        if closed - start <= rules.max_duration:
            overreach = closed - last_end - rules.max_extension
            overreach = overreach if overreach > 0 else 0
            end = closed
        elif opened - start >= need:
            end = opened
        else:
            gap_left_open = True
    short_by = start + need - end
    return CueTiming(end, overreach, short_by if short_by > 0 else 0, gap_left_open)


def separate(intervals: list[tuple[int, int]], rules: TimingRules) -> list[tuple[int, int]]:
    """Given cue intervals in order, return them moved just enough that each lasts at least
    one millisecond and starts at least the minimum gap after the previous one ends.

    Word timings that make this necessary are broken (many words at one instant); the cues
    then drift later until a pause absorbs the drift. Intervals that are already valid are
    returned unchanged.
    """
    fixed: list[tuple[int, int]] = []
    previous_end: int | None = None
    for start, end in intervals:
        if previous_end is not None and start < previous_end + rules.min_gap:
            start = previous_end + rules.min_gap
        if end <= start:
            end = start + rules.min_duration
        fixed.append((start, end))
        previous_end = end
    return fixed
