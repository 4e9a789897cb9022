"""Finding a running `gt-watch run --sandbox DIR` through DIR/.gt-watch/sandbox.json."""

from __future__ import annotations

import dataclasses
import json
import os
import socket
import subprocess
import sys
from pathlib import Path

from gt_watch.service.sandbox_link import LINK_FILE, SandboxLink, published, running_sandbox


def _listening() -> socket.socket:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    return sock


def _link(port: int, pid: int) -> SandboxLink:
    return SandboxLink(f"http://127.0.0.1:{port}/api/v4", f"http://127.0.0.1:{port + 1}", pid)


def _pid_of_a_finished_process() -> int:
    finished = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(finished.stdout)


def test_a_published_sandbox_is_found_while_it_runs_and_forgotten_after(tmp_path: Path) -> None:
    with _listening() as sock:
        link = _link(sock.getsockname()[1], pid=os.getpid())
        with published(tmp_path, link):
            assert running_sandbox(tmp_path) == link
        assert not (tmp_path / LINK_FILE).exists()
        assert running_sandbox(tmp_path) is None


def test_a_link_left_by_a_killed_process_is_ignored(tmp_path: Path) -> None:
    with _listening() as sock:
        link = _link(sock.getsockname()[1], pid=_pid_of_a_finished_process())
        (tmp_path / LINK_FILE).write_text(json.dumps(dataclasses.asdict(link)))
        assert running_sandbox(tmp_path) is None


def test_a_link_whose_port_no_longer_answers_is_ignored(tmp_path: Path) -> None:
    with _listening() as sock:
        port = sock.getsockname()[1]
    with published(tmp_path, _link(port, pid=os.getpid())):
        assert running_sandbox(tmp_path) is None


def test_an_unreadable_link_file_reads_as_not_running(tmp_path: Path) -> None:
    (tmp_path / LINK_FILE).write_text("{not json")
    assert running_sandbox(tmp_path) is None
