"""The admin API: re-delivery, refunds, armed 5xx faults, knobs, and its own guard."""

from __future__ import annotations

import httpx
import pytest

from gt_watch.sandbox import SandboxServer
from tests.integration.sandbox.helpers import finished_order, get, post_order
from tests.support.callbacks import CallbackReceiver
from tests.support.sandbox_admin import admin, inspect


def _transcription(sandbox: SandboxServer, media_url: str, callback: str | None = None) -> int:
    params = {"callback_url": callback} if callback else {}
    response = post_order(
        sandbox,
        "transcriptions",
        mode="live",
        url=f"{media_url}/speech.wav",
        language="english",
        **params,
    )
    assert response.status_code == 200, response.text
    order_id: int = response.json()["order_id"]
    return order_id


def test_redelivery_publishes_a_new_revision_and_calls_back_again(
    sandbox: SandboxServer, media_url: str, receiver: CallbackReceiver
) -> None:
    order_id = _transcription(sandbox, media_url, receiver.url())
    [first] = receiver.wait_for(1)
    url = first.fields["transcription_url"]
    before = httpx.get(url + "&format=text").text
    assert admin(sandbox, "POST", f"orders/{order_id}/redeliver").json()["revision"] == 2
    second = receiver.wait_for(2)[1]
    assert second.fields == first.fields
    after = httpx.get(url + "&format=text").text
    assert after != before
    assert len(after.split()) == len(before.split())


def test_forced_refund_credits_the_wallet_and_marks_the_order_refunded(
    sandbox: SandboxServer, media_url: str, receiver: CallbackReceiver
) -> None:
    admin(sandbox, "PATCH", "knobs", delay=60).raise_for_status()
    response = post_order(
        sandbox,
        "automatic_transcriptions",
        mode="live",
        url=f"{media_url}/tone.wav",
        language="english",
        callback_url=receiver.url(),
    )
    order_id = response.json()["order_id"]
    assert admin(sandbox, "GET", "wallet").json()["usd"] == pytest.approx(999.8)
    admin(sandbox, "POST", f"orders/{order_id}/refund").raise_for_status()
    assert admin(sandbox, "GET", "wallet").json()["usd"] == 1000.0
    order = get(sandbox, f"orders/{order_id}", mode="live").json()["data"]
    assert order["status"] == "refunded"
    assert "transcription_url" not in order
    [callback] = receiver.wait_for(1)
    assert callback.fields == {
        "mode": "live",
        "order_id": str(order_id),
        "status": "refunded",
        "language": "english",
        "transcription_url": "",
        "captions_url": "",
    }
    files = get(sandbox, f"orders/{order_id}/transcription")
    assert files.status_code == 400
    assert "was refunded" in files.json()["error"]


def test_refund_of_a_kind_without_callback_status_sends_no_callback(
    sandbox: SandboxServer, media_url: str, receiver: CallbackReceiver
) -> None:
    admin(sandbox, "PATCH", "knobs", delay=60).raise_for_status()
    order_id = _transcription(sandbox, media_url, receiver.url())
    admin(sandbox, "POST", f"orders/{order_id}/refund").raise_for_status()
    assert inspect(sandbox)[0]["callbacks"] == []
    again = admin(sandbox, "POST", f"orders/{order_id}/refund")
    assert again.status_code == 400
    assert "already refunded" in again.json()["error"]


def test_finish_now_completes_an_order_before_its_delay(
    sandbox: SandboxServer, media_url: str
) -> None:
    admin(sandbox, "PATCH", "knobs", delay=3600).raise_for_status()
    order_id = _transcription(sandbox, media_url)
    early = get(sandbox, f"orders/{order_id}/transcription")
    assert "is not finished yet" in early.json()["error"]
    admin(sandbox, "POST", f"orders/{order_id}/finish").raise_for_status()
    assert finished_order(sandbox, order_id)["status"] == "finished"


def test_armed_faults_fail_exactly_the_next_matching_requests(
    sandbox: SandboxServer, media_url: str
) -> None:
    admin(
        sandbox, "POST", "faults", count=2, status=502, path="/api/v4/orders", method="GET"
    ).raise_for_status()
    order_id = _transcription(sandbox, media_url)  # a POST elsewhere: untouched
    statuses = [get(sandbox, "orders", mode="live").status_code for _ in range(3)]
    assert statuses == [502, 502, 200]
    assert get(sandbox, f"orders/{order_id}", mode="live").status_code == 200


def test_fault_after_the_fact_places_the_order_but_answers_5xx(
    sandbox: SandboxServer, media_url: str
) -> None:
    admin(
        sandbox, "POST", "faults", count=1, path="/api/v4/transcriptions", after=True
    ).raise_for_status()
    response = post_order(
        sandbox, "transcriptions", mode="live", url=f"{media_url}/tone.wav", language="english"
    )
    assert response.status_code == 503
    assert [order["id"] for order in inspect(sandbox)] == [1]


def test_error_rate_one_fails_every_api_request_but_not_the_admin_api(
    sandbox: SandboxServer,
) -> None:
    admin(sandbox, "PATCH", "knobs", error_rate=1.0).raise_for_status()
    assert get(sandbox, "orders", mode="test").status_code == 503
    assert admin(sandbox, "PATCH", "knobs", error_rate=0.0).status_code == 200
    assert get(sandbox, "orders", mode="test").status_code == 200


def test_status_field_can_be_left_out_of_order_objects(
    sandbox: SandboxServer, media_url: str
) -> None:
    order_id = _transcription(sandbox, media_url)
    assert "status" in finished_order(sandbox, order_id)
    admin(sandbox, "PATCH", "knobs", omit_status=True).raise_for_status()
    assert "status" not in get(sandbox, f"orders/{order_id}", mode="live").json()["data"]


def test_admin_api_needs_the_bearer_token(sandbox: SandboxServer) -> None:
    response = httpx.get(
        f"{sandbox.root_url}/sandbox/orders", headers={"Authorization": "Bearer nope"}
    )
    assert response.status_code == 401


def test_bad_knob_values_are_refused_with_the_reason(sandbox: SandboxServer) -> None:
    response = admin(sandbox, "PATCH", "knobs", speed=0, colour="red")
    assert response.status_code == 400
    assert "speed" in response.json()["error"]
    assert "colour" in response.json()["error"]


def test_redelivery_of_an_unfinished_order_is_refused(
    sandbox: SandboxServer, media_url: str
) -> None:
    admin(sandbox, "PATCH", "knobs", delay=3600).raise_for_status()
    order_id = _transcription(sandbox, media_url)
    response = admin(sandbox, "POST", f"orders/{order_id}/redeliver")
    assert response.status_code == 400
    assert "only finished orders are re-delivered" in response.json()["error"]
