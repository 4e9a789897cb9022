"""Fixtures of the sandbox's integration tests: media served over HTTP by a real static file
server, a real callback receiver, and a sandbox served by uvicorn, all on 127.0.0.1."""

from __future__ import annotations

import io
import json
import shutil
import wave
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest

from gt_watch.sandbox import SandboxServer, SandboxSettings
from tests.integration.sandbox.helpers import CallbackReceiver
from tests.support.media import SAMPLES, write_wav
from tests.support.servers import asgi_server, static_files

SCRIPT = "hello and welcome to the show. today we talk about budgets and schedules"


def _write_documents(folder: Path) -> None:
    (folder / "script.txt").write_text(SCRIPT + "\n")
    document = docx.Document()
    document.add_paragraph("Hello and welcome to the show.")
    document.add_paragraph("Today we talk about budgets and schedules.")
    buffer = io.BytesIO()
    document.save(buffer)
    (folder / "script.docx").write_bytes(buffer.getvalue())
    (folder / "script.html").write_text(f"<html><body><p>{SCRIPT}</p></body></html>")
    (folder / "script.srt").write_text(
        "1\n00:00:00,000 --> 00:00:02,000\nhello and welcome\n\n"
        "2\n00:00:02,000 --> 00:00:04,000\nto the show.\n"
    )
    (folder / "script.json").write_text(json.dumps({"segments": [{"text": SCRIPT}]}))


@pytest.fixture(scope="session")
def media_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of media and documents: the shipped samples, generated speech-length WAVs,
    an empty file, a text file posing as audio, and scripts in every document format."""
    folder = tmp_path_factory.mktemp("media")
    for sample in SAMPLES.iterdir():
        shutil.copy(sample, folder / sample.name)
    write_wav(folder / "speech.wav", 12.0, seed=1)
    write_wav(folder / "other.wav", 12.0, seed=2)
    write_wav(folder / "minute.wav", 75.0, seed=3, rate=2000)
    (folder / "empty.wav").write_bytes(b"")
    (folder / "notes.wav").write_text("meeting notes, not audio\n" * 50)
    _write_documents(folder)
    return folder


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
    """A real HTTP callback receiver; `receiver.url` takes the callbacks."""
    receiver = CallbackReceiver()
    with asgi_server(receiver.app) as url:
        receiver.root = url
        yield receiver


FAST = SandboxSettings(token="test-token", delay=0.05, speed=20000.0, random_seed=7)


@pytest.fixture
def sandbox() -> Iterator[SandboxServer]:
    """A fresh sandbox (token `test-token`) whose orders finish almost at once."""
    with SandboxServer(FAST) as server:
        yield server
