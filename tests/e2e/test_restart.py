"""Restarting the daemon over files it already knows: `gt-watch run --once` in a subprocess,
twice, against a sandbox on 127.0.0.1 and the built-in media URLs."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from gt_watch.sandbox import SandboxServer, SandboxSettings
from gt_watch.store import Store
from tests.support.media import write_wav
from tests.support.net import free_port
from tests.support.processes import child_env, gt_watch_argv

TOKEN = "restart-test-token"
RULES = """\
mode: test
match: [{pattern}]
orders:
  - kind: captions
    language: english
    outputs: [srt]
"""


@pytest.fixture
def sandbox() -> Iterator[SandboxServer]:
    settings = SandboxSettings(token=TOKEN, delay=0.05, speed=20000.0, random_seed=3)
    with SandboxServer(settings) as server:
        yield server


@pytest.fixture
def config(tmp_path: Path, sandbox: SandboxServer) -> Path:
    port = free_port()
    path = tmp_path / "config.yaml"
    config = {
        "api": {"base_url": sandbox.base_url, "token_env": "GT_TEST_TOKEN"},
        "mode": "test",
        "state": {"database": str(tmp_path / "state" / "state.db")},
        "storage": {"type": "builtin"},
        "server": {"listen": f"127.0.0.1:{port}", "public_url": f"http://127.0.0.1:{port}"},
        "watches": [{"path": str(tmp_path / "media"), "quiet_period": 0.2}],
    }
    path.write_text(json.dumps(config), encoding="utf-8")
    return path


def run_once(config: Path, *options: str) -> str:
    """Run `gt-watch [OPTIONS] run --once` to its end; return what it logged."""
    done = subprocess.run(
        gt_watch_argv(*options, "run", "--config", str(config), "--once"),
        env=child_env(GT_TEST_TOKEN=TOKEN),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return done.stderr


def handed_on_by_a_start(config: Path) -> set[str]:
    """Run `gt-watch run --once` and return the names of the files its watcher handed to the
    pipeline (the settler's debug events "handed on ...")."""
    logged = run_once(config, "--log-level", "debug", "--log-format", "json")
    events = [json.loads(line) for line in logged.splitlines() if line.startswith("{")]
    return {
        Path(event["file"]).name
        for event in events
        if event["logger"] == "gt_watch.watchers.settler"
        and event["message"].startswith("handed on ")
    }


def state_of(config: Path) -> dict[str, tuple[str, int]]:
    """{file name: (file state, number of jobs)} from the state database."""
    with Store.open(config.parent / "state" / "state.db") as store:
        rows = store.database.query(
            "SELECT f.source, f.state, count(j.id) AS jobs FROM files f"
            " LEFT JOIN jobs j ON j.origin_file_id = f.id GROUP BY f.id"
        )
        return {Path(row["source"]).name: (row["state"], row["jobs"]) for row in rows}


def history_of(config: Path) -> list[tuple[str, str]]:
    with Store.open(config.parent / "state" / "state.db") as store:
        rows = store.database.query("SELECT job_id, state FROM history ORDER BY id")
        return [(row["job_id"], row["state"]) for row in rows]


def test_a_restart_over_known_files_plans_and_orders_nothing_again(
    tmp_path: Path, config: Path
) -> None:
    media = tmp_path / "media"
    write_wav(media / "talk.wav", 2.0, seed=1)
    write_wav(media / "notes.mp3.wav", 2.0, seed=2)
    (media / ".gt-watch.yaml").write_text(RULES.format(pattern='"talk.*"'), encoding="utf-8")
    run_once(config)
    first = history_of(config)
    assert state_of(config) == {"talk.wav": ("ready", 1), "notes.mp3.wav": ("ignored", 0)}
    run_once(config)
    assert history_of(config) == first
    assert state_of(config) == {"talk.wav": ("ready", 1), "notes.mp3.wav": ("ignored", 0)}


def test_a_rules_change_made_while_stopped_applies_to_files_passed_over_before(
    tmp_path: Path, config: Path
) -> None:
    media = tmp_path / "media"
    write_wav(media / "talk.wav", 2.0, seed=1)
    rules = media / ".gt-watch.yaml"
    rules.write_text(RULES.format(pattern='"*.mp3"'), encoding="utf-8")
    run_once(config)
    assert state_of(config) == {"talk.wav": ("ignored", 0)}
    rules.write_text(RULES.format(pattern='"*.wav"'), encoding="utf-8")
    run_once(config)
    assert state_of(config) == {"talk.wav": ("ready", 1)}


def test_a_folder_switched_to_live_while_stopped_orders_its_known_files_and_drops_the_quotes(
    tmp_path: Path, config: Path
) -> None:
    media = tmp_path / "media"
    write_wav(media / "talk.wav", 2.0, seed=1)
    rules = media / ".gt-watch.yaml"
    rules.write_text(RULES.format(pattern='"*.wav"'), encoding="utf-8")
    run_once(config)
    assert state_of(config) == {"talk.wav": ("ready", 1)}
    rules.write_text(
        RULES.format(pattern='"*.wav"').replace("mode: test", "mode: live"), encoding="utf-8"
    )
    run_once(config)
    with Store.open(config.parent / "state" / "state.db") as store:
        modes = sorted((job.mode.value, job.state.value) for job in store.jobs.all())
    assert modes == [("live", "delivered"), ("test", "superseded")]


def test_a_restart_hands_on_no_sidecar_it_wrote_and_still_notices_an_edited_one(
    tmp_path: Path, config: Path
) -> None:
    media = tmp_path / "media"
    write_wav(media / "talk.wav", 2.0, seed=1)
    live = RULES.format(pattern='"*.wav"').replace("mode: test", "mode: live")
    (media / ".gt-watch.yaml").write_text(live, encoding="utf-8")
    assert "talk.wav" in handed_on_by_a_start(config)  # the sidecar too, if written in time
    [sidecar] = media.glob("talk*.srt")
    first = history_of(config)
    assert first[-1][1] == "delivered"

    assert handed_on_by_a_start(config) == set()

    sidecar.write_text(sidecar.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    edited = sidecar.read_bytes()
    assert handed_on_by_a_start(config) == {sidecar.name}
    # Where an edited sidecar ends: gt-watch's own file, not media to order, left as edited.
    assert history_of(config) == first
    assert state_of(config) == {"talk.wav": ("ready", 1)}
    assert sidecar.read_bytes() == edited


def test_a_restart_hands_on_a_media_file_changed_while_stopped_and_not_the_others(
    tmp_path: Path, config: Path
) -> None:
    media = tmp_path / "media"
    write_wav(media / "talk.wav", 2.0, seed=1)
    write_wav(media / "panel.wav", 2.0, seed=2)
    (media / ".gt-watch.yaml").write_text(RULES.format(pattern='"*.wav"'), encoding="utf-8")
    run_once(config)
    assert state_of(config) == {"talk.wav": ("ready", 1), "panel.wav": ("ready", 1)}

    write_wav(media / "talk.wav", 3.0, seed=3)
    assert handed_on_by_a_start(config) == {"talk.wav"}
    assert state_of(config) == {"talk.wav": ("ready", 2), "panel.wav": ("ready", 1)}
