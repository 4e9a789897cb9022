"""The word-timing JSON sidecar: every word with its start, end, speaker and confidence,
grouped by segment, times in seconds to the millisecond. Pure.

Shape (version 1), chosen so that gt-watch's own transcript parser reads it back:
`{"format": "gt-watch-words", "version": 1, "language": ..., "duration": ...,
  "segments": [{"start", "end", "speaker", "text", "words": [{"text", "start", "end",
  "speaker"?, "confidence"?}]}]}`
"""

from __future__ import annotations

import json

from gt_watch.model import Segment, Transcript, Word


def _word(word: Word) -> dict[str, object]:
    entry: dict[str, object] = {
        "text": word.text,
        "start": round(word.start, 3),
        "end": round(word.end, 3),
    }
    if word.speaker is not None:
        entry["speaker"] = word.speaker
    if word.confidence is not None:
        entry["confidence"] = round(word.confidence, 4)
    return entry


def _segment(segment: Segment) -> dict[str, object]:
    return {
        "start": round(segment.start, 3),
        "end": round(segment.end, 3),
        "speaker": segment.speaker,
        "text": segment.text,
        "words": [_word(word) for word in segment.words],
    }


def render_word_json(transcript: Transcript) -> str:
    """Given a transcript, return its word-timing JSON (UTF-8 text, not ASCII-escaped)."""
    document = {
        "format": "gt-watch-words",
        "version": 1,
        "language": transcript.language,
        "duration": round(transcript.duration, 3),
        "segments": [_segment(segment) for segment in transcript.segments],
    }
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"
