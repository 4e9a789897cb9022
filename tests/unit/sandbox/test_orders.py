"""Order objects in the documented shape, and callback-relevant result fields."""

from __future__ import annotations

from gt_watch.model import OrderKind
from gt_watch.sandbox.orders import OrderRecord, documented_turnaround, order_object, result_url


def _order(kind: OrderKind, **params: str) -> OrderRecord:
    return OrderRecord(
        id=7,
        kind=kind,
        params=params,
        seconds=68,
        words=0,
        price_cents=121,
        paid_at="2024-01-01 00:00:00",
        delivery_estimate="2024-01-01 00:01:00",
        due_at=0.0,
        media_sha256="0" * 64,
        duration=68.0,
        span=(0.0, 68.0),
    )


def test_turnaround_is_spelled_as_in_the_documented_order_object() -> None:
    assert documented_turnaround("3_days") == "days_3"
    assert documented_turnaround("12_hours") == "hours_12"


def test_captions_order_has_exactly_the_documented_fields() -> None:
    order = _order(
        OrderKind.CAPTIONS,
        language="english",
        text_format="clean_verbatim",
        timestamping="not_required",
        turnaround_time="3_days",
        number_of_speakers="1_or_2",
        comment="Speaker names: John and Dave",
    )
    data = order_object(order, {"captions_url": "u1", "transcription_url": "u2"}, with_status=False)
    assert list(data) == [
        "id",
        "type",
        "price",
        "paid_at",
        "delivery_estimate",
        "finished_at",
        "comment",
        "seconds",
        "words",
        "language",
        "text_format",
        "timestamping",
        "turnaround_time",
        "number_of_speakers",
        "captions_url",
        "transcription_url",
    ]
    assert data["type"] == "captions"
    assert data["price"] == 1.21
    assert data["turnaround_time"] == "days_3"


def test_translation_order_echoes_its_languages_not_transcription_options() -> None:
    data = order_object(
        _order(OrderKind.TRANSLATION, translate_from="english", translate_to="german"),
        {},
        with_status=True,
    )
    assert data["translate_to"] == "german"
    assert "language" not in data
    assert data["status"] == "in_progress"


def test_proofreading_order_reports_captions_as_a_boolean_and_delivers_them_only_if_asked() -> None:
    plain = _order(OrderKind.PROOFREADING, captions="false")
    asked = _order(OrderKind.PROOFREADING, captions="true")
    assert order_object(plain, {}, with_status=True)["captions"] is False
    assert plain.result_fields() == ("proofread_transcription_url",)
    assert asked.result_fields() == ("proofread_transcription_url", "proofread_captions_url")


def test_result_url_carries_the_token_in_the_query_like_the_documentation() -> None:
    url = result_url("http://127.0.0.1:9", "t&k", 7, "forced_alignment_transcription_url")
    assert url == "http://127.0.0.1:9/api/v4/orders/7/forced_alignment?api_token=t%26k"
