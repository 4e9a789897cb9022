"""One presigned PUT over httpx: a streamed body of known length, retried when the network
or the endpoint fails transiently. Must not presign by itself, read files or talk to boto3.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Mapping

import httpx
from tenacity import (
    RetryCallState,
    Retrying,
    retry_if_exception_type,
    stop_after_attempt,
    wait_exponential,
)

from gt_watch.storage.s3_errors import S3Target, from_exception, from_response

log = logging.getLogger(__name__)

# Answers after which the same request may succeed; anything else is final.
RETRYABLE_STATUS = frozenset({408, 429, 500, 502, 503, 504})


class _RetryableAnswer(Exception):
    """The endpoint answered with a status worth another attempt."""

    def __init__(self, response: httpx.Response) -> None:
        super().__init__(f"HTTP {response.status_code}")
        self.response = response


def put_presigned(
    http: httpx.Client,
    presign: Callable[[], str],
    *,
    headers: Mapping[str, str],
    body: Callable[[], Iterator[bytes]],
    attempts: int,
    backoff: float,
    action: str,
    target: S3Target,
) -> httpx.Response:
    """Given a function returning a fresh presigned PUT URL, the headers (with
    Content-Length) and a function returning the body's chunks, PUT it and return the 2xx
    answer. Each attempt presigns and reads the body anew. Raise StorageError when the
    answer is final or the attempts are used up; a StorageError raised by the body (the
    file changed) ends at once."""
    retrying = Retrying(
        stop=stop_after_attempt(attempts),
        wait=wait_exponential(multiplier=backoff, max=max(backoff * 16, 0.0)),
        retry=retry_if_exception_type((httpx.TransportError, _RetryableAnswer)),
        before_sleep=_log_retry(action, target),
        reraise=True,
    )
    try:
        for attempt in retrying:
            with attempt:
                response = _put_once(http, presign(), headers, body())
    except _RetryableAnswer as failure:
        raise from_response(failure.response, action, target) from None
    except httpx.TransportError as failure:
        raise from_exception(failure, action, target) from None
    if not response.is_success:
        raise from_response(response, action, target)
    return response


def _put_once(
    http: httpx.Client, url: str, headers: Mapping[str, str], body: Iterator[bytes]
) -> httpx.Response:
    response = http.put(url, content=body, headers=dict(headers))
    if response.status_code in RETRYABLE_STATUS:
        raise _RetryableAnswer(response)
    return response


def _log_retry(action: str, target: S3Target) -> Callable[[RetryCallState], None]:
    def log_attempt(state: RetryCallState) -> None:
        failure = state.outcome.exception() if state.outcome else None
        log.warning(
            "%s (%s): attempt %d failed (%s), trying again",
            action,
            target,
            state.attempt_number,
            type(failure).__name__ if isinstance(failure, httpx.TransportError) else failure,
        )

    return log_attempt
