"""The API token appears in no log record, exception text, traceback or repr, even when
every call goes wrong and the vendor echoes the token back."""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from gt_watch.api.client import GoTranscriptClient
from gt_watch.api.retry import RetryPolicy
from gt_watch.errors import GtWatchError
from gt_watch.model import Mode
from tests.support.net import free_port
from tests.support.servers import asgi_server
from tests.unit.api.conftest import TOKEN

MEDIA = "http://127.0.0.1:9/interview.wav"


def echoing_api() -> Starlette:
    """An API that works for some calls and, failing others, echoes the token it was sent."""

    async def receipt(request: Request) -> Response:
        form = await request.form()
        if request.path_params["kind"] == "captions":
            error = f"Invalid api_token {form['api_token']}"
            return JSONResponse({"mode": "live", "status": "error", "error": error}, 400)
        return JSONResponse({"mode": "test", "status": "success", "order_total": 1.0})

    async def orders(request: Request) -> Response:
        token = request.query_params["api_token"]
        if "cursor" in request.query_params:
            return JSONResponse({"orders": [], "next_page_url": None})
        next_page = f"{request.base_url}api/v4/orders?mode=live&api_token={token}&cursor=2"
        return JSONResponse({"orders": [{"id": 5}], "next_page_url": next_page})

    async def one_order(request: Request) -> Response:
        token = request.query_params["api_token"]
        if request.path_params["order_id"] == "6":
            return PlainTextResponse(f"crashed handling token {token}", 500)
        url = f"{request.base_url}api/v4/orders/5/captions?api_token={token}"
        return JSONResponse({"data": {"id": 5, "captions_url": url}})

    async def result(request: Request) -> Response:
        return PlainTextResponse("1\n00:00:01,000 --> 00:00:02,000\nHi\n")

    return Starlette(
        routes=[
            Route("/api/v4/orders", orders),
            Route("/api/v4/orders/{order_id}", one_order),
            Route("/api/v4/orders/{order_id}/captions", result),
            Route("/api/v4/{kind}", receipt, methods=["POST"]),
        ]
    )


def failure_texts(call: Callable[[], object]) -> list[str]:
    with pytest.raises(GtWatchError) as caught:
        call()
    error = caught.value
    return [
        str(error),
        repr(error),
        "".join(traceback.format_exception(error)),
        *map(str, error.args),
    ]


def test_the_token_appears_nowhere_in_logs_errors_or_reprs(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    for name in ("httpx", "httpcore", "gt_watch"):
        caplog.set_level(logging.DEBUG, logger=name)
    texts: list[str] = []
    policy = RetryPolicy(attempts=2, sleep=lambda seconds: None)

    with asgi_server(echoing_api()) as root, httpx.Client(timeout=10) as http:
        client = GoTranscriptClient(f"{root}/api/v4", TOKEN, http=http, retry=policy)
        texts.append(repr(client))
        client.transcription(mode=Mode.TEST, url=MEDIA, language="english")
        assert [order.id for order in client.orders(Mode.LIVE)] == [5]
        captions_url = client.order(5, Mode.LIVE).result_urls["captions_url"]
        assert TOKEN in captions_url  # the URL itself carries it, as the vendor's do
        assert client.download(captions_url, "text").startswith(b"1\n")
        texts += failure_texts(
            lambda: client.captions(mode=Mode.LIVE, url=MEDIA, language="english")
        )
        texts += failure_texts(lambda: client.order(6, Mode.LIVE))
        texts += failure_texts(
            lambda: client.download(captions_url.replace("127.0.0.1", "localhost"), "json")
        )
    with GoTranscriptClient(f"http://127.0.0.1:{free_port()}/api/v4", TOKEN, retry=policy) as dead:
        texts += failure_texts(lambda: dead.order(1, Mode.LIVE))
        texts += failure_texts(
            lambda: dead.transcription(mode=Mode.LIVE, url=MEDIA, language="english")
        )

    assert any(record.name == "httpx" for record in caplog.records)  # requests were logged
    assert any(record.name.startswith("httpcore") for record in caplog.records)
    assert any("***" in text for text in texts)  # the echoed token was there, and redacted
    assert TOKEN not in caplog.text
    for record in caplog.records:
        assert TOKEN not in record.getMessage(), record.name
    for text in texts:
        assert TOKEN not in text
