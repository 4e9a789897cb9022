"""What sandbox orders cost. Pure: a price table and the arithmetic, no I/O, no state.

ASSUMPTION: GoTranscript publishes no API price list. These figures are plausible round
numbers in the range of the vendor's public website, kept in this one table so that a change
is a one-line edit. Media is billed per started minute; translation per word. Money is kept
in whole cents so that a wallet never drifts.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from gt_watch.model import OrderKind

# USD cents per started minute of media, by order kind and turnaround_time.
_PER_MINUTE_BY_TURNAROUND: Mapping[OrderKind, Mapping[str, int]] = {
    OrderKind.TRANSCRIPTION: {"12_hours": 234, "1_days": 174, "3_days": 114, "5_days": 84},
    OrderKind.CAPTIONS: {"12_hours": 264, "1_days": 204, "3_days": 144, "5_days": 114},
    OrderKind.PROOFREADING: {"12_hours": 150, "1_days": 110, "3_days": 75, "5_days": 60},
}
# USD cents per started minute for kinds without a turnaround choice.
_PER_MINUTE_FLAT: Mapping[OrderKind, int] = {
    OrderKind.AI_TRANSCRIPTION: 20,
    OrderKind.FORCED_ALIGNMENT: 5,
    OrderKind.SUBTITLES: 700,
}
# Proofreading with `captions=true` adds this per started minute.
_PROOFREAD_CAPTIONS_PER_MINUTE = 30
# Translation: USD cents per word of the document.
TRANSLATION_PER_WORD = 8

DEFAULT_TURNAROUND = "5_days"


def billed_minutes(seconds: int) -> int:
    """Given billed seconds, return the started minutes charged for them (at least 1)."""
    return max(1, math.ceil(seconds / 60))


def price_cents(
    kind: OrderKind,
    *,
    seconds: int = 0,
    words: int = 0,
    turnaround: str | None = None,
    captions: bool = False,
) -> int:
    """Given an order kind and what it measures (media seconds or document words), return
    its price in cents. Raise KeyError if the kind or turnaround has no price."""
    if kind is OrderKind.TRANSLATION:
        return words * TRANSLATION_PER_WORD
    minutes = billed_minutes(seconds)
    if kind in _PER_MINUTE_BY_TURNAROUND:
        rate = _PER_MINUTE_BY_TURNAROUND[kind][turnaround or DEFAULT_TURNAROUND]
        if kind is OrderKind.PROOFREADING and captions:
            rate += _PROOFREAD_CAPTIONS_PER_MINUTE
        return minutes * rate
    return minutes * _PER_MINUTE_FLAT[kind]


def ai_split(seconds: int, minutes_left: int) -> tuple[int, int]:
    """Given AI-transcription seconds and the subscription minutes left, return
    (minutes taken from the subscription, minutes to pay from the wallet)."""
    minutes = billed_minutes(seconds)
    covered = min(minutes, max(0, minutes_left))
    return covered, minutes - covered


def dollars(cents: int) -> float:
    """Given cents, return dollars as the API writes them (12.34)."""
    return round(cents / 100, 2)


def cents(usd: float) -> int:
    """Given dollars, return whole cents (rounded to the nearest cent)."""
    return round(usd * 100)
