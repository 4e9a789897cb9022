"""The order engine: wallet, orders, completion after the delay, refunds, re-delivery, and
which callbacks go out. Runs on the server's event loop; the HTTP layer only calls into it.

Every change is written through to the state store before anything else happens, so that a
restart resumes pending completions and callbacks where they stopped.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Coroutine, Mapping
from typing import Any

import httpx

from gt_watch.catalog import KINDS
from gt_watch.errors import MediaError
from gt_watch.model import OrderKind
from gt_watch.sandbox import intake, pricing
from gt_watch.sandbox.callbacks import CallbackSender, utc_stamp
from gt_watch.sandbox.orders import FINISHED, IN_PROGRESS, REFUNDED, OrderRecord, result_url
from gt_watch.sandbox.settings import Knobs, SandboxSettings
from gt_watch.sandbox.state import DROPPED, PENDING, Account, Delivery, StateStore

log = logging.getLogger(__name__)
_NOT_ECHOED = ("api_token", "mode")


class Refusal(Exception):
    """The sandbox refuses a request: the text is the API's `error` (HTTP 400)."""


def stored_params(kind: OrderKind, params: Mapping[str, str]) -> dict[str, str]:
    """Given validated request parameters, return what the order keeps: no token, no mode,
    and the documented defaults filled in."""
    kept = {name: value for name, value in params.items() if name not in _NOT_ECHOED and value}
    for param in KINDS[kind].params:
        if param.default is not None:
            kept.setdefault(param.name, param.default)
    return kept


