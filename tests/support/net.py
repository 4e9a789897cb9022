"""Ports and waiting for servers on 127.0.0.1."""

from __future__ import annotations

import socket
import ssl
import time

# For httpx clients that only ever speak plain HTTP to 127.0.0.1: one shared TLS context
# spares httpx loading the CA bundle anew for every client (30-90 ms each).
LOOPBACK_TLS = ssl.create_default_context()


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for_port(port: int, timeout: float = 15.0, host: str = "127.0.0.1") -> None:
    """Block until something accepts TCP connections on host:port; raise TimeoutError if not."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(f"nothing listens on {host}:{port} after {timeout} s")
