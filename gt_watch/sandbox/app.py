"""The sandbox's HTTP API: the documented routes under /api/v4, built into a Starlette app
together with the admin routes and the fault injector. Parses requests and shapes answers;
the engine decides everything else.
"""

from __future__ import annotations

import contextlib
import logging
import random
from collections.abc import AsyncIterator, Awaitable, Callable

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from gt_watch import catalog
from gt_watch.model import OrderKind
from gt_watch.redact import register_secret
from gt_watch.sandbox import admin, listing, media, results, samples
from gt_watch.sandbox.engine import Engine, Refusal
from gt_watch.sandbox.faults import FaultInjector
from gt_watch.sandbox.orders import FINISHED, REFUNDED, RESULT_NAMES, OrderRecord, order_object
from gt_watch.sandbox.settings import Knobs, SandboxSettings
from gt_watch.sandbox.state import StateStore
from gt_watch.sandbox.wire import (
    BadRequest,
    error_answer,
    request_params,
    token_matches,
    token_problem,
)

log = logging.getLogger(__name__)
Handler = Callable[[Request], Awaitable[Response]]


def build_app(settings: SandboxSettings, public_url: str) -> Starlette:
    """Given settings and the address clients reach the sandbox at, return the ASGI app.
    Raise StateError if the state file cannot be used."""
    register_secret(settings.token)
    knobs = Knobs.from_settings(settings)
    store = StateStore(settings.state_path)
    client = media.new_client()
    engine = Engine(settings, knobs, store, client, public_url)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        engine.start()
        try:
            yield
        finally:
            await engine.stop()
            await client.aclose()
            store.close()

    api = SandboxApi(engine)
    routes = [
        *(
            Route(f"/api/v4/{kind.value}", api.order_route(kind), methods=["POST"])
            for kind in OrderKind
        ),
        Route("/api/v4/orders", api.list_orders, methods=["GET"]),
        Route("/api/v4/orders/{order_id:int}", api.get_order, methods=["GET"]),
        Route("/api/v4/orders/{order_id:int}/{name}", api.order_file, methods=["GET"]),
        Route("/api/v4/test-file/{name}", api.test_file, methods=["GET"]),
        *admin.routes(engine),
    ]
    app = Starlette(routes=routes, lifespan=lifespan)
    app.add_middleware(FaultInjector, knobs=knobs, generator=random.Random(settings.random_seed))
    return app


