"""Callbacks from the sandbox to a real receiver on 127.0.0.1, read with
`api.formats.parse_callback` and confirmed through `order(id)`: retries until the receiver
answers `ok`, dropped and duplicated callbacks, re-delivery, and forced refunds."""

from __future__ import annotations

from typing import Any

import pytest

from gt_watch.api.client import GoTranscriptClient
from gt_watch.api.formats import parse_callback, parse_text_document
from gt_watch.model import Mode, OrderKind, OrderStatus
from gt_watch.sandbox import SandboxServer
from tests.integration.contract.helpers import (
    finished,
    live_order_id,
    set_knobs,
    wallet_usd,
)
from tests.support.callbacks import CallbackReceiver
from tests.support.sandbox_admin import admin, inspect
from tests.support.waiting import wait_for


def _ai_order(client: GoTranscriptClient, media_url: str, callback_url: str) -> int:
    return live_order_id(
        client,
        OrderKind.AI_TRANSCRIPTION,
        url=f"{media_url}/speech.wav",
        language="english",
        callback_url=callback_url,
    )


def _settled_deliveries(sandbox: SandboxServer, order_id: int) -> list[dict[str, Any]]:
    """The order's callback deliveries once none is pending any more."""

    def probe() -> list[dict[str, Any]] | None:
        [order] = [order for order in inspect(sandbox) if order["id"] == order_id]
        deliveries: list[dict[str, Any]] = order["callbacks"]
        settled = deliveries and all(d["state"] != "pending" for d in deliveries)
        return deliveries if settled else None

    return wait_for(probe)


def test_callback_is_retried_until_the_receiver_answers_ok(
    client: GoTranscriptClient,
    sandbox: SandboxServer,
    media_url: str,
    receiver: CallbackReceiver,
) -> None:
    receiver.answers = ["busy", "OK, thanks"]  # anything but the literal `ok` is a refusal
    order_id = _ai_order(client, media_url, receiver.url())

    [delivery] = _settled_deliveries(sandbox, order_id)

    assert delivery["state"] == "delivered"
    assert [attempt["accepted"] for attempt in delivery["attempts"]] == [False, False, True]
    assert len(receiver.calls) == 3
    payloads = [parse_callback(call.fields) for call in receiver.calls]
    assert payloads[0] == payloads[1] == payloads[2]
    assert (payloads[0].order_id, payloads[0].status) == (order_id, "finished")


def test_a_dropped_callback_never_arrives_and_polling_finds_the_order_finished(
    client: GoTranscriptClient,
    sandbox: SandboxServer,
    media_url: str,
    receiver: CallbackReceiver,
) -> None:
    admin(sandbox, "POST", "callbacks/drop", count=1).raise_for_status()
    dropped = _ai_order(client, media_url, receiver.url("dropped"))
    delivered = _ai_order(client, media_url, receiver.url("delivered"))

    [call] = receiver.wait_for(1)
    info = finished(client, dropped)

    assert call.path == "/callbacks/delivered"
    assert parse_callback(call.fields).order_id == delivered
    assert [d["state"] for d in _settled_deliveries(sandbox, dropped)] == ["dropped"]
    assert set(info.result_urls) == {"transcription_url", "captions_url"}
    assert len(receiver.calls) == 1


def test_a_duplicated_callback_arrives_twice_with_the_same_payload(
    client: GoTranscriptClient,
    sandbox: SandboxServer,
    media_url: str,
    receiver: CallbackReceiver,
) -> None:
    admin(sandbox, "POST", "callbacks/duplicate", count=1).raise_for_status()
    order_id = _ai_order(client, media_url, receiver.url())

    first, second = receiver.wait_for(2)

    assert parse_callback(first.fields) == parse_callback(second.fields)
    assert parse_callback(first.fields).order_id == order_id
    assert len(_settled_deliveries(sandbox, order_id)) == 2


def test_redelivery_calls_back_again_and_the_files_change(
    client: GoTranscriptClient,
    sandbox: SandboxServer,
    media_url: str,
    receiver: CallbackReceiver,
) -> None:
    order_id = _ai_order(client, media_url, receiver.url())
    [first] = receiver.wait_for(1)
    url = parse_callback(first.fields).result_urls["transcription_url"]
    before = parse_text_document(client.download(url, "text"))

    revised = admin(sandbox, "POST", f"orders/{order_id}/redeliver").json()
    [_, second] = receiver.wait_for(2)
    after = parse_text_document(client.download(url, "text"))

    assert revised["revision"] == 2
    assert parse_callback(second.fields) == parse_callback(first.fields)
    assert after.text != before.text
    assert len(after.text.split()) == len(before.text.split())
    assert client.order(order_id, Mode.LIVE).status is OrderStatus.FINISHED


@pytest.mark.parametrize("omit_status", [False, True])
def test_forced_refund_shows_in_the_callback_and_in_the_order(
    omit_status: bool,
    client: GoTranscriptClient,
    sandbox: SandboxServer,
    media_url: str,
    receiver: CallbackReceiver,
) -> None:
    set_knobs(sandbox, delay=3600, omit_status=omit_status)
    wallet = wallet_usd(sandbox)
    order_id = _ai_order(client, media_url, receiver.url())
    assert wallet_usd(sandbox) < wallet

    admin(sandbox, "POST", f"orders/{order_id}/refund").raise_for_status()
    [call] = receiver.wait_for(1)
    payload = parse_callback(call.fields)
    info = client.order(order_id, Mode.LIVE)

    assert (payload.order_id, payload.status, payload.result_urls) == (order_id, "refunded", {})
    assert call.fields["transcription_url"] == call.fields["captions_url"] == ""
    assert wallet_usd(sandbox) == wallet
    assert (info.finished_at, info.result_urls) == (None, {})
    # ASSUMPTION (api/formats.py order_status): without a status field the order object
    # cannot tell a refund from work in progress; only the callback says so (see
    # docs/api-contract.md).
    assert info.status is (OrderStatus.PENDING if omit_status else OrderStatus.REFUNDED)


def test_refund_of_a_kind_whose_callback_has_no_status_sends_no_callback(
    client: GoTranscriptClient,
    sandbox: SandboxServer,
    media_url: str,
    receiver: CallbackReceiver,
) -> None:
    set_knobs(sandbox, delay=3600)
    order_id = live_order_id(
        client,
        OrderKind.TRANSCRIPTION,
        url=f"{media_url}/tone.wav",
        language="english",
        callback_url=receiver.url(),
    )
    admin(sandbox, "POST", f"orders/{order_id}/refund").raise_for_status()

    assert client.order(order_id, Mode.LIVE).status is OrderStatus.REFUNDED
    [order] = [order for order in inspect(sandbox) if order["id"] == order_id]
    assert order["callbacks"] == []
    assert receiver.calls == []