class Engine:
    """All orders of one sandbox account."""

    def __init__(
        self,
        settings: SandboxSettings,
        knobs: Knobs,
        store: StateStore,
        client: httpx.AsyncClient,
        public_url: str,
    ) -> None:
        self.settings, self.knobs, self.store, self.public_url = settings, knobs, store, public_url
        self._client = client
        self.account = store.load_account(
            Account(pricing.cents(settings.wallet_usd), settings.ai_minutes)
        )
        self.orders = {order.id: order for order in store.load_orders()}
        self.deliveries = {delivery.id: delivery for delivery in store.load_deliveries()}
        self._random = random.Random(settings.random_seed)
        self._sender = CallbackSender(
            client, store.save_delivery, lambda: knobs.speed, self._random
        )
        self._tasks: set[asyncio.Task[None]] = set()
        self._limits = intake.Limits(
            settings.max_download_bytes, settings.max_document_bytes, settings.download_timeout
        )

    # -- life cycle --------------------------------------------------------------------------

    def start(self) -> None:
        """Resume what a previous run left pending: completions, then callbacks."""
        for order in self.orders.values():
            if order.status == IN_PROGRESS:
                self._spawn(self._complete_when_due(order))
        for delivery in self.deliveries.values():
            if delivery.state == PENDING:
                self._spawn(self._deliver(delivery))

    async def stop(self) -> None:
        """Cancel pending work (it stays pending in the state) and wait for it to stop."""
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    def _spawn(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.get_running_loop().create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    # -- placing orders ----------------------------------------------------------------------

    async def place_order(self, kind: OrderKind, params: Mapping[str, str]) -> dict[str, object]:
        """Given a validated order request, price it (test) or charge and create it (live).
        Return the documented answer. Raise Refusal if the media or the wallet says no."""
        try:
            measured = await intake.measure(kind, params, self._client, self._limits)
        except MediaError as error:
            raise Refusal(error.message) from error
        price, ai_minutes = self._price(kind, params, measured)
        if params["mode"] != "live":
            return self._answer(kind, "test", None, price, measured, _estimate(self.knobs.delay))
        if price > self.account.wallet_cents:
            raise Refusal(
                f"not enough money in the wallet: the order costs "
                f"{pricing.dollars(price):.2f} USD, the wallet holds "
                f"{pricing.dollars(self.account.wallet_cents):.2f} USD"
            )
        order = self._create(kind, params, measured, price, ai_minutes)
        return self._answer(kind, "live", order.id, price, measured, order.delivery_estimate)

    def _price(
        self, kind: OrderKind, params: Mapping[str, str], measured: intake.Measurement
    ) -> tuple[int, int]:
        """Return (price in cents, AI subscription minutes used)."""
        if kind is OrderKind.AI_TRANSCRIPTION:
            covered, paid = pricing.ai_split(measured.seconds, self.account.ai_minutes_left)
            return pricing.price_cents(kind, seconds=paid * 60) if paid else 0, covered
        price = pricing.price_cents(
            kind,
            seconds=measured.seconds,
            words=measured.words,
            turnaround=params.get("turnaround_time") or None,
            captions=params.get("captions", "").lower() in ("true", "1"),
        )
        return price, 0

    def _create(
        self,
        kind: OrderKind,
        params: Mapping[str, str],
        measured: intake.Measurement,
        price: int,
        ai_minutes: int,
    ) -> OrderRecord:
        now = time.time()
        account = self.account
        order = OrderRecord(
            id=account.next_order_id,
            kind=kind,
            params=stored_params(kind, params),
            seconds=measured.seconds,
            words=measured.words,
            price_cents=price,
            paid_at=utc_stamp(now),
            delivery_estimate=_estimate(self.knobs.delay, now),
            due_at=now + self.knobs.delay,
            media_sha256=measured.content_sha256,
            duration=measured.duration,
            span=measured.span,
            source_words=measured.source_words,
            ai_minutes_used=ai_minutes,
            history=[f"{utc_stamp(now)} placed"],
        )
        account.next_order_id += 1
        account.wallet_cents -= price
        account.ai_minutes_left -= ai_minutes
        self.store.save_order(order)
        self.store.save_account(account)
        self.orders[order.id] = order
        log.info(
            "order %d placed: %s, %d s, %.2f USD",
            order.id,
            kind.value,
            order.seconds,
            pricing.dollars(price),
        )
        self._spawn(self._complete_when_due(order))
        return order

    def _answer(
        self,
        kind: OrderKind,
        mode: str,
        order_id: int | None,
        price: int,
        measured: intake.Measurement,
        estimate: str,
    ) -> dict[str, object]:
        answer: dict[str, object] = {"mode": mode, "status": "success"}
        if order_id is not None:
            answer["order_id"] = order_id
        answer.update(order_total=pricing.dollars(price), seconds=measured.seconds)
        if kind is OrderKind.TRANSLATION:
            answer["words"] = measured.words
        answer["in_wallet"] = pricing.dollars(self.account.wallet_cents)
        if kind is OrderKind.AI_TRANSCRIPTION:
            answer["ai_transcripts_minutes_left"] = self.account.ai_minutes_left
        answer["delivery_estimate"] = estimate
        return answer

    # -- the life of an order ----------------------------------------------------------------

    async def _complete_when_due(self, order: OrderRecord) -> None:
        wait = order.due_at - time.time()
        if wait > 0:
            await asyncio.sleep(wait)
        if order.status == IN_PROGRESS:
            self.finish(order.id)

    def order(self, order_id: int) -> OrderRecord:
        """Given an id, return the live order. Raise Refusal if there is none."""
        try:
            return self.orders[order_id]
        except KeyError:
            raise Refusal(f"order {order_id} does not exist in this account") from None

    def finish(self, order_id: int) -> OrderRecord:
        """Finish an order now (its delay may not be over) and send its callback."""
        order = self.order(order_id)
        if order.status != IN_PROGRESS:
            raise Refusal(f"order {order_id} is {order.status}, not in progress")
        order.status, order.finished_at = FINISHED, utc_stamp(time.time())
        order.history.append(f"{order.finished_at} finished")
        self.store.save_order(order)
        log.info("order %d finished", order.id)
        self._notify(order, "finished")
        return order

    def redeliver(self, order_id: int) -> OrderRecord:
        """Publish a new revision of a finished order's files and send its callback again."""
        order = self.order(order_id)
        if order.status != FINISHED:
            raise Refusal(
                f"order {order_id} is {order.status}; only finished orders are re-delivered"
            )
        order.revision += 1
        order.history.append(f"{utc_stamp(time.time())} re-delivered as revision {order.revision}")
        self.store.save_order(order)
        self._notify(order, "redelivered")
        return order

    def refund(self, order_id: int) -> OrderRecord:
        """Refund an order: credit the wallet, mark it refunded, tell the callback (for the
        kinds whose callbacks carry a status)."""
        order = self.order(order_id)
        if order.status == REFUNDED:
            raise Refusal(f"order {order_id} is already refunded")
        order.status, order.finished_at = REFUNDED, None
        order.history.append(f"{utc_stamp(time.time())} refunded")
        self.account.wallet_cents += order.price_cents
        self.account.ai_minutes_left += order.ai_minutes_used
        self.store.save_order(order)
        self.store.save_account(self.account)
        if "status" in KINDS[order.kind].callback_fields:
            self._notify(order, "refunded")
        return order

    # -- callbacks ---------------------------------------------------------------------------

    def _notify(self, order: OrderRecord, event: str) -> None:
        url = order.params.get("callback_url")
        if not url:
            return
        copies = 2 if self.knobs.take_callback_duplicate() else 1
        dropped = self.knobs.take_callback_drop()
        for _ in range(copies):
            delivery = Delivery(
                self.account.next_delivery_id,
                order.id,
                url,
                event,
                order.revision,
                state=DROPPED if dropped else PENDING,
            )
            self.account.next_delivery_id += 1
            self.deliveries[delivery.id] = delivery
            self.store.save_delivery(delivery)
            if not dropped:
                self._spawn(self._deliver(delivery))
        self.store.save_account(self.account)

    async def _deliver(self, delivery: Delivery) -> None:
        order = self.orders[delivery.order_id]
        await self._sender.run(delivery, lambda: self.callback_fields(order, delivery.event))

    def callback_fields(self, order: OrderRecord, event: str) -> dict[str, str]:
        """Given an order and an event, return exactly the documented callback fields."""
        delivered = event != "refunded"
        fields: dict[str, str] = {}
        for name in KINDS[order.kind].callback_fields:
            if name == "mode":
                fields[name] = "live"
            elif name == "order_id":
                fields[name] = str(order.id)
            elif name == "status":
                fields[name] = FINISHED if delivered else REFUNDED
            elif name == "language":
                fields[name] = order.params.get("language", "")
            elif name in order.result_fields():
                fields[name] = self.result_url(order, name) if delivered else ""
        return fields

    def result_url(self, order: OrderRecord, field_name: str) -> str:
        """Given an order and a result field, return the URL of that file."""
        return result_url(self.public_url, self.settings.token, order.id, field_name)

    def result_urls(self, order: OrderRecord) -> dict[str, str]:
        """Given an order, return its result URLs once finished (nothing before)."""
        if order.status != FINISHED:
            return {}
        return {name: self.result_url(order, name) for name in order.result_fields()}


def _estimate(delay: float, now: float | None = None) -> str:
    """When an order placed now would finish: the sandbox's delay, not the turnaround."""
    return utc_stamp((now if now is not None else time.time()) + delay)
