"""Segmentation: word timings -> caption cues under a style profile. The engine's entry point.

Composes the parts: tokens (clean words), breaks (where to cut), layout (lines), plan (which
cues), timing (when). Owns only the assembly of the planned cues into `Cue`s. Pure: no I/O.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from gt_watch.errors import CaptionError
from gt_watch.model import Cue, StyleProfile, Word
from gt_watch.results.breaks import score_breaks
from gt_watch.results.frames import end_ms, nearest_frame, start_ms
from gt_watch.results.layout import Layouter, LineRules, positions
from gt_watch.results.plan import Plan, Stream, plan_cues
from gt_watch.results.timecode import seconds_to_ms
from gt_watch.results.timing import cue_timing, required_duration, separate, timing_rules
from gt_watch.results.tokens import prepare_tokens


def _lines(stream: Stream, texts: list[str], plan: Plan) -> tuple[str, ...]:
    bounds = (plan.first, *plan.splits, plan.stop)
    lines = [" ".join(texts[begin:end]) for begin, end in itertools.pairwise(bounds)]
    if plan.dialogue:
        return tuple(stream.dash + line for line in lines)
    return tuple(lines)


def _interval(stream: Stream, plan: Plan, lines: tuple[str, ...]) -> tuple[int, int]:
    """The cue's first and last frame."""
    tokens, rules = stream.tokens, stream.rules
    start = nearest_frame(tokens[plan.first].start, rules.frame_rate)
    following = tokens[plan.stop].start if plan.stop < len(tokens) else None
    next_start = None if following is None else nearest_frame(following, rules.frame_rate)
    chars = sum(len(line) for line in lines) + len(lines) - 1
    need = required_duration(rules, chars, plan.stop - plan.first)
    return start, cue_timing(rules, start, tokens[plan.stop - 1].end, next_start, need).end


def segment(
    words: Sequence[Word],
    profile: StyleProfile,
    *,
    max_lines: int | None = None,
    offset: float = 0.0,
) -> list[Cue]:
    """Given timed words (with speakers, if known) and a style profile, return caption cues.

    Cues start and end on frames of the profile's frame rate. `max_lines` overrides the
    profile's line count; `offset` (seconds, rounded to whole frames) is added to every
    time, e.g. 3600 for a timeline that starts at 01:00:00:00. Every word appears exactly
    once and in order; cues never overlap and are never empty. Raise CaptionError if a word
    time is not a finite number, `max_lines` is below 1, or the offset makes a time negative.
    """
    line_count = profile.max_lines if max_lines is None else max_lines
    if line_count < 1:
        raise CaptionError(f"captions need at least one line per cue, not {line_count}")
    tokens = prepare_tokens(words, profile.max_chars_per_line)
    if not tokens:
        return []
    breaks = score_breaks(tokens, profile.language)
    texts = [token.text for token in tokens]
    lines = LineRules(profile.max_chars_per_line, line_count, profile.bottom_heavy)
    stream = Stream(
        tokens=tokens,
        breaks=breaks,
        layouter=Layouter(positions(texts), breaks, lines),
        lines=lines,
        rules=timing_rules(profile),
        dash=profile.dialogue_dash,
    )
    plans = plan_cues(stream)
    cue_lines = [_lines(stream, texts, plan) for plan in plans]
    intervals = separate(
        [_interval(stream, plan, text) for plan, text in zip(plans, cue_lines, strict=True)],
        stream.rules,
    )
    rate = profile.frame_rate
    # Whole frames, so that the cues stay on the timeline's frames.
    shift = nearest_frame(seconds_to_ms(offset), rate)
    if intervals[0][0] + shift < 0:
        raise CaptionError(
            f"the timecode offset {offset:g} s moves the first cue before zero; "
            "use a smaller negative offset"
        )
    return [
        Cue(
            start_ms(start + shift, rate) / 1000,
            end_ms(end + shift, rate) / 1000,
            text,
            None if plan.dialogue else tokens[plan.first].speaker,
        )
        for plan, text, (start, end) in zip(plans, cue_lines, intervals, strict=True)
    ]
