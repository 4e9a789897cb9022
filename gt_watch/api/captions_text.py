"""SubRip and WebVTT caption files into `Cue`s, tolerantly. Pure; no I/O.

Written by hand rather than with `srt`/`webvtt-py` because both formats are read by one
block parser that forgives what real files get wrong (a BOM, CR or CRLF line ends, missing
or wrong sequence numbers, dot decimals in SubRip, missing blank lines between cues, blank
lines inside cue text) and names the line of a timing it cannot read; `srt` reports
character offsets and `webvtt-py` rejects such files outright.

Kept: start, end, text lines, and the speaker of a WebVTT voice tag (`<v Ann>`). Dropped:
sequence numbers, cue identifiers, cue settings, NOTE/STYLE/REGION blocks, and markup
(`<i>`, `<c.x>`, `<font>`, inline timestamps, `{\\an8}`); HTML entities are decoded.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from gt_watch.api.values import document_text
from gt_watch.errors import ResultFormatError
from gt_watch.model import Cue

EXPECTED = "SubRip (.srt) or WebVTT (.vtt) captions"
_EXAMPLE = "'00:00:01,000 --> 00:00:02,500'"

_TIMESTAMP = r"(?:(\d+):)?(\d{1,2}):(\d{1,2})(?:[.,](\d+))?"
_TIMING = re.compile(rf"^\s*{_TIMESTAMP}\s*-->\s*{_TIMESTAMP}(?:\s.*)?$")
# What is surely meant as a timing line, well-formed or not: it must not pass as cue text.
_TIMING_LIKE = re.compile(r"-->|^\s*(?:\d+:)?\d{1,2}:\d{1,2}[.,]\d+\s*(?:-+>?|=+>|–|—)")
_VOICE = re.compile(r"<v(?:\.[^\s>]*)?\s+([^>]+)>")
_MARKUP = re.compile(r"</?(?:[A-Za-z][^<>]*|\d[\d:.]*)>|\{\\[^}]*\}")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_VTT_BLOCKS = ("NOTE", "STYLE", "REGION")


@dataclass(slots=True)
class _Cue:
    start: float
    end: float
    lines: list[str] = field(default_factory=list)


def parse_captions(text: str | bytes) -> list[Cue]:
    """Given SubRip or WebVTT text (detected by the `WEBVTT` header), return its cues in file
    order. Raise ResultFormatError with the line number of a malformed timing line, or
    saying what was expected if there is no timing line at all."""
    lines = _LINE_BREAK.split(_decoded(text))
    vtt = lines[0].lstrip().startswith("WEBVTT")
    cues: list[_Cue] = []
    timing_lines = 0
    for first_number, block in _blocks(lines):
        rows = [index for index, line in enumerate(block) if _TIMING_LIKE.search(line)]
        timing_lines += len(rows)
        if not rows:
            if not (vtt and block[0].split(maxsplit=1)[0] in _VTT_BLOCKS):
                _continue_text(cues, block, identifier=False)
            continue
        before = block[: rows[0]]
        _continue_text(cues, before, identifier=vtt or _ends_with_number(before))
        cues.extend(_cues_of(block, rows, first_number))
    if not timing_lines:
        raise ResultFormatError(f"expected {EXPECTED}; found no timing line such as {_EXAMPLE}")
    return [cue for cue in map(_finished, cues) if cue.lines]


def _decoded(text: str | bytes) -> str:
    utf16 = isinstance(text, bytes) and text[:2] in (b"\xff\xfe", b"\xfe\xff")
    return document_text(text, EXPECTED, encoding="utf-16" if utf16 else "utf-8")


def _blocks(lines: list[str]) -> Iterator[tuple[int, list[str]]]:
    """Runs of non-blank lines with the 1-based number of their first line."""
    block: list[str] = []
    for number, line in enumerate(lines, 1):
        if line.strip():
            if not block:
                first = number
            block.append(line)
        elif block:
            yield first, block
            block = []
    if block:
        yield first, block


def _continue_text(cues: list[_Cue], lines: list[str], identifier: bool) -> None:
    """Lines before a timing line or in a block without one: text a blank line cut off from
    the previous cue (kept with that cue), then perhaps the next cue's number or identifier
    (dropped), and stray sequence numbers (dropped)."""
    if lines and identifier:
        lines = lines[:-1]
    if cues:
        cues[-1].lines.extend(line for line in lines if not line.strip().isdigit())


def _ends_with_number(lines: list[str]) -> bool:
    return bool(lines) and lines[-1].strip().isdigit()


def _cues_of(block: list[str], rows: list[int], first_number: int) -> Iterator[_Cue]:
    for position, row in enumerate(rows):
        start, end = _timing(block[row], first_number + row)
        stop = rows[position + 1] if position + 1 < len(rows) else len(block)
        text = block[row + 1 : stop]
        if stop < len(block) and _ends_with_number(text):
            text = text[:-1]  # the next cue's sequence number, with no blank line before it
        yield _Cue(start, end, text)


def _timing(line: str, number: int) -> tuple[float, float]:
    match = _TIMING.match(line)
    if not match:
        raise ResultFormatError(
            f"line {number}: cannot read the timing {line.strip()!r}; expected {_EXAMPLE}"
        )
    groups = match.groups()
    start, end = _seconds(groups[:4], line, number), _seconds(groups[4:], line, number)
    if end < start:
        raise ResultFormatError(f"line {number}: the cue ends before it starts: {line.strip()!r}")
    return start, end


def _seconds(parts: tuple[str | None, ...], line: str, number: int) -> float:
    hours, minutes, seconds, fraction = parts
    if int(minutes or 0) > 59 or int(seconds or 0) > 59:
        raise ResultFormatError(f"line {number}: minutes or seconds above 59 in {line.strip()!r}")
    whole = int(hours or 0) * 3600 + int(minutes or 0) * 60 + int(seconds or 0)
    return round(whole + (float(f"0.{fraction}") if fraction else 0.0), 3)


def _finished(cue: _Cue) -> Cue:
    speaker: str | None = None
    lines: list[str] = []
    for raw in cue.lines:
        voice = _VOICE.search(raw)
        if voice and speaker is None:
            speaker = voice.group(1).strip()
        line = html.unescape(_MARKUP.sub("", raw)).strip()
        if line:
            lines.append(line)
    return Cue(cue.start, cue.end, tuple(lines), speaker)
