"""Timecodes: caption times as whole milliseconds, their SRT/WebVTT spellings, and offsets
written as editors write them (`01:00:00:00`). Pure text and arithmetic; knows nothing of cues.
"""

from __future__ import annotations

import math
import re

from gt_watch.errors import CaptionError

# SRT and WebVTT spell hours with two digits in practice; players and editors choke on more.
MAX_MS = 100 * 3600 * 1000 - 1  # 99:59:59,999

_OFFSET = re.compile(
    r"""^(?P<sign>[-+]?)
    (?:
        (?P<h>\d{1,2}):(?P<m>\d{2}):(?P<s>\d{2})
        (?: :(?P<frames>\d{2}) | [.,](?P<fraction>\d{1,3}) )?
      |
        (?P<seconds>\d+(?:\.\d+)?)s?
    )$""",
    re.VERBOSE,
)


def seconds_to_ms(seconds: float) -> int:
    """Given a time in seconds, return it in whole milliseconds (rounded to the nearest).
    Raise CaptionError if it is not a finite number."""
    if not math.isfinite(seconds):
        raise CaptionError(f"a caption time must be a finite number of seconds, not {seconds}")
    return round(seconds * 1000)


def check_range(ms: int) -> None:
    """Given a caption time in milliseconds, raise CaptionError if SRT and WebVTT cannot
    spell it: negative, or past 99:59:59.999."""
    if ms < 0:
        raise CaptionError(f"caption time {ms / 1000:.3f} s is negative; check the timecode offset")
    if ms > MAX_MS:
        hours = ms / 3_600_000
        raise CaptionError(
            f"caption time {hours:.2f} h is past 99:59:59.999, the last time SRT and WebVTT "
            "can spell; split the media or use a smaller timecode offset"
        )


def _fields(ms: int) -> tuple[int, int, int, int]:
    check_range(ms)
    seconds, millis = divmod(ms, 1000)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return hours, minutes, seconds, millis


def format_srt_time(ms: int) -> str:
    """Given a time in milliseconds, return it as SRT spells it: `HH:MM:SS,mmm`.
    Raise CaptionError if it is negative or past 99:59:59,999."""
    hours, minutes, seconds, millis = _fields(ms)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d},{millis:03d}"


def format_vtt_time(ms: int) -> str:
    """Given a time in milliseconds, return it as WebVTT spells it: `HH:MM:SS.mmm`.
    Raise CaptionError if it is negative or past 99:59:59.999."""
    hours, minutes, seconds, millis = _fields(ms)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{millis:03d}"


def format_clock(seconds: float) -> str:
    """Given a time in seconds, return `HH:MM:SS` (for transcripts and QC reports).
    Raise CaptionError if it is negative, not finite, or past 99:59:59."""
    hours, minutes, whole, _ = _fields(seconds_to_ms(seconds))
    return f"{hours:02d}:{minutes:02d}:{whole:02d}"


def parse_offset(text: str, frame_rate: float) -> float:
    """Given an offset as an editor writes it, return seconds.

    Accepted: `HH:MM:SS:FF` (frames at `frame_rate`, e.g. Resolve's `01:00:00:00`),
    `HH:MM:SS`, `HH:MM:SS.mmm`, `HH:MM:SS,mmm`, and plain seconds (`3600`, `12.5s`), each
    optionally signed. Raise CaptionError if the text is none of these, or if minutes,
    seconds or frames are out of range.
    """
    match = _OFFSET.match(text.strip())
    if match is None:
        raise CaptionError(
            f"timecode offset {text!r} is not understood; write HH:MM:SS:FF (01:00:00:00), "
            "HH:MM:SS.mmm or a number of seconds"
        )
    sign = -1.0 if match["sign"] == "-" else 1.0
    if match["seconds"] is not None:
        return sign * float(match["seconds"])
    hours, minutes, seconds = int(match["h"]), int(match["m"]), int(match["s"])
    if minutes > 59 or seconds > 59:
        raise CaptionError(f"timecode offset {text!r}: minutes and seconds must be 00 to 59")
    total = hours * 3600.0 + minutes * 60 + seconds
    if match["frames"] is not None:
        frames = int(match["frames"])
        if frames >= math.ceil(frame_rate):
            raise CaptionError(
                f"timecode offset {text!r}: frame {frames} does not exist at {frame_rate:g} "
                f"frames per second (frames run 00 to {math.ceil(frame_rate) - 1:02d})"
            )
        total += frames / frame_rate
    elif match["fraction"] is not None:
        total += int(match["fraction"].ljust(3, "0")) / 1000
    return sign * total
