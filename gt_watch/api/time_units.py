"""Time units of result JSON: declared units, milliseconds inferred where none is declared,
and the duration spellings of cloud vendors. Pure; knows field spellings, not document
shapes (the readers in `transcript_json`, `cloud_json` and `alignment_json` do).

Plain numbers are seconds unless the document declares milliseconds at its top
(`"time_unit": "ms"`, `"units": "milliseconds"`), a key ends in `_ms` (see
`json_fields.read_time`), or the numbers cannot be seconds of speech (`inferred_scale`).
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Callable, Iterator, Mapping, Sequence

from gt_watch.api.json_fields import END_KEYS, START_KEYS, TEXT_KEYS
from gt_watch.api.values import as_clock_seconds, as_float, as_text
from gt_watch.errors import ResultFormatError

UNIT_KEYS = ("time_unit", "time_units", "units", "unit")

# ASSUMPTION: no speech lasts this many seconds a word (two words a minute), and none is
# said at this many milliseconds a word (two thousand words a minute). Whole-number times
# whose median entry lasts longer than this per word are milliseconds (AssemblyAI and others
# write them without saying so); below it they stay seconds.
MILLISECONDS_ABOVE_PER_WORD = 30.0

TICKS_PER_SECOND = 10_000_000  # Azure: a tick is 100 ns

# How many of each declarable unit make a second.
_UNITS_PER_SECOND: Mapping[str, float] = {
    "s": 1.0, "sec": 1.0, "secs": 1.0, "second": 1.0, "seconds": 1.0,
    "ms": 1000.0, "msec": 1000.0, "millisecond": 1000.0, "milliseconds": 1000.0,
}  # fmt: skip
# Protocol Buffers' JSON spelling of a Duration (Google): "1.300s", "-0.5s".
_PROTOBUF_DURATION = re.compile(r"^(?P<seconds>-?\d+(?:\.\d+)?)s$")
# ISO 8601 durations as Azure writes them: "PT1.2S", "PT1M2.5S", "PT1H0M3S".
_ISO_DURATION = re.compile(
    r"^P(?:(?P<d>\d+(?:\.\d+)?)D)?"
    r"(?:T(?:(?P<h>\d+(?:\.\d+)?)H)?(?:(?P<m>\d+(?:\.\d+)?)M)?(?:(?P<s>\d+(?:\.\d+)?)S)?)?$"
)


def declared_scale(*documents: object) -> float | None:
    """Given the outer and inner objects of a document, return how many of its plain time
    values make a second as the document declares it (1, or 1000 for milliseconds); None if
    it declares nothing. Raise ResultFormatError for an unknown declared unit."""
    for document in documents:
        if not isinstance(document, dict):
            continue
        for key in UNIT_KEYS:
            declared = as_text(document.get(key))
            if declared is None:
                continue
            scale = _UNITS_PER_SECOND.get(declared.lower())
            if scale is None:
                raise ResultFormatError(
                    f"the document declares {key} {declared!r}; expected seconds or milliseconds"
                )
            return scale
    return None


def plain_time_scale(document: object, *wrappers: object) -> float:
    """Given a document (and the objects it was unwrapped from), return how many of its
    plain time values make a second: the unit declared in it or a wrapper, else the one
    inferred from its numbers. Raise ResultFormatError for an unknown declared unit."""
    declared = declared_scale(document, *wrappers)
    return declared if declared is not None else inferred_scale(document)


def inferred_scale(document: object) -> float:
    """Given a document that declares no time unit, return 1000.0 if its plain time values
    can only be milliseconds, else 1.0.

    Milliseconds are inferred only when every plain time value (under the start and end keys
    of `json_fields`, as a number or numeric text; clock text and `_ms` keys say their own
    unit) is a whole number, and the median entry with both times lasts more than
    MILLISECONDS_ABOVE_PER_WORD per word of its text. Seconds of real speech never do: a
    three-hour transcript in seconds stays seconds, however long it is."""
    per_word: list[float] = []
    for start, end, words in _timed_entries(document):
        if any(value is not None and not value.is_integer() for value in (start, end)):
            return 1.0
        if start is not None and end is not None and end > start:
            per_word.append((end - start) / words)
    if per_word and statistics.median(per_word) > MILLISECONDS_ABOVE_PER_WORD:
        return 1000.0
    return 1.0


def _timed_entries(document: object) -> Iterator[tuple[float | None, float | None, int]]:
    """Every object of the document with a plain start or end: (start, end, words of text)."""
    pending = [document]
    while pending:
        value = pending.pop()
        if isinstance(value, list):
            pending.extend(value)
        elif isinstance(value, dict):
            pending.extend(child for child in value.values() if isinstance(child, dict | list))
            start, end = _plain(value, START_KEYS), _plain(value, END_KEYS)
            if start is not None or end is not None:
                yield start, end, _word_count(value)


def _plain(entry: Mapping[str, object], keys: Sequence[str]) -> float | None:
    for key in keys:
        value = entry.get(key)
        if isinstance(value, bool) or as_clock_seconds(value) is not None:
            return None
        number = as_float(value)
        if number is not None:
            return number
    return None


def _word_count(entry: Mapping[str, object]) -> int:
    for key in TEXT_KEYS:
        value = entry.get(key)
        if isinstance(value, list):
            value = " ".join(str(line) for line in value)
        if isinstance(value, str) and value.split():
            return len(value.split())
    return 1


def duration_seconds(value: object, scale: float = 1.0) -> float | None:
    """Given a time as Google spells it (`"1.300s"`, `{"seconds": "1", "nanos": 300000000}`)
    or a plain number (`scale` of them make a second), return it in seconds; None if absent.
    Raise ValueError if it is none of these or negative."""
    if value is None or value == "":
        return None
    if isinstance(value, dict):
        seconds = as_float(value.get("seconds", 0))
        nanos = as_float(value.get("nanos", 0))
        if seconds is None or nanos is None:
            raise ValueError(value)
        return _not_negative(seconds + nanos / 1e9)
    match = _PROTOBUF_DURATION.match(value.strip()) if isinstance(value, str) else None
    number = float(match.group("seconds")) if match else as_float(value)
    if number is None:
        raise ValueError(value)
    return _not_negative(number if match else number / scale)


def iso_duration_seconds(value: object) -> float | None:
    """Given an ISO 8601 duration (`"PT1M2.5S"`), return it in seconds; None if absent.
    Raise ValueError if it is not one."""
    text = as_text(value)
    if text is None:
        return None
    match = _ISO_DURATION.match(text.upper())
    if match is None or not any(match.groups()):
        raise ValueError(value)
    parts = {name: float(match.group(name) or 0) for name in "dhms"}
    return parts["d"] * 86400 + parts["h"] * 3600 + parts["m"] * 60 + parts["s"]


def ticks_seconds(value: object) -> float | None:
    """Given a time in ticks of 100 ns (Azure's `offsetInTicks`), return it in seconds; None
    if absent. Raise ValueError if it is not a number or negative."""
    if value is None or value == "":
        return None
    number = as_float(value)
    if number is None:
        raise ValueError(value)
    return _not_negative(number / TICKS_PER_SECOND)


def _not_negative(seconds: float) -> float:
    if seconds < 0:
        raise ValueError(seconds)
    return round(seconds, 6)


def read_duration(
    item: Mapping[str, object],
    keys: Sequence[str],
    read: Callable[[object], float | None],
    where: str,
) -> float | None:
    """Given a JSON object, the keys a time may sit under and the reader of its spelling
    (`duration_seconds`, `iso_duration_seconds`, `ticks_seconds`), return the first set
    time in seconds; None if none is set. Raise ResultFormatError naming `where` and the
    key if the value is no time."""
    for key in keys:
        if item.get(key) is None:
            continue
        try:
            return read(item[key])
        except ValueError:
            raise ResultFormatError(f"{where}: {key} {item[key]!r} is not a time") from None
    return None
