"""The sandbox's admin API (`/sandbox/...`) as tests call it: knobs, faults, the wallet, and
the inspection of every live order with its callback attempts. Not part of GoTranscript."""

from __future__ import annotations

from typing import Any

import httpx

from gt_watch.sandbox import SandboxServer
from tests.support.net import LOOPBACK_TLS


def admin(sandbox: SandboxServer, method: str, route: str, /, **body: Any) -> httpx.Response:
    """Call the admin API `/sandbox/<route>` with the sandbox's token as Bearer header."""
    return httpx.request(
        method,
        f"{sandbox.root_url}/sandbox/{route}",
        json=body or None,
        headers={"Authorization": f"Bearer {sandbox.settings.token}"},
        timeout=30,
        verify=LOOPBACK_TLS,
    )


def inspect(sandbox: SandboxServer) -> list[dict[str, Any]]:
    """Every live order with its callback deliveries and attempts, oldest first."""
    response = admin(sandbox, "GET", "orders")
    response.raise_for_status()
    orders: list[dict[str, Any]] = response.json()["orders"]
    return orders
