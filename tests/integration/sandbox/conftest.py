"""Fixtures of the sandbox's integration tests: a sandbox served by uvicorn on 127.0.0.1
(media, scripts and the callback receiver come from tests/integration/conftest.py)."""

from __future__ import annotations

import wave
from collections.abc import Iterator
from pathlib import Path

import pytest

from gt_watch.sandbox import SandboxServer, SandboxSettings


@pytest.fixture
def long_audio_url(media_dir: Path, media_url: str) -> str:
    """A silent WAV just over one hour long (8-bit at 1 kHz: small on disk)."""
    path = media_dir / "hour.wav"
    if not path.exists():
        with wave.open(str(path), "wb") as output:
            output.setnchannels(1)
            output.setsampwidth(1)
            output.setframerate(1000)
            output.writeframes(b"\x80" * 3601 * 1000)
    return f"{media_url}/hour.wav"


FAST = SandboxSettings(token="test-token", delay=0.05, speed=20000.0, random_seed=7)


@pytest.fixture
def sandbox() -> Iterator[SandboxServer]:
    """A fresh sandbox (token `test-token`) whose orders finish almost at once."""
    with SandboxServer(FAST) as server:
        yield server
