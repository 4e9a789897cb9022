"""Talking to the sandbox's API as an outsider: plain httpx over HTTP, no client of gt-watch.
The admin API, the callback receiver and `wait_for` live in tests/support."""

from __future__ import annotations

from typing import Any, Literal

import httpx

from gt_watch.sandbox import SandboxServer
from tests.support.waiting import wait_for

TOKEN = "test-token"
Encoding = Literal["form", "multipart", "json"]


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


def finished_order(sandbox: SandboxServer, order_id: int) -> dict[str, Any]:
    """Wait until a live order is finished; return its order object."""

    def probe() -> dict[str, Any] | None:
        data: dict[str, Any] = get(sandbox, f"orders/{order_id}", mode="live").json()["data"]
        return data if data["finished_at"] else None

    return wait_for(probe)
