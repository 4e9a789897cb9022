"""Server trouble through the client: reads (orders, order, downloads) are retried on 5xx
and succeed after N failures; an order POST that met a 5xx is never sent again and is
reported in doubt (OrderOutcomeUnknown), even when the order was placed and paid; an API
that cannot be reached at all is retried and reported unavailable."""

from __future__ import annotations

import pytest

from gt_watch.api.client import GoTranscriptClient
from gt_watch.errors import ApiServerError, ApiUnavailableError, OrderOutcomeUnknown
from gt_watch.model import Mode, OrderKind, OrderStatus
from gt_watch.sandbox import SandboxServer
from tests.integration.contract.helpers import (
    RETRY_ATTEMPTS,
    TOKEN,
    RecordedSleeps,
    arm_fault,
    armed_faults,
    fast_retry,
    finished,
    live_order_id,
    wallet_usd,
)
from tests.support.net import free_port
from tests.support.sandbox_admin import inspect

ATTEMPTS = RETRY_ATTEMPTS


@pytest.fixture
def order_id(client: GoTranscriptClient, media_url: str) -> int:
    """A finished AI transcription to read."""
    placed = live_order_id(
        client, OrderKind.AI_TRANSCRIPTION, url=f"{media_url}/tone.wav", language="english"
    )
    finished(client, placed)
    return placed


@pytest.mark.parametrize("failures", [1, ATTEMPTS - 1])
def test_get_order_succeeds_after_as_many_retries_as_5xx_answers(
    failures: int,
    client: GoTranscriptClient,
    sandbox: SandboxServer,
    sleeps: RecordedSleeps,
    order_id: int,
) -> None:
    arm_fault(sandbox, path=f"/api/v4/orders/{order_id}", method="GET", count=failures, status=502)

    info = client.order(order_id, Mode.LIVE)

    assert (info.id, info.status) == (order_id, OrderStatus.FINISHED)
    assert armed_faults(sandbox) == []
    assert len(sleeps.waits) == failures


def test_get_order_gives_up_after_the_policys_attempts(
    client: GoTranscriptClient, sandbox: SandboxServer, sleeps: RecordedSleeps, order_id: int
) -> None:
    arm_fault(sandbox, path=f"/api/v4/orders/{order_id}", method="GET", count=ATTEMPTS + 1)

    with pytest.raises(ApiServerError) as failed:
        client.order(order_id, Mode.LIVE)

    assert failed.value.status_code == 503
    assert "sandbox: injected server error (HTTP 503)" in failed.value.message
    assert [fault["remaining"] for fault in armed_faults(sandbox)] == [1]
    assert len(sleeps.waits) == ATTEMPTS - 1


def test_order_list_and_download_are_retried_on_5xx_too(
    client: GoTranscriptClient, sandbox: SandboxServer, sleeps: RecordedSleeps, order_id: int
) -> None:
    url = client.order(order_id, Mode.LIVE).result_urls["transcription_url"]
    arm_fault(sandbox, path="/api/v4/orders", method="GET", count=2, status=500)

    listed = [order.id for order in client.orders(Mode.LIVE)]
    arm_fault(sandbox, path=f"/api/v4/orders/{order_id}/transcription", count=2, status=504)
    text = client.download(url, "text")

    assert order_id in listed
    assert text.strip()
    assert armed_faults(sandbox) == []
    assert len(sleeps.waits) == 4


@pytest.mark.parametrize("after", [True, False], ids=["placed-then-5xx", "5xx-before-placing"])
def test_order_post_meeting_a_5xx_is_never_sent_again_and_is_in_doubt(
    after: bool,
    client: GoTranscriptClient,
    sandbox: SandboxServer,
    sleeps: RecordedSleeps,
    media_url: str,
) -> None:
    arm_fault(sandbox, path="/api/v4/transcriptions", method="POST", count=2, after=after)
    wallet, before = wallet_usd(sandbox), inspect(sandbox)

    with pytest.raises(OrderOutcomeUnknown) as in_doubt:
        client.transcription(
            mode=Mode.LIVE,
            url=f"{media_url}/tone.wav",
            language="english",
            comment="gt-watch job 42",
        )

    assert "It was not sent again" in in_doubt.value.message
    assert "look for the order in the account's order list" in in_doubt.value.message
    assert [fault["remaining"] for fault in armed_faults(sandbox)] == [1]  # one attempt only
    assert sleeps.waits == []
    created = inspect(sandbox)[len(before) :]
    if not after:
        assert (created, wallet_usd(sandbox)) == ([], wallet)
        return
    # The in-doubt case reconciliation must handle: the order exists and was paid for, and
    # the account's order list (newest first) is where to find it by its tag.
    [placed] = created
    assert (placed["kind"], placed["comment"]) == ("transcriptions", "gt-watch job 42")
    assert wallet_usd(sandbox) == pytest.approx(wallet - placed["price"])
    newest = next(client.orders(Mode.LIVE))
    assert (newest.id, newest.comment) == (placed["id"], "gt-watch job 42")


def test_unreachable_api_is_retried_and_reported_unavailable(
    sleeps: RecordedSleeps, media_url: str
) -> None:
    closed = f"http://127.0.0.1:{free_port()}/api/v4"
    with GoTranscriptClient(closed, TOKEN, retry=fast_retry(sleeps)) as client:
        with pytest.raises(ApiUnavailableError) as not_sent:
            client.captions(mode=Mode.LIVE, url=f"{media_url}/tone.wav", language="english")
        with pytest.raises(ApiUnavailableError) as not_read:
            client.order(1, Mode.LIVE)

    # A refused connection provably sent nothing, so even the order POST may be retried.
    assert f"{ATTEMPTS} attempt(s), last: ConnectError" in not_sent.value.message
    assert "Nothing was ordered." in not_sent.value.message
    assert f"{ATTEMPTS} attempt(s), last: ConnectError" in not_read.value.message
    assert len(sleeps.waits) == 2 * (ATTEMPTS - 1)
