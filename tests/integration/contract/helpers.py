"""What the contract tests share: the token, the orders of each kind as the client places
them, waiting for an order through the client, and what the vendor documentation promises
(copied from gotranscript-api-v4.txt here, not read from gt_watch.catalog, so that a mistake
in the catalog cannot hide behind itself)."""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field

from gt_watch.api.client import GoTranscriptClient
from gt_watch.api.retry import RetryPolicy
from gt_watch.model import Mode, OrderInfo, OrderKind, OrderReceipt, OrderStatus
from gt_watch.sandbox import SandboxServer
from tests.support.sandbox_admin import admin
from tests.support.waiting import wait_for

# Distinctive, so that a leak is found by searching for it.
TOKEN = "ctr-7f3a9c2e-SECRET-token"

# The callback fields each kind's section of the documentation lists.
DOCUMENTED_CALLBACK_FIELDS: Mapping[OrderKind, frozenset[str]] = {
    OrderKind.TRANSCRIPTION: frozenset({"mode", "order_id", "transcription_url", "language"}),
    OrderKind.AI_TRANSCRIPTION: frozenset(
        {"mode", "order_id", "status", "language", "transcription_url", "captions_url"}
    ),
    OrderKind.PROOFREADING: frozenset(
        {"mode", "order_id", "status", "proofread_transcription_url", "proofread_captions_url"}
    ),
    OrderKind.FORCED_ALIGNMENT: frozenset(
        {"mode", "order_id", "status", "language", "forced_alignment_transcription_url"}
    ),
    OrderKind.TRANSLATION: frozenset({"mode", "order_id", "translation_url"}),
    OrderKind.CAPTIONS: frozenset(
        {"mode", "order_id", "captions_url", "transcription_url", "language"}
    ),
    OrderKind.SUBTITLES: frozenset({"mode", "order_id", "subtitles_url"}),
}
# The order object's `type`: documented for four kinds, assumed (catalog.py) for three.
ORDER_TYPES: Mapping[OrderKind, str] = {
    OrderKind.TRANSCRIPTION: "transcriptions",
    OrderKind.AI_TRANSCRIPTION: "automatic_transcriptions",
    OrderKind.PROOFREADING: "transcription_proofreading",
    OrderKind.FORCED_ALIGNMENT: "forced_alignment",
    OrderKind.TRANSLATION: "translations",
    OrderKind.CAPTIONS: "captions",
    OrderKind.SUBTITLES: "subtitles",
}
CAPTION_FIELDS = frozenset({"captions_url", "proofread_captions_url", "subtitles_url"})


@dataclass
class RecordedSleeps:
    """A retry policy's `sleep`: waits for real (briefly) and remembers every wait."""

    waits: list[float] = field(default_factory=list)

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)
        time.sleep(seconds)


RETRY_ATTEMPTS = 4


def fast_retry(sleeps: RecordedSleeps) -> RetryPolicy:
    """A retry policy like the default one (RETRY_ATTEMPTS tries), with waits of
    milliseconds that `sleeps` records."""
    return RetryPolicy(attempts=RETRY_ATTEMPTS, first_wait=0.01, max_wait=0.05, sleep=sleeps)


def kind_params(kind: OrderKind, media_url: str) -> dict[str, object]:
    """Valid keyword arguments of the client's method for `kind` (without mode and
    callback): 12 s of speech.wav, scripts as plain text."""
    media, script = f"{media_url}/speech.wav", f"{media_url}/script.txt"
    chained: dict[str, object] = {
        "audio_url": media,
        "transcription_url": script,
        "language": "english",
    }
    choices: dict[OrderKind, dict[str, object]] = {
        OrderKind.TRANSCRIPTION: {"url": media, "language": "english"},
        OrderKind.AI_TRANSCRIPTION: {"url": media, "language": "english"},
        OrderKind.PROOFREADING: {**chained, "captions": True},
        OrderKind.FORCED_ALIGNMENT: chained,
        OrderKind.TRANSLATION: {
            "url": f"{media_url}/script.docx",
            "translate_from": "english",
            "translate_to": "german",
        },
        OrderKind.CAPTIONS: {"url": media, "language": "english"},
        OrderKind.SUBTITLES: {"url": media, "translate_from": "english", "translate_to": "spanish"},
    }
    return choices[kind]


_METHODS: Mapping[OrderKind, str] = {
    OrderKind.TRANSCRIPTION: "transcription",
    OrderKind.AI_TRANSCRIPTION: "ai_transcription",
    OrderKind.PROOFREADING: "proofreading",
    OrderKind.FORCED_ALIGNMENT: "forced_alignment",
    OrderKind.TRANSLATION: "translation",
    OrderKind.CAPTIONS: "captions",
    OrderKind.SUBTITLES: "subtitles",
}


def order(
    client: GoTranscriptClient, kind: OrderKind, mode: Mode, **params: object
) -> OrderReceipt:
    """Place an order through the client's own method for `kind`."""
    receipt: OrderReceipt = getattr(client, _METHODS[kind])(mode=mode, **params)
    return receipt


def live_order_id(client: GoTranscriptClient, kind: OrderKind, **params: object) -> int:
    """Place a live order of `kind`; return its id."""
    receipt = order(client, kind, Mode.LIVE, **params)
    assert receipt.order_id is not None
    return receipt.order_id


def finished(client: GoTranscriptClient, order_id: int) -> OrderInfo:
    """Poll `order(id)` through the client until the order is finished; return it."""

    def probe() -> OrderInfo | None:
        info = client.order(order_id, Mode.LIVE)
        return info if info.status is OrderStatus.FINISHED else None

    return wait_for(probe)


def wallet_usd(sandbox: SandboxServer) -> float:
    """The sandbox wallet's balance, read through the admin API."""
    usd: float = admin(sandbox, "GET", "wallet").json()["usd"]
    return usd


def set_knobs(sandbox: SandboxServer, **knobs: object) -> None:
    """Turn sandbox knobs (the contract conftest turns them back after the test)."""
    admin(sandbox, "PATCH", "knobs", **knobs).raise_for_status()


def arm_fault(sandbox: SandboxServer, **rule: object) -> None:
    """Arm a sandbox fault: fail the next matching API requests (see sandbox/admin.py)."""
    admin(sandbox, "POST", "faults", **rule).raise_for_status()


def armed_faults(sandbox: SandboxServer) -> list[dict[str, object]]:
    """The faults still armed: a request that reached the sandbox would have used one up."""
    faults: list[dict[str, object]] = admin(sandbox, "GET", "knobs").json()["faults"]
    return faults
