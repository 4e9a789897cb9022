"""Forced-alignment JSON into a `Transcript` of timed words. Pure; no I/O.

The documentation says only: "an array of aligned transcription word segments, each
accompanied by its corresponding begin and end timestamps".
ASSUMPTION: the array is the document itself or sits under `segments`, `words`,
`alignment` or `fragments` (aeneas); an entry's text under `word`, `text`, `value` or
`lines`; its times under `begin`/`end`, `start`/`end` or `ts`/`end_ts`, as numbers or text,
seconds unless milliseconds are declared or are all the numbers can be (see `time_units`).
An entry without times (a word the aligner could not place) shares the gap between its
neighbours; an entry holding a phrase is split into words that share its time. Entries that
carry their own `words` are transcript segments and are read as such; the Gentle aligner's
own JSON is read by `gentle_json`.
"""

from __future__ import annotations

from gt_watch.api.gentle_json import is_gentle, read_gentle
from gt_watch.api.json_fields import describe, load_json, read_token
from gt_watch.api.time_units import plain_time_scale
from gt_watch.api.transcript_json import read_segments
from gt_watch.api.values import as_text
from gt_watch.api.words import group_segments, timed_words
from gt_watch.errors import ResultFormatError
from gt_watch.model import Transcript

EXPECTED = (
    "forced-alignment JSON (a list of word segments with begin and end times, or an object "
    "holding one under 'segments', 'words', 'alignment' or 'fragments')"
)
_LIST_KEYS = ("segments", "words", "alignment", "fragments")


def parse_alignment(data: bytes | str) -> Transcript:
    """Given forced-alignment JSON, return its words as a transcript (paragraphs by speaker
    and pauses). Raise ResultFormatError if it is empty, not JSON, of another shape, or has
    no times at all."""
    document = load_json(data, EXPECTED)
    if isinstance(document, dict) and is_gentle(document):
        return read_gentle(document, 1.0)
    entries, language = _entries(document)
    scale = plain_time_scale(document)
    if any(isinstance(entry, dict) and isinstance(entry.get("words"), list) for entry in entries):
        return Transcript(read_segments({"segments": entries}, scale).segments, language)
    tokens = [read_token(entry, scale, f"entry {n}") for n, entry in enumerate(entries, 1)]
    words = timed_words(tokens)
    if words is None:
        raise ResultFormatError(f"expected {EXPECTED}; none of its {len(tokens)} entries has times")
    return Transcript(group_segments(words), language)


def _entries(document: object) -> tuple[list[object], str | None]:
    if isinstance(document, list):
        return document, None
    if isinstance(document, dict):
        for key in _LIST_KEYS:
            entries = document.get(key)
            if isinstance(entries, list):
                return entries, as_text(document.get("language"))
    raise ResultFormatError(f"expected {EXPECTED}; got {describe(document)}")
