"""The daemon's HTTP server (callbacks, health, signed media, metrics) on its own thread.

The socket is bound (`bind`) before anything else is built, so a port that is taken fails at
startup with a clear message, and port 0 (tests, sandbox mode) is known before the public
URL is needed.
"""

from __future__ import annotations

import asyncio
import logging
import socket
import threading
from typing import Any

import uvicorn

from gt_watch.errors import GtWatchError

log = logging.getLogger("gt_watch.http")


class HttpServer:
    """uvicorn serving an ASGI app on a pre-bound socket, in a daemon thread."""

    def __init__(self, app: Any, sock: socket.socket) -> None:
        self.socket = sock
        self.host, self.port = self.socket.getsockname()[:2]
        # log_config=None: uvicorn's records go through gt-watch's one redacting handler
        # (and its --log-format) instead of a handler of uvicorn's own.
        config = uvicorn.Config(
            app, log_level="warning", lifespan="off", access_log=False, log_config=None
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._serve, name="gtw-http", daemon=True)

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    def start(self, timeout: float = 10.0) -> None:
        """Start serving; return once the server accepts connections."""
        self._thread.start()
        waited = 0.0
        while not self._server.started and self._thread.is_alive() and waited < timeout:
            threading.Event().wait(0.02)
            waited += 0.02
        if not self._server.started:
            raise GtWatchError(f"the HTTP server on {self.url} did not start")

    def alive(self) -> bool:
        return self._thread.is_alive()

    def stop(self, timeout: float = 10.0) -> None:
        self._server.should_exit = True
        if self._thread.is_alive():
            self._thread.join(timeout)
        self.socket.close()

    def _serve(self) -> None:
        asyncio.run(self._server.serve(sockets=[self.socket]))


def bind(host: str, port: int) -> socket.socket:
    """Bind a listening TCP socket. Raise GtWatchError saying what to change if it fails."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        return socket.create_server((host, port), family=family, backlog=128)
    except OSError as error:
        raise GtWatchError(
            f"cannot listen on {host}:{port}: {error.strerror}; another program may use the "
            "port: change `server.listen` in config.yaml"
        ) from error
