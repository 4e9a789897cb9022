"""Fetching what an order points at, within bounds, and measuring media with mutagen.

The only module of the sandbox that reaches out over the network for an order: a URL in,
bytes on disk (or in memory for documents) out, every failure turned into a `MediaError`
that names the URL and what was wrong with it. Downloaded media is deleted after measuring.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import struct
import tempfile
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import mutagen
import mutagen.mp3

from gt_watch.errors import MediaError

MAX_REDIRECTS = 5
FORMATS_TRIED = "WAV, MP3, MP4/M4A, FLAC, OGG and the other formats mutagen reads"
_MUTAGEN_FAILURES = (mutagen.MutagenError, ValueError, struct.error, IndexError, EOFError)


@dataclass(frozen=True, slots=True)
class Media:
    """Measured media: the SHA-256 of its bytes (the text seed), its size and duration."""

    sha256: str
    size: int
    duration: float


def new_client() -> httpx.AsyncClient:
    """Return the HTTP client downloads use: redirects followed, at most a few."""
    return httpx.AsyncClient(
        follow_redirects=True, max_redirects=MAX_REDIRECTS, timeout=httpx.Timeout(30.0)
    )


async def fetch_media(
    client: httpx.AsyncClient, url: str, *, max_bytes: int, timeout: float
) -> Media:
    """Given a media URL, download it to a temporary file, measure it and delete it.
    Raise MediaError naming the URL if it cannot be fetched, is empty or is not media."""
    with tempfile.TemporaryDirectory(prefix="gt-watch-sandbox-") as folder:
        path = Path(folder) / "media"
        digest = hashlib.sha256()
        size = 0
        with path.open("wb") as output:
            async for chunk in _download(client, url, max_bytes=max_bytes, timeout=timeout):
                output.write(chunk)
                digest.update(chunk)
                size += len(chunk)
        if size == 0:
            raise MediaError(f"the file at {url} is empty (0 bytes); check the upload")
        return Media(digest.hexdigest(), size, measure_duration(path, url))


async def fetch_document(
    client: httpx.AsyncClient, url: str, *, max_bytes: int, timeout: float
) -> bytes:
    """Given a document URL, return its bytes. Raise MediaError naming the URL if it cannot
    be fetched, is larger than `max_bytes` or is empty."""
    body = bytearray()
    async for chunk in _download(client, url, max_bytes=max_bytes, timeout=timeout):
        body += chunk
    if not body:
        raise MediaError(f"the document at {url} is empty (0 bytes)")
    return bytes(body)


async def _download(
    client: httpx.AsyncClient, url: str, *, max_bytes: int, timeout: float
) -> AsyncIterator[bytes]:
    received = 0
    try:
        async with asyncio.timeout(timeout), client.stream("GET", url) as response:
            if response.status_code >= 400:
                raise MediaError(
                    f"downloading {url} failed: the server answered HTTP "
                    f"{response.status_code} {response.reason_phrase}"
                )
            _check_declared_size(response, url, max_bytes)
            async for chunk in response.aiter_bytes():
                received += len(chunk)
                if received > max_bytes:
                    raise MediaError(_too_large(url, max_bytes))
                yield chunk
    except TimeoutError as error:
        raise MediaError(f"downloading {url} took longer than {timeout:g} s") from error
    except httpx.TooManyRedirects as error:
        raise MediaError(f"{url} redirects more than {MAX_REDIRECTS} times") from error
    except httpx.TimeoutException as error:
        raise MediaError(f"downloading {url} timed out ({type(error).__name__})") from error
    except httpx.InvalidURL as error:
        raise MediaError(f"{url} is not a URL the sandbox can download: {error}") from error
    except httpx.HTTPError as error:
        raise MediaError(f"could not download {url}: {_reason(error)}") from error


def _check_declared_size(response: httpx.Response, url: str, max_bytes: int) -> None:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise MediaError(_too_large(url, max_bytes))


def _too_large(url: str, max_bytes: int) -> str:
    return f"the file at {url} is larger than the sandbox's limit of {max_bytes} bytes"


def _reason(error: httpx.HTTPError) -> str:
    text = str(error) or type(error).__name__
    if isinstance(error, httpx.ConnectError):
        return f"nothing answered ({text})"
    return text


def measure_duration(path: Path, url: str) -> float:
    """Given a media file on disk, return its duration in seconds. Raise MediaError (naming
    `url`) if mutagen cannot decode it or it has no length."""
    try:
        parsed = mutagen.File(path)
        if parsed is None or getattr(parsed, "info", None) is None:
            # MP3 without an ID3 tag is only recognised by its frames, not by its header.
            with contextlib.suppress(mutagen.mp3.HeaderNotFoundError):
                parsed = mutagen.mp3.MP3(path)  # type: ignore[no-untyped-call]
    except _MUTAGEN_FAILURES as error:
        raise MediaError(
            f"the file at {url} is not decodable media ({FORMATS_TRIED}): {error}"
        ) from error
    if parsed is None or getattr(parsed, "info", None) is None:
        raise MediaError(f"the file at {url} is not decodable media (tried {FORMATS_TRIED})")
    length = float(getattr(parsed.info, "length", 0.0) or 0.0)
    if length <= 0:
        raise MediaError(f"the file at {url} has no playable length (0 seconds)")
    return length
