"""Sending one API request under its retry rule and turning every failure into a gt-watch
error. Knows HTTP status codes and httpx exceptions; knows no order kinds or answer shapes.

Messages name requests by `public_url` (no query string), so no token can reach them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

import httpx

from gt_watch.api.retry import (
    NEVER_SENT,
    Attempts,
    RetryPolicy,
    call_with_retries,
    describe_failure,
    order_may_retry,
    read_may_retry,
)
from gt_watch.api.urls import public_url
from gt_watch.api.values import as_text
from gt_watch.errors import (
    ApiRequestError,
    ApiResponseError,
    ApiServerError,
    ApiUnavailableError,
    OrderOutcomeUnknown,
)

_NOT_SENT_AT_ALL: tuple[type[Exception], ...] = (*NEVER_SENT, httpx.UnsupportedProtocol)
_SUCCESS_STATUSES = ("success", "ok")


def describe(request: httpx.Request) -> str:
    """Given a request, return `METHOD scheme://host/path` for messages and logs."""
    return f"{request.method} {public_url(request.url)}"


def send_read(http: httpx.Client, request: httpx.Request, policy: RetryPolicy) -> httpx.Response:
    """Given a GET request, send it, retrying per `policy`; return the answer (status below
    500, body read). Raise ApiUnavailableError if GoTranscript could not be reached, or
    ApiServerError if it kept answering 5xx."""
    attempts = Attempts()
    try:
        return call_with_retries(
            lambda: _send(http, request), policy, read_may_retry, describe(request), attempts
        )
    except httpx.TransportError as error:
        raise ApiUnavailableError(
            f"GoTranscript could not be reached ({describe(request)}; {attempts.count} "
            f"attempt(s), last: {describe_failure(error)}). Check the network and try again."
        ) from None


def send_order(http: httpx.Client, request: httpx.Request, policy: RetryPolicy) -> httpx.Response:
    """Given an order POST, send it, retrying only while it provably never left this
    machine; return the answer if its status is below 300. Raise ApiUnavailableError if it
    was never sent (nothing was ordered), ApiRequestError for a 4xx refusal, and
    OrderOutcomeUnknown for anything after which the order may exist."""
    attempts = Attempts()
    try:
        response = call_with_retries(
            lambda: http.send(request, follow_redirects=False),
            policy,
            order_may_retry,
            describe(request),
            attempts,
        )
    except _NOT_SENT_AT_ALL as error:
        raise ApiUnavailableError(
            f"GoTranscript could not be reached ({describe(request)}; {attempts.count} "
            f"attempt(s), last: {describe_failure(error)}). Nothing was ordered."
        ) from None
    except httpx.TransportError as error:
        raise _outcome_unknown(request, describe_failure(error)) from None
    if 400 <= response.status_code < 500:
        raise request_error(response)
    if response.status_code >= 300:
        raise _outcome_unknown(request, f"HTTP {response.status_code}: {error_text(response)}")
    return response


def _outcome_unknown(request: httpx.Request, what: str) -> OrderOutcomeUnknown:
    return OrderOutcomeUnknown(
        f"{describe(request)} failed after the request may have reached GoTranscript "
        f"({what}). It was not sent again, so that nothing is paid twice: look for the "
        f"order in the account's order list before ordering again."
    )


def _send(http: httpx.Client, request: httpx.Request) -> httpx.Response:
    response = http.send(request, follow_redirects=False)
    if response.status_code >= 500:
        raise ApiServerError(response.status_code, f"{error_text(response)} ({describe(request)})")
    return response


def json_answer(response: httpx.Response, request: httpx.Request) -> Mapping[str, object]:
    """Given a (non-5xx) answer, return its JSON object. Raise ApiRequestError for a 4xx
    or an explicit error in the body, ApiResponseError for a redirect or an unusable body."""
    if 400 <= response.status_code < 500:
        raise request_error(response)
    if response.status_code >= 300 or response.status_code < 200:
        location = response.headers.get("location")
        target = f" to {public_url(location)}" if location else ""
        raise ApiResponseError(
            f"GoTranscript answered {describe(request)} with HTTP {response.status_code}"
            f"{target}; check the API base URL"
        )
    body = _json(response)
    if not isinstance(body, dict):
        raise ApiResponseError(
            f"GoTranscript answered {describe(request)} with something other than a JSON "
            f"object: {_excerpt(response.text)!r}"
        )
    status = (as_text(body.get("status")) or "success").lower()
    if as_text(body.get("error")) and status not in _SUCCESS_STATUSES:
        mode = as_text(body.get("mode"))
        raise ApiRequestError(str(body["error"]), status_code=response.status_code, mode=mode)
    return body


def request_error(response: httpx.Response, content: bytes | None = None) -> ApiRequestError:
    """Given a 4xx answer (and its body if it was streamed), return the error carrying the
    API's `error` text, or an excerpt of a body that is not the documented JSON."""
    body = _json(response, content)
    mode = as_text(body.get("mode")) if isinstance(body, dict) else None
    text = error_text(response, content)
    return ApiRequestError(text, status_code=response.status_code, mode=mode)


def error_text(response: httpx.Response, content: bytes | None = None) -> str:
    """Given an error answer (and its body if it was streamed), return its `error` text,
    else a short excerpt of its body."""
    body = _json(response, content)
    if isinstance(body, dict) and as_text(body.get("error")):
        return str(body["error"]).strip()
    raw = response.content if content is None else content
    return _excerpt(raw.decode("utf-8", "replace")) or response.reason_phrase or "no error text"


def _json(response: httpx.Response, content: bytes | None = None) -> object:
    try:
        return json.loads(response.content if content is None else content)
    except ValueError:
        return None


def _excerpt(text: str, limit: int = 200) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
