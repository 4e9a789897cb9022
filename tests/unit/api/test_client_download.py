"""Result downloads: only from the API host, in the asked format, bounded in size and time."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import httpx
import pytest

from gt_watch.api.client import GoTranscriptClient
from gt_watch.api.retry import RetryPolicy
from gt_watch.errors import (
    ApiRequestError,
    ApiResponseError,
    ApiUnavailableError,
    UnsafeUrlError,
    ValidationError,
)
from tests.unit.api.conftest import BASE, TOKEN, ScriptedApi, Sleeps, json_reply

MakeClient = Callable[..., GoTranscriptClient]
RESULT = f"{BASE}/test-file/transcriptions?api_token={TOKEN}&format=docx"


def test_the_format_is_set_replacing_the_one_in_the_url(make_client: MakeClient) -> None:
    api = ScriptedApi([httpx.Response(200, content=b'{"segments": []}')])

    body = make_client(api).download(RESULT, "json")

    assert body == b'{"segments": []}'
    url = api.requests[0].url
    assert url.params.get_list("format") == ["json"]
    assert url.params["api_token"] == TOKEN


def test_without_a_format_the_url_is_fetched_as_given(make_client: MakeClient) -> None:
    api = ScriptedApi([httpx.Response(200, content=b"PK...")])

    make_client(api).download(RESULT)

    assert api.requests[0].url.params["format"] == "docx"


def test_a_result_url_without_a_token_gets_the_clients(make_client: MakeClient) -> None:
    api = ScriptedApi([httpx.Response(200, content=b"text")])

    make_client(api).download(f"{BASE}/orders/1/captions", "text")

    assert api.requests[0].url.params["api_token"] == TOKEN


@pytest.mark.parametrize(
    "url",
    [
        f"https://evil.example.test/api/v4/test-file/x?api_token={TOKEN}",
        f"http://api.example.test/api/v4/test-file/x?api_token={TOKEN}",
        f"https://api.example.test:8443/api/v4/test-file/x?api_token={TOKEN}",
        "file:///etc/passwd",
    ],
)
def test_urls_off_the_api_host_are_refused_before_anything_is_sent(
    make_client: MakeClient, url: str
) -> None:
    api = ScriptedApi([httpx.Response(200, content=b"x")])

    with pytest.raises(UnsafeUrlError) as caught:
        make_client(api).download(url, "json")

    assert api.requests == []
    assert "only from the GoTranscript API at https://api.example.test/api/v4" in str(caught.value)
    assert TOKEN not in str(caught.value)


def test_the_default_port_is_the_same_origin(make_client: MakeClient) -> None:
    api = ScriptedApi([httpx.Response(200, content=b"x")])

    assert make_client(api).download("https://API.example.test:443/api/v4/f", "text") == b"x"


def test_an_unknown_format_is_refused(make_client: MakeClient) -> None:
    with pytest.raises(ValidationError, match="result format 'srt' is unknown; choose docx"):
        make_client(ScriptedApi([])).download(RESULT, "srt")


def test_a_redirect_on_the_api_host_is_followed(make_client: MakeClient) -> None:
    api = ScriptedApi(
        [
            httpx.Response(302, headers={"location": "/api/v4/files/1?api_token=t"}),
            httpx.Response(200, content=b"moved"),
        ]
    )

    assert make_client(api).download(RESULT, "text") == b"moved"
    assert api.requests[1].url.path == "/api/v4/files/1"


def test_a_redirect_off_the_api_host_is_refused(make_client: MakeClient) -> None:
    api = ScriptedApi(
        [httpx.Response(302, headers={"location": f"https://cdn.example.test/f?api_token={TOKEN}"})]
    )

    with pytest.raises(UnsafeUrlError, match=r"refusing to fetch https://cdn\.example\.test/f"):
        make_client(api).download(RESULT, "text")

    assert len(api.requests) == 1


def test_endless_redirects_on_the_api_host_stop(make_client: MakeClient) -> None:
    api = ScriptedApi([httpx.Response(302, headers={"location": "/api/v4/again"})])

    with pytest.raises(ApiResponseError, match="redirected more than 3 times"):
        make_client(api).download(RESULT, "text")


def test_a_declared_size_over_the_limit_is_refused_before_reading(
    make_client: MakeClient,
) -> None:
    api = ScriptedApi([httpx.Response(200, content=b"x" * 2000)])

    with pytest.raises(ApiResponseError, match="larger than the limit of 1000 bytes"):
        make_client(api, max_download_bytes=1000).download(RESULT, "json")


def chunks(count: int, size: int, on_chunk: Callable[[], None] = lambda: None) -> Iterator[bytes]:
    for _ in range(count):
        on_chunk()
        yield b"x" * size


def test_a_streamed_body_over_the_limit_is_cut_off(make_client: MakeClient) -> None:
    api = ScriptedApi([httpx.Response(200, content=chunks(100, 100))])

    with pytest.raises(ApiResponseError, match="larger than the limit of 1000 bytes"):
        make_client(api, max_download_bytes=1000).download(RESULT, "json")


def test_a_streamed_body_within_the_limit_is_returned_whole(make_client: MakeClient) -> None:
    api = ScriptedApi([httpx.Response(200, content=chunks(10, 100))])

    assert make_client(api, max_download_bytes=1000).download(RESULT, "json") == b"x" * 1000


def test_a_download_slower_than_its_time_bound_is_stopped(sleeps: Sleeps) -> None:
    now = [0.0]

    def tick() -> None:
        now[0] += 1.0

    api = ScriptedApi([httpx.Response(200, content=chunks(100, 10, tick))])
    policy = RetryPolicy(attempts=3, sleep=sleeps, clock=lambda: now[0])
    http = httpx.Client(transport=httpx.MockTransport(api))
    client = GoTranscriptClient(BASE, TOKEN, http=http, retry=policy, download_seconds=5)
    with pytest.raises(ApiUnavailableError, match="took longer than 5 s"):
        client.download(RESULT, "json")

    assert len(api.requests) == 1  # not retried: it would only be slow again
    http.close()


def test_a_missing_result_carries_the_api_error_text(make_client: MakeClient) -> None:
    api = ScriptedApi([json_reply({"status": "error", "error": "File not ready"}, status=404)])

    with pytest.raises(ApiRequestError) as caught:
        make_client(api).download(RESULT, "pdf")

    assert (caught.value.status_code, caught.value.error) == (404, "File not ready")


def test_a_download_is_retried_after_a_server_error(
    make_client: MakeClient, sleeps: Sleeps
) -> None:
    api = ScriptedApi([httpx.Response(503, text="busy"), httpx.Response(200, content=b"ok")])

    assert make_client(api).download(RESULT, "text") == b"ok"
    assert len(sleeps.waits) == 1


def test_a_download_that_cannot_connect_is_unavailable(make_client: MakeClient) -> None:
    api = ScriptedApi([httpx.ConnectError("refused")])

    with pytest.raises(ApiUnavailableError, match=r"could not download .* \(4 attempt\(s\)"):
        make_client(api).download(RESULT, "text")
