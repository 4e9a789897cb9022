"""The daemon tells its service manager the truth: READY only once it serves, watchdog pings
only while every part lives, STATUS, STOPPING. The real `gt-watch run` in a subprocess with
$NOTIFY_SOCKET pointing at a datagram socket the test owns."""

from __future__ import annotations

import signal
import socket

import httpx

from tests.e2e.service.daemon import Setup, running


def _ready(message: dict[str, str]) -> bool:
    return message.get("READY") == "1"


def test_ready_is_sent_only_when_the_callback_port_answers(setup: Setup) -> None:
    with running(setup) as daemon:
        ready = daemon.notify.wait_for(_ready)
        # At the moment READY arrives, the callback server accepts and answers.
        with socket.create_connection(("127.0.0.1", setup.port), timeout=5):
            pass
        health = httpx.get(f"{setup.url}/healthz", timeout=10)
        assert health.status_code == 200
        assert health.json()["ok"] is True
        assert health.json()["watches"] == 1
        assert ready["MAINPID"] == str(daemon.process.pid)
        assert ready["STATUS"].startswith("watching 1 folder(s); 0 job(s) in progress")
        assert daemon.notify.messages[0] is ready, "nothing may be announced before READY"
        daemon.process.send_signal(signal.SIGTERM)
        assert daemon.wait() == 0
    assert any(message.get("STOPPING") == "1" for message in daemon.notify.messages)


def test_watchdog_pings_stop_and_the_daemon_exits_for_a_restart_when_an_observer_dies(
    setup: Setup,
) -> None:
    hooks = {"GT_WATCH_TEST_HOOKS": "sigusr2-stops-observers"}
    with running(setup, watchdog=2.0, **hooks) as daemon:
        daemon.notify.wait_for(_ready)
        daemon.notify.wait_for(lambda message: message.get("WATCHDOG") == "1")
        daemon.process.send_signal(signal.SIGUSR2)
        unhealthy = daemon.notify.wait_for(
            lambda message: message.get("STATUS", "").startswith("unhealthy")
        )
        status = daemon.wait()
    assert "the watcher of" in unhealthy["STATUS"] and "observer" in unhealthy["STATUS"]
    after = daemon.notify.messages[daemon.notify.messages.index(unhealthy) :]
    assert not any(message.get("WATCHDOG") == "1" for message in after)
    assert any(message.get("STOPPING") == "1" for message in after)
    assert status == 70, "a non-zero exit makes Restart=on-failure replace the daemon"
    errors = [e for e in daemon.log() if e["level"] == "error"]
    assert any("no more watchdog pings" in str(event["message"]) for event in errors)


def test_an_idle_daemon_keeps_pinging_the_watchdog(setup: Setup) -> None:
    with running(setup, watchdog=1.0) as daemon:
        daemon.notify.wait_for(_ready)
        for _ in range(4):  # several periods with no work at all: idle is not stuck
            daemon.notify.wait_for(lambda message: message.get("WATCHDOG") == "1", timeout=30)
        daemon.process.send_signal(signal.SIGINT)
        assert daemon.wait() == 0
