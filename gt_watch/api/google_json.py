"""Google Speech-to-Text JSON (v1 and v2, as the REST API, `gcloud` and the client
libraries save it) into a `Transcript`. Pure; no I/O. Which reader reads a document is
decided in `transcript_json`, not here.

ASSUMPTION: the best (first) alternative is read; with multi-channel audio only the first
channel (`channelTag`); speakers count from one (`speakerTag` 0 means no speaker).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from gt_watch.api.json_fields import first_object, objects, read_language, speaker_from_one
from gt_watch.api.time_units import duration_seconds, read_duration
from gt_watch.api.values import as_float, as_text
from gt_watch.api.words import Token, flat_segments, segment_from_tokens
from gt_watch.model import Segment, Transcript

JsonObject = Mapping[str, object]

_GOOGLE_START = ("startTime", "start_time", "startOffset", "start_offset")
_GOOGLE_END = ("endTime", "end_time", "endOffset", "end_offset")
_GOOGLE_RESULT_END = ("resultEndTime", "result_end_time", "resultEndOffset", "result_end_offset")
_GOOGLE_SPEAKER = ("speakerLabel", "speaker_label", "speakerTag", "speaker_tag")


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
    return first_object(result.get("alternatives"), f"result {number}, alternative")


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
    return read_duration(item, keys, lambda value: duration_seconds(value, scale), where)


def _google_speaker(word: JsonObject) -> str | None:
    for key in _GOOGLE_SPEAKER:
        speaker = speaker_from_one(word.get(key))
        if speaker is not None:
            return speaker
    return None
