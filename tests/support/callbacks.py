"""A real callback receiver for tests: a Starlette app served on 127.0.0.1 that records every
POST it gets and answers each with the next scripted body (then `ok`)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from starlette.applications import Starlette
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from tests.support.servers import asgi_server
from tests.support.waiting import wait_for


@dataclass
class Received:
    """One callback as the receiver saw it."""

    path: str
    content_type: str
    fields: dict[str, str]


@dataclass
class CallbackReceiver:
    """A callback endpoint; answers each POST with the next of `answers` (then `ok`)."""

    answers: list[str] = field(default_factory=list)
    calls: list[Received] = field(default_factory=list)
    root: str = ""
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def url(self, name: str = "hook") -> str:
        return f"{self.root}/callbacks/{name}"

    @property
    def app(self) -> Starlette:
        return Starlette(routes=[Route("/callbacks/{name}", self._take, methods=["POST"])])

    async def _take(self, request: Request) -> PlainTextResponse:
        form = await request.form()
        fields = {k: v for k, v in form.items() if not isinstance(v, UploadFile)}
        with self._lock:
            self.calls.append(Received(request.url.path, request.headers["content-type"], fields))
            answer = self.answers.pop(0) if self.answers else "ok"
        return PlainTextResponse(answer)

    def wait_for(self, count: int, timeout: float = 20.0) -> list[Received]:
        """Wait until at least `count` callbacks arrived; return them all."""
        return wait_for(lambda: list(self.calls) if len(self.calls) >= count else None, timeout)


@contextmanager
def serving_receiver() -> Iterator[CallbackReceiver]:
    """Serve a fresh `CallbackReceiver` with uvicorn on 127.0.0.1 while the block runs."""
    receiver = CallbackReceiver()
    with asgi_server(receiver.app) as url:
        receiver.root = url
        yield receiver
