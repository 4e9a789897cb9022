"""Sandbox orders as records, and as the API describes them. Pure: no I/O, no clock.

`OrderRecord` is what the sandbox keeps (and persists) about an order; `order_object` turns
one into exactly the documented order object of `GET /orders`; `result_urls` names its files.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import quote

from gt_watch.catalog import KINDS
from gt_watch.model import OrderKind
from gt_watch.sandbox.pricing import dollars

IN_PROGRESS, FINISHED, REFUNDED = "in_progress", "finished", "refunded"

# Result URL field -> the file name in `/api/v4/orders/{id}/{name}`.
RESULT_NAMES: Mapping[str, str] = {
    "transcription_url": "transcription",
    "captions_url": "captions",
    "proofread_transcription_url": "proofread_transcription",
    "proofread_captions_url": "proofread_captions",
    "forced_alignment_transcription_url": "forced_alignment",
    "translation_url": "translation",
    "subtitles_url": "subtitles",
}
# Order parameters that the order object repeats, per kind (the documented field list).
_ECHOED: Mapping[OrderKind, tuple[str, ...]] = {
    OrderKind.TRANSCRIPTION: (
        "language", "text_format", "timestamping", "turnaround_time", "number_of_speakers",
    ),
    OrderKind.CAPTIONS: (
        "language", "text_format", "timestamping", "turnaround_time", "number_of_speakers",
    ),
    OrderKind.AI_TRANSCRIPTION: ("language",),
    OrderKind.PROOFREADING: (
        "language", "text_format", "timestamping", "turnaround_time", "captions",
    ),
    OrderKind.FORCED_ALIGNMENT: ("language",),
    OrderKind.TRANSLATION: ("translate_from", "translate_to"),
    OrderKind.SUBTITLES: ("translate_from", "translate_to"),
}  # fmt: skip


@dataclass(slots=True)
class OrderRecord:
    """One live order. `params` are the request's parameters (never the token) with the
    documented defaults filled in; `span` is the billed part of the media in seconds;
    `source_words` the words of a submitted transcript or translation document."""

    id: int
    kind: OrderKind
    params: dict[str, str]
    seconds: int
    words: int
    price_cents: int
    paid_at: str
    delivery_estimate: str
    due_at: float
    media_sha256: str
    duration: float
    span: tuple[float, float]
    source_words: list[str] | None = None
    status: str = IN_PROGRESS
    finished_at: str | None = None
    revision: int = 1
    ai_minutes_used: int = 0
    history: list[str] = field(default_factory=list)

    def result_fields(self) -> tuple[str, ...]:
        """The URL fields this order delivers (proofread captions only when ordered)."""
        fields = KINDS[self.kind].result_fields
        if self.kind is OrderKind.PROOFREADING and not self.captions_ordered:
            fields = tuple(name for name in fields if name != "proofread_captions_url")
        return fields

    @property
    def captions_ordered(self) -> bool:
        return self.params.get("captions", "false").lower() in ("true", "1")


def result_url(public_url: str, token: str, order_id: int, field_name: str) -> str:
    """Given the sandbox's address, the token and a result field, return the file's URL."""
    name = RESULT_NAMES[field_name]
    return f"{public_url}/api/v4/orders/{order_id}/{name}?api_token={quote(token, safe='')}"


def test_file_url(public_url: str, token: str, name: str) -> str:
    """Given a sample file name (`captions`, `transcriptions`), return its test-file URL."""
    return f"{public_url}/api/v4/test-file/{name}?api_token={quote(token, safe='')}"


def documented_turnaround(value: str) -> str:
    """Given `3_days` or `12_hours`, return the order object's spelling (`days_3`)."""
    number, _, unit = value.partition("_")
    return f"{unit}_{number}" if unit else value


def order_object(
    order: OrderRecord, urls: Mapping[str, str], *, with_status: bool
) -> dict[str, object]:
    """Given an order and its result URLs (empty until finished), return the documented order
    object. ASSUMPTION: `status` is not documented; it is added unless `with_status` is off."""
    data: dict[str, object] = {
        "id": order.id,
        "type": KINDS[order.kind].list_type,
        "price": dollars(order.price_cents),
        "paid_at": order.paid_at,
        "delivery_estimate": order.delivery_estimate,
        "finished_at": order.finished_at,
        "comment": order.params.get("comment"),
        "seconds": order.seconds,
        "words": order.words,
    }
    for name in _ECHOED[order.kind]:
        value = order.params.get(name)
        if name == "turnaround_time" and value:
            data[name] = documented_turnaround(value)
        elif name == "captions":
            data[name] = order.captions_ordered
        else:
            data[name] = value
    if with_status:
        data["status"] = order.status
    data.update(urls)
    return data
