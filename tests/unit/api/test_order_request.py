"""The form of an order and its log-safe description."""

from __future__ import annotations

import httpx

from gt_watch.api.client import GoTranscriptClient
from gt_watch.api.order_request import describe_order, keyword_params, order_form
from gt_watch.model import Mode, OrderKind


def test_keyword_arguments_become_api_parameters_and_unset_ones_vanish() -> None:
    arguments = {"self": object(), "mode": Mode.LIVE, "url": "https://m/x.wav",
                 "from_seconds": 5, "till_seconds": None, "captions": False}  # fmt: skip

    assert keyword_params(arguments) == {"url": "https://m/x.wav", "from": 5, "captions": False}


def test_the_form_carries_text_values_mode_and_token() -> None:
    form = order_form(
        OrderKind.PROOFREADING,
        {"audio_url": "https://m/a.wav", "transcription_url": "https://m/a.txt",
         "language": "english", "captions": False},
        Mode.TEST,
        "tok-123456",
    )  # fmt: skip

    assert form["captions"] == "false"
    assert (form["mode"], form["api_token"]) == ("test", "tok-123456")


def test_the_description_of_an_order_hides_token_signatures_and_callback_secret() -> None:
    form = {
        "url": "https://bucket.s3.test/a.wav?X-Amz-Signature=sig123&X-Amz-Credential=c",
        "language": "english",
        "callback_url": "https://me.test/callbacks/cb-secret-9/42",
        "mode": "live",
        "api_token": "tok-123456",
    }

    description = describe_order(form)

    assert "url=https://bucket.s3.test/a.wav" in description
    assert "language=english" in description
    for secret in ("tok-123456", "sig123", "cb-secret-9"):
        assert secret not in description


def test_the_client_repr_hides_the_token() -> None:
    with GoTranscriptClient("https://gotranscript.com/api/v4", "tok-123456") as client:
        assert repr(client) == (
            "GoTranscriptClient(base_url='https://gotranscript.com/api/v4', token='***')"
        )


def test_the_client_closes_only_the_http_client_it_made() -> None:
    shared = httpx.Client()
    with GoTranscriptClient("https://gotranscript.com/api/v4", "tok-123456", http=shared):
        pass
    assert not shared.is_closed
    shared.close()

    own = GoTranscriptClient("https://gotranscript.com/api/v4", "tok-123456")
    own.close()
    assert own._http.is_closed
