"""WebVTT rendering: cues -> WebVTT text. Pure; must not segment or fix.

The `WEBVTT` header, `HH:MM:SS.mmm --> HH:MM:SS.mmm`, LF line ends, a blank line between
cues, cue text escaped as the format requires (`&`, `<`, `>`), keeping only the simple
formatting tags that SRT and WebVTT share.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from gt_watch.model import Cue
from gt_watch.results.cues import renderable
from gt_watch.results.timecode import format_vtt_time

_KEPT_TAG = re.compile(r"</?[biu]>")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _safe(line: str) -> str:
    """Escape a line, leaving `<i>`, `<b>`, `<u>` and their closing tags as tags."""
    pieces = []
    position = 0
    for tag in _KEPT_TAG.finditer(line):
        pieces.append(_escape(line[position : tag.start()]))
        pieces.append(tag[0])
        position = tag.end()
    pieces.append(_escape(line[position:]))
    return "".join(pieces)


def render_vtt(cues: Sequence[Cue]) -> str:
    """Given cues in time order, return the WebVTT text. Raise CaptionError (naming the cue)
    if a cue is empty, overlaps the next, ends before it starts, or lies past 99:59:59.999."""
    blocks = [
        f"{format_vtt_time(start)} --> {format_vtt_time(end)}\n"
        + "\n".join(_safe(line) for line in lines)
        + "\n"
        for start, end, lines in renderable(cues)
    ]
    return "\n".join(["WEBVTT\n", *blocks])
