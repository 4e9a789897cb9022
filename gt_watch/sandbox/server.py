"""Serving the sandbox with uvicorn: in a background thread (`SandboxServer`, for tests and
`gt-watch run --sandbox`) or in the foreground (`gt-watch sandbox`). Owns sockets and the
server's life; knows nothing of orders.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from types import TracebackType

import uvicorn

from gt_watch.errors import GtWatchError
from gt_watch.sandbox.app import build_app
from gt_watch.sandbox.settings import SandboxSettings

API_PATH = "/api/v4"
_START_TIMEOUT = 15.0


def bind(host: str, port: int) -> socket.socket:
    """Given a host and a port (0: any free port), return a listening TCP socket.
    Raise GtWatchError if the address is taken or unusable."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        sock = socket.create_server((host, port), family=family, backlog=128)
    except OSError as error:
        raise GtWatchError(
            f"the sandbox cannot listen on {host}:{port}: {error.strerror or error}; "
            "choose another --port or --host"
        ) from error
    sock.set_inheritable(True)
    return sock


def root_url(host: str, sock: socket.socket) -> str:
    """Given the host asked for and the bound socket, return `http://host:port`."""
    port = sock.getsockname()[1]
    shown = "127.0.0.1" if host in ("0.0.0.0", "") else host  # noqa: S104
    shown = f"[{shown}]" if ":" in shown else shown
    return f"http://{shown}:{port}"


class _Server(uvicorn.Server):
    """uvicorn, but a SIGINT/SIGTERM ends `run()` normally instead of being re-raised."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        with super().capture_signals():
            yield
            self._captured_signals.clear()


def make_server(settings: SandboxSettings, sock: socket.socket, public_url: str) -> uvicorn.Server:
    """Given settings, a bound socket and the public address, return a uvicorn server of the
    sandbox (not started). Raise StateError if the state file cannot be used."""
    app = build_app(settings, public_url)
    config = uvicorn.Config(
        app, log_level="warning", access_log=False, lifespan="on", timeout_graceful_shutdown=5
    )
    return _Server(config)


class SandboxServer:
    """The sandbox served in a background thread on `host` (127.0.0.1 by default).

    Use as a context manager; `.base_url` is the API's base (`http://127.0.0.1:P/api/v4`),
    `.root_url` the server's. Port 0 picks a free port.
    """

    def __init__(
        self, settings: SandboxSettings | None = None, host: str = "127.0.0.1", port: int = 0
    ) -> None:
        self.settings = settings or SandboxSettings()
        self.host, self.port = host, port
        self._sock: socket.socket | None = None
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self.root_url = ""

    @property
    def base_url(self) -> str:
        return f"{self.root_url}{API_PATH}"

    def start(self) -> None:
        """Bind, start serving in a thread, and return once requests are answered.
        Raise GtWatchError if it cannot listen or does not start."""
        self._sock = bind(self.host, self.port)
        self.root_url = self.settings.public_url or root_url(self.host, self._sock)
        self._server = make_server(self.settings, self._sock, self.root_url)
        self._thread = threading.Thread(
            target=self._server.run,
            kwargs={"sockets": [self._sock]},
            name="gt-watch-sandbox",
            daemon=True,
        )
        self._thread.start()
        deadline = time.monotonic() + _START_TIMEOUT
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise GtWatchError("the sandbox did not start; see the log above")
            time.sleep(0.01)

    def stop(self) -> None:
        """Stop serving (pending work stays pending in the state) and release the port."""
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=15)
        if self._sock is not None:
            self._sock.close()
        self._server = self._thread = self._sock = None

    def __enter__(self) -> SandboxServer:
        self.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.stop()
