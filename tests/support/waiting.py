"""Waiting for something to happen in another thread or process, without timed assertions."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

Value = TypeVar("Value")


def wait_for(probe: Callable[[], Value | None], timeout: float = 20.0) -> Value:
    """Poll `probe` until it returns something truthy and return that; fail the test after
    `timeout` seconds (a generous bound for a loaded machine, not a speed requirement)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = probe()
        if value:
            return value
        time.sleep(0.02)
    raise AssertionError(f"gave up waiting after {timeout} s")
