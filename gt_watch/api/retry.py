"""When a failed API call may be tried again, how often and how long. No HTTP of its own.

Two rules, because an order costs money and a read does not:
- a read (GET) is retried on 5xx answers, timeouts and network errors;
- an order POST is retried only when the request provably never left this machine: the
  connection could not be opened (refused, DNS, TLS), opening it timed out, or no pooled
  connection was free. Anything later may have reached GoTranscript and must be reconciled.
Waits grow exponentially with random jitter, bounded by attempts and by total time.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import httpx
import tenacity

from gt_watch.errors import ApiServerError

logger = logging.getLogger(__name__)
Result = TypeVar("Result")

# Failures raised before a single byte of the request was sent.
NEVER_SENT: tuple[type[Exception], ...] = (
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.PoolTimeout,
)
# Failures that say nothing about the request itself: a later attempt may well succeed.
_TRANSIENT: tuple[type[Exception], ...] = (
    ApiServerError,
    httpx.TimeoutException,
    httpx.NetworkError,
    httpx.RemoteProtocolError,
    httpx.ProxyError,
)


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How hard to try: at most `attempts` tries within `total_seconds`, waiting about
    `first_wait` seconds, then twice as long each time (plus jitter) up to `max_wait`.
    `sleep` and `clock` are injectable so that tests neither wait nor depend on time."""

    attempts: int = 5
    total_seconds: float = 60.0
    first_wait: float = 0.5
    max_wait: float = 10.0
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic


def read_may_retry(error: BaseException) -> bool:
    """Given a failure of a GET, return True if trying again may help."""
    return isinstance(error, _TRANSIENT)


def order_may_retry(error: BaseException) -> bool:
    """Given a failure of an order POST, return True only if the request was never sent."""
    return isinstance(error, NEVER_SENT)


@dataclass(slots=True)
class Attempts:
    """How many attempts a call made; filled in while it runs, for error messages."""

    count: int = 0


def call_with_retries(
    operation: Callable[[], Result],
    policy: RetryPolicy,
    may_retry: Callable[[BaseException], bool],
    description: str,
    attempts: Attempts | None = None,
) -> Result:
    """Given an operation, run it until it succeeds, fails in a way `may_retry` rejects, or
    the policy's attempts or time run out; then re-raise its last failure. `description`
    (already free of secrets) names the call in log records."""
    counter = attempts if attempts is not None else Attempts()

    def counted() -> Result:
        counter.count += 1
        return operation()

    retrying = tenacity.Retrying(
        stop=tenacity.stop_any(tenacity.stop_after_attempt(policy.attempts), _OutOfTime(policy)),
        wait=tenacity.wait_exponential(multiplier=policy.first_wait, max=policy.max_wait)
        + tenacity.wait_random(0, policy.first_wait),
        retry=tenacity.retry_if_exception(may_retry),
        sleep=policy.sleep,
        before_sleep=lambda state: _log_retry(state, description),
        reraise=True,
    )
    return retrying(counted)


class _OutOfTime(tenacity.stop.stop_base):
    """Stop when the next wait would end past the policy's total time, on its own clock."""

    def __init__(self, policy: RetryPolicy) -> None:
        self.policy = policy
        self.started = policy.clock()

    def __call__(self, retry_state: tenacity.RetryCallState) -> bool:
        elapsed = self.policy.clock() - self.started
        return elapsed + retry_state.upcoming_sleep >= self.policy.total_seconds


def _log_retry(state: tenacity.RetryCallState, description: str) -> None:
    error = state.outcome.exception() if state.outcome else None
    logger.warning(
        "%s failed (%s); attempt %d, trying again in %.1f s",
        description,
        describe_failure(error),
        state.attempt_number,
        state.upcoming_sleep,
    )


def describe_failure(error: BaseException | None) -> str:
    """Given a failure, return a short description without URLs (they may carry secrets)."""
    if error is None:
        return "no error"
    if isinstance(error, ApiServerError):
        return f"HTTP {error.status_code}"
    detail = str(error).strip()
    name = type(error).__name__
    return f"{name}: {detail}" if detail and "://" not in detail else name
