"""Transcript JSON (`format=json` of a transcript) into a `Transcript`. Pure; no I/O.

ASSUMPTION: the vendor does not document this JSON, so each shape below is recognised by
its top-level keys, in this order (api-notes.md):

- `segments`: the sandbox's default (speaker, start, end, text, words[]), speaker ids
  resolved through a top-level `speakers` table;
- `monologues`: Rev (elements of type text/punct with value, ts, end_ts, confidence);
- `results.items` / `results.transcripts`: AWS Transcribe;
- `results.channels`: Deepgram; a top-level `words` list (Deepgram, AssemblyAI, others);
- a top-level list: word objects, or segment objects when they carry `words`.

One wrapper object (`data`, `transcript` or `result`) around any of them is removed.
A segment with times but no words gets its words spread over its time (see `words`), so a
timed transcript always has timed words; a transcript without any times keeps its text and
has no words.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace

from gt_watch.api.json_fields import (
    END_KEYS,
    START_KEYS,
    describe,
    load_json,
    read_speaker,
    read_time,
    read_token,
    speaker_names,
    time_scale,
)
from gt_watch.api.values import as_text
from gt_watch.api.words import Token, attach_punctuation, group_segments, timed_words
from gt_watch.errors import ResultFormatError
from gt_watch.model import Segment, Transcript

EXPECTED = (
    "transcript JSON (an object with 'segments', 'monologues', 'results' or 'words', "
    "or a list of word objects)"
)
_WRAPPERS = ("data", "transcript", "result")
_KNOWN_KEYS = ("segments", "monologues", "results", "words")

JsonObject = Mapping[str, object]
Reader = Callable[[JsonObject, float], tuple[Segment, ...]]


def parse_transcript(data: bytes | str) -> Transcript:
    """Given transcript JSON in any known shape, return its transcript. Raise
    ResultFormatError, saying what was expected, if it is empty, not JSON or unknown."""
    outer = load_json(data, EXPECTED)
    document = _unwrapped(outer)
    if isinstance(document, list):
        document = {"segments" if _holds_segments(document) else "words": document}
    reader = _reader_for(document) if isinstance(document, dict) else None
    if reader is None or not isinstance(document, dict):
        raise ResultFormatError(f"expected {EXPECTED}; got {describe(document)}")
    segments = reader(document, time_scale(outer, document))
    return Transcript(segments, as_text(document.get("language")))


def _unwrapped(document: object) -> object:
    for _ in range(2):
        if not isinstance(document, dict) or any(key in document for key in _KNOWN_KEYS):
            return document
        inner = [document[key] for key in _WRAPPERS if isinstance(document.get(key), dict | list)]
        if len(inner) != 1:
            return document
        document = inner[0]
    return document


def _holds_segments(items: Sequence[object]) -> bool:
    return any(isinstance(item, dict) and isinstance(item.get("words"), list) for item in items)


def _reader_for(document: JsonObject) -> Reader | None:
    results = document.get("results")
    if isinstance(document.get("segments"), list):
        return read_segments
    if isinstance(document.get("monologues"), list):
        return _read_monologues
    if isinstance(results, dict) and ("items" in results or "transcripts" in results):
        return _read_aws
    if isinstance(results, dict) and isinstance(results.get("channels"), list):
        return _read_deepgram
    if isinstance(document.get("words"), list):
        return _read_flat_words
    return None


def _list(value: object) -> list[object]:
    return value if isinstance(value, list) else []


def _objects(value: object, what: str) -> list[JsonObject]:
    items = value if isinstance(value, list) else []
    for index, item in enumerate(items, 1):
        if not isinstance(item, dict):
            raise ResultFormatError(f"{what} {index}: expected an object, got {describe(item)}")
    return items


def read_segments(document: JsonObject, scale: float) -> tuple[Segment, ...]:
    """Given an object with a `segments` list (and maybe a `speakers` table) and the time
    scale, return its segments. Raise ResultFormatError naming a bad segment or word."""
    names = speaker_names(document.get("speakers"))
    segments = []
    for index, raw in enumerate(_objects(document["segments"], "segment"), 1):
        where = f"segment {index}"
        speaker = read_speaker(raw, names)
        tokens = [
            read_token(word, scale, f"{where}, word {number}", speaker, names)
            for number, word in enumerate(_list(raw.get("words")), 1)
        ]
        start = read_time(raw, START_KEYS, scale, where)
        end = read_time(raw, END_KEYS, scale, where)
        segment = _segment(tokens, as_text(raw.get("text")), start, end, speaker)
        if segment is not None:
            segments.append(segment)
    return tuple(segments)


def _segment(
    tokens: list[Token],
    text: str | None,
    start: float | None,
    end: float | None,
    speaker: str | None,
) -> Segment | None:
    """One paragraph from its tokens and/or text; None if it holds no text at all."""
    if not tokens and text:
        tokens = [Token(piece, speaker=speaker) for piece in text.split()]
    words = timed_words(tokens, start, end)
    if words is None:
        text = text or " ".join(token.text for token in attach_punctuation(tokens))
        start = start if start is not None else end
        return Segment(start or 0.0, max(end or 0.0, start or 0.0), text, speaker)
    if not words:
        return None
    first = start if start is not None else words[0].start
    last = max(end if end is not None else 0.0, max(word.end for word in words))
    return Segment(first, last, text or " ".join(w.text for w in words), speaker, words)


def _read_monologues(document: JsonObject, scale: float) -> tuple[Segment, ...]:
    segments = []
    for index, monologue in enumerate(_objects(document["monologues"], "monologue"), 1):
        speaker = read_speaker(monologue, {})
        elements = _objects(monologue.get("elements"), f"monologue {index}, element")
        tokens = [
            read_token(element, scale, f"monologue {index}, element {number}", speaker)
            for number, element in enumerate(elements, 1)
        ]
        segment = _segment(tokens, None, None, None, speaker)
        if segment is not None:
            segments.append(segment)
    return tuple(segments)


def _read_aws(document: JsonObject, scale: float) -> tuple[Segment, ...]:
    results = document["results"]
    assert isinstance(results, dict)
    labels = _aws_speaker_labels(results.get("speaker_labels"))
    tokens = []
    for index, item in enumerate(_objects(results.get("items"), "item"), 1):
        token = read_token(item, scale, f"item {index}")
        if token.speaker is None and token.start is not None:
            token = replace(token, speaker=labels.get(round(token.start, 3)))
        tokens.append(token)
    return _flat(tokens, _first_transcript(results.get("transcripts")))


def _aws_speaker_labels(speaker_labels: object) -> dict[float, str]:
    """AWS may put speakers only in `speaker_labels.segments[].items[]`, keyed by start time."""
    labels: dict[float, str] = {}
    if not isinstance(speaker_labels, dict):
        return labels
    for segment in _objects(speaker_labels.get("segments"), "speaker segment"):
        for item in _objects(segment.get("items"), "speaker item"):
            start = read_time(item, ("start_time",), 1.0, "speaker item")
            label = read_speaker(item, {})
            if start is not None and label:
                labels[round(start, 3)] = label
    return labels


def _first_transcript(transcripts: object) -> str | None:
    for entry in transcripts if isinstance(transcripts, list) else []:
        text = as_text(entry.get("transcript")) if isinstance(entry, dict) else as_text(entry)
        if text:
            return text
    return None


def _read_deepgram(document: JsonObject, scale: float) -> tuple[Segment, ...]:
    results = document["results"]
    assert isinstance(results, dict)
    channels = _objects(results.get("channels"), "channel")
    alternatives = _objects(channels[0].get("alternatives"), "alternative") if channels else []
    best: JsonObject = alternatives[0] if alternatives else {}
    tokens = [
        read_token(word, scale, f"word {number}")
        for number, word in enumerate(_list(best.get("words")), 1)
    ]
    return _flat(tokens, as_text(best.get("transcript")))


def _read_flat_words(document: JsonObject, scale: float) -> tuple[Segment, ...]:
    words = document["words"]
    assert isinstance(words, list)
    tokens = [read_token(word, scale, f"word {number}") for number, word in enumerate(words, 1)]
    return _flat(tokens, as_text(document.get("text")) or as_text(document.get("transcript")))


def _flat(tokens: list[Token], fallback_text: str | None) -> tuple[Segment, ...]:
    """Paragraphs of a flat word list; its plain text (untimed) when it has no words."""
    words = timed_words(tokens)
    if words:
        return group_segments(words)
    if words is None:
        return _untimed_turns(attach_punctuation(tokens))
    return (Segment(0.0, 0.0, fallback_text),) if fallback_text else ()


def _untimed_turns(tokens: list[Token]) -> tuple[Segment, ...]:
    turns: list[list[Token]] = []
    for token in tokens:
        if not turns or turns[-1][-1].speaker != token.speaker:
            turns.append([])
        turns[-1].append(token)
    return tuple(
        Segment(0.0, 0.0, " ".join(token.text for token in turn), turn[0].speaker) for turn in turns
    )
