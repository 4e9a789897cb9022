"""Transcript JSON in the shapes a client may meet. Pure: a `Transcript` in, JSON data out.

ASSUMPTION: the vendor does not document its transcript JSON. `segments` is the sandbox's
default (what gt-watch's parser expects first); `rev` (monologues/elements with ts/end_ts)
and `aws` (results.items with string times) exist so that tolerant parsers can be tested.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from gt_watch.model import Segment, Transcript, Word
from gt_watch.sandbox.settings import TranscriptShape

JsonObject = dict[str, object]
_TRAILING_PUNCTUATION = re.compile(r"^(?P<word>.*?)(?P<punct>[.,!?;:]*)$")


def speaker_name(speaker: str | None) -> str:
    """Given a speaker id (`S2`), return the name written in documents (`Speaker 2`)."""
    return f"Speaker {speaker.removeprefix('S')}" if speaker else "Speaker"


def speakers_of(transcript: Transcript) -> list[str]:
    """Given a transcript, return its speaker ids in order of first appearance."""
    seen: list[str] = []
    for segment in transcript.segments:
        if segment.speaker and segment.speaker not in seen:
            seen.append(segment.speaker)
    return seen


def is_timed(segment: Segment) -> bool:
    """Given a segment, return False if it has no times at all (a translated document's
    paragraphs are `Segment(0, 0, text)`): its JSON must not claim a time of zero."""
    return bool(segment.words) or segment.end > segment.start


def segments_shape(transcript: Transcript, duration: float) -> JsonObject:
    """The default shape: speakers, segments with text and timed words (seconds); an
    untimed segment has null times."""
    return {
        "language": transcript.language,
        "duration": round(duration, 3),
        "speakers": [{"id": s, "name": speaker_name(s)} for s in speakers_of(transcript)],
        "segments": [
            {
                "speaker": segment.speaker,
                "start": segment.start if is_timed(segment) else None,
                "end": segment.end if is_timed(segment) else None,
                "text": segment.text,
                "words": [
                    {"text": w.text, "start": w.start, "end": w.end, "confidence": w.confidence}
                    for w in segment.words
                ],
            }
            for segment in transcript.segments
        ],
    }


def _split_punctuation(word: Word) -> tuple[str, str]:
    match = _TRAILING_PUNCTUATION.match(word.text)
    assert match is not None  # the pattern matches every string
    return match.group("word") or word.text, match.group("punct") if match.group("word") else ""


def rev_shape(transcript: Transcript, duration: float) -> JsonObject:
    """Rev.ai's shape: monologues of elements (`text` with ts/end_ts, `punct` without); the
    words of an untimed segment are `text` elements without times."""
    speakers = speakers_of(transcript)
    monologues: list[JsonObject] = []
    for segment in transcript.segments:
        elements: list[JsonObject] = []
        if not segment.words:
            elements = [{"type": "text", "value": word} for word in segment.text.split()]
        for index, word in enumerate(segment.words):
            text, punct = _split_punctuation(word)
            elements.append(
                {
                    "type": "text",
                    "value": text,
                    "ts": word.start,
                    "end_ts": word.end,
                    "confidence": word.confidence,
                }
            )
            if punct:
                elements.append({"type": "punct", "value": punct})
            if index < len(segment.words) - 1:
                elements.append({"type": "punct", "value": " "})
        monologues.append(
            {
                "speaker": speakers.index(segment.speaker) if segment.speaker in speakers else 0,
                "speaker_name": speaker_name(segment.speaker),
                "elements": elements,
            }
        )
    return {"monologues": monologues}


def aws_shape(transcript: Transcript, duration: float) -> JsonObject:
    """AWS Transcribe's shape: results.items with string start_time/end_time."""
    speakers = speakers_of(transcript)
    items: list[JsonObject] = []
    for segment in transcript.segments:
        label = f"spk_{speakers.index(segment.speaker)}" if segment.speaker in speakers else "spk_0"
        for word in segment.words:
            text, punct = _split_punctuation(word)
            items.append(
                {
                    "start_time": f"{word.start:.3f}",
                    "end_time": f"{word.end:.3f}",
                    "alternatives": [
                        {"confidence": f"{word.confidence or 1.0:.4f}", "content": text}
                    ],
                    "type": "pronunciation",
                    "speaker_label": label,
                }
            )
            if punct:
                items.append(
                    {
                        "alternatives": [{"confidence": "0.0", "content": punct}],
                        "type": "punctuation",
                        "speaker_label": label,
                    }
                )
    return {
        "jobName": "gt-watch-sandbox",
        "status": "COMPLETED",
        "results": {
            "transcripts": [{"transcript": " ".join(s.text for s in transcript.segments)}],
            "items": items,
        },
    }


SHAPES: Mapping[TranscriptShape, Callable[[Transcript, float], JsonObject]] = {
    "segments": segments_shape,
    "rev": rev_shape,
    "aws": aws_shape,
}
