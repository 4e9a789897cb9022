"""whisper.cpp's JSON (`--output-json`; `--output-json-full` adds tokens) into a
`Transcript`. Pure; no I/O. Which reader reads a document is decided in `transcript_json`.

whisper.cpp writes a `transcription` list of segments, each with `offsets` (`from`, `to`:
milliseconds) and `text`; the full form adds the model's `tokens`, pieces of words with
their own offsets. A word is the run of tokens from one that starts with a space to the
next; the model's special tokens (`[_BEG_]`, `[_TT_150]`, `<|endoftext|>`) are not text.
Without tokens a segment's words share its time.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace

from gt_watch.api.json_fields import entries_of, objects, read_language
from gt_watch.api.time_units import duration_seconds, read_duration
from gt_watch.api.values import as_text
from gt_watch.api.words import Token, segment_from_tokens
from gt_watch.model import Segment, Transcript

JsonObject = Mapping[str, object]

_SPECIAL_TOKEN = re.compile(r"^(?:\[_[A-Z0-9_]*\]|<\|[^|]*\|>)$")


def is_whisper_cpp(document: JsonObject) -> bool:
    """Given a JSON object, return True if it is whisper.cpp's: a `transcription` list
    whose entries carry `offsets`."""
    entries = entries_of(document.get("transcription"))
    return any(
        isinstance(entry, dict) and isinstance(entry.get("offsets"), dict) for entry in entries
    )


def read_whisper_cpp(document: JsonObject, scale: float) -> Transcript:
    """Given whisper.cpp's JSON (see is_whisper_cpp), return a paragraph per segment, timed
    by its tokens when it has them; `scale` is not used (offsets are milliseconds). Raise
    ResultFormatError naming a bad segment or token."""
    segments: list[Segment] = []
    for number, entry in enumerate(objects(document["transcription"], "transcription entry"), 1):
        where = f"transcription entry {number}"
        start, end = _offsets(entry, where)
        tokens = _words(objects(entry.get("tokens"), f"{where}, token"), where)
        segment = segment_from_tokens(tokens, as_text(entry.get("text")), start, end, None)
        if segment is not None:
            segments.append(segment)
    result = document.get("result")
    return Transcript(tuple(segments), read_language(result) if isinstance(result, dict) else None)


def _offsets(item: JsonObject, where: str) -> tuple[float | None, float | None]:
    offsets = item.get("offsets")
    if not isinstance(offsets, dict):
        return None, None
    start = read_duration(offsets, ("from",), _milliseconds, f"{where}, offsets")
    return start, read_duration(offsets, ("to",), _milliseconds, f"{where}, offsets")


def _milliseconds(value: object) -> float | None:
    return duration_seconds(value, 1000.0)


def _words(tokens: list[JsonObject], where: str) -> list[Token]:
    words: list[Token] = []
    for index, token in enumerate(tokens, 1):
        text = str(token.get("text", ""))
        if not text.strip() or _SPECIAL_TOKEN.match(text.strip()):
            continue
        start, end = _offsets(token, f"{where}, token {index}")
        if words and not text[0].isspace():
            last = words[-1]
            words[-1] = replace(
                last, text=last.text + text, end=end if end is not None else last.end
            )
        else:
            words.append(Token(text.strip(), start, end))
    return words
