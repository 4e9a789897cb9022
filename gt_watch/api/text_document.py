"""Plain-text transcripts (`format=text`) into an untimed `Transcript`. Pure; no I/O.

ASSUMPTION: the vendor's text export is undocumented. Paragraphs are separated by blank
lines; a line that opens with a speaker label (`Speaker 1:`, `Interviewer:`, `Dr. Ann Lee:`,
at most four capitalised words before the colon) starts a new paragraph of that speaker even
without a blank line before it. Nothing here has times: segments start and end at 0 and
carry no words, so nobody mistakes this text for a timed transcript.
"""

from __future__ import annotations

import re

from gt_watch.api.values import document_text
from gt_watch.errors import ResultFormatError
from gt_watch.model import Segment, Transcript

_LABEL_WORD = r"(?:[A-Z\u00C0-\u024F][\w.'\-]*|\d+)"
_SPEAKER_LINE = re.compile(
    rf"^(?P<speaker>{_LABEL_WORD}(?: {_LABEL_WORD}){{0,3}})\s*:\s+(?P<text>\S.*)$"
)
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def parse_text_document(text: str | bytes) -> Transcript:
    """Given a plain-text transcript, return its paragraphs as untimed segments with their
    speakers. Raise ResultFormatError if it is empty or not UTF-8 text."""
    text = document_text(text, "a plain-text transcript")
    paragraphs = _paragraphs(_LINE_BREAK.split(text))
    if not paragraphs:
        raise ResultFormatError("expected a plain-text transcript; got an empty document")
    return Transcript(tuple(Segment(0.0, 0.0, body, speaker) for speaker, body in paragraphs))


def _paragraphs(lines: list[str]) -> list[tuple[str | None, str]]:
    paragraphs: list[tuple[str | None, list[str]]] = []
    open_paragraph = False
    for raw in lines:
        line = raw.strip()
        if not line:
            open_paragraph = False
            continue
        label = _SPEAKER_LINE.match(line)
        if label:
            paragraphs.append((label.group("speaker"), [label.group("text").strip()]))
        elif open_paragraph:
            paragraphs[-1][1].append(line)
        else:
            paragraphs.append((None, [line]))
        open_paragraph = True
    return [(speaker, " ".join(body)) for speaker, body in paragraphs]
