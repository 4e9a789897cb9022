"""Live orders of all seven kinds through the client: charged, finished, called back with
the documented multipart fields, readable through `order(id)`, their files downloadable and
parseable; proofreading and forced alignment fed a local script or the sandbox's own result."""

from __future__ import annotations

import pytest

from gt_watch.api.client import GoTranscriptClient
from gt_watch.api.formats import (
    parse_alignment,
    parse_callback,
    parse_captions,
    parse_transcript,
)
from gt_watch.model import Mode, OrderKind, OrderStatus, Transcript
from gt_watch.sandbox import SandboxServer
from tests.integration.contract.helpers import (
    CAPTION_FIELDS,
    DOCUMENTED_CALLBACK_FIELDS,
    ORDER_TYPES,
    finished,
    kind_params,
    live_order_id,
    order,
    wallet_usd,
)
from tests.support.callbacks import CallbackReceiver
from tests.support.media import SCRIPT

SPEECH_SECONDS = 12.0


def _check_result(client: GoTranscriptClient, field: str, url: str) -> None:
    """Download one result file through the client and parse it with gt-watch's parsers."""
    if field in CAPTION_FIELDS:
        cues = parse_captions(client.download(url))
        assert cues and cues[-1].end <= SPEECH_SECONDS
    elif field == "forced_alignment_transcription_url":
        words = parse_alignment(client.download(url)).words
        assert [word.text for word in words] == _bare(SCRIPT.split())
    else:
        transcript = parse_transcript(client.download(url, "json"))
        assert transcript.text.strip()
        assert transcript.duration <= SPEECH_SECONDS


def _bare(words: list[str]) -> list[str]:
    return [word.strip('.,!?;:"()').lower() for word in words]


@pytest.mark.parametrize("kind", list(OrderKind), ids=lambda kind: kind.value)
def test_live_order_is_charged_called_back_and_readable_through_the_client(
    kind: OrderKind,
    client: GoTranscriptClient,
    sandbox: SandboxServer,
    media_url: str,
    receiver: CallbackReceiver,
) -> None:
    wallet = wallet_usd(sandbox)

    receipt = order(
        client,
        kind,
        Mode.LIVE,
        callback_url=receiver.url(kind.value),
        **kind_params(kind, media_url),
    )

    assert receipt.mode is Mode.LIVE and receipt.order_id is not None
    assert receipt.in_wallet == pytest.approx(wallet - receipt.order_total)
    assert wallet_usd(sandbox) == pytest.approx(receipt.in_wallet)
    [callback] = receiver.wait_for(1)
    assert callback.path == f"/callbacks/{kind.value}"
    assert callback.content_type.startswith("multipart/form-data; boundary=")
    assert set(callback.fields) == DOCUMENTED_CALLBACK_FIELDS[kind]
    payload = parse_callback(callback.fields)
    assert (payload.order_id, payload.mode) == (receipt.order_id, "live")
    assert payload.status == ("finished" if "status" in callback.fields else None)
    assert payload.language == ("english" if "language" in callback.fields else None)
    info = client.order(receipt.order_id, Mode.LIVE)
    assert (info.id, info.type, info.status) == (
        receipt.order_id,
        ORDER_TYPES[kind],
        OrderStatus.FINISHED,
    )
    assert (info.price, info.seconds) == (receipt.order_total, receipt.seconds)
    assert info.result_urls == payload.result_urls
    assert payload.result_urls
    for field, url in payload.result_urls.items():
        _check_result(client, field, url)


def test_proofreading_without_captions_calls_back_without_a_captions_url(
    client: GoTranscriptClient, media_url: str, receiver: CallbackReceiver
) -> None:
    params = {**kind_params(OrderKind.PROOFREADING, media_url), "captions": False}
    live_order_id(client, OrderKind.PROOFREADING, callback_url=receiver.url(), **params)
    [callback] = receiver.wait_for(1)
    assert set(callback.fields) == {"mode", "order_id", "status", "proofread_transcription_url"}


def _words(transcript: Transcript) -> list[str]:
    return _bare([word.text for word in transcript.words])


def test_proofreading_and_alignment_take_the_sandboxs_own_result_url_of_an_earlier_order(
    client: GoTranscriptClient, media_url: str
) -> None:
    speech = f"{media_url}/speech.wav"
    first = live_order_id(client, OrderKind.AI_TRANSCRIPTION, url=speech, language="english")
    source_url = finished(client, first).result_urls["transcription_url"]
    spoken = _words(parse_transcript(client.download(source_url, "json")))

    chained = {"audio_url": speech, "transcription_url": source_url, "language": "english"}
    aligned = live_order_id(client, OrderKind.FORCED_ALIGNMENT, **chained)
    proofread = live_order_id(client, OrderKind.PROOFREADING, **chained)

    alignment_url = finished(client, aligned).result_urls["forced_alignment_transcription_url"]
    assert _words(parse_alignment(client.download(alignment_url))) == spoken
    proofread_url = finished(client, proofread).result_urls["proofread_transcription_url"]
    assert _words(parse_transcript(client.download(proofread_url, "json"))) == spoken
