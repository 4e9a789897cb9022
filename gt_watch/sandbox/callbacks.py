"""Sending callbacks: multipart/form-data POSTs, retried until the receiver answers `ok`.

As documented: the receiver must answer with the string `ok`; otherwise the POST is retried,
up to 10 attempts in all, at random intervals. The sandbox's intervals are random too, divided
by the `speed` knob so that tests do not wait minutes. Knows nothing of orders: it is handed a
delivery and a function that builds the form fields.
"""

from __future__ import annotations

import asyncio
import datetime
import logging
import random
import time
from collections.abc import Callable, Mapping

import httpx

from gt_watch.redact import redact
from gt_watch.sandbox.state import DELIVERED, FAILED, PENDING, Attempt, Delivery

MAX_ATTEMPTS = 10
# Seconds between attempts at speed 1 (ASSUMPTION: the documentation says only "random").
RETRY_WAIT = (5.0, 60.0)
RECEIVER_TIMEOUT = 10.0
_BODY_EXCERPT = 200

log = logging.getLogger(__name__)


def utc_stamp(moment: float) -> str:
    """Given a POSIX time, return `YYYY-MM-DD HH:MM:SS` in UTC, as the API writes times."""
    return datetime.datetime.fromtimestamp(moment, datetime.UTC).strftime("%Y-%m-%d %H:%M:%S")


def multipart(fields: Mapping[str, str]) -> dict[str, tuple[None, str]]:
    """Given form fields, return them as httpx `files` so that the body is multipart."""
    return {name: (None, value) for name, value in fields.items()}


class CallbackSender:
    """Runs deliveries to completion. `save` is called after every change of a delivery."""

    def __init__(
        self,
        client: httpx.AsyncClient,
        save: Callable[[Delivery], None],
        speed: Callable[[], float],
        generator: random.Random,
    ) -> None:
        self._client = client
        self._save = save
        self._speed = speed
        self._random = generator

    async def run(self, delivery: Delivery, fields: Callable[[], Mapping[str, str]]) -> None:
        """Given a pending delivery, POST it until accepted or out of attempts, waiting
        between attempts; the delivery ends `delivered` or `failed`."""
        while delivery.state == PENDING:
            wait = delivery.next_attempt_at - time.time()
            if wait > 0:
                await asyncio.sleep(wait)
            attempt = await self._attempt(delivery, fields())
            delivery.attempts.append(attempt)
            if attempt.accepted:
                delivery.state = DELIVERED
            elif len(delivery.attempts) >= MAX_ATTEMPTS:
                delivery.state = FAILED
                log.warning(
                    "callback for order %s given up after %d attempts",
                    delivery.order_id,
                    MAX_ATTEMPTS,
                )
            else:
                pause = self._random.uniform(*RETRY_WAIT) / max(self._speed(), 1e-6)
                delivery.next_attempt_at = time.time() + pause
            self._save(delivery)

    async def _attempt(self, delivery: Delivery, fields: Mapping[str, str]) -> Attempt:
        number = len(delivery.attempts) + 1
        stamp = utc_stamp(time.time())
        try:
            response = await self._client.post(
                delivery.url, files=multipart(fields), timeout=RECEIVER_TIMEOUT
            )
        except httpx.HTTPError as error:
            reason = redact(f"{type(error).__name__}: {error}")
            log.info(
                "callback attempt %d for order %s failed: %s", number, delivery.order_id, reason
            )
            return Attempt(number, stamp, accepted=False, error=reason)
        body = response.text
        accepted = body.strip() == "ok"
        log.info(
            "callback attempt %d for order %s: HTTP %d%s",
            number,
            delivery.order_id,
            response.status_code,
            "" if accepted else " (not ok)",
        )
        return Attempt(number, stamp, accepted, response.status_code, redact(body[:_BODY_EXCERPT]))
