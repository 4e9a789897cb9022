"""`gt-watch quote` as a user runs it: a real subprocess pricing real files against a
sandbox, the media staged in a `moto_server` bucket or served by quote itself."""

from __future__ import annotations

import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from uuid import uuid4

import boto3
import pytest

from gt_watch.api.client import GoTranscriptClient
from gt_watch.model import Mode
from gt_watch.sandbox import SandboxServer, SandboxSettings
from gt_watch.service.sandbox_mode import sandbox_settings
from tests.e2e.cli_setup import (
    CAPTIONS_RULES,
    S3_CREDENTIALS,
    SETTINGS,
    TOKEN,
    gt_watch,
    json_lines,
    write_config,
    write_rules,
)
from tests.support.media import write_wav
from tests.support.net import free_port, wait_for_port
from tests.support.processes import child_env, gt_watch_argv, run_gt_watch
from tests.support.sandbox_admin import inspect
from tests.support.servers import static_files

CHAINED_RULES = {
    "mode": "live",
    "orders": [
        {"name": "captions", "kind": "captions", "language": "english", "outputs": ["srt"]},
        {
            "name": "ai",
            "kind": "ai_transcription",
            "language": "english",
            "outputs": ["txt"],
            "then": [
                {"name": "proofread", "kind": "proofreading", "outputs": ["json"]},
                {"name": "german", "kind": "translation", "translate_to": "german"},
            ],
        },
    ],
}


@pytest.fixture
def sandbox() -> Iterator[SandboxServer]:
    with SandboxServer(SETTINGS) as server:
        yield server


@pytest.fixture
def bucket(moto_endpoint: str) -> Iterator[Any]:
    """A fresh bucket on the moto server (a boto3 Bucket, for looking at it from outside)."""
    resource = boto3.resource("s3", endpoint_url=moto_endpoint, **_boto3_credentials())
    created = resource.create_bucket(Bucket=f"media-{uuid4().hex[:12]}")
    yield created
    created.objects.all().delete()


def _boto3_credentials() -> dict[str, str]:
    return {
        "aws_access_key_id": S3_CREDENTIALS["AWS_ACCESS_KEY_ID"],
        "aws_secret_access_key": S3_CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
        "region_name": S3_CREDENTIALS["AWS_DEFAULT_REGION"],
    }


def _s3_storage(moto_endpoint: str, bucket: Any) -> dict[str, Any]:
    return {"type": "s3", "bucket": bucket.name, "endpoint_url": moto_endpoint, "path_style": True}


def test_quote_prices_each_rule_and_chained_order_at_the_media_length_and_orders_nothing(
    tmp_path: Path, sandbox: SandboxServer, moto_endpoint: str, bucket: Any
) -> None:
    config = write_config(tmp_path, sandbox, _s3_storage(moto_endpoint, bucket))
    write_rules(tmp_path / "media", CHAINED_RULES)
    speech = write_wav(tmp_path / "media" / "speech.wav", 12.0, seed=1)

    result = gt_watch("quote", "--config", str(config), "--json", str(speech), **S3_CREDENTIALS)

    assert result.returncode == 1, result.stderr  # the translation cannot be priced yet
    [quote] = json_lines(result.stdout)
    assert quote["file"] == str(speech)
    assert quote["duration"] == pytest.approx(12.0)
    orders = {order["rule"]: order for order in quote["orders"]}
    assert list(orders) == ["captions", "ai", "proofread", "german"]
    for name in ("captions", "ai", "proofread"):
        assert orders[name]["seconds"] == 12
        assert orders[name]["price"] > 0
        assert orders[name]["mode"] == "live"
    assert [order["depth"] for order in orders.values()] == [0, 0, 1, 1]
    assert orders["proofread"]["language"] == "english"
    assert orders["german"]["price"] is None
    assert orders["german"]["note"] == "priced per word of the transcript, once it exists"
    assert quote["total"] == pytest.approx(
        sum(orders[name]["price"] for name in ("captions", "ai", "proofread"))
    )
    # Staged where the daemon would stage it, so ordering does not upload it again.
    assert [item.key.split("/")[:2] for item in bucket.objects.all()] == [["gt-watch", "media"]]
    assert inspect(sandbox) == []
    assert not (tmp_path / "state").exists()  # no job, no state: not even a secret
    assert TOKEN not in result.stdout + result.stderr


