"""The sd_notify protocol against a real datagram socket."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from gt_watch.service.notify import Notifier


@pytest.fixture
def receiver(tmp_path: Path) -> Iterator[tuple[str, socket.socket]]:
    path = Path("/tmp") / f"gtw-{os.getpid()}-{tmp_path.name[-20:]}.sock"
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(str(path))
    sock.settimeout(5)
    try:
        yield str(path), sock
    finally:
        sock.close()
        path.unlink()


def test_ready_carries_status_and_pid_in_one_datagram(
    receiver: tuple[str, socket.socket],
) -> None:
    address, sock = receiver
    notifier = Notifier(address)
    notifier.ready("watching 2 folder(s)")
    notifier.close()
    assert sock.recv(4096).decode().splitlines() == [
        "READY=1",
        "STATUS=watching 2 folder(s)",
        f"MAINPID={os.getpid()}",
    ]


def test_a_status_with_newlines_stays_one_field(receiver: tuple[str, socket.socket]) -> None:
    address, sock = receiver
    notifier = Notifier(address)
    notifier.status("last error: first line\nsecond line")
    notifier.close()
    assert sock.recv(4096).decode() == "STATUS=last error: first line second line"


def test_an_abstract_socket_address_starts_with_an_at_sign() -> None:
    name = f"gtw-test-{os.getpid()}"
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
        sock.bind(f"\0{name}")
        sock.settimeout(5)
        notifier = Notifier(f"@{name}")
        notifier.watchdog()
        notifier.close()
        assert sock.recv(4096) == b"WATCHDOG=1"


def test_without_notify_socket_nothing_is_sent_and_nothing_fails() -> None:
    notifier = Notifier.from_environ({})
    assert not notifier.enabled and notifier.watchdog_interval is None
    notifier.ready("x")
    notifier.stopping("y")


def test_watchdog_interval_is_read_only_for_this_process() -> None:
    mine = {"NOTIFY_SOCKET": "@x", "WATCHDOG_USEC": "2000000", "WATCHDOG_PID": str(os.getpid())}
    assert Notifier.from_environ(mine).watchdog_interval == 2.0
    other = {**mine, "WATCHDOG_PID": "1"}
    assert Notifier.from_environ(other).watchdog_interval is None


def test_a_vanished_socket_is_logged_not_raised(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    notifier = Notifier(str(tmp_path / "gone.sock"))
    notifier.watchdog()
    notifier.close()
    assert "cannot notify the service manager" in caplog.text
