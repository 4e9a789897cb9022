"""Measuring an order request: fetch what it points at and work out what is billed.

The real service must fetch the media to answer `seconds`, so this happens while the order
request waits. Media is measured and deleted; only its hash, duration and the billed span
remain. Submitted transcripts and translation documents are read into words.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping
from dataclasses import dataclass

import httpx

from gt_watch.catalog import KINDS
from gt_watch.errors import MediaError
from gt_watch.model import OrderKind
from gt_watch.sandbox import media, reading


@dataclass(frozen=True, slots=True)
class Limits:
    """Bounds of every download: sizes in bytes, time in seconds."""

    max_media_bytes: int
    max_document_bytes: int
    timeout: float


@dataclass(frozen=True, slots=True)
class Measurement:
    """What an order request turned out to be: the billed span of its media (or the words
    of its document) and what determines its text."""

    content_sha256: str
    duration: float
    span: tuple[float, float]
    seconds: int
    words: int
    source_words: list[str] | None = None


def billed_seconds(span: tuple[float, float]) -> int:
    """Given the billed span, return whole seconds (nearest, halves up; at least 1)."""
    return max(1, math.floor(span[1] - span[0] + 0.5))


def billed_span(duration: float, params: Mapping[str, str], url: str) -> tuple[float, float]:
    """Given media duration and the request's `from`/`till`, return the billed span.
    Raise MediaError if `from` lies at or past the end of the media."""
    start = float(params.get("from") or 0)
    till = params.get("till")
    end = min(duration, float(till)) if till else duration
    if start >= duration:
        raise MediaError(
            f"'from' is {start:g} s but the media at {url} lasts only {duration:.1f} s"
        )
    return start, end


async def measure(
    kind: OrderKind, params: Mapping[str, str], client: httpx.AsyncClient, limits: Limits
) -> Measurement:
    """Given a validated order request, fetch its media and documents and return what is
    billed. Raise MediaError naming the URL and the problem if anything cannot be used."""
    if kind is OrderKind.TRANSLATION:
        return await _measure_document(params["url"], client, limits)
    media_url = params[KINDS[kind].media_param]
    measured = await media.fetch_media(
        client, media_url, max_bytes=limits.max_media_bytes, timeout=limits.timeout
    )
    _check_length(kind, measured.duration, media_url)
    source_words = None
    if "transcription_url" in KINDS[kind].param_index:
        source_words = await _document_words(params["transcription_url"], client, limits)
    span = billed_span(measured.duration, params, media_url)
    return Measurement(
        measured.sha256, measured.duration, span, billed_seconds(span), 0, source_words
    )


def _check_length(kind: OrderKind, duration: float, url: str) -> None:
    limit = KINDS[kind].max_seconds
    if limit is not None and duration > limit:
        raise MediaError(
            f"the audio at {url} lasts {duration:.0f} s; {KINDS[kind].title} accepts audio "
            f"of at most {limit} s ({limit // 3600} hour) per request"
        )


async def _document_words(url: str, client: httpx.AsyncClient, limits: Limits) -> list[str]:
    body = await media.fetch_document(
        client, url, max_bytes=limits.max_document_bytes, timeout=limits.timeout
    )
    return reading.document_words(body, url)


async def _measure_document(url: str, client: httpx.AsyncClient, limits: Limits) -> Measurement:
    body = await media.fetch_document(
        client, url, max_bytes=limits.max_document_bytes, timeout=limits.timeout
    )
    words = reading.document_words(body, url)
    digest = hashlib.sha256(body).hexdigest()
    return Measurement(digest, 0.0, (0.0, 0.0), 0, len(words), words)
