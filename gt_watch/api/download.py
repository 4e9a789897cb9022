"""Fetching one result file from the API host: same origin only, bounded size and time.
Knows nothing of formats or parsing; hands back bytes.

Result URLs carry the token in their query, so a URL (or a redirect) that leaves the API's
scheme, host and port is refused before anything is sent to it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

import httpx

from gt_watch.api.retry import Attempts, RetryPolicy, call_with_retries, read_may_retry
from gt_watch.api.transport import describe, error_text, request_error
from gt_watch.api.urls import public_url, same_origin
from gt_watch.errors import (
    ApiResponseError,
    ApiServerError,
    ApiUnavailableError,
    UnsafeUrlError,
)

logger = logging.getLogger(__name__)

MAX_REDIRECTS = 3
_ERROR_BODY_BYTES = 64 * 1024


@dataclass(frozen=True, slots=True)
class DownloadLimits:
    """Bounds of one download: its size in bytes and its wall-clock time in seconds."""

    max_bytes: int
    max_seconds: float
    clock: Callable[[], float]


def check_origin(url: httpx.URL, api_base: httpx.URL) -> None:
    """Given a URL to fetch, raise UnsafeUrlError unless it is on the API's scheme, host
    and port."""
    if not same_origin(url, api_base):
        raise UnsafeUrlError(
            f"refusing to fetch {public_url(url)}: result files are fetched only from the "
            f"GoTranscript API at {public_url(api_base)} (the URL would carry the API token)"
        )


def fetch(
    http: httpx.Client,
    url: httpx.URL,
    api_base: httpx.URL,
    policy: RetryPolicy,
    limits: DownloadLimits,
) -> bytes:
    """Given a result URL on the API host, return its body, retrying 5xx answers and network
    failures per `policy`. Raise UnsafeUrlError (elsewhere, or redirected elsewhere),
    ApiRequestError (4xx), ApiServerError (kept failing), ApiUnavailableError (unreachable,
    or slower than `limits.max_seconds`), ApiResponseError (over `limits.max_bytes`)."""
    check_origin(url, api_base)
    attempts = Attempts()
    description = f"GET {public_url(url)}"
    try:
        return call_with_retries(
            lambda: _fetch_once(http, url, api_base, limits),
            policy,
            read_may_retry,
            description,
            attempts,
        )
    except httpx.TransportError as error:
        raise ApiUnavailableError(
            f"could not download {public_url(url)} ({attempts.count} attempt(s), last: "
            f"{type(error).__name__}). Check the network and try again."
        ) from None


def _fetch_once(
    http: httpx.Client, url: httpx.URL, api_base: httpx.URL, limits: DownloadLimits
) -> bytes:
    deadline = limits.clock() + limits.max_seconds
    for _ in range(MAX_REDIRECTS + 1):
        request = http.build_request("GET", url)
        response = http.send(request, stream=True, follow_redirects=False)
        try:
            if not response.is_redirect:
                return _body(response, request, limits, deadline)
            url = url.join(response.headers["location"])
            check_origin(url, api_base)
            logger.debug("%s redirects to %s", describe(request), public_url(url))
        finally:
            response.close()
    raise ApiResponseError(f"{public_url(url)} redirected more than {MAX_REDIRECTS} times")


def _body(
    response: httpx.Response, request: httpx.Request, limits: DownloadLimits, deadline: float
) -> bytes:
    if response.status_code >= 400:
        content = _read(response, _ERROR_BODY_BYTES, limits, deadline, cut=True)
        if response.status_code < 500:
            raise request_error(response, content)
        detail = f"{error_text(response, content)} ({describe(request)})"
        raise ApiServerError(response.status_code, detail)
    if response.status_code >= 300 or response.status_code < 200:
        raise ApiResponseError(f"{describe(request)} answered HTTP {response.status_code}")
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limits.max_bytes:
        raise _too_large(request, limits)
    return _read(response, limits.max_bytes, limits, deadline, cut=False)


def _read(
    response: httpx.Response, limit: int, limits: DownloadLimits, deadline: float, *, cut: bool
) -> bytes:
    """Read the body chunk by chunk up to `limit` bytes (cut there, or fail) before the
    deadline; the read timeout bounds the wait for each chunk."""
    received = bytearray()
    for chunk in response.iter_bytes():
        received += chunk
        if len(received) > limit:
            if cut:
                return bytes(received[:limit])
            raise _too_large(response.request, limits)
        if limits.clock() > deadline:
            raise ApiUnavailableError(
                f"{describe(response.request)} took longer than {limits.max_seconds:g} s; "
                f"stopped after {len(received)} bytes"
            )
    return bytes(received)


def _too_large(request: httpx.Request, limits: DownloadLimits) -> ApiResponseError:
    return ApiResponseError(
        f"{describe(request)} is larger than the limit of {limits.max_bytes} bytes; "
        f"stopped reading (raise max_download_bytes if the file is genuine)"
    )
