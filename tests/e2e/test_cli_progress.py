"""Upload progress as a person sees it: `gt-watch quote` uploading to a `moto_server` bucket
draws a bar when stderr is a terminal (a real pseudo-terminal here), and only then."""

from __future__ import annotations

import os
import pty
import subprocess
import threading
import wave
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from uuid import uuid4

import boto3
import pytest

from gt_watch.sandbox import SandboxServer
from tests.e2e.cli_setup import (
    CAPTIONS_RULES,
    S3_CREDENTIALS,
    SETTINGS,
    TOKEN,
    json_lines,
    write_config,
    write_rules,
)
from tests.support.processes import child_env, gt_watch_argv

BAR = "━"


@pytest.fixture
def setup(tmp_path: Path, moto_endpoint: str) -> Iterator[tuple[Path, Path]]:
    """A config with S3 storage on moto, and a 3 MiB WAV (several chunks to upload)."""
    s3 = boto3.resource(
        "s3",
        endpoint_url=moto_endpoint,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        region_name="us-east-1",
    )
    bucket = s3.create_bucket(Bucket=f"media-{uuid4().hex[:12]}")
    storage = {"type": "s3", "bucket": bucket.name, "endpoint_url": moto_endpoint}
    with SandboxServer(SETTINGS) as sandbox:
        config = write_config(tmp_path, sandbox, {**storage, "path_style": True})
        write_rules(tmp_path / "media", CAPTIONS_RULES)
        yield config, _silent_wav(tmp_path / "media" / "long.wav", seconds=100)
    bucket.objects.all().delete()


def _silent_wav(path: Path, seconds: int) -> Path:
    with wave.open(str(path), "wb") as output:
        output.setnchannels(1)
        output.setsampwidth(2)
        output.setframerate(16000)
        output.writeframes(bytes(2 * 16000 * seconds))
    return path


def _env() -> dict[str, str]:
    return child_env(GT_TOKEN=TOKEN, TERM="xterm", COLUMNS="100", **S3_CREDENTIALS)


def _quote_on_a_terminal(config: Path, media: Path) -> tuple[str, str, int]:
    """Run quote with stderr on a pseudo-terminal; return (stdout, terminal output, status)."""
    controller, terminal = pty.openpty()
    argv = gt_watch_argv("quote", "--config", str(config), "--json", str(media))
    process = subprocess.Popen(argv, env=_env(), stdout=subprocess.PIPE, stderr=terminal)
    os.close(terminal)
    screen = bytearray()
    reader = threading.Thread(target=_drain, args=(controller, screen))
    reader.start()
    stdout, _ = process.communicate(timeout=60)
    reader.join(timeout=10)
    os.close(controller)
    return stdout.decode(), screen.decode(errors="replace"), process.returncode


def _drain(controller: int, screen: bytearray) -> None:
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:  # EIO: the child closed its end
            return
        if not chunk:
            return
        screen.extend(chunk)


def test_an_upload_draws_a_progress_bar_on_a_terminal(setup: tuple[Path, Any]) -> None:
    config, media = setup
    stdout, screen, status = _quote_on_a_terminal(config, media)
    assert status == 0, screen
    assert "uploading long.wav" in screen
    assert BAR in screen
    assert "/3.1 MiB" in screen
    [quote] = json_lines(stdout)
    assert quote["orders"][0]["seconds"] == 100
    assert BAR not in stdout
    assert TOKEN not in screen + stdout


def test_an_upload_draws_nothing_when_stderr_is_not_a_terminal(setup: tuple[Path, Any]) -> None:
    config, media = setup
    result = subprocess.run(
        gt_watch_argv("quote", "--config", str(config), "--json", str(media)),
        env=_env(),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert BAR not in result.stderr
    assert "\x1b[" not in result.stderr
    uploaded = [line for line in result.stderr.splitlines() if "uploaded" in line]
    assert len(uploaded) == 1
    assert "long.wav" in uploaded[0]
