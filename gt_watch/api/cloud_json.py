"""Readers of the transcript JSON of cloud speech services: AWS Transcribe, Deepgram,
Speechmatics, Google Speech-to-Text and Azure Speech batch transcription. Pure; no I/O.
Which reader reads a document is decided in `transcript_json`, not here.

ASSUMPTION: these are the services' published output shapes as their own tools save them.
Each reader takes the best (first) alternative; Deepgram's and Google's first channel where
they transcribe channels apart (Azure's phrases of all channels in time order, Speechmatics'
channels as speakers); and the service's own time unit (the `scale` argument applies only
to plain numbers, which these services write in seconds).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace

from gt_watch.api.json_fields import (
    END_KEYS,
    START_KEYS,
    entries_of,
    objects,
    read_language,
    read_speaker,
    read_time,
    read_token,
    speaker_from_one,
)
from gt_watch.api.time_units import duration_seconds, iso_duration_seconds, ticks_seconds
from gt_watch.api.values import as_float, as_text
from gt_watch.api.words import Token, flat_segments, respelled, segment_from_tokens
from gt_watch.errors import ResultFormatError
from gt_watch.model import Segment, Transcript

JsonObject = Mapping[str, object]

_GOOGLE_START = ("startTime", "start_time", "startOffset", "start_offset")
_GOOGLE_END = ("endTime", "end_time", "endOffset", "end_offset")
_GOOGLE_RESULT_END = ("resultEndTime", "result_end_time", "resultEndOffset", "result_end_offset")
_GOOGLE_SPEAKER = ("speakerLabel", "speaker_label", "speakerTag", "speaker_tag")
_SPEECHMATICS_UNKNOWN_SPEAKER = "UU"


def _first(value: object, what: str) -> JsonObject:
    """The first object of a list (the best alternative, the first channel); {} if none."""
    found = objects(value, what)
    return found[0] if found else {}


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
    channel = _first(results.get("channels"), "channel")
    best = _first(channel.get("alternatives"), "alternative")
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
        best = _first(item.get("alternatives"), f"{where}, alternative")
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
# Google Speech-to-Text (v1 and v2): results[].alternatives[0].words[] with durations.


def read_google(document: JsonObject, scale: float) -> Transcript:
    """Given Google Speech-to-Text JSON (`results` with `alternatives`), return its
    transcript: a paragraph per result, or per speaker turn when words carry speakers
    (`speakerTag`, from 1, or `speakerLabel`). With diarisation Google repeats every word,
    tagged, in a last result: then that result alone is read. Word times may be
    `"1.300s"`, `{"seconds", "nanos"}` or numbers; results without word times are spread
    from the previous result's end to their own. Raise ResultFormatError naming a bad
    result or word."""
    results = _google_first_channel(objects(document["results"], "result"))
    summary = _google_diarised_summary(results)
    if summary is not None:
        results = [summary]
    tokens = [_google_tokens(result, number, scale) for number, result in enumerate(results, 1)]
    if any(token.speaker for result_tokens in tokens for token in result_tokens):
        segments = flat_segments(
            [token for result_tokens in tokens for token in result_tokens], None
        )
    else:
        segments = _google_paragraphs(results, tokens, scale)
    language = next(filter(None, (read_language(result) for result in results)), None)
    return Transcript(segments, language)


def _google_first_channel(results: list[JsonObject]) -> list[JsonObject]:
    """Multi-channel audio gives each channel its own results (`channelTag`)."""
    channel = next((r.get("channelTag") for r in results if r.get("channelTag") is not None), None)
    return [r for r in results if r.get("channelTag") in (None, channel)]


def _google_diarised_summary(results: list[JsonObject]) -> JsonObject | None:
    """The last result when it holds the whole transcript again, every word with a speaker:
    it starts no later than the first result does."""
    if len(results) < 2:
        return None
    words = [
        objects(_best(result, number).get("words"), "word")
        for number, result in enumerate(results, 1)
    ]
    last, first = words[-1], next((w for w in words[:-1] if w), [])
    tagged = all(any(key in word for key in _GOOGLE_SPEAKER) for word in last)
    if not (last and first and tagged):
        return None
    begins = [_google_time(w[0], _GOOGLE_START, 1.0, "word") or 0.0 for w in (last, first)]
    return results[-1] if begins[0] <= begins[1] else None


def _best(result: JsonObject, number: int) -> JsonObject:
    return _first(result.get("alternatives"), f"result {number}, alternative")


def _google_tokens(result: JsonObject, number: int, scale: float) -> list[Token]:
    words = objects(_best(result, number).get("words"), f"result {number}, word")
    return [
        Token(
            text=str(word.get("word", "")),
            start=_google_time(word, _GOOGLE_START, scale, f"result {number}, word {index}"),
            end=_google_time(word, _GOOGLE_END, scale, f"result {number}, word {index}"),
            speaker=_google_speaker(word),
            confidence=as_float(word.get("confidence")),
        )
        for index, word in enumerate(words, 1)
    ]


def _google_paragraphs(
    results: list[JsonObject], tokens: list[list[Token]], scale: float
) -> tuple[Segment, ...]:
    """A paragraph per result: its words, or its text spread from the end of the result
    before it to its own end."""
    segments: list[Segment] = []
    previous_end: float | None = 0.0
    for number, (result, words) in enumerate(zip(results, tokens, strict=True), 1):
        text = as_text(_best(result, number).get("transcript"))
        end = _google_time(result, _GOOGLE_RESULT_END, scale, f"result {number}")
        if words:
            segment = segment_from_tokens(words, text, None, None, None)
        else:
            start = previous_end if end is not None else None
            segment = segment_from_tokens([], text, start, end, None)
        if segment is not None:
            segments.append(segment)
        previous_end = end if end is not None else previous_end
    return tuple(segments)


def _google_time(item: JsonObject, keys: Sequence[str], scale: float, where: str) -> float | None:
    return _vendor_time(item, keys, lambda value: duration_seconds(value, scale), where)


def _google_speaker(word: JsonObject) -> str | None:
    for key in _GOOGLE_SPEAKER:
        speaker = speaker_from_one(word.get(key))
        if speaker is not None:
            return speaker
    return None


def _vendor_time(
    item: JsonObject, keys: Sequence[str], read: Callable[[object], float | None], where: str
) -> float | None:
    """The first of `keys` that is set, read by `read`. Raise ResultFormatError naming
    `where` if it is no time."""
    for key in keys:
        if item.get(key) is None:
            continue
        try:
            return read(item[key])
        except ValueError:
            raise ResultFormatError(f"{where}: {key} {item[key]!r} is not a time") from None
    return None


# ---------------------------------------------------------------------------------------------
# Azure Speech batch transcription: recognizedPhrases[] with nBest[0] and ticks.


def read_azure(document: JsonObject, scale: float) -> Transcript:
    """Given Azure Speech batch transcription JSON (`recognizedPhrases`), return one
    paragraph per phrase, in time order, with the words as displayed (`display`: capitals,
    punctuation, numbers) timed by the spoken words under them (`words`, or `displayWords`
    when Azure was asked for them). Times are ticks of 100 ns (`offsetInTicks`,
    `durationInTicks`) or ISO 8601 durations (`offset`, `duration`: `PT1.2S`); `scale` is
    not used. Raise ResultFormatError naming a bad phrase or word."""
    phrases = objects(document["recognizedPhrases"], "recognized phrase")
    read = [_azure_phrase(phrase, f"recognized phrase {n}") for n, phrase in enumerate(phrases, 1)]
    segments = sorted((segment for segment in read if segment), key=lambda s: s.start)
    language = next(filter(None, (read_language(phrase) for phrase in phrases)), None)
    return Transcript(tuple(segments), language)


def _azure_phrase(phrase: JsonObject, where: str) -> Segment | None:
    best = _first(phrase.get("nBest"), f"{where}, nBest")
    speaker = speaker_from_one(phrase.get("speaker"))
    start, end = _azure_span(phrase, where)
    display = as_text(best.get("display")) or as_text(best.get("lexical"))
    shown = objects(best.get("displayWords"), f"{where}, display word")
    if shown:
        tokens = [
            _azure_word(word, "displayText", speaker, f"{where}, display word {n}")
            for n, word in enumerate(shown, 1)
        ]
    else:
        spoken = [
            _azure_word(word, "word", speaker, f"{where}, word {n}")
            for n, word in enumerate(objects(best.get("words"), f"{where}, word"), 1)
        ]
        tokens = respelled(display.split(), spoken, speaker) if display else spoken
    return segment_from_tokens(tokens, display, start, end, speaker)


def _azure_word(word: JsonObject, text_key: str, speaker: str | None, where: str) -> Token:
    start, end = _azure_span(word, where)
    return Token(str(word.get(text_key, "")), start, end, speaker, as_float(word.get("confidence")))


def _azure_span(item: JsonObject, where: str) -> tuple[float | None, float | None]:
    start = _vendor_time(item, ("offsetInTicks",), ticks_seconds, where)
    if start is None:
        start = _vendor_time(item, ("offset",), iso_duration_seconds, where)
    duration = _vendor_time(item, ("durationInTicks",), ticks_seconds, where)
    if duration is None:
        duration = _vendor_time(item, ("duration",), iso_duration_seconds, where)
    if start is None:
        return None, None
    return start, round(start + (duration or 0.0), 6)
