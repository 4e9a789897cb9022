"""The ASGI app the daemon serves: callback receiver, `/healthz`, `/metrics`, signed media
URLs. Wires routes to the runtime; must not decide anything about jobs."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from gt_watch.callbacks import callback_routes, health_route
from gt_watch.redact import redact
from gt_watch.service.build import Runtime
from gt_watch.service.metrics import CONTENT_TYPE, Metrics
from gt_watch.storage.media_app import media_routes
from gt_watch.store import Store


class ThreadStores:
    """One Store per thread of the HTTP server: an SQLite connection may only be used (and
    closed) by the thread that opened it, so each is closed when its thread ends."""

    def __init__(self, database: Path) -> None:
        self._database = database
        self._local = threading.local()

    def __call__(self) -> Store:
        store: Store | None = getattr(self._local, "store", None)
        if store is None:
            store = self._local.store = Store.open(self._database)
        return store


def build_app(
    runtime: Runtime,
    stores: ThreadStores,
    health: Callable[[], Mapping[str, Any]],
    metrics: Metrics,
) -> Starlette:
    """Given the runtime, the HTTP threads' stores, a health report and the metrics,
    return the app with every route it serves."""

    def job_exists(job_id: str) -> bool:
        try:
            stores().jobs.get(job_id)
        except KeyError:
            return False
        return True

    def store_callback(job_id: str, order_id: int | None, fields: Mapping[str, str]) -> None:
        inbox = stores().inbox
        if is_duplicate(fields, [record.payload for record in inbox.for_job(job_id)]):
            metrics.count_callback("duplicate")
        inbox.add(job_id, order_id, fields)

    def serve_metrics(request: Request) -> Response:
        return Response(metrics.render(), media_type=CONTENT_TYPE)

    routes: list[BaseRoute] = [
        *callback_routes(
            secret=runtime.settings.callback_secret,
            store_callback=store_callback,
            job_exists=job_exists,
            wake=runtime.engine.wake.set,
            max_body=int(runtime.config.server.max_body_size),
            counters=metrics.count_callback,
        ),
        health_route(health),
        Route("/metrics", serve_metrics, methods=["GET"]),
    ]
    if runtime.signed is not None:
        routes.extend(media_routes(runtime.signed))
    return Starlette(routes=routes)


def is_duplicate(fields: Mapping[str, str], stored: list[dict[str, str]]) -> bool:
    """Given a callback's fields and the payloads stored for its job (redacted, as the
    inbox keeps them), return whether the same callback was received before."""
    redacted: dict[str, str] = json.loads(redact(json.dumps(dict(fields), sort_keys=True)))
    return redacted in stored
