"""The commands next to a running `gt-watch run --sandbox DIR`: `orders` and `quote` find
its sandbox through DIR/.gt-watch/sandbox.json, `status` reads its state, and none of them
shows a secret; once it stops, its address file is gone. All in real subprocesses."""

from __future__ import annotations

import signal
import subprocess
from pathlib import Path
from typing import Any

from gt_watch.api.client import GoTranscriptClient
from gt_watch.model import Mode, OrderInfo
from gt_watch.sandbox.settings import DEFAULT_TOKEN
from gt_watch.service.sandbox_link import running_sandbox
from tests.e2e.cli_setup import json_lines
from tests.support.media import write_wav
from tests.support.processes import child_env, gt_watch_argv, run_gt_watch
from tests.support.waiting import wait_for


def _placed_orders(folder: Path) -> list[OrderInfo]:
    """The live orders of the sandbox a running sandbox mode publishes (none if not yet up)."""
    link = running_sandbox(folder / ".gt-watch")
    if link is None:
        return []
    with GoTranscriptClient(link.api_url, DEFAULT_TOKEN) as client:
        return list(client.orders(Mode.LIVE))


def _orders(folder: Path) -> list[dict[str, Any]]:
    result = run_gt_watch("orders", "--sandbox", str(folder), "--json")
    assert result.returncode == 0, result.stderr
    return json_lines(result.stdout)


def test_orders_quote_and_status_work_beside_a_running_sandbox_mode(tmp_path: Path) -> None:
    process = subprocess.Popen(
        gt_watch_argv("run", "--sandbox", str(tmp_path)),
        env=child_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        write_wav(tmp_path / "speech.wav", 12.0, seed=1)
        wait_for(lambda: _placed_orders(tmp_path), timeout=60)
        _check_commands_beside(tmp_path)
    finally:
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=60)
    assert process.returncode == 0, stderr
    assert DEFAULT_TOKEN not in stderr
    assert not (tmp_path / ".gt-watch" / "sandbox.json").exists()
    stopped = run_gt_watch("orders", "--sandbox", str(tmp_path))
    assert stopped.returncode == 1
    assert "is not running" in stopped.stderr


def _check_commands_beside(running: Path) -> None:
    [order] = _orders(running)
    assert (order["id"], order["type"], order["seconds"]) == (1, "captions", 12)

    speech = str(running / "speech.wav")
    quoted = run_gt_watch("quote", "--sandbox", str(running), "--json", speech)
    assert quoted.returncode == 0, quoted.stderr
    [quote] = json_lines(quoted.stdout)
    assert [(line["seconds"], line["price"]) for line in quote["orders"]] == [(12, 1.14)]
    assert [listed.id for listed in _placed_orders(running)] == [1]

    status = run_gt_watch("status", "--sandbox", str(running))
    assert status.returncode == 0, status.stderr
    assert status.stdout.splitlines()[2].split()[:2] == ["speech.wav", "english-captions"]
    secrets = [(running / ".gt-watch" / name).read_text().strip() for name in (
        "callback-secret", "media-url-secret",
    )]  # fmt: skip
    for output in (quoted.stdout + quoted.stderr, status.stdout + status.stderr):
        assert DEFAULT_TOKEN not in output
        assert not any(secret in output for secret in secrets)
