"""Receipts, order objects, order pages and callbacks, as documented and as they may vary."""

from __future__ import annotations

import pytest

from gt_watch.api.formats import (
    normalise_turnaround,
    parse_callback,
    parse_order,
    parse_order_page,
    parse_receipt,
)
from gt_watch.errors import ApiResponseError
from gt_watch.model import Mode, OrderStatus

DOCUMENTED_ORDER: dict[str, object] = {
    "id": 1,
    "type": "captions",
    "price": 1.21,
    "paid_at": "2022-11-20 21:00:00",
    "delivery_estimate": "2022-11-20 21:00:00",
    "finished_at": "2022-11-20 21:00:00",
    "comment": "Speaker names: John and Dave",
    "seconds": 1000,
    "words": 0,
    "language": "english",
    "text_format": "clean_verbatim",
    "timestamping": "not_required",
    "turnaround_time": "days_3",
    "number_of_speakers": "1_or_2",
    "captions_url": "https://gotranscript.com/api/v4/orders/1/captions?api_token=t",
}


def test_the_documented_receipt_is_read() -> None:
    receipt = parse_receipt(
        {
            "mode": "live",
            "status": "success",
            "order_id": 123,
            "order_total": 12.34,
            "seconds": 68,
            "in_wallet": 0,
            "ai_transcripts_minutes_left": 1200,
            "delivery_estimate": "2024-12-21 16:23:01",
        }
    )

    assert receipt.mode is Mode.LIVE
    assert (receipt.order_id, receipt.order_total, receipt.seconds) == (123, 12.34, 68)
    assert receipt.ai_transcripts_minutes_left == 1200
    assert receipt.delivery_estimate == "2024-12-21 16:23:01"


def test_receipt_numbers_may_arrive_as_text() -> None:
    receipt = parse_receipt(
        {"mode": "live", "order_id": "123", "order_total": "12.34", "seconds": "68.4",
         "in_wallet": "7.5", "words": "68"}
    )  # fmt: skip

    assert (receipt.order_id, receipt.order_total, receipt.seconds) == (123, 12.34, 68)
    assert (receipt.in_wallet, receipt.words) == (7.5, 68)


def test_a_test_mode_receipt_has_no_order_id() -> None:
    receipt = parse_receipt({"mode": "test", "order_total": 1.5, "order_id": None})

    assert receipt.order_id is None
    assert receipt.mode is Mode.TEST
    assert receipt.status == "success"


def test_a_missing_mode_is_the_requested_one() -> None:
    assert parse_receipt({"order_total": 1}, default_mode=Mode.TEST).mode is Mode.TEST


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ({"mode": "live", "order_total": "free"}, "no readable order_total (got 'free'"),
        ({"mode": "sandbox", "order_total": 1}, "mode 'sandbox'; expected test or live"),
        ({"order_total": 1}, "mode None; expected test or live"),
    ],
)
def test_an_unusable_receipt_says_what_is_missing(payload: dict[str, object], message: str) -> None:
    with pytest.raises(ApiResponseError) as caught:
        parse_receipt(payload)

    assert message in caught.value.message


def test_the_documented_order_object_is_read_and_kept_whole() -> None:
    order = parse_order(DOCUMENTED_ORDER)

    assert (order.id, order.type, order.price, order.seconds) == (1, "captions", 1.21, 1000)
    assert order.status is OrderStatus.FINISHED
    assert order.result_urls == {"captions_url": DOCUMENTED_ORDER["captions_url"]}
    assert order.fields["turnaround_time"] == "days_3"
    assert order.fields == DOCUMENTED_ORDER


def test_an_order_without_finished_at_is_pending() -> None:
    order = parse_order({**DOCUMENTED_ORDER, "finished_at": None, "captions_url": ""})

    assert order.status is OrderStatus.PENDING
    assert order.result_urls == {}


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("refunded", OrderStatus.REFUNDED),
        ("Finished", OrderStatus.FINISHED),
        ("in_progress", OrderStatus.PENDING),
    ],
)
def test_an_explicit_status_wins_over_finished_at(status: str, expected: OrderStatus) -> None:
    assert parse_order({**DOCUMENTED_ORDER, "status": status}).status is expected


def test_order_ids_and_numbers_may_arrive_as_text() -> None:
    order = parse_order({"id": "17", "price": "2.5", "seconds": "60", "words": ""})

    assert (order.id, order.price, order.seconds, order.words) == (17, 2.5, 60, None)
    assert order.type == ""


def test_an_order_without_an_id_is_refused() -> None:
    with pytest.raises(ApiResponseError, match="without a readable id"):
        parse_order({"type": "captions"})


def test_an_order_page_yields_orders_and_the_next_page() -> None:
    orders, next_page = parse_order_page(
        {"orders": [DOCUMENTED_ORDER], "next_page_url": "https://x/api/v4/orders?cursor=a"}
    )

    assert [order.id for order in orders] == [1]
    assert next_page == "https://x/api/v4/orders?cursor=a"


@pytest.mark.parametrize("last", [None, "", "  "])
def test_the_last_page_has_no_next_page(last: str | None) -> None:
    assert parse_order_page({"orders": [], "next_page_url": last}) == ([], None)


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ({"data": []}, "no 'orders' list (got: data)"),
        ([], "no 'orders' list (got: list)"),
        ({"orders": [1]}, "entry 1 is not an object"),
        ({"orders": [{"id": 1}, {"type": "x"}]}, "without a readable id"),
    ],
)
def test_an_unusable_order_page_is_refused(payload: object, message: str) -> None:
    with pytest.raises(ApiResponseError) as caught:
        parse_order_page(payload)

    assert message in caught.value.message


def test_a_callback_of_the_newer_kinds_carries_status_and_urls() -> None:
    callback = parse_callback(
        {
            "mode": "live",
            "order_id": "123",
            "status": "finished",
            "language": "english",
            "transcription_url": "https://gotranscript.com/api/v4/test-file/a?api_token=t",
            "captions_url": "",
        }
    )

    assert callback.order_id == 123
    assert (callback.mode, callback.status, callback.language) == ("live", "finished", "english")
    assert list(callback.result_urls) == ["transcription_url"]


def test_a_callback_of_the_older_kinds_has_no_status() -> None:
    callback = parse_callback({"mode": "live", "order_id": "9", "subtitles_url": "https://s"})

    assert callback.status is None
    assert callback.result_urls == {"subtitles_url": "https://s"}


@pytest.mark.parametrize("order_id", [None, "", "abc", "1.5"])
def test_a_callback_without_a_whole_order_id_is_refused(order_id: str | None) -> None:
    form = {"mode": "live"} if order_id is None else {"order_id": order_id}

    with pytest.raises(ApiResponseError, match="callback without a readable order_id"):
        parse_callback(form)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("days_3", "3_days"),
        ("hours_12", "12_hours"),
        ("days_1", "1_days"),
        ("1_day", "1_days"),
        ("5_days", "5_days"),
        (" Days_5 ", "5_days"),
        ("next_week", "next_week"),
    ],
)
def test_turnaround_spellings_of_order_objects_become_request_spellings(
    value: str, expected: str
) -> None:
    assert normalise_turnaround(value) == expected
