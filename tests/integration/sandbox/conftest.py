"""Fixtures of the sandbox's integration tests: a sandbox served by uvicorn on 127.0.0.1.
Media, scripts, the hour-long WAV and the callback receiver: tests/integration/conftest.py."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from gt_watch.sandbox import SandboxServer, SandboxSettings

FAST = SandboxSettings(token="test-token", delay=0.05, speed=20000.0, random_seed=7)


@pytest.fixture
def sandbox() -> Iterator[SandboxServer]:
    """A fresh sandbox (token `test-token`) whose orders finish almost at once."""
    with SandboxServer(FAST) as server:
        yield server
