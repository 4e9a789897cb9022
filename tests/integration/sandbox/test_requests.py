"""Request encodings and validation: every problem named, nothing charged, nothing stored."""

from __future__ import annotations

import httpx
import pytest

from gt_watch.sandbox import SandboxServer
from tests.integration.sandbox.helpers import Encoding, post_order
from tests.support.sandbox_admin import admin, inspect

pytestmark = pytest.mark.usefixtures("media_url")


@pytest.mark.parametrize("encoding", ["form", "multipart", "json"])
def test_form_multipart_and_json_bodies_give_the_same_answer(
    encoding: Encoding, sandbox: SandboxServer, media_url: str
) -> None:
    response = post_order(
        sandbox,
        "captions",
        encoding,
        mode="test",
        url=f"{media_url}/tone.flac",
        language="english",
        start=0,
        till=2,
    )
    assert response.status_code == 200, response.text
    assert response.json()["seconds"] == 2


def test_json_booleans_are_accepted_for_boolean_parameters(
    sandbox: SandboxServer, media_url: str
) -> None:
    response = post_order(
        sandbox,
        "transcription_proofreading",
        "json",
        mode="test",
        audio_url=f"{media_url}/tone.wav",
        transcription_url=f"{media_url}/script.txt",
        language="english",
        captions=True,
    )
    assert response.status_code == 200, response.text


def _error(response: httpx.Response) -> str:
    assert response.status_code == 400, response.text
    body = response.json()
    assert list(body) == ["mode", "status", "error"]
    assert body["status"] == "error"
    error: str = body["error"]
    return error


def test_unknown_language_is_named_in_the_error(sandbox: SandboxServer, media_url: str) -> None:
    error = _error(
        post_order(
            sandbox, "transcriptions", mode="live", url=f"{media_url}/tone.wav", language="klingon"
        )
    )
    assert "language 'klingon' is not available for human transcription orders" in error
    assert inspect(sandbox) == []


def test_fast_turnaround_for_dutch_is_refused_with_the_allowed_choices(
    sandbox: SandboxServer, media_url: str
) -> None:
    error = _error(
        post_order(
            sandbox,
            "transcriptions",
            mode="test",
            url=f"{media_url}/tone.wav",
            language="dutch",
            turnaround_time="12_hours",
        )
    )
    assert "turnaround_time '12_hours' is not offered for dutch; choose 3_days or 5_days" in error


def test_every_problem_is_reported_at_once(sandbox: SandboxServer) -> None:
    error = _error(
        post_order(
            sandbox,
            "captions",
            mode="someday",
            url="ftp://x/a.wav",
            language="english",
            text_format="verbatim",
            colour="red",
        )
    )
    for part in (
        "mode 'someday'",
        "'url' must be an http or https URL",
        "text_format",
        "'colour' is not a parameter",
    ):
        assert part in error


def test_forced_alignment_accepts_only_its_three_languages(
    sandbox: SandboxServer, media_url: str
) -> None:
    error = _error(
        post_order(
            sandbox,
            "forced_alignment",
            mode="test",
            audio_url=f"{media_url}/tone.wav",
            transcription_url=f"{media_url}/script.txt",
            language="german",
        )
    )
    assert "language 'german' is not available for forced alignment orders" in error


@pytest.mark.parametrize("token", ["wrong-token", "", None])
def test_wrong_or_missing_token_is_a_400_that_does_not_echo_it(
    token: str | None, sandbox: SandboxServer, media_url: str
) -> None:
    response = post_order(
        sandbox,
        "transcriptions",
        token=token,
        mode="live",
        url=f"{media_url}/tone.wav",
        language="english",
    )
    error = _error(response)
    assert "api_token" in error
    assert "wrong-token" not in error
    assert inspect(sandbox) == []


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("missing.wav", "answered HTTP 404"),
        ("empty.wav", "is empty (0 bytes)"),
        ("notes.wav", "is not decodable media"),
    ],
)
def test_media_that_cannot_be_used_is_refused_naming_the_url(
    path: str, message: str, sandbox: SandboxServer, media_url: str
) -> None:
    url = f"{media_url}/{path}"
    error = _error(post_order(sandbox, "transcriptions", mode="live", url=url, language="english"))
    assert url in error
    assert message in error
    assert admin(sandbox, "GET", "wallet").json()["usd"] == 1000.0
    assert inspect(sandbox) == []


