"""Reading orders through the client: the order list across pages (each order exactly once,
newest first), `order(id)` before and after completion, and how OrderStatus is derived with
and without the (undocumented) `status` field; test mode's sample orders."""

from __future__ import annotations

import pytest

from gt_watch.api.client import GoTranscriptClient
from gt_watch.model import Mode, OrderKind, OrderStatus
from gt_watch.sandbox import SandboxServer
from tests.integration.contract.helpers import ORDER_TYPES, finished, set_knobs
from tests.support.sandbox_admin import admin, inspect


def _place(client: GoTranscriptClient, media_url: str, count: int) -> list[int]:
    ids = []
    for number in range(count):
        receipt = client.ai_transcription(
            mode=Mode.LIVE, url=f"{media_url}/tone.wav", language="english"
        )
        assert receipt.order_id is not None, number
        ids.append(receipt.order_id)
    return ids


@pytest.mark.parametrize("page_size", [1, 3, 1000])
def test_order_list_yields_every_order_once_newest_first_across_pages(
    page_size: int, client: GoTranscriptClient, sandbox: SandboxServer, media_url: str
) -> None:
    if len(inspect(sandbox)) < 7:
        _place(client, media_url, 7 - len(inspect(sandbox)))
    every_order = sorted((order["id"] for order in inspect(sandbox)), reverse=True)
    set_knobs(sandbox, page_size=page_size)

    listed = [order.id for order in client.orders(Mode.LIVE)]

    assert listed == every_order
    assert len(every_order) >= 7


def test_new_orders_lead_the_list(
    client: GoTranscriptClient, sandbox: SandboxServer, media_url: str
) -> None:
    set_knobs(sandbox, page_size=2)
    newest = _place(client, media_url, 3)
    listed = [order.id for order in client.orders(Mode.LIVE)]
    assert listed[:3] == newest[::-1]


def test_order_reads_pending_until_finished_then_finished_with_its_result_urls(
    client: GoTranscriptClient, sandbox: SandboxServer, media_url: str
) -> None:
    set_knobs(sandbox, delay=3600)
    receipt = client.captions(
        mode=Mode.LIVE, url=f"{media_url}/speech.wav", language="english", comment="Ann, Bob"
    )
    assert receipt.order_id is not None

    pending = client.order(receipt.order_id, Mode.LIVE)
    admin(sandbox, "POST", f"orders/{receipt.order_id}/finish").raise_for_status()
    done = client.order(receipt.order_id, Mode.LIVE)

    assert (pending.status, pending.finished_at, pending.result_urls) == (
        OrderStatus.PENDING,
        None,
        {},
    )
    assert pending.paid_at is not None
    assert pending.delivery_estimate == receipt.delivery_estimate
    assert (pending.type, pending.comment, pending.seconds) == ("captions", "Ann, Bob", 12)
    assert pending.fields["language"] == "english"
    assert done.status is OrderStatus.FINISHED
    assert done.finished_at is not None and done.finished_at >= pending.paid_at
    assert set(done.result_urls) == {"captions_url", "transcription_url"}


def test_without_a_status_field_finished_at_decides_whether_an_order_is_finished(
    client: GoTranscriptClient, sandbox: SandboxServer, media_url: str
) -> None:
    set_knobs(sandbox, delay=3600)
    receipt = client.transcription(mode=Mode.LIVE, url=f"{media_url}/tone.wav", language="english")
    assert receipt.order_id is not None
    set_knobs(sandbox, omit_status=True)

    pending = client.order(receipt.order_id, Mode.LIVE)
    admin(sandbox, "POST", f"orders/{receipt.order_id}/finish").raise_for_status()
    done = client.order(receipt.order_id, Mode.LIVE)

    assert "status" not in pending.fields and "status" not in done.fields
    assert (pending.status, done.status) == (OrderStatus.PENDING, OrderStatus.FINISHED)
    assert done.result_urls == finished(client, receipt.order_id).result_urls
    listed = next(order for order in client.orders(Mode.LIVE) if order.id == receipt.order_id)
    assert listed.status is OrderStatus.FINISHED


def test_test_mode_lists_one_finished_sample_order_per_kind(client: GoTranscriptClient) -> None:
    samples = list(client.orders(Mode.TEST))

    assert sorted(order.type for order in samples) == sorted(ORDER_TYPES.values())
    assert all(order.status is OrderStatus.FINISHED for order in samples)
    captions = next(order for order in samples if order.type == "captions")
    assert client.order(captions.id, Mode.TEST) == captions
    assert "/test-file/captions?" in captions.result_urls["captions_url"]
    assert client.download(captions.result_urls["captions_url"]).startswith(b"1\n")
    assert captions.fields["turnaround_time"] == "days_3"  # the documentation's spelling


def test_test_mode_pages_its_samples_too(
    client: GoTranscriptClient, sandbox: SandboxServer
) -> None:
    set_knobs(sandbox, page_size=2)
    assert [order.id for order in client.orders(Mode.TEST)] == list(range(7, 0, -1))
    assert {ORDER_TYPES[kind] for kind in OrderKind} == {
        order.type for order in client.orders(Mode.TEST)
    }
