"""Shared value types that cross module boundaries. No I/O, no imports from gt_watch.

Every layer speaks these types: the API parsers produce a `Transcript`, the caption engine
turns it into `Cue`s, the store persists `JobState`s, the client returns `OrderReceipt` and
`OrderInfo`. Keep them plain, frozen and free of behaviour beyond derived properties.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeAlias


class Mode(enum.StrEnum):
    """The API's `mode` parameter: `test` prices without charging, `live` pays."""

    TEST = "test"
    LIVE = "live"


class OrderKind(enum.StrEnum):
    """The seven order kinds; the value is the endpoint path segment under /api/v4/."""

    TRANSCRIPTION = "transcriptions"
    AI_TRANSCRIPTION = "automatic_transcriptions"
    PROOFREADING = "transcription_proofreading"
    FORCED_ALIGNMENT = "forced_alignment"
    TRANSLATION = "translations"
    CAPTIONS = "captions"
    SUBTITLES = "subtitles"


class JobState(enum.StrEnum):
    """A job's life (DESIGN.md section 3). Each state is committed before the next side effect."""

    SEEN = "seen"
    STABLE = "stable"
    STAGED = "staged"
    ORDERING = "ordering"
    ORDERED = "ordered"
    FINISHED = "finished"
    REFUNDED = "refunded"
    FAILED = "failed"
    FETCHED = "fetched"
    DELIVERED = "delivered"
    QUOTED = "quoted"
    IN_DOUBT = "in_doubt"
    NEEDS_ATTENTION = "needs_attention"
    SUPERSEDED = "superseded"


# ---------------------------------------------------------------------------------------------
# Transcripts: the one internal model every result format is parsed into.


@dataclass(frozen=True, slots=True)
class Word:
    """One spoken word (with any punctuation attached to it) and its time span in seconds."""

    text: str
    start: float
    end: float
    speaker: str | None = None
    confidence: float | None = None


@dataclass(frozen=True, slots=True)
class Segment:
    """A paragraph or speaker turn. `words` is empty when the source had no word timings."""

    start: float
    end: float
    text: str
    speaker: str | None = None
    words: tuple[Word, ...] = ()


@dataclass(frozen=True, slots=True)
class Transcript:
    """A whole transcript: ordered segments, optionally with a language name of the API."""

    segments: tuple[Segment, ...]
    language: str | None = None

    @property
    def words(self) -> tuple[Word, ...]:
        return tuple(word for segment in self.segments for word in segment.words)

    @property
    def text(self) -> str:
        return "\n".join(segment.text for segment in self.segments)

    @property
    def duration(self) -> float:
        return max((segment.end for segment in self.segments), default=0.0)


@dataclass(frozen=True, slots=True)
class Cue:
    """One caption cue: display interval in seconds and its text lines (without numbering)."""

    start: float
    end: float
    lines: tuple[str, ...]
    speaker: str | None = None

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


# ---------------------------------------------------------------------------------------------
# API answers, as the client returns them.


@dataclass(frozen=True, slots=True)
class OrderReceipt:
    """The answer to an order POST. `order_id` is None in test mode (nothing was charged)."""

    mode: Mode
    status: str
    order_id: int | None
    order_total: float
    seconds: int
    in_wallet: float
    delivery_estimate: str | None
    words: int | None = None
    ai_transcripts_minutes_left: int | None = None


class OrderStatus(enum.StrEnum):
    """Where an order stands, derived from the order object (see api/formats.py)."""

    PENDING = "pending"
    FINISHED = "finished"
    REFUNDED = "refunded"


@dataclass(frozen=True, slots=True)
class OrderInfo:
    """One order as `GET /orders` and `GET /orders/{id}` describe it.

    `result_urls` maps the documented URL field names (`transcription_url`, `captions_url`,
    ...) to their values; only non-empty ones are kept. `fields` keeps every field of the
    answer, so that nothing the vendor adds is lost.
    """

    id: int
    type: str
    status: OrderStatus
    price: float
    paid_at: str | None
    delivery_estimate: str | None
    finished_at: str | None
    comment: str | None
    seconds: int | None
    words: int | None
    # Result URLs carry the API token in their query: kept out of the repr.
    result_urls: Mapping[str, str] = field(default_factory=dict, repr=False)
    fields: Mapping[str, object] = field(default_factory=dict, repr=False)


@dataclass(frozen=True, slots=True)
class CallbackPayload:
    """A callback as received: a hint only, confirmed through `GET /orders/{id}` before use."""

    order_id: int
    mode: str | None
    status: str | None
    language: str | None
    # Result URLs carry the API token in their query: kept out of the repr.
    result_urls: Mapping[str, str] = field(default_factory=dict, repr=False)


