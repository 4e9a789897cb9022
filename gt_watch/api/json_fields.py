"""Reading result JSON: decoding, and the keys words, times, speakers and languages are
spelled with. Pure; knows field spellings, not document shapes (`transcript_json`,
`cloud_json`, `alignment_json` do) nor time units (`time_units` does).

ASSUMPTION (all field spellings below): the vendor documents none of its result JSON. These
are the spellings of the services gt-watch imitates (its sandbox, Rev, AWS Transcribe,
Deepgram, AssemblyAI, Whisper, Vosk, aeneas-style aligners). Times are multiplied by the
scale the caller found in `time_units`; a key ending in `_ms` is always milliseconds.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence

from gt_watch.api.values import as_clock_seconds, as_float, as_text, document_text
from gt_watch.api.words import Token
from gt_watch.catalog import ISO_639_1
from gt_watch.errors import ResultFormatError

TEXT_KEYS = ("punctuated_word", "text", "word", "value", "content", "lines")
START_KEYS = ("start", "begin", "ts", "start_time")
END_KEYS = ("end", "end_ts", "end_time")
SPEAKER_KEYS = ("speaker_name", "speaker", "speaker_label", "speaker_id")
PUNCTUATION_TYPES = frozenset({"punct", "punctuation"})
LANGUAGE_KEYS = ("language", "language_code", "languageCode", "locale", "detected_language")

# Speakers numbered from zero: `spk_0` (AWS), `SPEAKER_00` (pyannote, WhisperX).
_NUMBERED_SPEAKER = re.compile(r"^(?:spk|speaker)_(\d+)$", re.IGNORECASE)
# The API's language names by ISO 639-1 code; the first name of a code stands for it (the
# caption word lists depend only on the code).
_LANGUAGE_NAMES: Mapping[str, str] = {
    code: name for name, code in reversed(list(ISO_639_1.items()))
}


def load_json(data: bytes | str, expected: str) -> object:
    """Given a downloaded document, return its JSON value. Raise ResultFormatError naming
    `expected` if it is empty, not UTF-8 or not JSON."""
    text = document_text(data, expected)
    if not text.strip():
        raise ResultFormatError(f"expected {expected}; got an empty document")
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise ResultFormatError(
            f"expected {expected}; got text that is not JSON "
            f"(line {error.lineno}, column {error.colno}: {error.msg}): {text[:60]!r}"
        ) from None


def describe(document: object) -> str:
    """Given a JSON value, return a short description for an error message."""
    if isinstance(document, dict):
        keys = ", ".join(repr(key) for key in list(document)[:8])
        return f"an object with keys {keys}" if keys else "an empty object"
    if isinstance(document, list):
        return f"a list of {len(document)} items"
    return f"a JSON {type(document).__name__}"


def objects(value: object, what: str) -> list[Mapping[str, object]]:
    """Given a JSON value that should be a list of objects, return it (a missing list is
    empty). Raise ResultFormatError naming `what` and its number if an entry is no object."""
    entries = value if isinstance(value, list) else []
    for index, entry in enumerate(entries, 1):
        if not isinstance(entry, dict):
            raise ResultFormatError(f"{what} {index}: expected an object, got {describe(entry)}")
    return entries


def first_object(value: object, what: str) -> Mapping[str, object]:
    """Given a JSON value that should be a list of objects (alternatives, channels), return
    its first (the best); an empty object if there is none. Raise ResultFormatError naming
    `what` if an entry is no object."""
    found = objects(value, what)
    return found[0] if found else {}


def entries_of(value: object) -> list[object]:
    """Given a JSON value, return it if it is a list, else an empty list."""
    return value if isinstance(value, list) else []


def read_time(
    item: Mapping[str, object], names: Sequence[str], scale: float, where: str
) -> float | None:
    """Given a JSON object and the keys a time may sit under, return the time in seconds;
    None if none of the keys (nor its `_ms` variant) is set. Raise ResultFormatError, naming
    `where`, if the value is not a time."""
    for name in names:
        for key, per_second in ((name, scale), (f"{name}_ms", 1000.0)):
            value = item.get(key)
            if value is None or value == "":
                continue
            clock = as_clock_seconds(value)
            if clock is not None:
                return clock
            number = as_float(value)
            if number is None or number < 0:
                raise ResultFormatError(f"{where}: {key} {value!r} is not a time in seconds")
            return number / per_second
    return None


def read_language(document: Mapping[str, object]) -> str | None:
    """Given a document (or a part of it that names its language), return the API language
    name: `english` as it is, `en`, `en_us` or `en-US` as `english`; an unknown language as
    it is spelled; None if none is named."""
    for key in LANGUAGE_KEYS:
        text = as_text(document.get(key))
        if text is None:
            continue
        if text.lower() in ISO_639_1:
            return text.lower()
        primary = re.split(r"[-_]", text.lower(), maxsplit=1)[0]
        return _LANGUAGE_NAMES.get(primary, text)
    return None


def speaker_label(value: object) -> str | None:
    """Given a speaker as a source spells it, return the name to show.

    ASSUMPTION: numbered speakers (`0`, `spk_0`) count from zero as Rev, AWS and Deepgram
    number them, and become `Speaker 1`; names and other ids are kept as they are."""
    if isinstance(value, int) and not isinstance(value, bool):
        return f"Speaker {value + 1}"
    text = as_text(value)
    if text is None:
        return None
    match = _NUMBERED_SPEAKER.match(text)
    if match:
        return f"Speaker {int(match.group(1)) + 1}"
    return text


def speaker_from_one(value: object) -> str | None:
    """Given a speaker numbered from one (Google's `speakerTag`, Azure's `speaker`), return
    `Speaker N`; None for 0 (not diarised) or nothing; other labels as they are."""
    text = as_text(value)
    if text is None or not text.isdigit():
        return text
    return f"Speaker {int(text)}" if int(text) > 0 else None


def read_speaker(item: Mapping[str, object], names: Mapping[str, str]) -> str | None:
    """Given a JSON object and the document's speaker-id -> name table, return its speaker."""
    for key in SPEAKER_KEYS:
        value = item.get(key)
        if value is None or value == "":
            continue
        text = as_text(value)
        if text is not None and text in names:
            return names[text]
        return speaker_label(value)
    return None


