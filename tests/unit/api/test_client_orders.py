"""Order POSTs: form encoding, validation before sending, error mapping, and the one rule
that keeps money safe: retry only what provably never left this machine."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from gt_watch.api.client import GoTranscriptClient
from gt_watch.errors import (
    ApiRequestError,
    ApiResponseError,
    ApiUnavailableError,
    OrderOutcomeUnknown,
    ValidationError,
)
from gt_watch.model import Mode, OrderKind
from tests.unit.api.conftest import (
    TOKEN,
    ScriptedApi,
    Sleeps,
    json_reply,
    receipt_body,
)

MakeClient = Callable[..., GoTranscriptClient]
MEDIA = "https://media.example.test/interview.wav?X-Amz-Signature=abc"
TEXT = "https://media.example.test/interview.txt"


def test_a_quote_is_a_form_encoded_post_with_the_token_in_the_body(
    make_client: MakeClient,
) -> None:
    api = ScriptedApi([json_reply(receipt_body(mode="test", order_id=None, order_total=3.5))])

    receipt = make_client(api).transcription(mode=Mode.TEST, url=MEDIA, language="english")

    request = api.requests[0]
    assert (request.method, str(request.url)) == (
        "POST",
        "https://api.example.test/api/v4/transcriptions",
    )
    assert request.headers["content-type"] == "application/x-www-form-urlencoded"
    assert api.form() == {"url": MEDIA, "language": "english", "mode": "test", "api_token": TOKEN}
    assert (receipt.mode, receipt.order_id, receipt.order_total) == (Mode.TEST, None, 3.5)


def test_optional_parameters_use_the_api_names_and_unset_ones_are_not_sent(
    make_client: MakeClient,
) -> None:
    api = ScriptedApi([json_reply(receipt_body())])

    make_client(api).captions(
        mode=Mode.LIVE,
        url=MEDIA,
        language="english",
        from_seconds=10,
        till_seconds=70,
        turnaround_time="3_days",
        callback_url="https://me.example.test/callbacks/s3cr3t/42",
    )

    form = api.form()
    assert (form["from"], form["till"], form["turnaround_time"]) == ("10", "70", "3_days")
    assert "comment" not in form
    assert "text_format" not in form


def test_booleans_are_sent_as_true_or_false(make_client: MakeClient) -> None:
    api = ScriptedApi([json_reply(receipt_body())])

    make_client(api).proofreading(
        mode=Mode.LIVE, audio_url=MEDIA, transcription_url=TEXT, language="english", captions=True
    )

    assert api.form()["captions"] == "true"


@pytest.mark.parametrize(
    ("method", "arguments", "path"),
    [
        ("transcription", {"url": MEDIA, "language": "english"}, "transcriptions"),
        ("ai_transcription", {"url": MEDIA, "language": "german"}, "automatic_transcriptions"),
        (
            "proofreading",
            {"audio_url": MEDIA, "transcription_url": TEXT, "language": "english"},
            "transcription_proofreading",
        ),
        (
            "forced_alignment",
            {"audio_url": MEDIA, "transcription_url": TEXT, "language": "french"},
            "forced_alignment",
        ),
        (
            "translation",
            {"url": TEXT, "translate_from": "english", "translate_to": "simplified-chinese"},
            "translations",
        ),
        ("captions", {"url": MEDIA, "language": "english"}, "captions"),
        (
            "subtitles",
            {"url": MEDIA, "translate_from": "english", "translate_to": "german"},
            "subtitles",
        ),
    ],
)
def test_each_order_kind_posts_its_parameters_to_its_path(
    make_client: MakeClient, method: str, arguments: dict[str, str], path: str
) -> None:
    api = ScriptedApi([json_reply(receipt_body())])

    receipt = getattr(make_client(api), method)(mode=Mode.LIVE, **arguments)

    assert api.requests[0].url.path == f"/api/v4/{path}"
    assert api.form() == {**arguments, "mode": "live", "api_token": TOKEN}
    assert receipt.order_id == 123


def test_an_invalid_request_is_refused_with_every_problem_and_nothing_is_sent(
    make_client: MakeClient,
) -> None:
    api = ScriptedApi([json_reply(receipt_body())])

    with pytest.raises(ValidationError) as caught:
        make_client(api).captions(
            mode=Mode.LIVE, url="ftp://x/y.wav", language="klingon", turnaround_time="1_week"
        )

    assert api.requests == []
    assert len(caught.value.problems) == 3
    assert "language 'klingon' is not available for captions orders" in caught.value.message
    assert "'url' must be an http or https URL" in caught.value.message
    assert "turnaround_time '1_week' is not allowed" in caught.value.message


def test_token_and_mode_cannot_be_smuggled_in_as_parameters(make_client: MakeClient) -> None:
    api = ScriptedApi([json_reply(receipt_body())])
    params = {"url": MEDIA, "language": "english", "api_token": "other", "mode": "live"}

    with pytest.raises(ValidationError, match="'api_token' is set by the client"):
        make_client(api).place_order(OrderKind.TRANSCRIPTION, params, Mode.TEST)

    assert api.requests == []


def test_a_400_carries_the_api_error_text_and_is_not_retried(
    make_client: MakeClient, sleeps: Sleeps
) -> None:
    body = {"mode": "live", "status": "error", "error": "Not enough money in wallet"}
    api = ScriptedApi([json_reply(body, status=400)])

    with pytest.raises(ApiRequestError) as caught:
        make_client(api).transcription(mode=Mode.LIVE, url=MEDIA, language="english")

    assert caught.value.error == "Not enough money in wallet"
    assert (caught.value.status_code, caught.value.mode) == (400, "live")
    assert "Not enough money in wallet" in str(caught.value)
    assert (len(api.requests), sleeps.waits) == (1, [])


def test_a_400_that_is_not_json_still_says_what_came_back(make_client: MakeClient) -> None:
    api = ScriptedApi([httpx.Response(400, text="<html><h1>Bad   Request</h1></html>")])

    with pytest.raises(ApiRequestError) as caught:
        make_client(api).transcription(mode=Mode.TEST, url=MEDIA, language="english")

    assert caught.value.error == "<html><h1>Bad Request</h1></html>"


def test_an_explicit_error_in_a_200_answer_is_a_refusal(make_client: MakeClient) -> None:
    api = ScriptedApi([json_reply({"mode": "test", "status": "error", "error": "Bad url"})])

    with pytest.raises(ApiRequestError, match="Bad url"):
        make_client(api).transcription(mode=Mode.TEST, url=MEDIA, language="english")


@pytest.mark.parametrize(
    "failure",
    [
        httpx.ConnectError("[Errno 111] Connection refused"),
        httpx.ConnectTimeout("timed out"),
        httpx.PoolTimeout("no free connection"),
    ],
)
def test_an_order_that_never_left_is_retried_and_succeeds(
    make_client: MakeClient, sleeps: Sleeps, failure: Exception
) -> None:
    api = ScriptedApi([failure, json_reply(receipt_body())])

    receipt = make_client(api).transcription(mode=Mode.LIVE, url=MEDIA, language="english")

    assert receipt.order_id == 123
    assert len(api.requests) == 2
    assert len(sleeps.waits) == 1


def test_an_order_that_never_left_after_all_attempts_says_nothing_was_ordered(
    make_client: MakeClient, sleeps: Sleeps
) -> None:
    api = ScriptedApi([httpx.ConnectError("[Errno 111] Connection refused")])

    with pytest.raises(ApiUnavailableError) as caught:
        make_client(api).transcription(mode=Mode.LIVE, url=MEDIA, language="english")

    assert "Nothing was ordered" in caught.value.message
    assert "4 attempt(s)" in caught.value.message
    assert len(api.requests) == 4
    assert len(sleeps.waits) == 3
    assert sleeps.waits == sorted(sleeps.waits)  # backing off


@pytest.mark.parametrize(
    "failure",
    [
        httpx.ReadTimeout("timed out"),
        httpx.WriteTimeout("timed out"),
        httpx.ReadError("connection reset"),
        httpx.WriteError("broken pipe"),
        httpx.RemoteProtocolError("Server disconnected without sending a response."),
    ],
)
def test_an_order_that_may_have_arrived_is_never_sent_again(
    make_client: MakeClient, sleeps: Sleeps, failure: Exception
) -> None:
    api = ScriptedApi([failure, json_reply(receipt_body())])

    with pytest.raises(OrderOutcomeUnknown) as caught:
        make_client(api).transcription(mode=Mode.LIVE, url=MEDIA, language="english")

    assert len(api.requests) == 1
    assert sleeps.waits == []
    assert type(failure).__name__ in caught.value.message
    assert "look for the order" in caught.value.message


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_a_server_error_after_an_order_post_is_an_unknown_outcome(
    make_client: MakeClient, sleeps: Sleeps, status: int
) -> None:
    api = ScriptedApi(
        [json_reply({"error": "upstream"}, status=status), json_reply(receipt_body())]
    )

    with pytest.raises(OrderOutcomeUnknown, match=f"HTTP {status}: upstream"):
        make_client(api).transcription(mode=Mode.LIVE, url=MEDIA, language="english")

    assert (len(api.requests), sleeps.waits) == (1, [])


def test_a_redirect_after_an_order_post_is_an_unknown_outcome(make_client: MakeClient) -> None:
    api = ScriptedApi([httpx.Response(302, headers={"location": "https://elsewhere.test/"})])

    with pytest.raises(OrderOutcomeUnknown, match="HTTP 302"):
        make_client(api).transcription(mode=Mode.LIVE, url=MEDIA, language="english")

    assert len(api.requests) == 1


def test_an_unreadable_answer_to_a_live_order_is_an_unknown_outcome(
    make_client: MakeClient,
) -> None:
    api = ScriptedApi([httpx.Response(200, text="<html>Thanks!</html>")])

    with pytest.raises(OrderOutcomeUnknown, match="answer is unusable"):
        make_client(api).transcription(mode=Mode.LIVE, url=MEDIA, language="english")


def test_an_unreadable_answer_to_a_quote_is_a_response_error(make_client: MakeClient) -> None:
    api = ScriptedApi([json_reply(["not", "an", "object"])])

    with pytest.raises(ApiResponseError, match="something other than a JSON object"):
        make_client(api).transcription(mode=Mode.TEST, url=MEDIA, language="english")


def test_a_live_receipt_without_an_order_id_is_an_unknown_outcome(make_client: MakeClient) -> None:
    api = ScriptedApi([json_reply(receipt_body(order_id=None))])

    with pytest.raises(OrderOutcomeUnknown, match="without an order_id"):
        make_client(api).transcription(mode=Mode.LIVE, url=MEDIA, language="english")


def test_a_receipt_in_another_mode_than_asked_is_returned_for_the_caller_to_see(
    make_client: MakeClient, caplog: pytest.LogCaptureFixture
) -> None:
    api = ScriptedApi([json_reply(receipt_body(mode="live"))])

    receipt = make_client(api).transcription(mode=Mode.TEST, url=MEDIA, language="english")

    assert (receipt.mode, receipt.order_id) == (Mode.LIVE, 123)
    assert "ordered in test mode, GoTranscript answered live" in caplog.text
