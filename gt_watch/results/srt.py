"""SubRip rendering: cues -> SRT text, correct to the letter. Pure; must not segment or fix.

Sequence numbers from 1, `HH:MM:SS,mmm --> HH:MM:SS,mmm`, LF line ends, a blank line
between cues, no BOM (the caller encodes UTF-8), no `-->` inside cue text.
"""

from __future__ import annotations

from collections.abc import Sequence

from gt_watch.model import Cue
from gt_watch.results.cues import renderable
from gt_watch.results.timecode import format_srt_time


def _safe(line: str) -> str:
    # A timing arrow inside the text makes players read the line as a new cue's times.
    return line.replace("-->", "->")


def render_srt(cues: Sequence[Cue]) -> str:
    """Given cues in time order, return the SRT text. Raise CaptionError (naming the cue) if
    a cue is empty, overlaps the next, ends before it starts, or lies past 99:59:59,999."""
    blocks = [
        f"{number}\n{format_srt_time(start)} --> {format_srt_time(end)}\n"
        + "\n".join(_safe(line) for line in lines)
        + "\n"
        for number, (start, end, lines) in enumerate(renderable(cues), 1)
    ]
    return "\n".join(blocks)
