"""Listing and reading orders, and downloading result files in every format."""

from __future__ import annotations

import io
import json

import docx
import httpx
import pytest
import srt

from gt_watch.sandbox import SandboxServer
from tests.integration.sandbox.helpers import finished_order, get, post_order
from tests.support.callbacks import CallbackReceiver
from tests.support.sandbox_admin import admin


def _live(sandbox: SandboxServer, url: str, kind: str = "transcriptions", **params: str) -> int:
    params.setdefault("language", "english")
    response = post_order(sandbox, kind, mode="live", url=url, **params)
    assert response.status_code == 200, response.text
    order_id: int = response.json()["order_id"]
    return order_id


def test_order_list_pages_newest_first_until_next_page_url_is_null(
    sandbox: SandboxServer, media_url: str
) -> None:
    admin(sandbox, "PATCH", "knobs", page_size=2).raise_for_status()
    for _ in range(5):
        _live(sandbox, f"{media_url}/tone.wav")
    seen: list[int] = []
    page = get(sandbox, "orders", mode="live").json()
    while True:
        assert set(page) == {"orders", "next_page_url"}
        seen.extend(order["id"] for order in page["orders"])
        if page["next_page_url"] is None:
            break
        assert "api_token=test-token" in page["next_page_url"]
        page = httpx.get(page["next_page_url"]).json()
    assert seen == [5, 4, 3, 2, 1]


def test_a_foreign_cursor_is_a_400(sandbox: SandboxServer) -> None:
    response = get(sandbox, "orders", mode="live", cursor="made-up")
    assert response.status_code == 400
    assert "not one the sandbox gave out" in response.json()["error"]


def test_empty_account_lists_no_orders(sandbox: SandboxServer) -> None:
    assert get(sandbox, "orders", mode="live").json() == {"orders": [], "next_page_url": None}


def test_test_mode_lists_documented_looking_sample_orders(sandbox: SandboxServer) -> None:
    orders = get(sandbox, "orders", mode="test").json()["orders"]
    assert len(orders) == 7
    captions = next(order for order in orders if order["type"] == "captions")
    assert captions["turnaround_time"] == "days_3"
    assert captions["comment"] == "Speaker names: John and Dave"
    assert "/api/v4/test-file/captions?api_token=test-token" in captions["captions_url"]
    assert httpx.get(captions["captions_url"]).status_code == 200
    one = get(sandbox, "orders/1", mode="test").json()["data"]
    assert one["id"] == 1


def test_get_order_wraps_the_order_in_data_and_unknown_ids_are_a_400(
    sandbox: SandboxServer, media_url: str
) -> None:
    order_id = _live(sandbox, f"{media_url}/tone.wav", comment="Names: Ann")
    data = finished_order(sandbox, order_id)
    assert data["comment"] == "Names: Ann"
    assert data["seconds"] == 3
    assert data["paid_at"] <= data["finished_at"]
    missing = get(sandbox, "orders/99", mode="live")
    assert missing.status_code == 400
    assert missing.json()["error"] == "order 99 does not exist in this account"


def test_wrong_token_on_reads_and_result_urls_is_a_400(
    sandbox: SandboxServer, media_url: str
) -> None:
    order_id = _live(sandbox, f"{media_url}/tone.wav")
    finished_order(sandbox, order_id)
    for path in (
        "orders",
        f"orders/{order_id}",
        f"orders/{order_id}/transcription",
        "test-file/captions",
    ):
        response = get(sandbox, path, mode="live", api_token="wrong")
        assert response.status_code == 400, path
        assert "api_token is not valid" in response.json()["error"]


@pytest.fixture
def transcript_url(sandbox: SandboxServer, media_url: str, receiver: CallbackReceiver) -> str:
    _live(
        sandbox,
        f"{media_url}/speech.wav",
        "captions",
        callback_url=receiver.url(),
        timestamping="every_10_seconds",
        number_of_speakers="3_or_more",
    )
    return receiver.wait_for(1)[0].fields["transcription_url"]


def test_transcript_defaults_to_docx(transcript_url: str) -> None:
    response = httpx.get(transcript_url)
    assert response.headers["content-type"].startswith("application/vnd.openxmlformats")
    paragraphs = [p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs]
    assert paragraphs[1].startswith("Speaker 1: [00:00:00]")


