"""Fixtures shared by the integration tests: media and scripts served over HTTP by a real
static file server, and a real callback receiver, all on 127.0.0.1."""

from __future__ import annotations

import wave
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.callbacks import CallbackReceiver, serving_receiver
from tests.support.media import write_media_folder
from tests.support.servers import static_files


@pytest.fixture(scope="session")
def media_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of media and documents (see `tests.support.media.write_media_folder`)."""
    return write_media_folder(tmp_path_factory.mktemp("media"))


@pytest.fixture(scope="session")
def media_url(media_dir: Path) -> Iterator[str]:
    """Base URL of `media_dir` served by a real HTTP server on 127.0.0.1."""
    with static_files(media_dir) as url:
        yield url


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


@pytest.fixture
def receiver() -> Iterator[CallbackReceiver]:
    """A real HTTP callback receiver; `receiver.url()` takes the callbacks."""
    with serving_receiver() as receiver:
        yield receiver