# ---------------------------------------------------------------------------------------------
# Caption style and resolved rules: what `config` hands down to `pipeline` and `results`.


@dataclass(frozen=True, slots=True)
class StyleProfile:
    """How captions are cut and timed. Built-in profiles live in `results.profiles`;
    rules files may define their own. Times in seconds, `None` means "no limit".
    `language` (ISO 639-1) picks the word lists that keep phrases together; `dialogue_dash`
    opens each line of a cue that two speakers share."""

    name: str
    max_chars_per_line: int = 42
    max_lines: int = 2
    min_duration: float = 5 / 6
    max_duration: float = 7.0
    max_chars_per_second: float | None = 20.0
    max_words_per_minute: float | None = None
    min_seconds_per_word: float | None = None
    frame_rate: float = 25.0
    min_gap_frames: int = 2
    close_gap_frames: int = 12
    max_extension: float = 0.5
    bottom_heavy: bool = False
    language: str = "en"
    dialogue_dash: str = "- "


@dataclass(frozen=True, slots=True)
class Budget:
    """The spending guard of a folder: past a limit the job waits in `needs_attention`.

    `scope` is the folder (relative to the watch root, "" for the root) whose rules file set
    `max_per_day`: the daily cap counts every order for files under it, so a cap set once
    for a tree is not multiplied by its sub-folders. None when no rules file sets one.
    """

    max_per_order: float | None = None
    max_per_day: float | None = None
    scope: str | None = None


@dataclass(frozen=True, slots=True)
class OrderRule:
    """One order a folder's rules ask for, fully resolved (inheritance applied).

    `params` holds the API parameters the user chose (`language`, `turnaround_time`, ...),
    never `url`, `audio_url`, `transcription_url`, `api_token`, `mode` or `callback_url`:
    the pipeline fills those. `then` are orders placed once this one has finished, fed with
    its results (proofreading of an AI transcript, translation of a transcript, ...).
    `script` is the name template of the text a forced alignment aligns (`{stem}.txt`).
    `fingerprint` identifies what is ordered (kind, parameters, the parent's fingerprint;
    not outputs, naming or folder): the same content under the same fingerprint is ordered
    once, wherever it lies. `config.fingerprint.rule_fingerprint` computes it.
    """

    name: str
    kind: OrderKind
    params: Mapping[str, str]
    mode: Mode
    outputs: tuple[str, ...] = ()
    naming: str = "{stem}.{lang}.{ext}"
    then: tuple[OrderRule, ...] = ()
    script: str | None = None
    fingerprint: str = ""

    @property
    def result_language(self) -> str | None:
        """The API language name the results are in (the target of a translation)."""
        return self.params.get("translate_to") or self.params.get("language")


@dataclass(frozen=True, slots=True)
class FolderRules:
    """The effective rules of one folder: its own rules file merged over its parents'."""

    folder: str
    sources: tuple[str, ...]
    match: tuple[str, ...]
    ignore: tuple[str, ...]
    orders: tuple[OrderRule, ...]
    caption_profile: StyleProfile
    budget: Budget = Budget()
    overwrite: bool = False
    timecode_offset: float = 0.0


# ---------------------------------------------------------------------------------------------
# Watching: what a folder watcher hands to the pipeline.


@dataclass(frozen=True, slots=True)
class StableFile:
    """A file whose size and mtime stayed unchanged for its watch's quiet period.

    Not yet known to be media: matching the rules' globs and recognising gt-watch's own
    sidecars is the pipeline's job. The same (path, size, mtime_ns) may be handed on again
    after a restart of the watcher, so consumers must treat repeats as harmless.
    """

    path: Path
    size: int
    mtime_ns: int
    watch_root: Path


@dataclass(frozen=True, slots=True)
class RulesChanged:
    """A `.gt-watch.yaml` was first seen, changed, or disappeared: reload its folder's rules.

    The consumer reads the file (or notices it is gone) itself; the event only says where.
    """

    path: Path


@dataclass(frozen=True, slots=True)
class ObjectSeen:
    """An object in a watched bucket whose ETag and size are known (S3 watches).

    `source` is `s3://bucket/key`, `watch_root` the watch's `s3://bucket/prefix`. The ETag is
    the object's version: a new ETag under the same key is new content.
    """

    source: str
    watch_root: str
    size: int
    etag: str


@dataclass(frozen=True, slots=True)
class RulesObjectChanged:
    """A `.gt-watch.yaml` object in a watched bucket was first seen, changed, or disappeared:
    reload the rules of its prefix. `source` is `s3://bucket/key` of the rules object.

    (`RulesChanged` names a local path; an `s3://` address is no `Path`.)
    """

    source: str


WatchEvent: TypeAlias = StableFile | RulesChanged | ObjectSeen | RulesObjectChanged
