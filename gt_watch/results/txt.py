"""Plain-text transcripts: paragraphs separated by blank lines, the speaker's name at the start
of each turn, optional `[HH:MM:SS]` timestamps. Pure; UTF-8 is the caller's business."""

from __future__ import annotations

from gt_watch.model import Transcript
from gt_watch.results.paragraphs import paragraphs
from gt_watch.results.timecode import format_clock


def render_txt(transcript: Transcript, *, timestamps: bool = False) -> str:
    """Given a transcript, return it as plain text (empty string if it has no text).
    Raise CaptionError if a timestamp is asked for and a time is past 99:59:59."""
    lines = []
    for paragraph in paragraphs(transcript):
        stamp = f"[{format_clock(paragraph.start)}] " if timestamps else ""
        label = f"{paragraph.speaker}: " if paragraph.new_speaker else ""
        lines.append(f"{stamp}{label}{paragraph.text}\n")
    return "\n".join(lines)