def speaker_names(table: object) -> dict[str, str]:
    """Given a document's `speakers` ([{"id", "name"}] or {"id": "name"}), return id -> name."""
    if isinstance(table, dict):
        return {str(key): str(name) for key, name in table.items() if as_text(name)}
    names: dict[str, str] = {}
    for entry in table if isinstance(table, list) else []:
        if isinstance(entry, dict):
            key, name = as_text(entry.get("id")), as_text(entry.get("name"))
            if key and name:
                names[key] = name
    return names


def read_token(
    item: object,
    scale: float,
    where: str,
    speaker: str | None = None,
    names: Mapping[str, str] | None = None,
) -> Token:
    """Given one word entry (an object or bare text), return its token; its own speaker wins
    over `speaker`. Raise ResultFormatError, naming `where`, if it is neither."""
    if isinstance(item, str):
        return Token(item, speaker=speaker)
    if not isinstance(item, dict):
        raise ResultFormatError(f"{where}: expected a word object, got {describe(item)}")
    text, confidence = _text_and_confidence(item)
    return Token(
        text=text,
        start=read_time(item, START_KEYS, scale, where),
        end=read_time(item, END_KEYS, scale, where),
        speaker=read_speaker(item, names or {}) or speaker,
        confidence=confidence,
        punctuation=str(item.get("type", "")).lower() in PUNCTUATION_TYPES,
    )


def _text_and_confidence(item: Mapping[str, object]) -> tuple[str, float | None]:
    confidence = as_float(item.get("confidence"))
    for key in TEXT_KEYS:
        value = item.get(key)
        if isinstance(value, list):
            value = " ".join(str(line) for line in value)
        if isinstance(value, str | int | float) and not isinstance(value, bool):
            return str(value), confidence
    alternatives = item.get("alternatives")
    if isinstance(alternatives, list) and alternatives and isinstance(alternatives[0], dict):
        best = alternatives[0]
        return str(best.get("content", "")), as_float(best.get("confidence", confidence))
    return "", confidence
