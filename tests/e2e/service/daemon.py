"""The real `gt-watch run` in a subprocess for service tests: a config against a sandbox on
127.0.0.1, a notify socket the test owns (as systemd would), and the daemon's log."""

from __future__ import annotations

import json
import secrets
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from gt_watch.sandbox import SandboxServer
from tests.support.net import free_port
from tests.support.processes import child_env, gt_watch_argv

RULES = """\
mode: live
orders:
  - name: {name}
    kind: captions
    language: english
    outputs: [srt, vtt, txt]
"""


def write_rules(folder: Path, name: str = "captions") -> None:
    (folder / ".gt-watch.yaml").write_text(RULES.format(name=name))


@dataclass
class Setup:
    """A config.yaml for a daemon against `sandbox`, with its folders."""

    root: Path
    port: int
    config: Path

    @property
    def media(self) -> Path:
        return self.root / "media"

    @property
    def state(self) -> Path:
        return self.root / "state"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def make_setup(root: Path, sandbox: SandboxServer, **overrides: str) -> Setup:
    """Write config.yaml (builtin storage, one watched folder with captions rules) and the
    token file under `root`. `overrides` replace lines of the config by key."""
    (root / "media").mkdir(parents=True)
    (root / "state").mkdir()
    (root / "token").write_text(sandbox.settings.token + "\n")
    write_rules(root / "media")
    port = free_port()
    values = {
        "base_url": sandbox.base_url,
        "token_file": "token",
        "listen": f"127.0.0.1:{port}",
        "public_url": f"http://127.0.0.1:{port}",
        "path": "media",
        **overrides,
    }
    config = root / "config.yaml"
    config.write_text(
        f"""\
api:
  base_url: {values["base_url"]}
  token_file: {values["token_file"]}
  poll_interval: 2s
mode: live
state:
  database: state/state.db
storage:
  type: builtin
server:
  listen: {values["listen"]}
  public_url: {values["public_url"]}
watches:
  - path: {values["path"]}
    quiet_period: 250ms
limits:
  max_per_order: null
  max_per_day: null
"""
    )
    return Setup(root, port, config)


class NotifyListener:
    """A datagram socket in the abstract namespace, as systemd's $NOTIFY_SOCKET."""

    def __init__(self) -> None:
        name = f"gt-watch-test-{secrets.token_hex(8)}"
        self.address = f"@{name}"
        self._socket = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self._socket.bind(f"\0{name}")
        self.messages: list[dict[str, str]] = []
        self._cursor = 0

    def wait_for(
        self, wanted: Callable[[dict[str, str]], bool], timeout: float = 60.0
    ) -> dict[str, str]:
        """Return the first `wanted` message after the one the last call returned, reading
        more as they come (all are kept in `messages`)."""
        deadline = time.monotonic() + timeout
        while True:
            for index in range(self._cursor, len(self.messages)):
                if wanted(self.messages[index]):
                    self._cursor = index + 1
                    return self.messages[index]
            self._cursor = len(self.messages)
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"no such notification in {timeout} s: {self.messages}")
            self._socket.settimeout(remaining)
            try:
                data = self._socket.recv(4096)
            except TimeoutError:
                continue
            self.messages.append(_parse(data))

    def drain(self) -> None:
        """Read whatever is still queued (after the daemon exited)."""
        self._socket.setblocking(False)
        while True:
            try:
                data = self._socket.recv(4096)
            except BlockingIOError:
                return
            self.messages.append(_parse(data))

    def close(self) -> None:
        self._socket.close()


def _parse(data: bytes) -> dict[str, str]:
    return dict(line.split("=", 1) for line in data.decode().splitlines())


@dataclass
class Daemon:
    process: subprocess.Popen[str]
    notify: NotifyListener
    log_path: Path
    setup: Setup
    events: list[dict[str, object]] = field(default_factory=list)

    def log(self) -> list[dict[str, object]]:
        """Every JSON log event so far."""
        return [json.loads(line) for line in self.log_path.read_text().splitlines() if line]

    def messages(self) -> list[str]:
        return [str(event["message"]) for event in self.log()]

    def wait(self, timeout: float = 60.0) -> int:
        status = self.process.wait(timeout=timeout)
        self.notify.drain()
        return status


@contextmanager
def running(setup: Setup, watchdog: float | None = None, **env: str) -> Iterator[Daemon]:
    """Run `gt-watch --log-format json run --config ...` until the block ends (then SIGKILL
    if still running)."""
    listener = NotifyListener()
    extra = {"NOTIFY_SOCKET": listener.address, **env}
    if watchdog is not None:
        extra["WATCHDOG_USEC"] = str(int(watchdog * 1_000_000))
    log_path = setup.root / "daemon.log"
    with log_path.open("w") as log_file:
        process = subprocess.Popen(
            gt_watch_argv("--log-format", "json", "run", "--config", str(setup.config)),
            env=child_env(**extra),
            stdout=subprocess.DEVNULL,
            stderr=log_file,
            text=True,
        )
    try:
        yield Daemon(process, listener, log_path, setup)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)
        listener.close()