class SandboxApi:
    """Handlers of the documented calls."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.token = engine.settings.token

    def order_route(self, kind: OrderKind) -> Handler:
        """Return the handler of `POST /api/v4/<kind>`."""

        async def place(request: Request) -> Response:
            try:
                params = await request_params(request)
            except BadRequest as error:
                return error_answer(None, str(error))
            mode = params.get("mode")
            if not token_matches(params.get("api_token"), self.token):
                return error_answer(mode, token_problem(params.get("api_token")))
            problems = catalog.validate_request(kind, params)
            if problems:
                return error_answer(mode, "; ".join(problems))
            try:
                return JSONResponse(await self.engine.place_order(kind, params))
            except Refusal as refusal:
                log.info("%s order refused: %s", kind.value, refusal)
                return error_answer(mode, str(refusal))

        return place

    def _reader(self, request: Request) -> tuple[str, Response | None]:
        """Check a GET's token and mode; return (mode, an error answer or None)."""
        mode = request.query_params.get("mode") or "live"
        given = request.query_params.get("api_token")
        if not token_matches(given, self.token):
            return mode, error_answer(mode, token_problem(given))
        if mode not in ("test", "live"):
            return mode, error_answer(mode, f"mode {mode!r} is not allowed; choose test or live")
        return mode, None

    def _object(self, order: OrderRecord, mode: str) -> dict[str, object]:
        engine = self.engine
        if mode == "test":
            urls = samples.sample_urls(order, engine.public_url, self.token)
        else:
            urls = engine.result_urls(order)
        return order_object(order, urls, with_status=not engine.knobs.omit_status)

    async def list_orders(self, request: Request) -> Response:
        """`GET /orders`: newest first, a page at a time, `next_page_url` until the end."""
        mode, problem = self._reader(request)
        if problem:
            return problem
        source = samples.sample_orders() if mode == "test" else list(self.engine.orders.values())
        newest_first = sorted(((order.id, order) for order in source), key=lambda p: -p[0])
        try:
            chosen, cursor = listing.page(
                newest_first, request.query_params.get("cursor"), self.engine.knobs.page_size
            )
        except listing.CursorError as error:
            return error_answer(mode, str(error))
        return JSONResponse(
            {
                "orders": [self._object(order, mode) for order in chosen],
                "next_page_url": listing.next_page_url(
                    self.engine.public_url, mode, self.token, cursor
                ),
            }
        )

    async def get_order(self, request: Request) -> Response:
        """`GET /orders/{id}`: `{"data": order}`; in test mode one of the sample orders."""
        mode, problem = self._reader(request)
        if problem:
            return problem
        order_id = int(request.path_params["order_id"])
        if mode == "test":
            pool = samples.sample_orders()
            order = next((o for o in pool if o.id == order_id), pool[0])
            return JSONResponse({"data": self._object(order, mode)})
        try:
            return JSONResponse({"data": self._object(self.engine.order(order_id), mode)})
        except Refusal as refusal:
            return error_answer(mode, str(refusal))

    async def order_file(self, request: Request) -> Response:
        """`GET /orders/{id}/{name}`: a result file of a finished order."""
        mode, problem = self._reader(request)
        if problem:
            return problem
        name = request.path_params["name"]
        try:
            order = self.engine.order(int(request.path_params["order_id"]))
            _check_has_file(order, name)
        except Refusal as refusal:
            return error_answer(mode, str(refusal))
        return await self._file(order, name, request, f"order-{order.id}-{name}")

    async def test_file(self, request: Request) -> Response:
        """`GET /test-file/{name}`: the sample file of a kind, as in the documentation."""
        mode, problem = self._reader(request)
        if problem:
            return problem
        name = request.path_params["name"]
        if name not in samples.TEST_FILES:
            known = ", ".join(samples.TEST_FILES)
            return error_answer(mode, f"there is no test file {name!r}; there are: {known}")
        kind, result_name = samples.TEST_FILES[name]
        return await self._file(samples.sample_order(kind), result_name, request, f"sample-{name}")

    async def _file(self, order: OrderRecord, name: str, request: Request, stem: str) -> Response:
        try:
            # Rendering an hour of words into DOCX takes a while: keep the event loop free.
            body, media_type, extension = await run_in_threadpool(
                results.render,
                results.recipe_of(order),
                name,
                request.query_params.get("format"),
                shape=self.engine.knobs.transcript_shape,
                title=f"Order {order.id}: {name}",
                timestamping=order.params.get("timestamping"),
            )
        except ValueError as error:
            return error_answer(request.query_params.get("mode"), str(error))
        disposition = f'attachment; filename="{stem}.{extension}"'
        return Response(body, media_type=media_type, headers={"content-disposition": disposition})


def _check_has_file(order: OrderRecord, name: str) -> None:
    """Raise Refusal unless the order is finished and has a file of that name."""
    names = [RESULT_NAMES[field] for field in order.result_fields()]
    if name not in names:
        raise Refusal(
            f"order {order.id} ({order.kind.value}) has no '{name}' file; it has: "
            f"{', '.join(names)}"
        )
    if order.status == REFUNDED:
        raise Refusal(f"order {order.id} was refunded; it has no files")
    if order.status != FINISHED:
        raise Refusal(
            f"order {order.id} is not finished yet (estimated {order.delivery_estimate} UTC)"
        )