def test_transcript_as_text_html_and_json(transcript_url: str) -> None:
    text = httpx.get(transcript_url + "&format=text")
    assert text.headers["content-type"].startswith("text/plain")
    assert "[00:00:10]" in text.text
    html = httpx.get(transcript_url + "&format=html")
    assert html.text.startswith("<!DOCTYPE html>")
    data = httpx.get(transcript_url + "&format=json").json()
    assert data["duration"] == 12.0
    assert {speaker["id"] for speaker in data["speakers"]} == {"S1", "S2", "S3"}
    words = [w for segment in data["segments"] for w in segment["words"]]
    assert words[0]["start"] >= 0
    assert words[-1]["end"] <= 12.0


@pytest.mark.parametrize("result_format", ["doc", "pdf"])
def test_formats_the_sandbox_cannot_produce_are_a_clear_400(
    result_format: str, transcript_url: str
) -> None:
    response = httpx.get(f"{transcript_url}&format={result_format}")
    assert response.status_code == 400
    assert f"format '{result_format}' cannot be produced by the sandbox" in response.text


def test_unknown_format_is_a_400(transcript_url: str) -> None:
    response = httpx.get(f"{transcript_url}&format=rtf")
    assert response.status_code == 400
    assert "format 'rtf' is unknown" in response.json()["error"]


@pytest.mark.parametrize(("shape", "key"), [("rev", "monologues"), ("aws", "results")])
def test_shape_knob_switches_the_transcript_json(
    shape: str, key: str, sandbox: SandboxServer, transcript_url: str
) -> None:
    admin(sandbox, "PATCH", "knobs", transcript_shape=shape).raise_for_status()
    assert key in httpx.get(transcript_url + "&format=json").json()


def test_same_media_gives_the_same_text_and_other_media_other_text(
    sandbox: SandboxServer, media_url: str, receiver: CallbackReceiver
) -> None:
    for name in ("speech.wav", "speech.wav", "other.wav"):
        _live(sandbox, f"{media_url}/{name}", callback_url=receiver.url())
    texts = [
        httpx.get(call.fields["transcription_url"] + "&format=text").text
        for call in sorted(receiver.wait_for(3), key=lambda c: c.fields["order_id"])
    ]
    assert texts[0] == texts[1]
    assert texts[0] != texts[2]


def test_file_of_another_kind_is_a_400_naming_the_files_it_has(
    sandbox: SandboxServer, media_url: str
) -> None:
    order_id = _live(sandbox, f"{media_url}/tone.wav")
    finished_order(sandbox, order_id)
    response = get(sandbox, f"orders/{order_id}/captions")
    assert response.status_code == 400
    assert "has no 'captions' file; it has: transcription" in response.json()["error"]


def test_proofreading_and_alignment_use_the_sandboxs_own_transcript_url(
    sandbox: SandboxServer, media_url: str, receiver: CallbackReceiver
) -> None:
    _live(sandbox, f"{media_url}/speech.wav", callback_url=receiver.url("transcript"))
    source = receiver.wait_for(1)[0].fields["transcription_url"]  # DOCX by default
    spoken = httpx.get(source + "&format=text").text
    words = [w for line in spoken.splitlines() for w in line.split()[2:]]  # no "Speaker N:"
    for kind in ("transcription_proofreading", "forced_alignment"):
        response = post_order(
            sandbox,
            kind,
            mode="live",
            audio_url=f"{media_url}/speech.wav",
            transcription_url=source,
            language="english",
            callback_url=receiver.url(kind),
        )
        assert response.status_code == 200, response.text
    calls = {call.path.rsplit("/", 1)[1]: call for call in receiver.wait_for(3)}
    aligned = json.loads(
        httpx.get(calls["forced_alignment"].fields["forced_alignment_transcription_url"]).content
    )
    assert [segment["word"] for segment in aligned] == [w.strip(".,?!") for w in words]
    proofread = calls["transcription_proofreading"].fields["proofread_transcription_url"]
    assert "proofread_captions_url" not in calls["transcription_proofreading"].fields
    proofread_words = httpx.get(proofread + "&format=text").text.split()
    assert (
        len([w for w in proofread_words if not w.startswith(("Speaker", "1:", "2:"))])
        >= len(words) - 2
    )


def test_subtitles_are_subrip_in_the_target_language(
    sandbox: SandboxServer, media_url: str, receiver: CallbackReceiver
) -> None:
    response = post_order(
        sandbox,
        "subtitles",
        mode="live",
        url=f"{media_url}/speech.wav",
        translate_from="english",
        translate_to="french",
        callback_url=receiver.url(),
    )
    assert response.status_code == 200, response.text
    url = receiver.wait_for(1)[0].fields["subtitles_url"]
    cues = list(srt.parse(httpx.get(url).text))
    assert cues[0].content.startswith("French sample:")
