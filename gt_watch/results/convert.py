"""What `gt-watch convert` makes of an input, as pure functions: captions from a transcript
under a profile, a transcript from captions, estimated word times for captions that are
re-cut, and the bytes of each output format. Must not read or write files.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Sequence

from gt_watch.catalog import ISO_639_1
from gt_watch.errors import CaptionError
from gt_watch.model import Cue, Segment, StyleProfile, Transcript, Word
from gt_watch.results.cues import tidy
from gt_watch.results.docx import render_docx
from gt_watch.results.profiles import DEFAULT_PROFILE
from gt_watch.results.segment import segment
from gt_watch.results.srt import render_srt
from gt_watch.results.txt import render_txt
from gt_watch.results.vtt import render_vtt
from gt_watch.results.wordjson import render_word_json

FORMATS = ("srt", "vtt", "txt", "docx", "json")


def profile_for_language(profile: StyleProfile, language: str | None) -> StyleProfile:
    """Given a profile and a transcript's API language name (or None), return the profile
    with that language's word lists: a Spanish transcript is not cut by English grammar."""
    code = ISO_639_1.get(language or "")
    return dataclasses.replace(profile, language=code) if code else profile


def estimated_words(cues: Sequence[Cue]) -> list[Word]:
    """Given cues, return their words with each cue's time shared out by word length."""
    words = []
    for cue in cues:
        texts = " ".join(cue.lines).split()
        total = sum(len(text) + 1 for text in texts)
        clock = cue.start
        for text in texts:
            duration = (cue.end - cue.start) * (len(text) + 1) / total
            words.append(Word(text, clock, clock + duration, cue.speaker))
            clock += duration
    return words


def transcript_from_cues(cues: Sequence[Cue]) -> Transcript:
    """Given cues, return a transcript of one segment per cue (no word times)."""
    return Transcript(
        tuple(Segment(cue.start, cue.end, " ".join(cue.lines), cue.speaker) for cue in cues)
    )


def captions_of(
    source: Transcript | Sequence[Cue],
    profile: StyleProfile | None,
    *,
    max_lines: int | None = None,
    offset: float = 0.0,
) -> list[Cue]:
    """Given a transcript or cues, return caption cues. A transcript is cut under `profile`
    (netflix-en if None) with the word lists of its own language; cues are kept as they are
    (tidied, shifted by `offset`) unless a profile or a line count is given, in which case
    they are cut again from estimated word times. Raise CaptionError if a transcript has
    text but no times."""
    if isinstance(source, Transcript):
        if not source.words and source.text.strip():
            raise CaptionError(
                "the transcript has text but no times, so it cannot be cut into captions; "
                "convert it to txt, docx or json, or order a forced alignment for it"
            )
        chosen = profile_for_language(profile or DEFAULT_PROFILE, source.language)
        return segment(source.words, chosen, max_lines=max_lines, offset=offset)
    cues = tidy(source)
    if profile is not None or max_lines is not None:
        words = estimated_words(cues)
        return segment(words, profile or DEFAULT_PROFILE, max_lines=max_lines, offset=offset)
    return [
        dataclasses.replace(cue, start=cue.start + offset, end=cue.end + offset) for cue in cues
    ]


def render(
    target: str,
    source: Transcript | Sequence[Cue],
    *,
    profile: StyleProfile | None = None,
    max_lines: int | None = None,
    offset: float = 0.0,
    timestamps: bool | None = None,
    title: str = "",
    source_name: str = "",
    date: datetime.date | None = None,
) -> bytes:
    """Given an output format (one of FORMATS) and a transcript or cues, return the output
    file's bytes (UTF-8 for text formats). `profile`, `max_lines` and `offset` shape
    captions; `timestamps` (TXT: off, DOCX: on by default), `title`, `source_name` and
    `date` shape documents. Raise CaptionError if a time cannot be written."""
    if target in ("srt", "vtt"):
        cues = captions_of(source, profile, max_lines=max_lines, offset=offset)
        return (render_srt(cues) if target == "srt" else render_vtt(cues)).encode("utf-8")
    transcript = source if isinstance(source, Transcript) else transcript_from_cues(tidy(source))
    if target == "txt":
        return render_txt(transcript, timestamps=bool(timestamps)).encode("utf-8")
    if target == "json":
        return render_word_json(transcript).encode("utf-8")
    if target == "docx":
        return render_docx(
            transcript,
            title=title,
            source_name=source_name,
            date=date or datetime.date.today(),
            timestamps=True if timestamps is None else timestamps,
        )
    raise ValueError(f"unknown output format {target!r}; expected one of {', '.join(FORMATS)}")
