"""Fixtures of the API client tests: a scripted API behind httpx.MockTransport, a retry
policy that never sleeps, and raw TCP peers on 127.0.0.1 that misbehave on purpose."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field

import httpx
import pytest

from gt_watch.api.client import GoTranscriptClient
from gt_watch.api.retry import RetryPolicy

TOKEN = "tok-SECRET-4f9a2c"
BASE = "https://api.example.test/api/v4"

Reply = httpx.Response | Exception


@dataclass
class ScriptedApi:
    """An API that answers each request with the next scripted reply (the last one repeats)
    and remembers every request it saw."""

    replies: list[Reply]
    requests: list[httpx.Request] = field(default_factory=list)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        reply = self.replies[min(len(self.requests), len(self.replies)) - 1]
        if isinstance(reply, Exception):
            raise reply
        return reply

    def form(self, index: int = -1) -> dict[str, str]:
        """The form fields of a recorded POST."""
        pairs = httpx.QueryParams(self.requests[index].content.decode())
        return dict(pairs.multi_items())


def json_reply(body: object, status: int = 200) -> httpx.Response:
    return httpx.Response(status, json=body)


def receipt_body(**overrides: object) -> dict[str, object]:
    body: dict[str, object] = {
        "mode": "live",
        "status": "success",
        "order_id": 123,
        "order_total": 12.34,
        "seconds": 68,
        "in_wallet": 87.66,
        "delivery_estimate": "2024-12-21 16:23:01",
    }
    body.update(overrides)
    return body


@dataclass
class Sleeps:
    """The waits a retry policy asked for, instead of sleeping them."""

    waits: list[float] = field(default_factory=list)

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
def policy(sleeps: Sleeps) -> RetryPolicy:
    return RetryPolicy(attempts=4, total_seconds=60, first_wait=0.5, max_wait=4, sleep=sleeps)


@pytest.fixture
def make_client(policy: RetryPolicy) -> Iterator[Callable[..., GoTranscriptClient]]:
    """Build clients on a scripted API; every client made is closed after the test."""
    made: list[GoTranscriptClient] = []

    def make(api: ScriptedApi, **options: object) -> GoTranscriptClient:
        http = httpx.Client(transport=httpx.MockTransport(api))
        client = GoTranscriptClient(BASE, TOKEN, http=http, retry=policy, **options)  # type: ignore[arg-type]
        made.append(client)
        return client

    yield make
    for client in made:
        client._http.close()


# ---------------------------------------------------------------------------------------------
# Real peers on 127.0.0.1 for what a mock transport cannot show.


@dataclass
class RawServer:
    """A TCP server on 127.0.0.1 whose connections are handled by a behaviour; counts them."""

    url: str
    connections: int = 0


def read_request(connection: socket.socket) -> bytes:
    """Read one HTTP request (head and a Content-Length body) from a connection."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = connection.recv(65536)
        if not chunk:
            return data
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(body) < length:
        chunk = connection.recv(65536)
        if not chunk:
            break
        body += chunk
    return head + b"\r\n\r\n" + body


@contextmanager
def raw_server(behaviour: Callable[[socket.socket], None]) -> Iterator[RawServer]:
    """Serve on 127.0.0.1, running `behaviour(connection)` in a thread per connection; yield
    the server with its API base URL. On exit every connection is shut down, which also
    wakes behaviours blocked in recv()."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.05)
    server = RawServer(url=f"http://127.0.0.1:{listener.getsockname()[1]}/api/v4")
    stop = threading.Event()
    accepted: list[socket.socket] = []

    def serve() -> None:
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            connection.settimeout(10)
            accepted.append(connection)
            server.connections += 1
            threading.Thread(target=_guarded, args=(behaviour, connection), daemon=True).start()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        stop.set()
        thread.join(timeout=5)
        listener.close()
        for connection in accepted:
            with suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
            connection.close()


def _guarded(behaviour: Callable[[socket.socket], None], connection: socket.socket) -> None:
    with suppress(OSError):
        behaviour(connection)


def never_answer(connection: socket.socket) -> None:
    """Read the request, then say nothing until the server shuts the connection."""
    read_request(connection)
    connection.recv(1)


def close_mid_request(connection: socket.socket) -> None:
    """Read part of the request head, then drop the connection without a word."""
    connection.recv(16)
    connection.shutdown(socket.SHUT_RDWR)
    connection.close()


def answer(connection: socket.socket, status: int, body: object) -> None:
    """Read a request and answer it with a JSON body, closing the connection after."""
    read_request(connection)
    payload = json.dumps(body).encode()
    head = (
        f"HTTP/1.1 {status} X\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(payload)}\r\nConnection: close\r\n\r\n"
    )
    connection.sendall(head.encode() + payload)
    connection.close()
