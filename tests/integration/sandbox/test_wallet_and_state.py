"""The wallet (exhaustion, AI minutes) and the state file (orders, wallet and pending
callbacks survive a restart)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import httpx
import pytest

from gt_watch.sandbox import SandboxServer
from tests.integration.sandbox.conftest import FAST
from tests.integration.sandbox.helpers import finished_order, get, post_order
from tests.support.callbacks import CallbackReceiver
from tests.support.sandbox_admin import admin, inspect
from tests.support.waiting import wait_for


def _order(
    sandbox: SandboxServer, media_url: str, mode: str = "live", **extra: str
) -> httpx.Response:
    return post_order(
        sandbox,
        "transcriptions",
        mode=mode,
        url=f"{media_url}/minute.wav",
        language="english",
        turnaround_time="12_hours",
        **extra,
    )


def test_live_order_beyond_the_wallet_is_refused_and_nothing_is_charged(
    media_url: str,
) -> None:
    with SandboxServer(dataclasses.replace(FAST, wallet_usd=5.0)) as sandbox:
        first = _order(sandbox, media_url)  # 75 s: two started minutes at 2.34
        assert first.json()["order_total"] == 4.68
        assert first.json()["in_wallet"] == pytest.approx(0.32)
        refused = _order(sandbox, media_url)
        assert refused.status_code == 400
        assert refused.json() == {
            "mode": "live",
            "status": "error",
            "error": "not enough money in the wallet: the order costs 4.68 USD, "
            "the wallet holds 0.32 USD",
        }
        assert len(inspect(sandbox)) == 1
        quoted = _order(sandbox, media_url, mode="test")
        assert quoted.status_code == 200
        assert quoted.json()["in_wallet"] == pytest.approx(0.32)


def test_ai_minutes_are_used_before_the_wallet_and_reported(media_url: str) -> None:
    with SandboxServer(dataclasses.replace(FAST, ai_minutes=1)) as sandbox:
        quote = post_order(
            sandbox,
            "automatic_transcriptions",
            mode="test",
            url=f"{media_url}/minute.wav",
            language="english",
        ).json()
        assert (quote["order_total"], quote["ai_transcripts_minutes_left"]) == (0.2, 1)
        live = post_order(
            sandbox,
            "automatic_transcriptions",
            mode="live",
            url=f"{media_url}/minute.wav",
            language="english",
        ).json()
        assert (live["order_total"], live["ai_transcripts_minutes_left"]) == (0.2, 0)
        assert live["in_wallet"] == 999.8


def test_orders_wallet_and_pending_callbacks_survive_a_restart(
    tmp_path: Path, media_url: str, receiver: CallbackReceiver
) -> None:
    settings = dataclasses.replace(
        FAST, state_path=tmp_path / "state" / "sandbox.sqlite3", delay=0.5
    )
    with SandboxServer(settings) as sandbox:
        done = _order(sandbox, media_url).json()
        finished_order(sandbox, done["order_id"])
        admin(sandbox, "PATCH", "knobs", delay=3600).raise_for_status()
        pending = _order(sandbox, media_url, callback_url=receiver.url()).json()
        wallet = pending["in_wallet"]
    assert receiver.calls == []

    restarted = dataclasses.replace(settings, delay=0.05)
    with SandboxServer(restarted) as sandbox:
        orders = {order["id"]: order for order in inspect(sandbox)}
        assert orders[1]["status"] == "finished"
        assert orders[2]["status"] == "in_progress"
        assert admin(sandbox, "GET", "wallet").json()["usd"] == wallet
        admin(sandbox, "POST", "orders/2/finish").raise_for_status()
        [callback] = receiver.wait_for(1)
        assert callback.fields["order_id"] == "2"
        assert _order(sandbox, media_url).json()["order_id"] == 3
        text = get(sandbox, "orders/1/transcription", format="text")
        assert text.status_code == 200


def test_a_due_completion_resumes_by_itself_after_a_restart(
    tmp_path: Path, media_url: str, receiver: CallbackReceiver
) -> None:
    # Due well after the first sandbox stops, even on a loaded machine.
    settings = dataclasses.replace(FAST, state_path=tmp_path / "sandbox.sqlite3", delay=3.0)
    with SandboxServer(settings) as sandbox:
        _order(sandbox, media_url, callback_url=receiver.url())
    assert receiver.calls == []
    with SandboxServer(settings) as sandbox:
        [callback] = receiver.wait_for(1)
        assert callback.fields["order_id"] == "1"
        # The receiver has the callback a moment before the sandbox records its answer.
        wait_for(lambda: [c["state"] for c in inspect(sandbox)[0]["callbacks"]] == ["delivered"])


def test_state_file_keeps_no_token_and_no_media(
    tmp_path: Path, media_url: str, receiver: CallbackReceiver
) -> None:
    state = tmp_path / "sandbox.sqlite3"
    with SandboxServer(dataclasses.replace(FAST, state_path=state)) as sandbox:
        _order(sandbox, media_url, callback_url=receiver.url())
        receiver.wait_for(1)
    stored = b"".join(path.read_bytes() for path in tmp_path.iterdir())
    assert b"test-token" not in stored
    assert b"RIFF" not in stored
