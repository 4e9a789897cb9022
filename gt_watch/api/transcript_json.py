"""Transcript JSON (`format=json` of a transcript, or the output of another speech tool)
into a `Transcript`. Pure; no I/O. Decides which reader reads a document; the readers of
cloud services live in `cloud_json` and `google_json`, Gentle's and whisper.cpp's in
`gentle_json` and `whisper_cpp_json`.

ASSUMPTION: the vendor does not document this JSON, so each shape below is recognised by
its keys, in this order (the first that fits wins; see `SHAPES` and api-notes.md):

1. `segments` list: the sandbox's default (speaker, start, end, text, words[]), speaker ids
   resolved through a top-level `speakers` table; openai-whisper and WhisperX;
2. `monologues`: Rev (elements of type text/punct with value, ts, end_ts, confidence);
3. `results` object with `items` or `transcripts`: AWS Transcribe;
4. `results` object with `channels`: Deepgram;
5. `results` list of items with `type` (word, punctuation, entity): Speechmatics;
6. `results` list whose alternatives hold `timestamps`: IBM Watson;
7. `results` list of items with `alternatives`: Google Speech-to-Text;
8. `recognizedPhrases`, or `phrases` with `offsetMilliseconds`: Azure Speech;
9. `transcript` text and `words` with `startOffset`: the Gentle forced aligner;
10. `transcription` list of entries with `offsets`: whisper.cpp;
11. `words` list: AssemblyAI, Vosk, and any other flat list of timed words;
12. `utterances`, `paragraphs` or `sentences` list: read like `segments` (AssemblyAI's
    exports, Gladia).

A top-level list is read as Google results when its items carry `alternatives`, as
segments when they carry `words`, as Vosk utterances when they carry `result`, else as
words. Up to two wrapper objects (`data`, `transcript`, `result`, `response`,
`transcription`) around any shape are removed. Shapes 1, 11 and 12 hold plain numbers in
an unknown unit: seconds, unless the document declares milliseconds or its numbers can
only be milliseconds (`time_units`); the other services say their own unit. A segment with
times but no words gets its words spread over its time (see `words`), so a timed
transcript always has timed words; a transcript without any times keeps its text and has
no words.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from gt_watch.api.cloud_json import (
    read_aws,
    read_azure,
    read_deepgram,
    read_speechmatics,
    read_watson,
)
from gt_watch.api.gentle_json import is_gentle, read_gentle
from gt_watch.api.google_json import read_google
from gt_watch.api.json_fields import (
    END_KEYS,
    START_KEYS,
    describe,
    entries_of,
    load_json,
    objects,
    read_language,
    read_speaker,
    read_time,
    read_token,
    speaker_names,
)
from gt_watch.api.time_units import plain_time_scale
from gt_watch.api.values import as_text
from gt_watch.api.whisper_cpp_json import is_whisper_cpp, read_whisper_cpp
from gt_watch.api.words import flat_segments, segment_from_tokens
from gt_watch.errors import ResultFormatError
from gt_watch.model import Segment, Transcript

EXPECTED = (
    "transcript JSON (an object with 'segments', 'monologues', 'results', "
    "'recognizedPhrases', 'transcription', 'words' or 'utterances', or a list of word, "
    "segment or result objects)"
)
_WRAPPERS = ("data", "transcript", "result", "response", "transcription")
_KNOWN_KEYS = ("segments", "monologues", "results", "recognizedPhrases", "phrases", "words")
# Lists of timed paragraphs under other names: AssemblyAI's utterances, paragraphs and
# sentences exports, Gladia's utterances.
_SEGMENT_LISTS = ("utterances", "paragraphs", "sentences")

JsonObject = Mapping[str, object]
Reader = Callable[[JsonObject, float], Transcript]


@dataclass(frozen=True, slots=True)
class Shape:
    """One shape of transcript JSON: who writes it, how it is recognised and read, and
    whether its times are plain numbers of an unknown unit (declared or inferred) rather
    than in the unit its writer documents."""

    name: str
    recognises: Callable[[JsonObject], bool]
    read: Reader
    plain_numbers: bool


def parse_transcript(data: bytes | str) -> Transcript:
    """Given transcript JSON in any known shape, return its transcript. Raise
    ResultFormatError, saying what was expected, if it is empty, not JSON or unknown."""
    outer = load_json(data, EXPECTED)
    document = _unwrapped(outer)
    if isinstance(document, list):
        document = _as_object(document)
    shape = _shape_of(document) if isinstance(document, dict) else None
    if shape is None or not isinstance(document, dict):
        raise ResultFormatError(f"expected {EXPECTED}; got {describe(document)}{_hint(document)}")
    scale = plain_time_scale(document, outer) if shape.plain_numbers else 1.0
    return shape.read(document, scale)


def _unwrapped(document: object) -> object:
    for _ in range(2):
        if not isinstance(document, dict) or any(key in document for key in _KNOWN_KEYS):
            return document
        inner = [document[key] for key in _WRAPPERS if isinstance(document.get(key), dict | list)]
        if len(inner) != 1:
            return document
        document = inner[0]
    return document


def _as_object(items: Sequence[object]) -> dict[str, object]:
    """A top-level list as the object of the shape its items have."""
    if _any_has(items, "alternatives"):
        return {"results": items}
    if _any_has(items, "words"):
        return {"segments": items}
    if _any_has(items, "result"):  # Vosk: one {"result": [words], "text"} per utterance
        return {
            "words": [
                word
                for item in objects(items, "utterance")
                for word in entries_of(item.get("result"))
            ]
        }
    return {"words": items}


def _any_has(items: Sequence[object], key: str) -> bool:
    return any(isinstance(item, dict) and isinstance(item.get(key), list) for item in items)


def _shape_of(document: JsonObject) -> Shape | None:
    return next((shape for shape in SHAPES if shape.recognises(document)), None)


def _has_list(key: str) -> Callable[[JsonObject], bool]:
    return lambda document: isinstance(document.get(key), list)


def _results_with(*keys: str) -> Callable[[JsonObject], bool]:
    """A `results` object holding one of `keys`."""

    def recognises(document: JsonObject) -> bool:
        results = document.get("results")
        return isinstance(results, dict) and any(key in results for key in keys)

    return recognises


def _alternatives_with(key: str) -> Callable[[JsonObject], bool]:
    """A `results` list whose items' alternatives hold `key`."""

    def recognises(document: JsonObject) -> bool:
        results = entries_of(document.get("results"))
        return any(
            isinstance(item, dict) and _any_has(entries_of(item.get("alternatives")), key)
            for item in results
        )

    return recognises


