"""The sandbox's admin API (`/sandbox/...`) as tests call it: knobs, faults, the wallet, and
the inspection of every live order with its callback attempts. Not part of GoTranscript."""

from __future__ import annotations

from typing import Any, Protocol

import httpx

from gt_watch.sandbox.settings import SandboxSettings
from tests.support.net import LOOPBACK_TLS


class RunningSandbox(Protocol):
    """A sandbox that serves: in a thread (`SandboxServer`) or in a process
    (`tests.support.sandbox_process.SandboxProcess`)."""

    root_url: str
    settings: SandboxSettings


def admin(sandbox: RunningSandbox, method: str, route: str, /, **body: Any) -> httpx.Response:
    """Call the admin API `/sandbox/<route>` with the sandbox's token as Bearer header."""
    return httpx.request(
        method,
        f"{sandbox.root_url}/sandbox/{route}",
        json=body or None,
        headers={"Authorization": f"Bearer {sandbox.settings.token}"},
        timeout=30,
        verify=LOOPBACK_TLS,
    )


def inspect(sandbox: RunningSandbox) -> list[dict[str, Any]]:
    """Every live order with its callback deliveries and attempts, oldest first."""
    response = admin(sandbox, "GET", "orders")
    response.raise_for_status()
    orders: list[dict[str, Any]] = response.json()["orders"]
    return orders
