"""Transcript paragraphs for reading formats (TXT, DOCX): one per segment, with its start,
its speaker, whether the speaker changed, and its text with whitespace tidied. Pure."""

from __future__ import annotations

from dataclasses import dataclass

from gt_watch.model import Segment, Transcript


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One speaker turn or paragraph as a reader sees it. `new_speaker` is true when the
    speaker label should be shown: the first paragraph of a speaker's turn."""

    start: float
    speaker: str | None
    new_speaker: bool
    text: str


def _text(segment: Segment) -> str:
    source = segment.text if segment.text.strip() else " ".join(w.text for w in segment.words)
    return " ".join(source.split())


def paragraphs(transcript: Transcript) -> list[Paragraph]:
    """Given a transcript, return its non-empty paragraphs in order."""
    found: list[Paragraph] = []
    previous_speaker: str | None = None
    for segment in transcript.segments:
        text = _text(segment)
        if not text:
            continue
        new_speaker = segment.speaker is not None and (
            not found or segment.speaker != previous_speaker
        )
        found.append(Paragraph(segment.start, segment.speaker, new_speaker, text))
        previous_speaker = segment.speaker
    return found
