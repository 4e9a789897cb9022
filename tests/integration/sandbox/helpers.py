"""Talking to the sandbox as an outsider: plain httpx over HTTP, and a callback receiver."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

import httpx
from starlette.applications import Starlette
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from gt_watch.sandbox import SandboxServer

TOKEN = "test-token"
Encoding = Literal["form", "multipart", "json"]
Value = TypeVar("Value")


def post_order(
    sandbox: SandboxServer,
    path: str,
    encoding: Encoding = "form",
    token: str | None = TOKEN,
    **params: Any,
) -> httpx.Response:
    """POST an order to `/api/v4/<path>` in the chosen body encoding."""
    if token is not None:
        params["api_token"] = token
    params = {"from" if k == "start" else k: v for k, v in params.items()}
    url = f"{sandbox.base_url}/{path}"
    if encoding == "json":
        return httpx.post(url, json=params, timeout=30)
    if encoding == "multipart":
        files = {name: (None, str(value)) for name, value in params.items()}
        return httpx.post(url, files=files, timeout=30)
    return httpx.post(url, data={k: str(v) for k, v in params.items()}, timeout=30)


def get(sandbox: SandboxServer, path: str, **params: Any) -> httpx.Response:
    """GET `/api/v4/<path>` with the token and the given query."""
    params.setdefault("api_token", TOKEN)
    return httpx.get(f"{sandbox.base_url}/{path}", params=params, timeout=30)


def admin(sandbox: SandboxServer, method: str, route: str, /, **body: Any) -> httpx.Response:
    """Call the admin API `/sandbox/<route>` with the Bearer token."""
    return httpx.request(
        method,
        f"{sandbox.root_url}/sandbox/{route}",
        json=body or None,
        headers={"Authorization": f"Bearer {TOKEN}"},
        timeout=30,
    )


def inspect(sandbox: SandboxServer) -> list[dict[str, Any]]:
    """Every live order with its callback deliveries and attempts."""
    response = admin(sandbox, "GET", "orders")
    response.raise_for_status()
    orders: list[dict[str, Any]] = response.json()["orders"]
    return orders


def wait_for(probe: Callable[[], Value | None], timeout: float = 20.0) -> Value:
    """Poll `probe` until it returns something truthy; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = probe()
        if value:
            return value
        time.sleep(0.02)
    raise AssertionError(f"gave up waiting after {timeout} s")


def finished_order(sandbox: SandboxServer, order_id: int) -> dict[str, Any]:
    """Wait until a live order is finished; return its order object."""

    def probe() -> dict[str, Any] | None:
        data: dict[str, Any] = get(sandbox, f"orders/{order_id}", mode="live").json()["data"]
        return data if data["finished_at"] else None

    return wait_for(probe)


@dataclass
class Received:
    """One callback as the receiver saw it."""

    path: str
    content_type: str
    fields: dict[str, str]


@dataclass
class CallbackReceiver:
    """A callback endpoint; answers each POST with the next of `answers` (then `ok`)."""

    answers: list[str] = field(default_factory=list)
    calls: list[Received] = field(default_factory=list)
    root: str = ""
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def url(self, name: str = "hook") -> str:
        return f"{self.root}/callbacks/{name}"

    @property
    def app(self) -> Starlette:
        return Starlette(routes=[Route("/callbacks/{name}", self._take, methods=["POST"])])

    async def _take(self, request: Request) -> PlainTextResponse:
        form = await request.form()
        fields = {k: v for k, v in form.items() if not isinstance(v, UploadFile)}
        with self._lock:
            self.calls.append(Received(request.url.path, request.headers["content-type"], fields))
            answer = self.answers.pop(0) if self.answers else "ok"
        return PlainTextResponse(answer)

    def wait_for(self, count: int, timeout: float = 20.0) -> list[Received]:
        """Wait until at least `count` callbacks arrived; return them all."""
        return wait_for(lambda: list(self.calls) if len(self.calls) >= count else None, timeout)
