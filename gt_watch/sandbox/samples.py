"""Test mode's sample orders and sample files (`/api/v4/test-file/...`). Pure data.

In test mode `GET /orders` lists sample orders, one per kind, shaped like the documentation's
example, whose result URLs point at the sample files. The sample files are rendered from a
fixed recipe, so they are the same on every sandbox.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping

from gt_watch.model import OrderKind
from gt_watch.sandbox.orders import FINISHED, OrderRecord, test_file_url

SAMPLE_SHA256 = hashlib.sha256(b"gt-watch sandbox sample media").hexdigest()
SAMPLE_SECONDS = 68
SAMPLE_STAMP = "2022-11-20 21:00:00"
_SAMPLE_SCRIPT = " ".join(
    (
        "Hello and welcome to the sample recording. We talked about the budget last week.",
        "Today we look at the schedule and the next steps together.",
    )
).split(" ")

# Sample file name in /test-file/ -> (the kind whose sample it belongs to, its result name).
TEST_FILES: Mapping[str, tuple[OrderKind, str]] = {
    "transcriptions": (OrderKind.TRANSCRIPTION, "transcription"),
    "automatic_transcriptions": (OrderKind.AI_TRANSCRIPTION, "transcription"),
    "transcription_proofreading": (OrderKind.PROOFREADING, "proofread_transcription"),
    "proofread_captions": (OrderKind.PROOFREADING, "proofread_captions"),
    "forced_alignment": (OrderKind.FORCED_ALIGNMENT, "forced_alignment"),
    "translations": (OrderKind.TRANSLATION, "translation"),
    "captions": (OrderKind.CAPTIONS, "captions"),
    "subtitles": (OrderKind.SUBTITLES, "subtitles"),
}
# Result field of a sample order -> its sample file name.
_FILE_OF_FIELD: Mapping[tuple[OrderKind, str], str] = {
    (OrderKind.TRANSCRIPTION, "transcription_url"): "transcriptions",
    (OrderKind.AI_TRANSCRIPTION, "transcription_url"): "automatic_transcriptions",
    (OrderKind.AI_TRANSCRIPTION, "captions_url"): "captions",
    (OrderKind.PROOFREADING, "proofread_transcription_url"): "transcription_proofreading",
    (OrderKind.PROOFREADING, "proofread_captions_url"): "proofread_captions",
    (OrderKind.FORCED_ALIGNMENT, "forced_alignment_transcription_url"): "forced_alignment",
    (OrderKind.TRANSLATION, "translation_url"): "translations",
    (OrderKind.CAPTIONS, "captions_url"): "captions",
    (OrderKind.CAPTIONS, "transcription_url"): "transcriptions",
    (OrderKind.SUBTITLES, "subtitles_url"): "subtitles",
}

_HUMAN = {
    "language": "english", "text_format": "clean_verbatim", "timestamping": "not_required",
    "turnaround_time": "3_days", "number_of_speakers": "1_or_2",
    "comment": "Speaker names: John and Dave",
}  # fmt: skip
_PARAMS: Mapping[OrderKind, dict[str, str]] = {
    OrderKind.TRANSCRIPTION: _HUMAN,
    OrderKind.AI_TRANSCRIPTION: {"language": "english"},
    OrderKind.PROOFREADING: {**_HUMAN, "captions": "true"},
    OrderKind.FORCED_ALIGNMENT: {"language": "english"},
    OrderKind.TRANSLATION: {
        "translate_from": "english",
        "translate_to": "german",
        "comment": "Formal register",
    },
    OrderKind.CAPTIONS: _HUMAN,
    OrderKind.SUBTITLES: {"translate_from": "english", "translate_to": "spanish"},
}


def sample_orders() -> list[OrderRecord]:
    """Return one finished sample order per kind, ids 1 to 7."""
    orders = []
    for number, kind in enumerate(OrderKind, start=1):
        translation = kind is OrderKind.TRANSLATION
        orders.append(
            OrderRecord(
                id=number,
                kind=kind,
                params=dict(_PARAMS[kind]),
                seconds=0 if translation else SAMPLE_SECONDS,
                words=len(_SAMPLE_SCRIPT) if translation else 0,
                price_cents=121,
                paid_at=SAMPLE_STAMP,
                delivery_estimate=SAMPLE_STAMP,
                due_at=0.0,
                media_sha256=SAMPLE_SHA256,
                duration=0.0 if translation else float(SAMPLE_SECONDS),
                span=(0.0, 0.0 if translation else float(SAMPLE_SECONDS)),
                source_words=list(_SAMPLE_SCRIPT),
                status=FINISHED,
                finished_at=SAMPLE_STAMP,
            )
        )
    return orders


def sample_order(kind: OrderKind) -> OrderRecord:
    """Given a kind, return its sample order."""
    return next(order for order in sample_orders() if order.kind is kind)


def sample_urls(order: OrderRecord, public_url: str, token: str) -> dict[str, str]:
    """Given a sample order, return its result URLs (pointing at the sample files)."""
    return {
        field: test_file_url(public_url, token, _FILE_OF_FIELD[(order.kind, field)])
        for field in order.result_fields()
    }
