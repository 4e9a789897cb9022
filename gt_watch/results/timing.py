"""Cue timing under a style profile: minimum and maximum duration, reading speed, the gap
between cues in frames, closing small gaps, and the extension past the last word.

Cues start and end on frames of the profile's frame rate (see frames), so that an editor's
timeline shows them where they were meant and no gap changes when times are snapped to
frames. Durations are checked in the whole milliseconds the file will hold, each limit
rounded to its safe side by a millisecond, so that a checker comparing floating-point seconds
(where 7.000 s may come out as 7.000000001) still finds the cue within the rule.
Pure functions; knows nothing of text layout or words.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import NamedTuple

from gt_watch.model import StyleProfile
from gt_watch.results.frames import end_ms, first_end_frame_from, start_ms

_EPSILON = 1e-6


@dataclass(frozen=True, slots=True)
class TimingRules:
    """A profile's timing limits: gaps in frames, durations in safe whole milliseconds.
    `None` means "no limit" for the reading-speed fields."""

    frame_rate: float
    min_duration: int
    max_duration: int
    min_gap_frames: int
    close_gap_frames: int
    max_extension: int
    max_chars_per_second: float | None
    max_words_per_minute: float | None
    min_seconds_per_word: float | None


def _strictly_above(milliseconds: float) -> int:
    return math.floor(milliseconds + _EPSILON) + 1


def timing_rules(profile: StyleProfile) -> TimingRules:
    """Given a style profile, return its timing limits."""
    return TimingRules(
        frame_rate=profile.frame_rate,
        min_duration=_strictly_above(profile.min_duration * 1000),
        max_duration=math.ceil(profile.max_duration * 1000 - _EPSILON) - 1,
        min_gap_frames=profile.min_gap_frames,
        close_gap_frames=profile.close_gap_frames,
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
    """Where a cue ends (a frame) and what that costs: `overreach` is how many milliseconds
    the display runs past the allowed extension (only when closing a small gap demands it),
    `short_by` how many milliseconds it falls short of the required duration, `gap_left_open`
    whether a gap the profile wants closed could not be closed."""

    end: int
    overreach: int
    short_by: int
    gap_left_open: bool


def cue_timing(
    rules: TimingRules, start: int, last_end: int, next_start: int | None, need: int
) -> CueTiming:
    """Given a cue's start frame (its first word's), the end of its last word in
    milliseconds, the next cue's start frame (None for the last cue) and the cue's required
    duration in milliseconds, return its timing.

    The cue stays up until its last word ends, longer if it needs to (up to the allowed
    extension), never closer than the minimum gap to the next cue and never longer than the
    maximum duration. A gap that ends up no wider than the closing threshold is closed down to
    the minimum gap by holding the cue longer. (Plain comparisons rather than min/max: the
    planner calls this for every candidate cue.)
    """
    # The arithmetic of frames.py, written out: this runs for every candidate cue.
    per_ms = rules.frame_rate / 1000
    due = math.ceil(start / per_ms - _EPSILON) + need  # start_ms(start) + need
    end = round(last_end * per_ms)
    needed = math.ceil((due - _EPSILON) * per_ms)  # first_end_frame_from(due)
    if needed > end:
        end = needed
    extended = math.ceil((last_end + rules.max_extension + 1 - _EPSILON) * per_ms) - 1
    if end > extended:
        end = extended
    longest = math.ceil((due - need + rules.max_duration + 1 - _EPSILON) * per_ms) - 1
    if end > longest:
        end = longest
    if next_start is not None:
        closed = next_start - rules.min_gap_frames
        if end > closed:
            end = closed
        if rules.min_gap_frames < next_start - end <= rules.close_gap_frames:
            return _close_gap(rules, next_start, longest, needed, last_end, due)
    short = due - math.floor(end / per_ms + _EPSILON)  # due - end_ms(end)
    return CueTiming(end, 0, short if short > 0 else 0, False)


def _close_gap(
    rules: TimingRules, next_start: int, longest: int, needed: int, last_end: int, due: int
) -> CueTiming:
    """A gap no wider than the closing threshold: hold the cue until the minimum gap before
    the next one, or if the maximum duration forbids that, end it early enough to leave the
    gap open; `due` is the millisecond the cue must reach, `needed` the first frame that
    does."""
    closed = next_start - rules.min_gap_frames
    opened = next_start - rules.close_gap_frames - 1
    if closed <= longest:
        overreach = end_ms(closed, rules.frame_rate) - last_end - rules.max_extension
        short = _short_by(due, closed, rules.frame_rate)
        return CueTiming(closed, overreach if overreach > 0 else 0, short, False)
    if opened >= needed:
        return CueTiming(opened, 0, 0, False)
    end = closed if closed < longest else longest
    return CueTiming(end, 0, _short_by(due, end, rules.frame_rate), True)


def _short_by(needed_end: int, end: int, frame_rate: float) -> int:
    short = needed_end - end_ms(end, frame_rate)
    return short if short > 0 else 0


def separate(intervals: list[tuple[int, int]], rules: TimingRules) -> list[tuple[int, int]]:
    """Given cue intervals in frames, in order, return them moved just enough that each
    lasts at least the minimum duration when it would otherwise end before it starts, and
    starts at least the minimum gap after the previous one ends.

    Word timings that make this necessary are broken (many words at one instant); the cues
    then drift later until a pause absorbs the drift. Intervals that are already valid are
    returned unchanged.
    """
    rate = rules.frame_rate
    fixed: list[tuple[int, int]] = []
    previous_end: int | None = None
    for start, end in intervals:
        if previous_end is not None and start < previous_end + rules.min_gap_frames:
            start = previous_end + rules.min_gap_frames
        if end <= start:
            end = first_end_frame_from(start_ms(start, rate) + rules.min_duration, rate)
        fixed.append((start, end))
        previous_end = end
    return fixed
