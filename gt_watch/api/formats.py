"""Tolerant, pure parsers of GoTranscript's answers into model types; the one entry point
for every parser of the `api` package. No I/O, no HTTP: the client and the callback receiver
hand in what they received.

Here: order receipts, order objects and pages, callbacks. Result files have their own
modules, re-exported here: `transcript_json` (transcript JSON), `alignment_json` (forced
alignment), `captions_text` (SubRip/WebVTT), `text_document` (`format=text`). Each
assumption about the vendor is marked ASSUMPTION where it is made.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from gt_watch.api.alignment_json import parse_alignment
from gt_watch.api.captions_text import parse_captions
from gt_watch.api.text_document import parse_text_document
from gt_watch.api.transcript_json import parse_transcript
from gt_watch.api.values import as_float, as_int, as_text
from gt_watch.catalog import RESULT_URL_FIELDS
from gt_watch.errors import ApiResponseError
from gt_watch.model import CallbackPayload, Mode, OrderInfo, OrderReceipt, OrderStatus

__all__ = [
    "normalise_turnaround",
    "order_status",
    "parse_alignment",
    "parse_callback",
    "parse_captions",
    "parse_order",
    "parse_order_page",
    "parse_receipt",
    "parse_text_document",
    "parse_transcript",
]

_TURNAROUND = re.compile(
    r"^(?:(?P<unit>day|hour)s?_(?P<count>\d+)|(?P<count2>\d+)_(?P<unit2>day|hour)s?)$"
)


def parse_receipt(
    payload: Mapping[str, object], *, default_mode: Mode | None = None
) -> OrderReceipt:
    """Given the JSON answer to an order POST, return its receipt; numbers may arrive as
    text. `default_mode` stands in for a missing `mode`. Raise ApiResponseError if the
    answer lacks a readable `order_total` or mode."""
    total = as_float(payload.get("order_total"))
    if total is None:
        raise ApiResponseError(
            f"GoTranscript's order answer has no readable order_total "
            f"(got {payload.get('order_total')!r}; fields: {_keys(payload)})"
        )
    return OrderReceipt(
        mode=_mode(payload.get("mode"), default_mode),
        status=as_text(payload.get("status")) or "success",
        order_id=as_int(payload.get("order_id")),
        order_total=total,
        seconds=round(as_float(payload.get("seconds")) or 0),
        # ASSUMPTION: a missing wallet balance reads as 0 rather than failing the order.
        in_wallet=as_float(payload.get("in_wallet")) or 0.0,
        delivery_estimate=as_text(payload.get("delivery_estimate")),
        words=as_int(payload.get("words")),
        ai_transcripts_minutes_left=as_int(payload.get("ai_transcripts_minutes_left")),
    )


def _mode(value: object, default: Mode | None) -> Mode:
    text = (as_text(value) or "").lower()
    if text in (Mode.TEST.value, Mode.LIVE.value):
        return Mode(text)
    if default is not None and not text:
        return default
    raise ApiResponseError(f"GoTranscript's answer has mode {value!r}; expected test or live")


def _keys(payload: Mapping[str, object]) -> str:
    return ", ".join(sorted(str(key) for key in payload)) or "none"


def order_status(order: Mapping[str, object]) -> OrderStatus:
    """Given an order object, return where it stands.

    ASSUMPTION: the documented order object has no status field. An explicit `status` wins
    when present (`finished`, `refunded`; any other value is pending); otherwise an order is
    finished when `finished_at` is set and pending before."""
    explicit = as_text(order.get("status"))
    if explicit is not None:
        try:
            return OrderStatus(explicit.lower())
        except ValueError:
            return OrderStatus.PENDING
    return OrderStatus.FINISHED if as_text(order.get("finished_at")) else OrderStatus.PENDING


def result_urls(fields: Mapping[str, object]) -> dict[str, str]:
    """Given an order object or callback, return its non-empty result URL fields."""
    urls = {name: as_text(fields.get(name)) for name in RESULT_URL_FIELDS}
    return {name: url for name, url in urls.items() if url}


def parse_order(payload: Mapping[str, object]) -> OrderInfo:
    """Given one order object of `GET /orders` or `GET /orders/{id}`, return its info. The
    raw fields are kept as they came (`turnaround_time` may read `days_3`: see
    `normalise_turnaround`). Raise ApiResponseError if it has no readable `id`."""
    order_id = as_int(payload.get("id"))
    if order_id is None:
        raise ApiResponseError(
            f"GoTranscript sent an order without a readable id (fields: {_keys(payload)})"
        )
    return OrderInfo(
        id=order_id,
        type=as_text(payload.get("type")) or "",
        status=order_status(payload),
        price=as_float(payload.get("price")) or 0.0,
        paid_at=as_text(payload.get("paid_at")),
        delivery_estimate=as_text(payload.get("delivery_estimate")),
        finished_at=as_text(payload.get("finished_at")),
        comment=as_text(payload.get("comment")),
        seconds=as_int(payload.get("seconds")),
        words=as_int(payload.get("words")),
        result_urls=result_urls(payload),
        fields=dict(payload),
    )


def parse_order_page(payload: object) -> tuple[list[OrderInfo], str | None]:
    """Given one page of `GET /orders`, return its orders and the next page's URL (None on
    the last page). Raise ApiResponseError if it holds no `orders` list or a bad order."""
    if not isinstance(payload, Mapping) or not isinstance(payload.get("orders"), list):
        found = _keys(payload) if isinstance(payload, Mapping) else type(payload).__name__
        raise ApiResponseError(f"GoTranscript's order list has no 'orders' list (got: {found})")
    orders = []
    for index, entry in enumerate(payload["orders"], 1):
        if not isinstance(entry, Mapping):
            raise ApiResponseError(f"GoTranscript's order list: entry {index} is not an object")
        orders.append(parse_order(entry))
    return orders, as_text(payload.get("next_page_url"))


def parse_callback(form: Mapping[str, str]) -> CallbackPayload:
    """Given the fields of a callback POST, return its payload: a hint to be confirmed
    through `GET /orders/{id}`. Raise ApiResponseError if `order_id` is not a whole number."""
    order_id = as_int(form.get("order_id"))
    if order_id is None:
        raise ApiResponseError(
            f"callback without a readable order_id (got {form.get('order_id')!r}; "
            f"fields: {_keys(form)})"
        )
    return CallbackPayload(
        order_id=order_id,
        mode=as_text(form.get("mode")),
        status=as_text(form.get("status")),
        language=as_text(form.get("language")),
        result_urls=result_urls(form),
    )


def normalise_turnaround(value: str) -> str:
    """Given a turnaround as an order object spells it (`days_3`, `hours_12`) or as requests
    do (`3_days`), return the request spelling (`3_days`, `12_hours`); unknown values are
    returned stripped but otherwise unchanged."""
    text = value.strip()
    match = _TURNAROUND.match(text.lower())
    if not match:
        return text
    count = match.group("count") or match.group("count2")
    unit = match.group("unit") or match.group("unit2")
    return f"{int(count)}_{unit}s"
