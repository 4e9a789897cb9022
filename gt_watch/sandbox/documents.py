"""Rendering sandbox results into the files the API serves: transcripts as text, HTML, DOCX
or JSON, captions as SubRip, forced alignment as JSON word segments. Pure: data in, bytes out.
"""

from __future__ import annotations

import datetime
import html
import io
import json
import re
from collections.abc import Iterator, Sequence

import docx
import srt

from gt_watch.model import Transcript, Word
from gt_watch.sandbox.settings import TranscriptShape
from gt_watch.sandbox.shapes import SHAPES, speaker_name

TRANSCRIPT_FORMATS = ("docx", "text", "html", "json")
UNPRODUCIBLE_FORMATS = ("doc", "pdf")
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

_TIMESTAMP_EVERY = {"every_10_seconds": 10, "every_30_seconds": 30, "every_2_minutes": 120}


def clock(seconds: float) -> str:
    """Given seconds, return `[HH:MM:SS]` as transcripts mark time."""
    whole = int(seconds)
    return f"[{whole // 3600:02d}:{whole % 3600 // 60:02d}:{whole % 60:02d}]"


def paragraphs(transcript: Transcript, timestamping: str | None = None) -> list[str]:
    """Given a transcript and the order's `timestamping`, return its paragraphs as a reader
    sees them: `Speaker 1: text`, with time marks where the order asked for them."""
    every = _TIMESTAMP_EVERY.get(timestamping or "")
    lines: list[str] = []
    for segment in transcript.segments:
        label = f"{speaker_name(segment.speaker)}: " if segment.speaker else ""
        mark = f"{clock(segment.start)} " if timestamping == "change_of_speaker" else ""
        body = _with_time_marks(segment.words, every) if every and segment.words else segment.text
        lines.append(f"{mark}{label}{body}")
    return lines


def _with_time_marks(words: Sequence[Word], every: int) -> str:
    parts: list[str] = []
    next_mark = (int(words[0].start) // every) * every
    for word in words:
        while word.start >= next_mark:
            parts.append(clock(next_mark))
            next_mark += every
        parts.append(word.text)
    return " ".join(parts)


def render_text(transcript: Transcript, timestamping: str | None = None) -> bytes:
    """Plain UTF-8 text, one paragraph per speaker turn, blank lines between."""
    return ("\n\n".join(paragraphs(transcript, timestamping)) + "\n").encode()


def render_html(transcript: Transcript, title: str, timestamping: str | None = None) -> bytes:
    """A small standalone HTML document, one <p> per speaker turn."""
    body = "\n".join(f"<p>{html.escape(line)}</p>" for line in paragraphs(transcript, timestamping))
    page = (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title></head>\n<body>\n{body}\n</body></html>\n"
    )
    return page.encode()


def render_docx(transcript: Transcript, title: str, timestamping: str | None = None) -> bytes:
    """A Word document: a heading, then one paragraph per speaker turn."""
    document = docx.Document()
    document.add_heading(title, level=1)
    for line in paragraphs(transcript, timestamping):
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def render_json(transcript: Transcript, duration: float, shape: TranscriptShape) -> bytes:
    """The transcript as JSON in the chosen shape (see shapes.py)."""
    return json.dumps(SHAPES[shape](transcript, duration), ensure_ascii=False).encode()


def render_transcript(
    transcript: Transcript,
    result_format: str,
    *,
    title: str,
    duration: float,
    shape: TranscriptShape,
    timestamping: str | None = None,
) -> tuple[bytes, str]:
    """Given a transcript and a format name, return (file bytes, media type).
    Raise ValueError if the format is not one the sandbox produces."""
    if result_format == "docx":
        return render_docx(transcript, title, timestamping), DOCX_TYPE
    if result_format == "text":
        return render_text(transcript, timestamping), "text/plain; charset=utf-8"
    if result_format == "html":
        return render_html(transcript, title, timestamping), "text/html; charset=utf-8"
    if result_format == "json":
        return render_json(transcript, duration, shape), "application/json"
    raise ValueError(result_format)


# ---------------------------------------------------------------------------------------------
# Captions and alignment.

MAX_LINE = 42
MAX_CUE_SECONDS = 7.0


def caption_cues(transcript: Transcript) -> Iterator[tuple[float, float, list[str]]]:
    """Given a timed transcript, yield (start, end, lines) cues of at most two lines of 42
    characters and 7 seconds, broken at sentence ends and changes of speaker."""
    for segment in transcript.segments:
        cue: list[Word] = []
        for word in segment.words:
            if cue and not _fits(cue, word):
                yield _cue(cue)
                cue = []
            cue.append(word)
            if re.search(r"[.!?]$", word.text) and word.end - cue[0].start >= 1.0:
                yield _cue(cue)
                cue = []
        if cue:
            yield _cue(cue)


def _fits(cue: Sequence[Word], word: Word) -> bool:
    text = " ".join(w.text for w in (*cue, word))
    return len(text) <= 2 * MAX_LINE - 4 and word.end - cue[0].start <= MAX_CUE_SECONDS


def _cue(words: Sequence[Word]) -> tuple[float, float, list[str]]:
    return words[0].start, words[-1].end, _two_lines([w.text for w in words])


def _two_lines(words: Sequence[str]) -> list[str]:
    text = " ".join(words)
    if len(text) <= MAX_LINE or len(words) < 2:
        return [text]
    best = min(
        range(1, len(words)),
        key=lambda cut: abs(len(" ".join(words[:cut])) - len(" ".join(words[cut:]))),
    )
    return [" ".join(words[:best]), " ".join(words[best:])]


def render_subrip(transcript: Transcript) -> bytes:
    """The transcript's caption cues as a SubRip (.srt) file, UTF-8."""
    subtitles = [
        srt.Subtitle(
            index=number,
            start=datetime.timedelta(seconds=start),
            end=datetime.timedelta(seconds=max(end, start + 0.001)),
            content="\n".join(lines),
        )
        for number, (start, end, lines) in enumerate(caption_cues(transcript), start=1)
    ]
    return str(srt.compose(subtitles, reindex=False)).encode()


def render_alignment(transcript: Transcript) -> bytes:
    """Forced alignment: a JSON array of `{"word", "begin", "end"}` segments (seconds)."""
    segments = [
        {"word": word.text.strip('.,!?;:"()'), "begin": word.start, "end": word.end}
        for word in transcript.words
        if word.text.strip('.,!?;:"()')
    ]
    return json.dumps(segments, ensure_ascii=False).encode()
