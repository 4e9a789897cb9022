"""The ASGI app the daemon serves: callback receiver, health, signed media URLs."""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from typing import Any

from starlette.applications import Starlette
from starlette.routing import BaseRoute

from gt_watch.callbacks import callback_routes, health_route
from gt_watch.service.build import Runtime
from gt_watch.storage.media_app import media_routes
from gt_watch.store import Store


def build_app(runtime: Runtime, health: Callable[[], Mapping[str, Any]]) -> Starlette:
    """Given the runtime and a health report, return the app with every route it serves."""
    local = threading.local()

    def store() -> Store:
        opened: Store | None = getattr(local, "store", None)
        if opened is None:
            opened = local.store = runtime.open_store()
        return opened

    def job_exists(job_id: str) -> bool:
        try:
            store().jobs.get(job_id)
        except KeyError:
            return False
        return True

    def store_callback(job_id: str, order_id: int | None, fields: Mapping[str, str]) -> None:
        store().inbox.add(job_id, order_id, fields)

    routes: list[BaseRoute] = [
        *callback_routes(
            secret=runtime.settings.callback_secret,
            store_callback=store_callback,
            job_exists=job_exists,
            wake=runtime.engine.wake.set,
            max_body=int(runtime.config.server.max_body_size),
        ),
        health_route(health),
    ]
    if runtime.signed is not None:
        routes.extend(media_routes(runtime.signed))
    return Starlette(routes=routes)
