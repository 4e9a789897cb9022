"""Quotes (`mode=test`) of all seven kinds through the client: priced from the media's real
duration (or the document's words), with no order id, no order and no charge."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gt_watch.api.client import GoTranscriptClient
from gt_watch.model import Mode, OrderKind
from gt_watch.sandbox import SandboxServer
from tests.integration.contract.helpers import order, wallet_usd
from tests.support.media import SCRIPT, probed_duration, write_wav
from tests.support.sandbox_admin import inspect

STAMP = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$")

# A different container for each kind, and a WAV whose length is not a whole second.
ODD_WAV = "contract-odd-length.wav"
MEDIA_OF_KIND = {
    OrderKind.TRANSCRIPTION: ODD_WAV,
    OrderKind.AI_TRANSCRIPTION: "tone.mp3",
    OrderKind.PROOFREADING: "tone.flac",
    OrderKind.FORCED_ALIGNMENT: "tone.ogg",
    OrderKind.CAPTIONS: "tone.m4a",
    OrderKind.SUBTITLES: "tone.mp4",
}


@pytest.fixture(scope="module", autouse=True)
def odd_wav(media_dir: Path) -> Path:
    return write_wav(media_dir / ODD_WAV, 7.4, seed=21)


def quote_params(kind: OrderKind, media_url: str) -> dict[str, object]:
    if kind is OrderKind.TRANSLATION:
        return {"url": f"{media_url}/script.docx", "translate_from": "english",
                "translate_to": "german"}  # fmt: skip
    media = f"{media_url}/{MEDIA_OF_KIND[kind]}"
    if kind in (OrderKind.PROOFREADING, OrderKind.FORCED_ALIGNMENT):
        return {"audio_url": media, "transcription_url": f"{media_url}/script.txt",
                "language": "english"}  # fmt: skip
    if kind is OrderKind.SUBTITLES:
        return {"url": media, "translate_from": "english", "translate_to": "german"}
    return {"url": media, "language": "english"}


@pytest.mark.parametrize("kind", list(OrderKind), ids=lambda kind: kind.value)
def test_quote_prices_the_real_duration_without_ordering_or_charging(
    kind: OrderKind,
    client: GoTranscriptClient,
    sandbox: SandboxServer,
    media_dir: Path,
    media_url: str,
) -> None:
    wallet, orders = wallet_usd(sandbox), inspect(sandbox)

    receipt = order(client, kind, Mode.TEST, **quote_params(kind, media_url))

    assert (receipt.mode, receipt.status, receipt.order_id) == (Mode.TEST, "success", None)
    assert receipt.order_total > 0
    assert receipt.in_wallet == wallet
    assert receipt.delivery_estimate is not None and STAMP.match(receipt.delivery_estimate)
    if kind is OrderKind.TRANSLATION:
        assert (receipt.seconds, receipt.words) == (0, len(SCRIPT.split()))
    else:
        real = probed_duration(media_dir / MEDIA_OF_KIND[kind])
        assert receipt.seconds == int(real + 0.5)
        assert receipt.words is None
    if kind is OrderKind.AI_TRANSCRIPTION:
        assert receipt.ai_transcripts_minutes_left == 0
    assert wallet_usd(sandbox) == wallet
    assert inspect(sandbox) == orders


def test_quote_bills_only_the_span_between_from_and_till(
    client: GoTranscriptClient, media_dir: Path, media_url: str
) -> None:
    assert probed_duration(media_dir / "minute.wav") == 75.0
    whole = client.transcription(mode=Mode.TEST, url=f"{media_url}/minute.wav", language="english")
    part = client.transcription(
        mode=Mode.TEST,
        url=f"{media_url}/minute.wav",
        language="english",
        from_seconds=10,
        till_seconds=40,
    )
    assert (whole.seconds, part.seconds) == (75, 30)
    assert part.order_total < whole.order_total


def test_quote_grows_with_a_faster_turnaround(client: GoTranscriptClient, media_url: str) -> None:
    totals = [
        client.captions(
            mode=Mode.TEST,
            url=f"{media_url}/speech.wav",
            language="english",
            turnaround_time=turnaround,
        ).order_total
        for turnaround in ("5_days", "3_days", "1_days", "12_hours")
    ]
    assert totals == sorted(totals)
    assert len(set(totals)) == 4
