"""Fixtures shared by all tests. Servers bind to 127.0.0.1 only; see tests/support/."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from gt_watch import redact
from tests.support.servers import moto_server


@pytest.fixture(scope="session")
def moto_endpoint() -> Iterator[str]:
    """One separate `moto_server` process (S3 and SQS) for the whole session."""
    with moto_server() as endpoint:
        yield endpoint


@pytest.fixture(autouse=True)
def _forget_registered_secrets() -> Iterator[None]:
    """Secrets registered by one test must not mask (or hide leaks in) another test."""
    yield
    with redact._lock:
        redact._known_secrets.clear()


@pytest.fixture(autouse=True)
def _reset_root_logger() -> Iterator[None]:
    """`gt_watch.logs.configure` replaces root handlers; undo that after each test."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
