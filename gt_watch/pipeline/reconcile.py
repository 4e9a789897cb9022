"""Reconciliation of orders in doubt: an intent was committed, and whether the POST reached
GoTranscript is unknown (a crash, a timeout, a 5xx). Never posts anything.

Evidence, strongest first: a callback addressed to the job (its URL carries the job id) that
names an order id; an order in the account's list whose comment carries the job's tag; for
kinds without a comment, exactly one unclaimed order of the right type, language and media
length paid within a window around the intent. No evidence, or several candidates, after a grace
period: a person decides (`needs_attention`); in test mode nothing was charged, so the job
simply tries again.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from gt_watch.catalog import spec_for
from gt_watch.errors import ApiError
from gt_watch.model import JobState, Mode, OrderInfo
from gt_watch.pipeline.context import Context, log
from gt_watch.pipeline.requests import tag_in
from gt_watch.store.rows import DeliveryState, IntentRecord, JobRecord

_S = JobState
# How far before the intent an order's paid_at may lie (clock skew), and after it.
WINDOW_BEFORE = timedelta(minutes=5)
WINDOW_AFTER = timedelta(minutes=30)
# How far (seconds) an order's billed length may be from the media's and still be its order.
LENGTH_TOLERANCE = 2.0


def in_doubt_jobs(ctx: Context) -> list[tuple[IntentRecord, JobRecord]]:
    """Jobs whose order may or may not exist: open intents (after a crash) and `in_doubt`."""
    return [
        (intent, job)
        for intent, job in ctx.store.intents.unresolved()
        if job.state in (_S.ORDERING, _S.IN_DOUBT)
    ]


def reconcile(ctx: Context, intent: IntentRecord, job: JobRecord, *, startup: bool) -> JobRecord:
    """Settle one job in doubt from the evidence, or leave it in doubt until the grace period
    has passed, then ask a person."""
    if job.state is _S.ORDERING:
        reason = "gt-watch stopped while placing this order" if startup else "outcome unknown"
        job = ctx.store.intents.in_doubt(job.id, reason)
    if job.mode is Mode.TEST:
        ctx.store.intents.abandon(job.id, "test mode: nothing was charged; quoting again")
        return ctx.store.jobs.transition(
            job.id, _S.STAGED, expect={_S.IN_DOUBT}, note="test order in doubt: quoting again"
        )
    try:
        found = _find_order(ctx, intent, job)
    except ApiError as error:
        log.warning("cannot reconcile yet: %s", error, extra={"job": job.id})
        return job
    if isinstance(found, OrderInfo):
        log.info("in-doubt order found: %s", found.id, extra={"job": job.id})
        return ctx.store.intents.adopted(job.id, found.id, found.price, found.seconds)
    age = ctx.clock() - intent.created_at
    if age < timedelta(seconds=ctx.settings.reconcile_grace):
        # The order list may lag behind, and a callback naming the order (the strongest
        # evidence, which also settles several candidates) may still come: look again later.
        return job
    reason = found or (
        "the order may not have been placed: no matching order in the account's order list. "
        "Check the GoTranscript dashboard; if there is none, `gt-watch retry "
        f"{job.id}` places it"
    )
    log.warning("needs attention: %s", reason, extra={"job": job.id})
    return ctx.store.jobs.transition(
        job.id, _S.NEEDS_ATTENTION, expect={_S.IN_DOUBT}, note=reason, error=reason
    )


def _find_order(ctx: Context, intent: IntentRecord, job: JobRecord) -> OrderInfo | str | None:
    """The order of an in-doubt job, a message if the evidence is ambiguous, or None."""
    claimed = ctx.store.intents.claimed_order_ids()
    for callback in ctx.store.inbox.for_job(job.id):
        if callback.order_id and callback.order_id not in claimed:
            info = ctx.api.order(callback.order_id, job.mode)
            if info.type == spec_for(job.kind).list_type:
                return info
    candidates = []
    seconds = _media_seconds(ctx, job)
    for info in _recent_orders(ctx, job.mode, intent.created_at - WINDOW_BEFORE):
        if info.id in claimed or info.type != spec_for(job.kind).list_type:
            continue
        if tag_in(info.comment, intent.tag):
            return info
        if "comment" not in spec_for(job.kind).param_index and _plausible(
            info, intent, job, seconds
        ):
            candidates.append(info)
    if len(candidates) == 1:
        return candidates[0]
    if candidates:
        ids = ", ".join(str(info.id) for info in candidates)
        return (
            f"several orders could be this job's ({ids}); tell gt-watch which with "
            f"`gt-watch retry {job.id} --order ID`, or if none is, place it again with "
            f"`gt-watch retry {job.id}`"
        )
    return None


def _recent_orders(ctx: Context, mode: Mode, since: datetime) -> list[OrderInfo]:
    """The account's orders paid since a time (the list is newest first; stop when older)."""
    recent = []
    for info in ctx.api.orders(mode):
        paid = api_time(info.paid_at)
        if paid is not None and paid < since:
            break
        recent.append(info)
    return recent


def _plausible(
    info: OrderInfo, intent: IntentRecord, job: JobRecord, seconds: float | None
) -> bool:
    if not _same_length(info, seconds):
        return False
    paid = api_time(info.paid_at)
    if paid is None or not (
        intent.created_at - WINDOW_BEFORE <= paid <= intent.created_at + WINDOW_AFTER
    ):
        return False
    language = job.params.get("language")
    return language is None or info.fields.get("language") in (None, language)


def _media_seconds(ctx: Context, job: JobRecord) -> float | None:
    """The duration of the media a job orders (from a file it still owes results to)."""
    for delivery in ctx.store.deliveries.for_job(job.id):
        if delivery.state != DeliveryState.SUPERSEDED:
            return ctx.store.files.get(delivery.file_id).duration
    return None


def _same_length(info: OrderInfo, seconds: float | None) -> bool:
    """Whether an order's billed seconds fit the media's duration (unknown fits): someone
    else's order of another recording, placed in the same minutes, is not this job's.
    ASSUMPTION: `seconds` is the media's length, rounded (the sandbox's reading)."""
    if seconds is None or info.seconds is None:
        return True
    return abs(info.seconds - seconds) <= max(LENGTH_TOLERANCE, seconds * 0.02)


def api_time(text: str | None) -> datetime | None:
    """Given one of the API's "YYYY-MM-DD HH:MM:SS" UTC times, return it (None if absent or
    unreadable)."""
    if not text:
        return None
    try:
        return datetime.strptime(text, "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
    except ValueError:
        return None
