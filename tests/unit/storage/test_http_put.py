"""One presigned PUT: streamed with its length, retried only when another try can help."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import httpx
import pytest

from gt_watch.errors import StorageError
from gt_watch.storage.http_put import put_presigned
from gt_watch.storage.s3_errors import S3Target

TARGET = S3Target("http://s3.test", "media", "a.wav")
BODY = [b"a" * 10, b"b" * 10, b"c" * 5]


class Endpoint:
    """Answers PUTs from a script of statuses (or exceptions), recording what arrived."""

    def __init__(self, *answers: int | Exception) -> None:
        self.answers = list(answers)
        self.requests: list[tuple[str, httpx.Headers, bytes]] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        body = request.read()
        self.requests.append((str(request.url), request.headers, body))
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        error = "<Error><Code>SlowDown</Code></Error>" if answer == 503 else ""
        return httpx.Response(answer, headers={"ETag": '"e"'}, text=error)


def put(endpoint: Endpoint, body: Callable[[], Iterator[bytes]] | None = None) -> httpx.Response:
    urls = iter(f"http://s3.test/media/a.wav?X-Amz-Signature=sig{n}" for n in range(10))
    with httpx.Client(transport=httpx.MockTransport(endpoint)) as http:
        return put_presigned(
            http,
            lambda: next(urls),
            headers={"Content-Length": "25"},
            body=body or (lambda: iter(BODY)),
            attempts=3,
            backoff=0,
            action="uploading a.wav",
            target=TARGET,
        )


def test_body_is_streamed_with_its_length_not_chunked() -> None:
    endpoint = Endpoint(200)

    put(endpoint)

    _, headers, body = endpoint.requests[0]
    assert headers["Content-Length"] == "25"
    assert "Transfer-Encoding" not in headers
    assert body == b"".join(BODY)


def test_busy_endpoint_is_tried_again_with_a_fresh_url_and_the_whole_body() -> None:
    endpoint = Endpoint(503, 200)

    response = put(endpoint)

    assert response.status_code == 200
    assert [url[-4:] for url, _, _ in endpoint.requests] == ["sig0", "sig1"]
    assert endpoint.requests[1][2] == b"".join(BODY)


def test_broken_connection_is_tried_again() -> None:
    endpoint = Endpoint(httpx.WriteError("Broken pipe"), 200)

    assert put(endpoint).status_code == 200


def test_endpoint_still_busy_after_every_attempt_gives_its_answer() -> None:
    endpoint = Endpoint(503, 503, 503)

    with pytest.raises(StorageError, match="HTTP 503 SlowDown; the endpoint is throttling"):
        put(endpoint)
    assert len(endpoint.requests) == 3


def test_refusal_is_final_after_one_attempt() -> None:
    endpoint = Endpoint(403, 200)

    with pytest.raises(StorageError, match="HTTP 403"):
        put(endpoint)
    assert len(endpoint.requests) == 1


def test_connection_that_keeps_breaking_is_reported_after_the_attempts() -> None:
    endpoint = Endpoint(*[httpx.ReadError("reset")] * 3)

    with pytest.raises(StorageError, match="connection to the endpoint broke"):
        put(endpoint)


def test_file_that_changed_while_sent_is_not_tried_again() -> None:
    endpoint = Endpoint(200, 200)

    def changing_file() -> Iterator[bytes]:
        yield b"a" * 10
        raise StorageError("interview.wav: the file grew during upload")

    with pytest.raises(StorageError, match="grew during upload"):
        put(endpoint, changing_file)
    assert endpoint.requests == []
