"""Refused requests through the client. What the catalog can check is refused client-side
(ValidationError) before a byte is sent; the sandbox refuses the same requests with the same
words (HTTP 400), which the client surfaces as ApiRequestError carrying the API's `error`
text; and what only the API can know (the token, the media) comes back the same way."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from gt_watch.api import order_request
from gt_watch.api.client import GoTranscriptClient
from gt_watch.errors import ApiRequestError, ValidationError
from gt_watch.model import Mode, OrderKind
from gt_watch.sandbox import SandboxServer
from tests.integration.contract.helpers import (
    arm_fault,
    armed_faults,
    finished,
    kind_params,
    live_order_id,
    order,
    wallet_usd,
)
from tests.support.sandbox_admin import inspect

RequestMaker = Callable[[OrderKind, str], dict[str, object]]
LANGUAGE_PARAMS = {
    OrderKind.TRANSLATION: ("translate_from", "translate_to"),
    OrderKind.SUBTITLES: ("translate_from", "translate_to"),
}
TURNAROUND_KINDS = (OrderKind.TRANSCRIPTION, OrderKind.PROOFREADING, OrderKind.CAPTIONS)


def unknown_language(kind: OrderKind, media_url: str) -> dict[str, object]:
    params = kind_params(kind, media_url)
    for name in LANGUAGE_PARAMS.get(kind, ("language",)):
        params[name] = "klingon"
    return params


def dutch_in_twelve_hours(kind: OrderKind, media_url: str) -> dict[str, object]:
    return {**kind_params(kind, media_url), "language": "dutch", "turnaround_time": "12_hours"}


BAD_REQUESTS = [
    *[(kind, unknown_language, "'klingon' is not available for") for kind in OrderKind],
    *[
        (kind, dutch_in_twelve_hours, "turnaround_time '12_hours' is not offered for dutch")
        for kind in TURNAROUND_KINDS
    ],
]
IDS = [f"{kind.value}-{make.__name__}" for kind, make, _ in BAD_REQUESTS]


@pytest.mark.parametrize(("kind", "make", "problem"), BAD_REQUESTS, ids=IDS)
def test_bad_request_is_refused_by_the_client_before_anything_is_sent(
    kind: OrderKind,
    make: RequestMaker,
    problem: str,
    client: GoTranscriptClient,
    sandbox: SandboxServer,
    media_url: str,
) -> None:
    arm_fault(sandbox, path=f"/api/v4/{kind.value}", count=1)
    wallet, orders = wallet_usd(sandbox), inspect(sandbox)

    with pytest.raises(ValidationError) as refused:
        order(client, kind, Mode.LIVE, **make(kind, media_url))

    assert problem in refused.value.message
    [fault] = armed_faults(sandbox)  # a request to that path would have used it up
    assert fault["remaining"] == 1
    assert inspect(sandbox) == orders
    assert wallet_usd(sandbox) == wallet


@pytest.mark.parametrize(("kind", "make", "problem"), BAD_REQUESTS, ids=IDS)
def test_sandbox_refuses_the_same_request_with_the_same_words(
    kind: OrderKind,
    make: RequestMaker,
    problem: str,
    client: GoTranscriptClient,
    sandbox: SandboxServer,
    media_url: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    params = make(kind, media_url)
    with pytest.raises(ValidationError) as client_side:
        order(client, kind, Mode.LIVE, **params)
    # The one narrow seam of these tests: switch the client's own check off, so the request
    # reaches the sandbox as a client without a catalog would send it.
    monkeypatch.setattr(order_request, "validate_request", lambda kind, form: [])
    orders = inspect(sandbox)

    with pytest.raises(ApiRequestError) as refused:
        order(client, kind, Mode.LIVE, **params)

    assert (refused.value.status_code, refused.value.mode) == (400, "live")
    assert refused.value.error == "; ".join(client_side.value.problems)
    assert problem in refused.value.error
    assert inspect(sandbox) == orders


def test_wrong_token_is_refused_on_every_call_with_the_apis_error_text(
    client: GoTranscriptClient, sandbox: SandboxServer, media_url: str
) -> None:
    audio = f"{media_url}/tone.wav"
    order_id = live_order_id(client, OrderKind.AI_TRANSCRIPTION, url=audio, language="english")
    result_url = finished(client, order_id).result_urls["transcription_url"]
    expected = "api_token is not valid: authentication failed (use the sandbox's --token)"
    orders = inspect(sandbox)

    with GoTranscriptClient(sandbox.base_url, "not-the-token-0000") as stranger:
        calls: list[Callable[[], object]] = [
            lambda: stranger.ai_transcription(mode=Mode.LIVE, url=audio, language="english"),
            lambda: next(stranger.orders(Mode.LIVE)),
            lambda: stranger.order(order_id, Mode.LIVE),
            # Without its query the result URL gets the client's own (wrong) token.
            lambda: stranger.download(result_url.split("?")[0], "text"),
        ]
        for call in calls:
            with pytest.raises(ApiRequestError) as refused:
                call()
            assert (refused.value.status_code, refused.value.error) == (400, expected)
            assert expected in refused.value.message
    assert inspect(sandbox) == orders


@pytest.mark.parametrize(
    ("media", "problem"),
    [
        ("notes.wav", "is not decodable media"),
        ("empty.wav", "is empty"),
        ("missing.wav", "404"),
    ],
)
def test_media_the_api_cannot_use_is_refused_with_its_reason_and_nothing_is_charged(
    media: str, problem: str, client: GoTranscriptClient, sandbox: SandboxServer, media_url: str
) -> None:
    wallet, orders = wallet_usd(sandbox), inspect(sandbox)
    with pytest.raises(ApiRequestError) as refused:
        client.captions(mode=Mode.LIVE, url=f"{media_url}/{media}", language="english")
    assert problem in refused.value.error
    assert f"{media_url}/{media}" in refused.value.error
    assert (wallet_usd(sandbox), inspect(sandbox)) == (wallet, orders)


def test_alignment_of_more_than_an_hour_is_refused_by_the_api(
    client: GoTranscriptClient, long_audio_url: str, media_url: str
) -> None:
    with pytest.raises(ApiRequestError) as refused:
        client.forced_alignment(
            mode=Mode.TEST,
            audio_url=long_audio_url,
            transcription_url=f"{media_url}/script.txt",
            language="english",
        )
    assert "forced alignment accepts audio of at most 3600 s" in refused.value.error


def test_unknown_order_id_is_refused_with_the_apis_error_text(client: GoTranscriptClient) -> None:
    with pytest.raises(ApiRequestError) as refused:
        client.order(987654, Mode.LIVE)
    assert refused.value.error == "order 987654 does not exist in this account"
