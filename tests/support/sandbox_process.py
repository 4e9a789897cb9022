"""The sandbox as a separate process (`gt-watch sandbox`), the way end-to-end tests and users
run it: started from `SandboxSettings`, ready once it answers, driven through its admin API
(tests.support.sandbox_admin), stopped with SIGTERM. Its output goes to a file."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gt_watch.sandbox.server import API_PATH
from gt_watch.sandbox.settings import SandboxSettings
from tests.support.net import free_port, wait_for_port
from tests.support.processes import child_env, gt_watch_argv
from tests.support.sandbox_admin import admin, inspect
from tests.support.waiting import wait_for


@dataclass
class SandboxProcess:
    """A running `gt-watch sandbox` process; `settings` are the ones it was started with."""

    settings: SandboxSettings
    root_url: str
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def base_url(self) -> str:
        return f"{self.root_url}{API_PATH}"

    def orders(self) -> list[dict[str, Any]]:
        """Every live order with its callback deliveries, oldest first (admin API)."""
        return inspect(self)

    def knobs(self, **changes: Any) -> dict[str, Any]:
        """Change run-time knobs (drop_callbacks, duplicate_callbacks, delay, ...)."""
        response = admin(self, "PATCH", "knobs", **changes)
        response.raise_for_status()
        knobs: dict[str, Any] = response.json()
        return knobs

    def fail_next(self, count: int, **rule: Any) -> None:
        """Answer the next `count` API requests matching `rule` (path prefix, method,
        status, after) with an error; see the sandbox's `FaultRule`."""
        admin(self, "POST", "faults", count=count, **rule).raise_for_status()

    def act(self, order_id: int, action: str) -> dict[str, Any]:
        """finish, redeliver or refund an order now; return the order as inspected."""
        response = admin(self, "POST", f"orders/{order_id}/{action}")
        response.raise_for_status()
        order: dict[str, Any] = response.json()
        return order


def sandbox_argv(settings: SandboxSettings, port: int) -> list[str]:
    """The `gt-watch sandbox` command line for these settings (the token goes by env)."""
    argv = gt_watch_argv("sandbox", "--host", "127.0.0.1", "--port", str(port))
    argv += ["--delay", f"{settings.delay:g}", "--speed", f"{settings.speed:g}"]
    argv += ["--wallet", f"{settings.wallet_usd:g}", "--page-size", str(settings.page_size)]
    if settings.state_path is not None:
        argv += ["--state", str(settings.state_path)]
    return argv


@contextmanager
def sandbox_process(settings: SandboxSettings, log: Path) -> Iterator[SandboxProcess]:
    """Run `gt-watch sandbox` with `settings` on a free port of 127.0.0.1 while the block
    runs; its stdout and stderr go to `log`."""
    port = free_port()
    with log.open("wb") as output:
        process = subprocess.Popen(
            sandbox_argv(settings, port),
            env=child_env(GT_WATCH_SANDBOX_TOKEN=settings.token),
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    sandbox = SandboxProcess(settings, f"http://127.0.0.1:{port}", process, log)
    try:
        wait_for_port(port, timeout=30)
        # The port listens before the app is up: an answered admin request means it serves.
        wait_for(lambda: admin(sandbox, "GET", "knobs").status_code == 200, timeout=30)
        yield sandbox
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
