"""The admin API under /sandbox/: knobs, armed faults, callback drops and duplicates, forced
completion, re-delivery, refunds, the wallet, and an inspection of every order with its
callback attempts. Guarded by the sandbox token as a Bearer header. Not part of GoTranscript.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable
from typing import Literal

import pydantic
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from gt_watch.redact import redact
from gt_watch.sandbox import pricing
from gt_watch.sandbox.engine import Engine, Refusal
from gt_watch.sandbox.orders import order_object
from gt_watch.sandbox.settings import FaultRule, TranscriptShape
from gt_watch.sandbox.wire import token_matches

Handler = Callable[[Request], Awaitable[Response]]


class _Strict(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="forbid")


class KnobChange(_Strict):
    """`PATCH /sandbox/knobs`: any subset of the run-time knobs."""

    delay: float | None = pydantic.Field(None, ge=0)
    speed: float | None = pydantic.Field(None, gt=0)
    page_size: int | None = pydantic.Field(None, ge=1, le=1000)
    error_rate: float | None = pydantic.Field(None, ge=0, le=1)
    latency: float | None = pydantic.Field(None, ge=0, le=60)
    transcript_shape: TranscriptShape | None = None
    omit_status: bool | None = None
    drop_callbacks: bool | None = None
    duplicate_callbacks: bool | None = None


class FaultArming(_Strict):
    """`POST /sandbox/faults`: fail the next `count` matching API requests."""

    count: int = pydantic.Field(1, ge=1)
    status: int = pydantic.Field(503, ge=500, le=599)
    path: str | None = None
    method: Literal["GET", "POST"] | None = None
    after: bool = False


class Count(_Strict):
    """A number of upcoming callbacks."""

    count: int = pydantic.Field(1, ge=1)


class WalletChange(_Strict):
    """`PUT /sandbox/wallet`: set the balance and/or the AI minutes."""

    usd: float | None = pydantic.Field(None, ge=0)
    ai_minutes: int | None = pydantic.Field(None, ge=0)


def routes(engine: Engine) -> list[Route]:
    """Given the engine, return the admin routes."""
    admin = Admin(engine)
    guard = admin.guarded
    return [
        Route("/sandbox/knobs", guard(admin.knobs), methods=["GET", "PATCH"]),
        Route("/sandbox/faults", guard(admin.faults), methods=["POST", "DELETE"]),
        Route("/sandbox/callbacks/drop", guard(admin.drop), methods=["POST"]),
        Route("/sandbox/callbacks/duplicate", guard(admin.duplicate), methods=["POST"]),
        Route("/sandbox/wallet", guard(admin.wallet), methods=["GET", "PUT"]),
        Route("/sandbox/orders", guard(admin.inspect), methods=["GET"]),
        Route("/sandbox/orders/{order_id:int}/{action}", guard(admin.act), methods=["POST"]),
    ]


class Admin:
    """Handlers of the admin routes."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def guarded(self, handler: Handler) -> Handler:
        """Wrap a handler: Bearer token required, bad bodies answered with 400."""

        async def checked(request: Request) -> Response:
            scheme, _, given = request.headers.get("authorization", "").partition(" ")
            if scheme.lower() != "bearer" or not token_matches(given, self.engine.settings.token):
                return JSONResponse(
                    {"error": "the admin API needs 'Authorization: Bearer <sandbox token>'"},
                    status_code=401,
                )
            try:
                return await handler(request)
            except pydantic.ValidationError as error:
                problems = "; ".join(
                    f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors()
                )
                return JSONResponse({"error": problems}, status_code=400)
            except Refusal as refusal:
                return JSONResponse({"error": str(refusal)}, status_code=400)

        return checked

    async def knobs(self, request: Request) -> Response:
        knobs = self.engine.knobs
        if request.method == "PATCH":
            change = KnobChange.model_validate_json(await request.body() or b"{}")
            for name, value in change.model_dump(exclude_none=True).items():
                setattr(knobs, name, value)
        return JSONResponse(knobs.as_dict())

    async def faults(self, request: Request) -> Response:
        knobs = self.engine.knobs
        if request.method == "DELETE":
            knobs.faults.clear()
        else:
            arming = FaultArming.model_validate_json(await request.body() or b"{}")
            knobs.faults.append(
                FaultRule(arming.count, arming.status, arming.path, arming.method, arming.after)
            )
        return JSONResponse({"faults": [dataclasses.asdict(rule) for rule in knobs.faults]})

    async def drop(self, request: Request) -> Response:
        count = Count.model_validate_json(await request.body() or b"{}").count
        self.engine.knobs.drop_next_callbacks += count
        return JSONResponse({"drop_next_callbacks": self.engine.knobs.drop_next_callbacks})

    async def duplicate(self, request: Request) -> Response:
        count = Count.model_validate_json(await request.body() or b"{}").count
        self.engine.knobs.duplicate_next_callbacks += count
        return JSONResponse(
            {"duplicate_next_callbacks": self.engine.knobs.duplicate_next_callbacks}
        )

    async def wallet(self, request: Request) -> Response:
        account = self.engine.account
        if request.method == "PUT":
            change = WalletChange.model_validate_json(await request.body() or b"{}")
            if change.usd is not None:
                account.wallet_cents = pricing.cents(change.usd)
            if change.ai_minutes is not None:
                account.ai_minutes_left = change.ai_minutes
            self.engine.store.save_account(account)
        return JSONResponse(
            {"usd": pricing.dollars(account.wallet_cents), "ai_minutes": account.ai_minutes_left}
        )

    async def act(self, request: Request) -> Response:
        order_id, action = int(request.path_params["order_id"]), request.path_params["action"]
        actions = {
            "finish": self.engine.finish,
            "redeliver": self.engine.redeliver,
            "refund": self.engine.refund,
        }
        if action not in actions:
            return JSONResponse(
                {"error": f"unknown action {action!r}; use finish, redeliver or refund"},
                status_code=404,
            )
        order = actions[action](order_id)
        return JSONResponse(self._inspected(order.id))

    async def inspect(self, request: Request) -> Response:
        return JSONResponse({"orders": [self._inspected(i) for i in sorted(self.engine.orders)]})

    def _inspected(self, order_id: int) -> dict[str, object]:
        """An order as the API shows it, plus what only the sandbox knows."""
        engine = self.engine
        order = engine.orders[order_id]
        urls = {name: redact(url) for name, url in engine.result_urls(order).items()}
        data = order_object(order, urls, with_status=True)
        data.update(
            kind=order.kind.value,
            revision=order.revision,
            history=order.history,
            callback_url=redact(order.params.get("callback_url", "")) or None,
        )
        data["callbacks"] = [
            {
                "id": d.id,
                "event": d.event,
                "revision": d.revision,
                "state": d.state,
                "attempts": [dataclasses.asdict(a) for a in d.attempts],
            }
            for d in engine.deliveries.values()
            if d.order_id == order_id
        ]
        return data
