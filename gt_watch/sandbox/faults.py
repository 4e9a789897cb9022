"""Injected trouble for the API paths: added latency, a random 5xx rate and armed "fail the
next N requests" rules. An ASGI middleware; the admin paths are never affected.
"""

from __future__ import annotations

import asyncio
import json
import random

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gt_watch.sandbox.settings import FaultRule, Knobs

API_PREFIX = "/api/v4"


class FaultInjector:
    """Wraps the sandbox app; consults the knobs on every API request."""

    def __init__(self, app: ASGIApp, knobs: Knobs, generator: random.Random) -> None:
        self._app, self._knobs, self._random = app, knobs, generator

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or not path.startswith(API_PREFIX):
            await self._app(scope, receive, send)
            return
        if self._knobs.latency > 0:
            await asyncio.sleep(self._knobs.latency)
        rule = self._knobs.take_fault(scope["method"], path)
        if rule is None and self._random.random() < self._knobs.error_rate:
            rule = FaultRule(remaining=1)
        if rule is None:
            await self._app(scope, receive, send)
            return
        if rule.after:
            await self._app(scope, receive, _swallow)
        await _server_error(send, rule.status)


async def _swallow(message: Message) -> None:
    """Discard the real answer of a request that is to fail after taking effect."""


async def _server_error(send: Send, status: int) -> None:
    body = json.dumps(
        {"mode": "", "status": "error", "error": f"sandbox: injected server error (HTTP {status})"}
    ).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
