"""The acceptance check of the sandbox: `gt-watch sandbox --port P` in a subprocess, driven
over HTTP like a client would, for every order kind."""

from __future__ import annotations

import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from gt_watch.catalog import KINDS
from gt_watch.model import OrderKind
from tests.support.callbacks import CallbackReceiver
from tests.support.media import write_documents, write_wav
from tests.support.net import free_port, wait_for_port
from tests.support.processes import child_env, gt_watch_argv
from tests.support.servers import asgi_server, static_files


@pytest.fixture
def command(tmp_path: Path) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    port = free_port()
    process = subprocess.Popen(
        gt_watch_argv("sandbox", "--port", str(port), "--delay", "0.2", "--speed", "10000"),
        env=child_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for_port(port)
        base = f"http://127.0.0.1:{port}/api/v4"
        # The port listens before the app is up: one answered request means it is serving.
        ready = httpx.get(f"{base}/orders", params={"mode": "test", "api_token": "x"}, timeout=30)
        assert ready.status_code == 400
        yield base, process
    finally:
        if process.poll() is None:
            process.kill()
        process.communicate(timeout=10)


@pytest.fixture
def media(tmp_path: Path) -> Iterator[str]:
    write_wav(tmp_path / "talk.wav", 7.0, seed=4)
    write_documents(tmp_path)
    with static_files(tmp_path) as url:
        yield url


def _params(kind: OrderKind, media: str) -> dict[str, str]:
    audio, script = f"{media}/talk.wav", f"{media}/script.txt"
    if kind is OrderKind.PROOFREADING:
        return {
            "audio_url": audio,
            "transcription_url": script,
            "language": "english",
            "captions": "true",
        }
    if kind is OrderKind.FORCED_ALIGNMENT:
        return {"audio_url": audio, "transcription_url": script, "language": "english"}
    if kind is OrderKind.TRANSLATION:
        return {"url": script, "translate_from": "english", "translate_to": "german"}
    if kind is OrderKind.SUBTITLES:
        return {"url": audio, "translate_from": "english", "translate_to": "german"}
    return {"url": audio, "language": "english"}


def test_sandbox_command_answers_every_kind_like_the_documentation(
    command: tuple[str, subprocess.Popen[str]], media: str
) -> None:
    base, process = command
    receiver = CallbackReceiver()
    with asgi_server(receiver.app) as root:
        receiver.root = root
        for number, kind in enumerate(OrderKind, start=1):
            params = {"api_token": "sandbox-token", **_params(kind, media)}
            quote = httpx.post(f"{base}/{kind.value}", data={**params, "mode": "test"}).json()
            assert quote["status"] == "success"
            assert "order_id" not in quote
            assert quote["seconds"] == (0 if kind is OrderKind.TRANSLATION else 7)

            live = httpx.post(
                f"{base}/{kind.value}",
                data={**params, "mode": "live", "callback_url": receiver.url(kind.value)},
            ).json()
            assert live["order_id"] == number
            callback = receiver.wait_for(number)[-1]
            assert callback.content_type.startswith("multipart/form-data")
            assert list(callback.fields) == list(KINDS[kind].callback_fields)
            for field, url in callback.fields.items():
                if field.endswith("_url"):
                    assert httpx.get(url + "&format=json").status_code == 200

            bad = {**params, "mode": "test"}
            for name in KINDS[kind].language_params:
                bad[name] = "klingon"
            refused = httpx.post(f"{base}/{kind.value}", data=bad)
            assert refused.status_code == 400
            assert "'klingon' is not available" in refused.json()["error"]

    transcript_url = receiver.calls[0].fields["transcription_url"]
    transcript = httpx.get(transcript_url + "&format=json").json()
    assert transcript["segments"][0]["words"]

    process.send_signal(signal.SIGTERM)
    out, err = process.communicate(timeout=15)
    assert process.returncode == 0, err
    assert out.splitlines() == [
        f"GoTranscript sandbox listening on {base} (wallet 1000.00 USD, live orders finish "
        "after 0.2 s); press Ctrl+C to stop"
    ]
    assert "sandbox-token" not in out + err


def test_sandbox_command_stops_cleanly_on_ctrl_c(
    command: tuple[str, subprocess.Popen[str]],
) -> None:
    _, process = command
    process.send_signal(signal.SIGINT)
    process.communicate(timeout=15)
    assert process.returncode == 0


def test_sandbox_command_explains_a_taken_port(command: tuple[str, subprocess.Popen[str]]) -> None:
    base, _ = command
    port = base.split(":")[2].split("/")[0]
    from tests.support.processes import run_gt_watch

    result = run_gt_watch("sandbox", "--port", port, timeout=30)
    assert result.returncode == 1
    assert f"the sandbox cannot listen on 127.0.0.1:{port}" in result.stderr
