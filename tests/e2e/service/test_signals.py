"""Signals to the real daemon: SIGTERM in the middle of writing sidecars lets the writes
finish and exits 0 with the database consistent; SIGHUP re-reads config.yaml and the rules
files and keeps the rules in force when the new ones are broken."""

from __future__ import annotations

import hashlib
import signal
import sqlite3
from pathlib import Path

from tests.e2e.service.daemon import Setup, running
from tests.support.media import write_wav
from tests.support.waiting import wait_for


def _rows(database: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(database) as connection:
        return connection.execute(sql).fetchall()


def test_sigterm_during_a_sidecar_write_lets_the_delivery_finish_and_exits_0(
    setup: Setup,
) -> None:
    # The failpoint sends SIGTERM right after the first sidecar is written, while the
    # delivery of the others is still running in a worker.
    failpoint = {"GT_WATCH_FAILPOINT": "after-sidecar-write:SIGTERM"}
    with running(setup, **failpoint) as daemon:
        daemon.notify.wait_for(lambda message: message.get("READY") == "1")
        write_wav(setup.media / "talk.wav", 2.0, seed=7)
        status = daemon.wait(timeout=90)
    assert status == 0
    messages = daemon.messages()
    assert "received SIGTERM: finishing running work, then stopping" in messages
    database = setup.state / "state.db"
    assert _rows(database, "SELECT state FROM jobs") == [("delivered",)]
    recorded = dict(_rows(database, "SELECT path, sha256 FROM sidecars"))
    assert sorted(Path(path).name for path in recorded) == [
        "talk.en.srt",
        "talk.en.txt",
        "talk.en.vtt",
    ]
    for path, sha256 in recorded.items():
        assert hashlib.sha256(Path(path).read_bytes()).hexdigest() == sha256
    assert not [p for p in setup.media.iterdir() if p.name.startswith(".gt-watch-tmp-")]
    assert _rows(database, "PRAGMA integrity_check") == [("ok",)]
    assert any(message.get("STOPPING") == "1" for message in daemon.notify.messages)


def test_sighup_with_a_broken_rules_file_keeps_the_old_rules_and_says_why(
    setup: Setup,
) -> None:
    rules = setup.media / ".gt-watch.yaml"
    with running(setup) as daemon:
        daemon.notify.wait_for(lambda message: message.get("READY") == "1")
        rules.write_text("mode: live\norders:\n  - name: broken\n    kind: nonsense\n")
        daemon.process.send_signal(signal.SIGHUP)
        daemon.notify.wait_for(lambda message: message.get("RELOADING") == "1")
        daemon.notify.wait_for(lambda message: message.get("READY") == "1")
        kept = [
            event
            for event in daemon.log()
            if str(event["message"]).startswith("rules not reloaded")
        ]
        assert kept and kept[-1]["level"] == "error"
        assert f"{rules}:" in str(kept[-1]["message"]), "the problem names the file and line"
        assert "nonsense" in str(kept[-1]["message"])
        # The rules in force before still order new files: captions as .en.srt and friends.
        write_wav(setup.media / "after.wav", 2.0, seed=8)
        wait_for(lambda: (setup.media / "after.en.srt").exists(), timeout=60)
        daemon.process.send_signal(signal.SIGTERM)
        assert daemon.wait() == 0
    names = _rows(setup.state / "state.db", "SELECT rule_name FROM jobs")
    assert names == [("captions",)]


def test_sighup_names_the_config_changes_that_need_a_restart_and_applies_the_rest(
    setup: Setup,
) -> None:
    config = setup.config.read_text()
    changed = config.replace("poll_interval: 2s", "poll_interval: 3s").replace(
        f"listen: 127.0.0.1:{setup.port}", "listen: 127.0.0.1:1"
    )
    with running(setup) as daemon:
        daemon.notify.wait_for(lambda message: message.get("READY") == "1")
        setup.config.write_text(changed)
        daemon.process.send_signal(signal.SIGHUP)
        daemon.notify.wait_for(lambda message: message.get("RELOADING") == "1")
        daemon.notify.wait_for(lambda message: message.get("READY") == "1")
        # Still serving where it started: the new listen address waits for a restart.
        write_wav(setup.media / "talk.wav", 2.0, seed=9)
        wait_for(lambda: (setup.media / "talk.en.srt").exists(), timeout=60)
        daemon.process.send_signal(signal.SIGTERM)
        assert daemon.wait() == 0
    messages = daemon.messages()
    assert (
        "server changed in config.yaml: takes effect after a restart (systemctl restart "
        "gt-watch)" in messages
    )
    assert not any(message.startswith("api") for message in messages)
    assert "reload done" in messages


def test_sighup_with_a_broken_config_file_keeps_the_running_configuration(
    setup: Setup,
) -> None:
    with running(setup) as daemon:
        daemon.notify.wait_for(lambda message: message.get("READY") == "1")
        setup.config.write_text(setup.config.read_text() + "unknown_key: 1\n")
        daemon.process.send_signal(signal.SIGHUP)
        daemon.notify.wait_for(lambda message: message.get("READY") == "1")
        write_wav(setup.media / "talk.wav", 2.0, seed=10)
        wait_for(lambda: (setup.media / "talk.en.srt").exists(), timeout=60)
        daemon.process.send_signal(signal.SIGTERM)
        assert daemon.wait() == 0
    kept = [m for m in daemon.messages() if m.startswith("config.yaml not reloaded")]
    assert kept and "unknown_key" in kept[0]
