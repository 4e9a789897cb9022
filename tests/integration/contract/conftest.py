"""Fixtures of the contract tests: one sandbox per module served by uvicorn on 127.0.0.1,
reset to its start knobs after every test, and a real `GoTranscriptClient` per test whose
retry waits are short and recorded."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from gt_watch.api.client import DEFAULT_TIMEOUT, GoTranscriptClient
from gt_watch.sandbox import SandboxServer, SandboxSettings
from tests.integration.contract.helpers import TOKEN, RecordedSleeps, fast_retry
from tests.support.net import LOOPBACK_TLS
from tests.support.sandbox_admin import admin

SETTINGS = SandboxSettings(
    token=TOKEN, wallet_usd=1000.0, delay=0.05, speed=20000.0, page_size=20, random_seed=11
)
_START_KNOBS = {
    "delay": SETTINGS.delay,
    "speed": SETTINGS.speed,
    "page_size": SETTINGS.page_size,
    "error_rate": 0.0,
    "latency": 0.0,
    "transcript_shape": "segments",
    "omit_status": False,
    "drop_callbacks": False,
    "duplicate_callbacks": False,
}


@pytest.fixture(scope="module")
def sandbox() -> Iterator[SandboxServer]:
    """A sandbox shared by the tests of one module; orders finish 50 ms after placing."""
    with SandboxServer(SETTINGS) as server:
        yield server


@pytest.fixture(autouse=True)
def _start_knobs(sandbox: SandboxServer) -> Iterator[None]:
    """Whatever a test turned (knobs, armed faults, the wallet), the next one starts clean."""
    yield
    admin(sandbox, "DELETE", "faults").raise_for_status()
    admin(sandbox, "PATCH", "knobs", **_START_KNOBS).raise_for_status()
    admin(sandbox, "PUT", "wallet", usd=SETTINGS.wallet_usd, ai_minutes=0).raise_for_status()


@pytest.fixture
def sleeps() -> RecordedSleeps:
    """The waits the client's retries took in this test."""
    return RecordedSleeps()


@pytest.fixture
def client(sandbox: SandboxServer, sleeps: RecordedSleeps) -> Iterator[GoTranscriptClient]:
    """The real client, pointed at the sandbox with its token. Its httpx client is made as
    the client would make it, but with a shared TLS context (test_secrets and test_faults
    build clients entirely the default way)."""
    http = httpx.Client(
        timeout=DEFAULT_TIMEOUT, headers={"User-Agent": "gt-watch/tests"}, verify=LOOPBACK_TLS
    )
    with (
        http,
        GoTranscriptClient(sandbox.base_url, TOKEN, http=http, retry=fast_retry(sleeps)) as api,
    ):
        yield api
