from __future__ import annotations

from gt_watch.catalog import validate_request
from gt_watch.model import OrderKind
from gt_watch.pipeline.requests import (
    callback_url,
    chained_params,
    order_params,
    order_tag,
    tag_in,
    with_format,
)

MEDIA = "https://bucket.example/media/ab/abc.wav?X-Amz-Signature=x"
TEXT = "https://gotranscript.com/api/v4/orders/9/transcription?api_token=t"


def _valid(kind: OrderKind, params: dict[str, str]) -> list[str]:
    return validate_request(kind, {**params, "api_token": "t", "mode": "test"})


def test_captions_request_carries_media_callback_and_tag_in_comment() -> None:
    params = order_params(
        OrderKind.CAPTIONS,
        {"language": "english", "comment": "Ann and Bo"},
        media_url=MEDIA,
        text_url=None,
        callback="https://h/cb/s/j1",
        tag=order_tag("j1"),
    )
    assert params["url"] == MEDIA
    assert params["comment"] == "Ann and Bo [gtw:j1]"
    assert tag_in(params["comment"], "gtw:j1")
    assert _valid(OrderKind.CAPTIONS, params) == []


def test_ai_transcription_has_no_comment_so_no_tag() -> None:
    params = order_params(
        OrderKind.AI_TRANSCRIPTION,
        {"language": "english"},
        media_url=MEDIA,
        text_url=None,
        callback=None,
        tag="gtw:j1",
    )
    assert "comment" not in params
    assert _valid(OrderKind.AI_TRANSCRIPTION, params) == []


def test_alignment_sends_audio_and_script_urls() -> None:
    params = order_params(
        OrderKind.FORCED_ALIGNMENT,
        {"language": "english"},
        media_url=MEDIA,
        text_url=TEXT,
        callback=None,
        tag="gtw:j1",
    )
    assert (params["audio_url"], params["transcription_url"]) == (MEDIA, TEXT)
    assert _valid(OrderKind.FORCED_ALIGNMENT, params) == []


def test_translation_of_a_transcript_sends_the_transcript_as_url() -> None:
    params = order_params(
        OrderKind.TRANSLATION,
        {"translate_from": "english", "translate_to": "german"},
        media_url=MEDIA,
        text_url=TEXT,
        callback=None,
        tag="gtw:j1",
    )
    assert params["url"] == TEXT
    assert _valid(OrderKind.TRANSLATION, params) == []


def test_with_format_replaces_an_existing_format() -> None:
    assert with_format(TEXT + "&format=docx", "text").endswith("api_token=t&format=text")
    assert with_format(TEXT, None) == TEXT


def test_callback_url_carries_secret_and_job() -> None:
    assert callback_url("https://gt.example/", "s3", "j1") == "https://gt.example/callbacks/s3/j1"


def test_a_chained_translation_translates_from_the_language_of_its_parent() -> None:
    params = chained_params(OrderKind.TRANSLATION, {"translate_to": "german"}, "english")
    assert params == {"translate_to": "german", "translate_from": "english"}


def test_a_chained_proofreading_keeps_a_language_its_rule_sets() -> None:
    params = chained_params(OrderKind.PROOFREADING, {"language": "spanish"}, "english")
    assert params == {"language": "spanish"}