def test_unreachable_media_host_is_refused(sandbox: SandboxServer) -> None:
    from tests.support.net import free_port

    url = f"http://127.0.0.1:{free_port()}/a.wav"
    error = _error(post_order(sandbox, "transcriptions", mode="test", url=url, language="english"))
    assert f"could not download {url}: nothing answered" in error


def test_redirect_loop_is_refused(sandbox: SandboxServer) -> None:
    # The sandbox's own test-file route redirects nowhere, so build a loop with its 404s:
    # a URL that redirects to itself is served by a tiny app.
    from starlette.applications import Starlette
    from starlette.responses import RedirectResponse
    from starlette.routing import Route

    from tests.support.servers import asgi_server

    async def loop(request: object) -> RedirectResponse:
        return RedirectResponse("/again")

    app = Starlette(routes=[Route("/{name}", loop)])
    with asgi_server(app) as root:
        error = _error(
            post_order(
                sandbox, "transcriptions", mode="test", url=f"{root}/a.wav", language="english"
            )
        )
    assert "redirects more than 5 times" in error


def test_forced_alignment_refuses_audio_over_one_hour(
    sandbox: SandboxServer, media_url: str, long_audio_url: str
) -> None:
    error = _error(
        post_order(
            sandbox,
            "forced_alignment",
            mode="test",
            audio_url=long_audio_url,
            transcription_url=f"{media_url}/script.txt",
            language="english",
        )
    )
    assert "lasts 3601 s; forced alignment accepts audio of at most 3600 s" in error
    # The same hour is fine for a transcription.
    ok = post_order(sandbox, "transcriptions", mode="test", url=long_audio_url, language="english")
    assert ok.json()["seconds"] == 3601


def test_from_beyond_the_end_of_the_media_is_refused(
    sandbox: SandboxServer, media_url: str
) -> None:
    error = _error(
        post_order(
            sandbox,
            "transcriptions",
            mode="test",
            url=f"{media_url}/tone.wav",
            language="english",
            start=10,
            till=20,
        )
    )
    assert "'from' is 10 s but the media" in error


def test_till_past_the_end_bills_only_to_the_end(sandbox: SandboxServer, media_url: str) -> None:
    response = post_order(
        sandbox,
        "transcriptions",
        mode="test",
        url=f"{media_url}/speech.wav",
        language="english",
        start=4,
        till=100,
    )
    assert response.json()["seconds"] == 8


@pytest.mark.parametrize(
    "document", ["script.txt", "script.docx", "script.html", "script.srt", "script.json"]
)
def test_translation_counts_the_words_of_each_document_format(
    document: str, sandbox: SandboxServer, media_url: str
) -> None:
    response = post_order(
        sandbox,
        "translations",
        mode="test",
        url=f"{media_url}/{document}",
        translate_from="english",
        translate_to="french",
    )
    answer = response.json()
    expected = 6 if document == "script.srt" else 13
    assert (answer["seconds"], answer["words"]) == (0, expected)
    assert answer["order_total"] == pytest.approx(expected * 0.08)


def test_a_body_that_is_not_json_is_refused(sandbox: SandboxServer) -> None:
    response = httpx.post(
        f"{sandbox.base_url}/transcriptions",
        content=b"{nope",
        headers={"content-type": "application/json"},
    )
    assert "not valid JSON" in _error(response)


def test_an_uploaded_file_instead_of_a_url_is_refused(sandbox: SandboxServer) -> None:
    response = httpx.post(
        f"{sandbox.base_url}/transcriptions",
        files={"url": ("a.wav", b"RIFF")},
        data={"mode": "test"},
    )
    assert "was sent as a file" in _error(response)
