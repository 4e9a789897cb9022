"""The built-in media server (uvicorn on 127.0.0.1): a signed URL serves exactly its file,
with HEAD and Range; anything unsigned, forged or expired gets a bare 403."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from gt_watch.storage.media_app import media_app
from gt_watch.storage.signed import SignedUrls
from tests.support.net import free_port
from tests.support.servers import asgi_server

SECRET = b"m" * 32


class Clock:
    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def server(clock: Clock) -> Iterator[tuple[SignedUrls, str]]:
    port = free_port()
    signed = SignedUrls(SECRET, f"http://127.0.0.1:{port}/", ttl=timedelta(hours=1), clock=clock)
    with asgi_server(media_app(signed), port=port) as base_url:
        yield signed, base_url


@pytest.fixture
def signed(server: tuple[SignedUrls, str]) -> SignedUrls:
    return server[0]


@pytest.fixture
def media(tmp_path: Path) -> Path:
    path = tmp_path / "Zoë's interview.wav"
    path.write_bytes(os.urandom(300_000))
    return path


def with_query(url: str, **changes: str) -> str:
    parts = urlsplit(url)
    query = dict(pair.split("=", 1) for pair in parts.query.split("&"))
    query.update(changes)
    return parts._replace(query="&".join(f"{k}={v}" for k, v in query.items())).geturl()


def test_signed_url_serves_the_whole_file_with_its_type_and_length(
    signed: SignedUrls, media: Path
) -> None:
    response = httpx.get(signed.stage(media, "k").url)

    assert response.status_code == 200
    assert hashlib.sha256(response.content).digest() == hashlib.sha256(media.read_bytes()).digest()
    assert response.headers["Content-Type"] == "audio/wav"
    assert response.headers["Content-Length"] == "300000"
    assert response.headers["Accept-Ranges"] == "bytes"


def test_head_gives_the_headers_without_the_body(signed: SignedUrls, media: Path) -> None:
    response = httpx.head(signed.stage(media, "k").url)

    assert response.status_code == 200
    assert response.headers["Content-Length"] == "300000"
    assert response.content == b""


@pytest.mark.parametrize(
    ("byte_range", "start", "end"),
    [("bytes=100-199", 100, 200), ("bytes=299990-", 299990, 300000), ("bytes=-10", 299990, 300000)],
)
def test_range_request_gets_exactly_those_bytes(
    signed: SignedUrls, media: Path, byte_range: str, start: int, end: int
) -> None:
    response = httpx.get(signed.stage(media, "k").url, headers={"Range": byte_range})

    assert response.status_code == 206
    assert response.content == media.read_bytes()[start:end]
    assert response.headers["Content-Range"] == f"bytes {start}-{end - 1}/300000"


def test_range_beyond_the_end_is_not_satisfiable(signed: SignedUrls, media: Path) -> None:
    response = httpx.get(signed.stage(media, "k").url, headers={"Range": "bytes=400000-"})

    assert response.status_code == 416


def test_expired_url_gets_a_bare_403(signed: SignedUrls, media: Path, clock: Clock) -> None:
    url = signed.stage(media, "k").url
    clock.now += timedelta(hours=1, seconds=1)

    response = httpx.get(url)

    assert (response.status_code, response.text) == (403, "Forbidden")


def test_tampered_signature_gets_a_bare_403(signed: SignedUrls, media: Path) -> None:
    url = signed.stage(media, "k").url
    signature = url.rsplit("sig=", 1)[1]
    forged = signature[:-1] + ("A" if signature[-1] != "A" else "B")

    response = httpx.get(with_query(url, sig=forged))

    assert (response.status_code, response.text) == (403, "Forbidden")


def test_extended_expiry_gets_a_bare_403(signed: SignedUrls, media: Path) -> None:
    url = signed.stage(media, "k").url
    later = str(int(url.split("exp=")[1].split("&")[0]) + 86400)

    assert httpx.get(with_query(url, exp=later)).status_code == 403


def test_url_without_signature_gets_403_whether_or_not_the_file_exists(
    server: tuple[SignedUrls, str], media: Path
) -> None:
    _, base_url = server
    opaque = signed_opaque_without_signature(media)

    for path in (opaque, "bm8tc3VjaC1maWxl"):
        response = httpx.get(f"{base_url}/media/{path}")
        assert (response.status_code, response.text) == (403, "Forbidden")


def signed_opaque_without_signature(media: Path) -> str:
    return urlsplit(SignedUrls(b"x" * 32, "http://h").stage(media, "k").url).path.split("/")[-1]


def test_signed_url_of_a_deleted_file_is_not_found(signed: SignedUrls, media: Path) -> None:
    url = signed.stage(media, "k").url
    media.unlink()

    response = httpx.get(url)

    assert (response.status_code, response.text) == (404, "Not Found")


def test_signed_url_of_a_file_changed_since_staging_is_not_found(
    signed: SignedUrls, media: Path
) -> None:
    url = signed.stage(media, "k").url
    with media.open("ab") as more:
        more.write(b"appended later")

    assert httpx.get(url).status_code == 404


def test_only_get_and_head_are_allowed(signed: SignedUrls, media: Path) -> None:
    assert httpx.post(signed.stage(media, "k").url, content=b"x").status_code == 405