def _azure(document: JsonObject) -> bool:
    if isinstance(document.get("recognizedPhrases"), list):
        return True
    phrases = entries_of(document.get("phrases"))
    return any(isinstance(phrase, dict) and "offsetMilliseconds" in phrase for phrase in phrases)


def _segment_list(document: JsonObject) -> bool:
    return any(isinstance(document.get(key), list) for key in _SEGMENT_LISTS)


def _read_segment_list(document: JsonObject, scale: float) -> Transcript:
    key = next(key for key in _SEGMENT_LISTS if isinstance(document.get(key), list))
    return read_segments({**document, "segments": document[key]}, scale)


def _speechmatics(document: JsonObject) -> bool:
    results = document.get("results")
    return isinstance(results, list) and any(
        isinstance(item, dict) and "type" in item and "alternatives" in item for item in results
    )


def _google(document: JsonObject) -> bool:
    results = document.get("results")
    return isinstance(results, list) and (not results or _any_has(results, "alternatives"))


def _hint(document: object) -> str:
    """What a document with a `results` key lacks, for the error message."""
    results = document.get("results") if isinstance(document, dict) else None
    if isinstance(results, dict):
        return (
            "; its 'results' has no 'items' or 'transcripts' (AWS Transcribe) "
            "nor 'channels' (Deepgram)"
        )
    if isinstance(results, list):
        return (
            "; its 'results' are neither Speechmatics items (with 'type' and 'alternatives') "
            "nor Google Speech-to-Text results (with 'alternatives')"
        )
    return ""


def read_segments(document: JsonObject, scale: float) -> Transcript:
    """Given an object with a `segments` list (and maybe a `speakers` table) and how many
    of its plain time values make a second, return its transcript. Raise
    ResultFormatError naming a bad segment or word."""
    names = speaker_names(document.get("speakers"))
    segments = []
    for index, raw in enumerate(objects(document["segments"], "segment"), 1):
        where = f"segment {index}"
        speaker = read_speaker(raw, names)
        tokens = [
            read_token(word, scale, f"{where}, word {number}", speaker, names)
            for number, word in enumerate(entries_of(raw.get("words")), 1)
        ]
        start = read_time(raw, START_KEYS, scale, where)
        end = read_time(raw, END_KEYS, scale, where)
        segment = segment_from_tokens(tokens, as_text(raw.get("text")), start, end, speaker)
        if segment is not None:
            segments.append(segment)
    return Transcript(tuple(segments), read_language(document))


def _read_monologues(document: JsonObject, scale: float) -> Transcript:
    segments: list[Segment] = []
    for index, monologue in enumerate(objects(document["monologues"], "monologue"), 1):
        speaker = read_speaker(monologue, {})
        elements = objects(monologue.get("elements"), f"monologue {index}, element")
        tokens = [
            read_token(element, scale, f"monologue {index}, element {number}", speaker)
            for number, element in enumerate(elements, 1)
        ]
        segment = segment_from_tokens(tokens, None, None, None, speaker)
        if segment is not None:
            segments.append(segment)
    return Transcript(tuple(segments), read_language(document))


def _read_flat_words(document: JsonObject, scale: float) -> Transcript:
    words = entries_of(document["words"])
    tokens = [read_token(word, scale, f"word {number}") for number, word in enumerate(words, 1)]
    fallback = as_text(document.get("text")) or as_text(document.get("transcript"))
    return Transcript(flat_segments(tokens, fallback), read_language(document))


SHAPES: tuple[Shape, ...] = (
    Shape("segments (GoTranscript, Whisper, WhisperX)", _has_list("segments"), read_segments, True),
    Shape("Rev", _has_list("monologues"), _read_monologues, False),
    Shape("AWS Transcribe", _results_with("items", "transcripts"), read_aws, False),
    Shape("Deepgram", _results_with("channels"), read_deepgram, False),
    Shape("Speechmatics", _speechmatics, read_speechmatics, False),
    Shape("IBM Watson", _alternatives_with("timestamps"), read_watson, False),
    Shape("Google Speech-to-Text", _google, read_google, False),
    Shape("Azure Speech", _azure, read_azure, False),
    Shape("Gentle", is_gentle, read_gentle, False),
    Shape("whisper.cpp", is_whisper_cpp, read_whisper_cpp, False),
    Shape("words (AssemblyAI, Vosk, others)", _has_list("words"), _read_flat_words, True),
    Shape("utterances, paragraphs, sentences (AssemblyAI, Gladia)", _segment_list,
          _read_segment_list, True),
)  # fmt: skip
