"""Fixtures of the service tests: a fast sandbox on 127.0.0.1 and a daemon setup for it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from gt_watch.sandbox import SandboxServer
from gt_watch.sandbox.settings import SandboxSettings
from tests.e2e.service.daemon import Setup, make_setup


@pytest.fixture
def sandbox() -> Iterator[SandboxServer]:
    with SandboxServer(SandboxSettings(delay=0.3, speed=200.0)) as server:
        yield server


@pytest.fixture
def setup(tmp_path: Path, sandbox: SandboxServer) -> Setup:
    return make_setup(tmp_path, sandbox)