def test_quote_explains_every_file_it_cannot_price_and_prices_the_rest(
    tmp_path: Path, sandbox: SandboxServer, moto_endpoint: str, bucket: Any
) -> None:
    config = write_config(tmp_path, sandbox, _s3_storage(moto_endpoint, bucket))
    media = tmp_path / "media"
    write_rules(media, CAPTIONS_RULES)
    (media / "broken").mkdir()
    (media / "broken" / ".gt-watch.yaml").write_text("orders:\n  - kind: captionz\n")
    files = {
        "speech.wav": write_wav(media / "speech.wav", 12.0, seed=1),
        "empty.wav": media / "empty.wav",
        "notes.wav": media / "notes.wav",
        "script.txt": media / "script.txt",
        "broken/take.wav": write_wav(media / "broken" / "take.wav", 3.0, seed=2),
        "elsewhere.wav": write_wav(tmp_path / "elsewhere.wav", 3.0, seed=3),
    }
    files["empty.wav"].touch()
    files["notes.wav"].write_text("meeting notes, not audio\n" * 20)
    files["script.txt"].write_text("hello and welcome\n")

    args = [str(path) for path in files.values()]
    result = gt_watch("quote", "--config", str(config), *args, **S3_CREDENTIALS)

    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0] == f"{files['speech.wav']} (12.0 s): 1.14 USD"
    assert lines[3].split() == ["captions", "captions", "english", "12", "1.14", "live"]
    problems = [line for line in lines if ": not priced: " in line]
    assert problems == [
        f"{files['empty.wav']}: not priced: empty.wav is empty (0 bytes); nothing to transcribe",
        f"{files['notes.wav']}: not priced: notes.wav looks like a text file; it will not be "
        "ordered (move it elsewhere, or narrow `match:` in the folder's rules)",
        f"{files['script.txt']}: not priced: its folder's rules do not order for script.txt "
        "(it is not in their `match:` globs, or is in their `ignore:` globs)",
        f"{files['broken/take.wav']}: not priced: its rules cannot be used: "
        f"{media / 'broken' / '.gt-watch.yaml'}:2: At 'orders[0].kind': unknown order kind "
        "'captionz' (did you mean 'captions'?); choose one of: transcription, "
        "ai_transcription, proofreading, forced_alignment, translation, captions, subtitles",
        f"{files['elsewhere.wav']}: not priced: its rules cannot be used: "
        f"{files['elsewhere.wav']} is not under any watched folder",
    ]
    assert lines[-1] == (
        "total: 1.14 USD for 1 of 6 files (test mode: nothing was ordered or paid)"
    )
    assert inspect(sandbox) == []


def test_quote_serves_builtin_media_urls_itself_when_no_daemon_runs(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    port = free_port()
    config = write_config(
        tmp_path,
        sandbox,
        {"type": "builtin"},
        server={"listen": f"127.0.0.1:{port}", "public_url": f"http://127.0.0.1:{port}"},
    )
    write_rules(tmp_path / "media", CAPTIONS_RULES)
    speech = write_wav(tmp_path / "media" / "speech.wav", 7.0, seed=4)

    result = gt_watch("quote", "--config", str(config), "--json", str(speech))

    assert result.returncode == 0, result.stderr
    [quote] = json_lines(result.stdout)
    assert [(order["seconds"], order["price"]) for order in quote["orders"]] == [(7, 1.14)]
    assert inspect(sandbox) == []


def test_quote_in_a_sandbox_folder_starts_a_temporary_sandbox_that_orders_nothing(
    tmp_path: Path,
) -> None:
    write_rules(tmp_path, CAPTIONS_RULES)
    speech = write_wav(tmp_path / "talks" / "speech.wav", 75.0, seed=3, rate=2000)

    result = run_gt_watch("quote", "--sandbox", str(tmp_path), "--json", str(speech))

    assert result.returncode == 0, result.stderr
    [quote] = json_lines(result.stdout)
    assert [(order["seconds"], order["price"]) for order in quote["orders"]] == [(75, 2.28)]
    assert not (tmp_path / ".gt-watch" / "state.db").exists()
    settings: SandboxSettings = sandbox_settings(tmp_path)
    with SandboxServer(settings) as kept, GoTranscriptClient(kept.base_url, settings.token) as api:
        assert list(api.orders(Mode.LIVE)) == []


def _builtin_config(tmp_path: Path, sandbox: SandboxServer, port: int) -> Path:
    """Built-in storage served on `port`; rules in test mode, so a daemon orders nothing."""
    server = {"listen": f"127.0.0.1:{port}", "public_url": f"http://127.0.0.1:{port}"}
    config = write_config(tmp_path, sandbox, {"type": "builtin"}, server=server)
    write_rules(tmp_path / "media", {**CAPTIONS_RULES, "mode": "test"})
    return config


def test_quote_lets_a_running_daemon_serve_the_builtin_media_urls(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    port = free_port()
    config = _builtin_config(tmp_path, sandbox, port)
    daemon = subprocess.Popen(
        gt_watch_argv("run", "--config", str(config)),
        env=child_env(GT_TOKEN=TOKEN),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port, timeout=60)
        speech = write_wav(tmp_path / "media" / "speech.wav", 7.0, seed=4)
        result = gt_watch("quote", "--config", str(config), "--json", str(speech))
    finally:
        daemon.send_signal(signal.SIGTERM)
        daemon.wait(timeout=60)
    assert result.returncode == 0, result.stderr
    [quote] = json_lines(result.stdout)
    assert [(order["seconds"], order["price"]) for order in quote["orders"]] == [(7, 1.14)]
    assert inspect(sandbox) == []


def test_quote_refuses_to_serve_media_where_another_program_listens(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    with static_files(tmp_path) as other:
        port = int(other.rsplit(":", 1)[1])
        config = _builtin_config(tmp_path, sandbox, port)
        speech = write_wav(tmp_path / "media" / "speech.wav", 3.0, seed=4)
        result = gt_watch("quote", "--config", str(config), str(speech))
    assert result.returncode == 1
    assert result.stderr.startswith(f"error: cannot listen on 127.0.0.1:{port}: ")
    assert "what listens there is not gt-watch" in result.stderr
    assert inspect(sandbox) == []
