"""Where a running `gt-watch run --sandbox DIR` can be reached. It publishes its addresses
as DIR/.gt-watch/sandbox.json while it runs, so that `gt-watch orders --sandbox DIR` and
`gt-watch quote --sandbox DIR` use that sandbox (and that daemon's media server) instead
of starting their own. Must not start or stop anything.

The file holds no secret: the sandbox listens on 127.0.0.1 only, with its documented token.
A file left behind by a killed process is recognised as stale (its process is gone or its
port no longer answers) and ignored.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urlsplit

from gt_watch.errors import GtWatchError

LINK_FILE = "sandbox.json"


@dataclass(frozen=True, slots=True)
class SandboxLink:
    """A running sandbox mode: its API base URL, its daemon's HTTP server, its process."""

    api_url: str
    server_url: str
    pid: int


@contextlib.contextmanager
def published(state_dir: Path, link: SandboxLink) -> Iterator[None]:
    """Publish `link` in `state_dir` while the block runs; remove it afterwards (unless
    another process has published its own meanwhile)."""
    path = state_dir / LINK_FILE
    temporary = path.with_name(f".{LINK_FILE}.{os.getpid()}")
    temporary.write_text(json.dumps(asdict(link)) + "\n", encoding="utf-8")
    temporary.replace(path)
    try:
        yield
    finally:
        if _read(path) == link:
            path.unlink(missing_ok=True)


def running_sandbox(state_dir: Path) -> SandboxLink | None:
    """Given a sandbox folder's state folder, return the link of the sandbox mode running
    on it, or None if none is (no file, or a stale one)."""
    link = _read(state_dir / LINK_FILE)
    if link is None or not _alive(link.pid) or not _answers(link.api_url):
        return None
    return link


def require_running_sandbox(folder: Path, state_dir: Path) -> SandboxLink:
    """As `running_sandbox`, for a command that cannot work without it. Raise GtWatchError
    saying how to start it if it is not running."""
    link = running_sandbox(state_dir)
    if link is None:
        raise GtWatchError(
            f"the sandbox of {folder} is not running: start `gt-watch run --sandbox {folder}` "
            "(in another terminal), then try again. Its orders are kept while it is stopped."
        )
    return link


def _read(path: Path) -> SandboxLink | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return SandboxLink(str(data["api_url"]), str(data["server_url"]), int(data["pid"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, under another user
    return True


def _answers(url: str) -> bool:
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname or "", parts.port or 80), timeout=2):
            return True
    except OSError:
        return False
