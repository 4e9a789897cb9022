"""Readers of the transcript JSON of cloud speech services: AWS Transcribe, Deepgram,
Speechmatics, IBM Watson and Azure Speech (Google's is in `google_json`). Pure; no I/O.
Which reader reads a document is decided in `transcript_json`, not here.

ASSUMPTION: these are the services' published output shapes as their own tools save them.
Each reader takes the best (first) alternative; Deepgram's first channel where channels are
transcribed apart (Azure's phrases of all channels in time order, Speechmatics' channels as
speakers); and the service's own time unit (the `scale` argument applies only to plain
numbers, which these services write in seconds).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace

from gt_watch.api.json_fields import (
    END_KEYS,
    START_KEYS,
    entries_of,
    first_object,
    objects,
    read_language,
    read_speaker,
    read_time,
    read_token,
    speaker_from_one,
)
from gt_watch.api.time_units import (
    duration_seconds,
    iso_duration_seconds,
    read_duration,
    ticks_seconds,
)
from gt_watch.api.values import as_float, as_int, as_text
from gt_watch.api.words import Token, flat_segments, respelled, segment_from_tokens
from gt_watch.errors import ResultFormatError
from gt_watch.model import Segment, Transcript

JsonObject = Mapping[str, object]

_SPEECHMATICS_UNKNOWN_SPEAKER = "UU"
_WATSON_HESITATION = "%HESITATION"
# Azure's three spellings of a time span: batch transcription's ticks and ISO 8601
# durations, fast transcription's milliseconds.
_AZURE_SPANS: tuple[tuple[str, str, Callable[[object], float | None]], ...] = (
    ("offsetInTicks", "durationInTicks", ticks_seconds),
    ("offset", "duration", iso_duration_seconds),
    ("offsetMilliseconds", "durationMilliseconds", lambda value: duration_seconds(value, 1000)),
)


# ---------------------------------------------------------------------------------------------
# AWS Transcribe: results.items[] (type pronunciation|punctuation), speakers maybe apart.


def read_aws(document: JsonObject, scale: float) -> Transcript:
    """Given AWS Transcribe JSON (`results.items`, `results.transcripts`), return its
    transcript; speakers come from the items or from `results.speaker_labels`. Raise
    ResultFormatError naming a bad item."""
    results = document["results"]
    assert isinstance(results, dict)
    labels = _aws_speaker_labels(results.get("speaker_labels"))
    tokens = []
    for index, item in enumerate(objects(results.get("items"), "item"), 1):
        token = read_token(item, scale, f"item {index}")
        if token.speaker is None and token.start is not None:
            token = replace(token, speaker=labels.get(round(token.start, 3)))
        tokens.append(token)
    fallback = _first_transcript(results.get("transcripts"))
    return Transcript(flat_segments(tokens, fallback), read_language(results))


def _aws_speaker_labels(speaker_labels: object) -> dict[float, str]:
    """AWS may put speakers only in `speaker_labels.segments[].items[]`, keyed by start time."""
    labels: dict[float, str] = {}
    if not isinstance(speaker_labels, dict):
        return labels
    for segment in objects(speaker_labels.get("segments"), "speaker segment"):
        for item in objects(segment.get("items"), "speaker item"):
            start = read_time(item, ("start_time",), 1.0, "speaker item")
            label = read_speaker(item, {})
            if start is not None and label:
                labels[round(start, 3)] = label
    return labels


def _first_transcript(transcripts: object) -> str | None:
    for entry in entries_of(transcripts):
        text = as_text(entry.get("transcript")) if isinstance(entry, dict) else as_text(entry)
        if text:
            return text
    return None


# ---------------------------------------------------------------------------------------------
# Deepgram: results.channels[0].alternatives[0].words[] (punctuated_word preferred).


def read_deepgram(document: JsonObject, scale: float) -> Transcript:
    """Given Deepgram JSON (`results.channels`), return the first channel's best
    alternative. Raise ResultFormatError naming a bad word."""
    results = document["results"]
    assert isinstance(results, dict)
    channel = first_object(results.get("channels"), "channel")
    best = first_object(channel.get("alternatives"), "alternative")
    tokens = [
        read_token(word, scale, f"word {number}")
        for number, word in enumerate(entries_of(best.get("words")), 1)
    ]
    segments = flat_segments(tokens, as_text(best.get("transcript")))
    return Transcript(segments, read_language(channel))


# ---------------------------------------------------------------------------------------------
# Speechmatics (json-v2): results[] of type word|punctuation|entity, text in alternatives.


def read_speechmatics(document: JsonObject, scale: float) -> Transcript:
    """Given Speechmatics JSON (`results` items with `type`, `start_time`, `end_time` and
    `alternatives`), return its transcript: punctuation joins its word, `entity` items
    (formatted numbers, dates) count as words, other item types are passed over as the
    service asks. Raise ResultFormatError naming a bad item."""
    tokens = []
    for index, item in enumerate(objects(document["results"], "result"), 1):
        kind = str(item.get("type", "word")).lower()
        if kind not in ("word", "punctuation", "entity"):
            continue
        where = f"result {index}"
        best = first_object(item.get("alternatives"), f"{where}, alternative")
        tokens.append(
            Token(
                text=str(best.get("content", "")),
                start=read_time(item, START_KEYS, scale, where),
                end=read_time(item, END_KEYS, scale, where),
                speaker=_speechmatics_speaker(best.get("speaker"), item.get("channel")),
                confidence=as_float(best.get("confidence")),
                punctuation=kind == "punctuation",
            )
        )
    return Transcript(flat_segments(tokens, None), _speechmatics_language(document))


def _speechmatics_speaker(value: object, channel: object) -> str | None:
    """`S1`, `S2` count from one; `UU` is a speaker the service could not tell. With
    channel diarisation each channel (`channel_1`) is a speaker."""
    text = as_text(value)
    if text is None or text == _SPEECHMATICS_UNKNOWN_SPEAKER:
        label = as_text(channel)
        return label.replace("_", " ").capitalize() if label else None
    return speaker_from_one(text[1:]) if text[:1] == "S" and text[1:].isdigit() else text


def _speechmatics_language(document: JsonObject) -> str | None:
    metadata = document.get("metadata")
    config = metadata.get("transcription_config") if isinstance(metadata, dict) else None
    return read_language(config) if isinstance(config, dict) else None


# ---------------------------------------------------------------------------------------------
# IBM Watson: results[].alternatives[0].timestamps [[word, start, end]], speakers apart.


def read_watson(document: JsonObject, scale: float) -> Transcript:
    """Given IBM Watson Speech to Text JSON (`results` whose alternatives hold
    `timestamps`), return its transcript; speakers (from 0) come from the top-level
    `speaker_labels`, keyed by start time; hesitations (`%HESITATION`) are left out. Raise
    ResultFormatError naming a bad result or timestamp."""
    labels = _watson_speakers(document.get("speaker_labels"))
    tokens = []
    for number, result in enumerate(objects(document["results"], "result"), 1):
        best = first_object(result.get("alternatives"), f"result {number}, alternative")
        for index, stamp in enumerate(entries_of(best.get("timestamps")), 1):
            where = f"result {number}, timestamp {index}"
            if not isinstance(stamp, list) or len(stamp) != 3:
                raise ResultFormatError(f"{where}: expected [word, start, end], got {stamp!r}")
            times = {"start": stamp[1], "end": stamp[2]}
            start = read_time(times, ("start",), scale, where)
            if str(stamp[0]) != _WATSON_HESITATION:
                speaker = labels.get(round(start, 3)) if start is not None else None
                end = read_time(times, ("end",), scale, where)
                tokens.append(Token(str(stamp[0]), start, end, speaker))
    return Transcript(flat_segments(tokens, None), None)


def _watson_speakers(speaker_labels: object) -> dict[float, str]:
    labels: dict[float, str] = {}
    for label in objects(speaker_labels, "speaker label"):
        start = read_time(label, ("from",), 1.0, "speaker label")
        speaker = read_speaker(label, {})
        if start is not None and speaker:
            labels[round(start, 3)] = speaker
    return labels


# ---------------------------------------------------------------------------------------------
# Azure Speech: batch (recognizedPhrases[], nBest[0], ticks) and fast (phrases[], ms).


def read_azure(document: JsonObject, scale: float) -> Transcript:
    """Given Azure Speech JSON (batch transcription's `recognizedPhrases`, or fast
    transcription's `phrases`), return one paragraph per phrase, in time order, with the
    words as displayed (`display`: capitals, punctuation, numbers) timed by the spoken
    words under them (`words`, or `displayWords` when Azure was asked for them). Times are
    ticks of 100 ns (`offsetInTicks`), ISO 8601 durations (`offset`: `PT1.2S`) or
    milliseconds (`offsetMilliseconds`); `scale` is not used. Speakers count from 1, or
    from 0 where a 0 appears. Raise ResultFormatError naming a bad phrase or word."""
    key = "recognizedPhrases" if "recognizedPhrases" in document else "phrases"
    phrases = objects(document[key], "recognized phrase")
    first_speaker = 0 if any(phrase.get("speaker") == 0 for phrase in phrases) else 1
    read = [
        _azure_phrase(phrase, first_speaker, f"recognized phrase {number}")
        for number, phrase in enumerate(phrases, 1)
    ]
    segments = sorted((segment for segment in read if segment), key=lambda s: s.start)
    language = next(filter(None, (read_language(phrase) for phrase in phrases)), None)
    return Transcript(tuple(segments), language)


def _azure_phrase(phrase: JsonObject, first_speaker: int, where: str) -> Segment | None:
    best = first_object(phrase.get("nBest"), f"{where}, nBest") or phrase
    number = as_int(phrase.get("speaker"))
    speaker = as_text(phrase.get("speaker"))  # a name (`Guest-1`) as it is
    if number is not None:
        speaker = f"Speaker {number - first_speaker + 1}"
    start, end = _azure_span(phrase, where)
    display = next(
        filter(None, (as_text(best.get(k)) for k in ("display", "text", "lexical"))), None
    )
    tokens = _azure_tokens(best, display, speaker, where)
    return segment_from_tokens(tokens, display, start, end, speaker)


def _azure_tokens(
    best: JsonObject, display: str | None, speaker: str | None, where: str
) -> list[Token]:
    """The displayed words with their times: Azure's own `displayWords`, or the display
    text respelled over the spoken (lexical) `words`."""
    shown = objects(best.get("displayWords"), f"{where}, display word")
    if shown:
        return [
            _azure_word(word, speaker, f"{where}, display word {n}")
            for n, word in enumerate(shown, 1)
        ]
    spoken = [
        _azure_word(word, speaker, f"{where}, word {n}")
        for n, word in enumerate(objects(best.get("words"), f"{where}, word"), 1)
    ]
    return respelled(display.split(), spoken, speaker) if display else spoken


def _azure_word(word: JsonObject, speaker: str | None, where: str) -> Token:
    start, end = _azure_span(word, where)
    text = next((str(word[k]) for k in ("displayText", "word", "text") if word.get(k)), "")
    return Token(text, start, end, speaker, as_float(word.get("confidence")))


def _azure_span(item: JsonObject, where: str) -> tuple[float | None, float | None]:
    for offset_key, duration_key, read in _AZURE_SPANS:
        start = read_duration(item, (offset_key,), read, where)
        if start is not None:
            duration = read_duration(item, (duration_key,), read, where)
            return start, round(start + (duration or 0.0), 6)
    return None, None
