"""Every order kind, in test and in live mode, as a client sees it over HTTP."""

from __future__ import annotations

import json
import re
from typing import Any

import httpx
import pytest
import srt

from gt_watch.catalog import KINDS
from gt_watch.model import OrderKind
from gt_watch.sandbox import SandboxServer
from tests.integration.sandbox.helpers import finished_order, post_order
from tests.support.callbacks import CallbackReceiver
from tests.support.sandbox_admin import inspect


def kind_params(kind: OrderKind, media_url: str) -> dict[str, str]:
    """Valid parameters of one order of `kind` (without token, mode or callback)."""
    speech = f"{media_url}/speech.wav"
    script = f"{media_url}/script.txt"
    return {
        OrderKind.TRANSCRIPTION: {"url": speech, "language": "english"},
        OrderKind.AI_TRANSCRIPTION: {"url": speech, "language": "english"},
        OrderKind.PROOFREADING: {
            "audio_url": speech,
            "transcription_url": script,
            "language": "english",
            "captions": "true",
        },
        OrderKind.FORCED_ALIGNMENT: {
            "audio_url": speech,
            "transcription_url": script,
            "language": "english",
        },
        OrderKind.TRANSLATION: {
            "url": f"{media_url}/script.docx",
            "translate_from": "english",
            "translate_to": "german",
        },
        OrderKind.CAPTIONS: {"url": speech, "language": "english"},
        OrderKind.SUBTITLES: {
            "url": speech,
            "translate_from": "english",
            "translate_to": "spanish",
        },
    }[kind]


def answer_keys(kind: OrderKind, live: bool) -> list[str]:
    """The documented keys of an order answer, in the documented order."""
    keys = ["mode", "status", *(["order_id"] if live else []), "order_total", "seconds"]
    if kind is OrderKind.TRANSLATION:
        keys.append("words")
    keys.append("in_wallet")
    if kind is OrderKind.AI_TRANSCRIPTION:
        keys.append("ai_transcripts_minutes_left")
    return [*keys, "delivery_estimate"]


STAMP = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$")


@pytest.mark.parametrize("kind", list(OrderKind), ids=lambda k: k.value)
def test_test_mode_prices_without_an_order_id_or_a_charge(
    kind: OrderKind, sandbox: SandboxServer, media_url: str
) -> None:
    response = post_order(sandbox, kind.value, mode="test", **kind_params(kind, media_url))
    assert response.status_code == 200, response.text
    answer = response.json()
    assert list(answer) == answer_keys(kind, live=False)
    assert answer["mode"] == "test"
    assert answer["status"] == "success"
    assert answer["order_total"] > 0
    assert answer["in_wallet"] == 1000.0
    assert STAMP.match(answer["delivery_estimate"])
    if kind is OrderKind.TRANSLATION:
        assert (answer["seconds"], answer["words"]) == (0, 13)
    else:
        assert answer["seconds"] == 12
    assert inspect(sandbox) == []


def _download(url: str, suffix: str = "") -> httpx.Response:
    response = httpx.get(url + suffix, timeout=30)
    assert response.status_code == 200, response.text
    return response


def _check_file(field: str, url: str) -> None:
    if field in ("captions_url", "proofread_captions_url", "subtitles_url"):
        cues = list(srt.parse(_download(url).text))
        assert cues
        assert cues[-1].end.total_seconds() <= 12.0
    elif field == "forced_alignment_transcription_url":
        segments = json.loads(_download(url).content)
        assert [s["word"] for s in segments][:3] == ["hello", "and", "welcome"]
        assert all(0 <= s["begin"] < s["end"] <= 12.0 for s in segments)
    else:
        transcript = _download(url, "&format=json").json()
        assert transcript["segments"]
        assert transcript["segments"][0]["text"]


@pytest.mark.parametrize("kind", list(OrderKind), ids=lambda k: k.value)
def test_live_order_is_charged_finished_and_called_back_with_the_documented_fields(
    kind: OrderKind, sandbox: SandboxServer, media_url: str, receiver: CallbackReceiver
) -> None:
    response = post_order(
        sandbox,
        kind.value,
        mode="live",
        callback_url=receiver.url(),
        **kind_params(kind, media_url),
    )
    assert response.status_code == 200, response.text
    answer = response.json()
    assert list(answer) == answer_keys(kind, live=True)
    assert answer["order_id"] == 1
    assert answer["in_wallet"] == pytest.approx(1000.0 - answer["order_total"])

    [callback] = receiver.wait_for(1)
    assert callback.content_type.startswith("multipart/form-data")
    assert list(callback.fields) == list(KINDS[kind].callback_fields)
    assert callback.fields["order_id"] == "1"
    assert callback.fields["mode"] == "live"
    if "status" in callback.fields:
        assert callback.fields["status"] == "finished"
    urls = {k: v for k, v in callback.fields.items() if k.endswith("_url")}
    assert urls
    for field, url in urls.items():
        assert "api_token=test-token" in url
        _check_file(field, url)

    order = finished_order(sandbox, 1)
    assert order["type"] == KINDS[kind].list_type
    assert {k: order[k] for k in urls} == urls
    assert order["status"] == "finished"


def test_each_kinds_order_ids_increase_from_one(sandbox: SandboxServer, media_url: str) -> None:
    ids: list[Any] = []
    for kind in OrderKind:
        answer = post_order(sandbox, kind.value, mode="live", **kind_params(kind, media_url))
        ids.append(answer.json()["order_id"])
    assert ids == list(range(1, 8))
