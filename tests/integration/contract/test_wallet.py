"""The wallet through the client: an order beyond it is refused (400) with nothing created
or charged; AI transcription spends subscription minutes before money."""

from __future__ import annotations

from typing import Any

import pytest

from gt_watch.api.client import GoTranscriptClient
from gt_watch.errors import ApiRequestError
from gt_watch.model import Mode
from gt_watch.sandbox import SandboxServer
from tests.integration.contract.helpers import wallet_usd
from tests.support.sandbox_admin import admin, inspect


def test_order_beyond_the_wallet_is_refused_and_nothing_is_created_or_charged(
    client: GoTranscriptClient, sandbox: SandboxServer, media_url: str
) -> None:
    params: dict[str, Any] = {
        "url": f"{media_url}/minute.wav",
        "language": "english",
        "turnaround_time": "1_days",
    }
    price = client.captions(mode=Mode.TEST, **params).order_total
    admin(sandbox, "PUT", "wallet", usd=price - 0.01).raise_for_status()
    orders = inspect(sandbox)

    with pytest.raises(ApiRequestError) as refused:
        client.captions(mode=Mode.LIVE, **params)

    assert (refused.value.status_code, refused.value.mode) == (400, "live")
    assert refused.value.error == (
        f"not enough money in the wallet: the order costs {price:.2f} USD, "
        f"the wallet holds {price - 0.01:.2f} USD"
    )
    assert inspect(sandbox) == orders
    assert wallet_usd(sandbox) == pytest.approx(price - 0.01)


def test_order_costing_exactly_the_wallet_empties_it(
    client: GoTranscriptClient, sandbox: SandboxServer, media_url: str
) -> None:
    params: dict[str, Any] = {"url": f"{media_url}/speech.wav", "language": "english"}
    price = client.transcription(mode=Mode.TEST, **params).order_total
    admin(sandbox, "PUT", "wallet", usd=price).raise_for_status()

    receipt = client.transcription(mode=Mode.LIVE, **params)

    assert (receipt.order_total, receipt.in_wallet) == (price, 0.0)
    assert wallet_usd(sandbox) == 0.0


def test_ai_transcription_spends_subscription_minutes_before_the_wallet(
    client: GoTranscriptClient, sandbox: SandboxServer, media_url: str
) -> None:
    admin(sandbox, "PUT", "wallet", ai_minutes=1).raise_for_status()
    wallet = wallet_usd(sandbox)

    covered = client.ai_transcription(
        mode=Mode.LIVE, url=f"{media_url}/tone.wav", language="english"
    )
    paid = client.ai_transcription(mode=Mode.LIVE, url=f"{media_url}/tone.wav", language="english")

    assert (covered.order_total, covered.ai_transcripts_minutes_left) == (0.0, 0)
    assert covered.in_wallet == wallet
    assert paid.order_total > 0
    assert paid.in_wallet == pytest.approx(wallet - paid.order_total)
