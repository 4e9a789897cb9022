"""Cue lists as renderers accept them: the checks every caption file must pass before it is
written (no empty cue, no overlap, times within what SRT and WebVTT can spell), and the
repair of cue lists read from other tools. Pure; must not render or segment.
"""

from __future__ import annotations

from collections.abc import Sequence

from gt_watch.errors import CaptionError
from gt_watch.model import Cue
from gt_watch.results.timecode import check_range, seconds_to_ms

TimedLines = tuple[int, int, tuple[str, ...]]


def _where(number: int, cue: Cue) -> str:
    return f"cue {number} ({cue.start:.3f} s)"


def _visible_lines(cue: Cue) -> tuple[str, ...]:
    return tuple(line.strip() for line in cue.lines if line.strip())


def renderable(cues: Sequence[Cue]) -> list[TimedLines]:
    """Given cues, return each as (start ms, end ms, non-blank lines), ready to render.

    Raise CaptionError, naming the cue, if one has no text, ends before it starts, overlaps
    the next one, or has a time that is negative or past 99:59:59.999.
    """
    timed: list[TimedLines] = []
    for number, cue in enumerate(cues, 1):
        lines = _visible_lines(cue)
        start, end = seconds_to_ms(cue.start), seconds_to_ms(cue.end)
        if not lines:
            raise CaptionError(f"{_where(number, cue)} has no text; empty cues are not written")
        try:
            check_range(start)
            check_range(end)
        except CaptionError as error:
            raise CaptionError(f"{_where(number, cue)}: {error}") from None
        if end <= start:
            raise CaptionError(f"{_where(number, cue)} ends before it starts")
        if timed and start < timed[-1][1]:
            raise CaptionError(
                f"{_where(number, cue)} starts before cue {number - 1} ends; "
                "overlapping cues are not written"
            )
        timed.append((start, end, lines))
    return timed


def tidy(cues: Sequence[Cue]) -> list[Cue]:
    """Given cues read from another tool, return them in time order (to the millisecond),
    without empty cues or blank lines, cues that start at the same instant merged, and each
    ending no later than the next one starts. Text is never dropped."""
    ordered = sorted(
        (
            Cue(round(cue.start, 3), round(cue.end, 3), lines, cue.speaker)
            for cue in cues
            if (lines := _visible_lines(cue))
        ),
        key=lambda cue: cue.start,
    )
    merged: list[Cue] = []
    for cue in ordered:
        if merged and merged[-1].start == cue.start:
            previous = merged.pop()
            lines = previous.lines + cue.lines
            cue = Cue(cue.start, max(previous.end, cue.end), lines, previous.speaker)
        merged.append(cue)
    tidied = []
    for index, cue in enumerate(merged):
        # A cue that ends before it starts gets a second, as much as the next cue allows.
        end = cue.end if cue.end > cue.start else cue.start + 1.0
        if index + 1 < len(merged):
            end = min(end, merged[index + 1].start)
        tidied.append(Cue(cue.start, end, cue.lines, cue.speaker))
    return tidied
