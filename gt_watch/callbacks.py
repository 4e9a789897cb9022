"""The HTTP receiver: GoTranscript's callbacks at `/callbacks/<secret>/<job>`, `/healthz`,
and whatever else the service mounts (signed media URLs, metrics). Stores; never acts.

A callback is committed to the inbox before `ok` is answered, so an accepted callback is
never lost; the pipeline confirms it through the API before acting on it. The secret path
segment is compared in constant time; bodies are bounded; only POST is accepted.
"""

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import Callable, Mapping
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import BaseRoute, Route

from gt_watch.api.formats import parse_callback
from gt_watch.errors import ResultFormatError

log = logging.getLogger("gt_watch.callbacks")

InboxWriter = Callable[[str, int | None, Mapping[str, str]], None]
DEFAULT_MAX_BODY = 64 * 1024


class BodyTooLarge(Exception):
    pass


def callback_routes(
    *,
    secret: str,
    store_callback: InboxWriter,
    job_exists: Callable[[str], bool],
    wake: Callable[[], None],
    max_body: int = DEFAULT_MAX_BODY,
    counters: Callable[[str], None] = lambda outcome: None,
) -> list[BaseRoute]:
    """Given the path secret and how to store a callback, return the callback route.
    `counters` is told each outcome (received, duplicate, rejected) for metrics."""

    async def receive(request: Request) -> Response:
        offered = str(request.path_params["secret"])
        if not hmac.compare_digest(offered.encode(), secret.encode()):
            counters("rejected")
            return PlainTextResponse("not found", status_code=404)
        job_id = str(request.path_params["job"])
        if not job_exists(job_id):
            counters("rejected")
            log.warning("callback for unknown job %s ignored", job_id)
            return PlainTextResponse("ok")  # nothing to retry for
        try:
            fields = await _read_fields(request, max_body)
            payload = parse_callback(fields)
        except BodyTooLarge:
            counters("rejected")
            return PlainTextResponse("payload too large", status_code=413)
        except (ResultFormatError, ValueError) as error:
            counters("rejected")
            log.warning("unreadable callback for job %s: %s", job_id, error, extra={"job": job_id})
            return PlainTextResponse("bad request", status_code=400)
        store_callback(job_id, payload.order_id, fields)
        counters("received")
        wake()
        return PlainTextResponse("ok")

    return [Route("/callbacks/{secret}/{job}", receive, methods=["POST"])]


def health_route(report: Callable[[], Mapping[str, Any]]) -> Route:
    """`GET /healthz`: 200 with the report while healthy (`ok` true), 503 otherwise."""

    async def healthz(request: Request) -> Response:
        status = dict(report())
        return JSONResponse(status, status_code=200 if status.get("ok") else 503)

    return Route("/healthz", healthz, methods=["GET"])


def create_app(routes: list[BaseRoute]) -> Starlette:
    return Starlette(routes=routes)


async def _read_fields(request: Request, max_body: int) -> dict[str, str]:
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > max_body:
        raise BodyTooLarge
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > max_body:
            raise BodyTooLarge
    content_type = request.headers.get("content-type", "")
    if content_type.startswith("application/json"):
        data = json.loads(body or b"{}")
        if not isinstance(data, dict):
            raise ValueError("a JSON callback must be an object")
        return {str(key): str(value) for key, value in data.items()}
    replay = _replayed(request, bytes(body))
    async with replay.form(max_files=0, max_fields=64) as form:
        return {key: value for key, value in form.items() if isinstance(value, str)}


def _replayed(request: Request, body: bytes) -> Request:
    """A request whose body is the bytes already read (starlette streams only once)."""

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": body, "more_body": False}

    return Request(request.scope, receive)
