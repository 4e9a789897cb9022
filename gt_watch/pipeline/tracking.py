"""Tracking placed orders: callbacks from the inbox and polling. Reads orders; never orders.
An order still unfinished long past its delivery estimate goes to a person, not polled for
ever.

A callback is a hint: the order is re-read through the API before anything changes, so a
forged, stale or duplicated callback can at most cause one extra read. A callback for an
order already fetched means a re-delivery (fixed after quality checks): fetch again.
"""

from __future__ import annotations

from datetime import timedelta

from gt_watch.catalog import spec_for
from gt_watch.errors import ApiError
from gt_watch.model import JobState, OrderInfo, OrderStatus
from gt_watch.pipeline.context import Context, log
from gt_watch.pipeline.ordering import hold
from gt_watch.pipeline.reconcile import api_time
from gt_watch.store.rows import CallbackRecord, JobRecord

_S = JobState
_DONE = {_S.FETCHED, _S.DELIVERED}
NO_ESTIMATE = timedelta(days=14)


def process_callback(ctx: Context, *, callback: CallbackRecord) -> None:
    """Act on one callback from the inbox, then mark it processed."""
    _act(ctx, callback)
    ctx.store.inbox.processed(callback.id)


def _act(ctx: Context, callback: CallbackRecord) -> None:
    try:
        job = ctx.store.jobs.get(callback.job_id)
    except KeyError:
        log.warning("callback for unknown job %s ignored", callback.job_id)
        return
    if job.order_id is None:
        if job.state is _S.NEEDS_ATTENTION and callback.order_id is not None:
            job = _settle_doubt(ctx, job, callback.order_id)
        if job.order_id is None:
            return  # in doubt: reconciliation reads this callback as evidence
    if callback.order_id is not None and callback.order_id != job.order_id:
        log.warning(
            "callback names order %s, but the job's order is %s; ignored",
            callback.order_id,
            job.order_id,
            extra={"job": job.id},
        )
        return
    check(ctx, job, redelivery=job.state in _DONE)


def _settle_doubt(ctx: Context, job: JobRecord, order_id: int) -> JobRecord:
    """A callback names the order of a job whose doubt was handed to a person (nothing was
    found in time): the order was placed after all. Adopt it, confirmed through the API, so
    that nobody places it again."""
    intent = ctx.store.intents.get(job.id)
    if intent is None or intent.outcome is not None:
        return job  # no order of unknown outcome: not a doubt
    if order_id in ctx.store.intents.claimed_order_ids():
        return job
    try:
        info = ctx.api.order(order_id, job.mode)
    except ApiError as error:
        log.warning("cannot read order %s yet: %s", order_id, error, extra={"job": job.id})
        return job
    if info.type != spec_for(job.kind).list_type:
        return job
    log.info("a callback settled the doubt: order %s", order_id, extra={"job": job.id})
    return ctx.store.intents.adopted(job.id, info.id, info.price, info.seconds)


def check(ctx: Context, job: JobRecord, *, redelivery: bool = False) -> JobRecord:
    """Re-read a job's order and move the job on if the order finished or was refunded."""
    assert job.order_id is not None
    try:
        info = ctx.api.order(job.order_id, job.mode)
    except ApiError as error:
        log.warning("cannot read order %s yet: %s", job.order_id, error, extra={"job": job.id})
        _schedule(ctx, job, error=str(error))
        return job
    if info.status is OrderStatus.REFUNDED and job.state is not _S.REFUNDED:
        log.warning("order %s was refunded by GoTranscript", job.order_id, extra={"job": job.id})
        return ctx.store.jobs.transition(
            job.id,
            _S.REFUNDED,
            expect={_S.ORDERED, _S.FINISHED, *_DONE},
            note="refunded by GoTranscript; not ordered again automatically",
            error="refunded by GoTranscript (e.g. the media could not be transcribed); "
            f"`gt-watch retry {job.id}` orders it again",
        )
    if info.status is not OrderStatus.FINISHED:
        overdue = _overdue_since(ctx, job, info) if job.state is _S.ORDERED else None
        if overdue is not None:
            return hold(
                ctx,
                job,
                f"order {job.order_id} seems stuck: its delivery estimate was {overdue} UTC and "
                "it is still not finished (it may have been refunded or cancelled). Check it in "
                f"the GoTranscript dashboard; `gt-watch retry {job.id}` checks it again",
            )
        _schedule(ctx, job)
        return job
    if job.state is _S.ORDERED:
        # The poll scheduled at ordering must not hold the fetch back: due now.
        return ctx.store.jobs.transition(
            job.id,
            _S.FINISHED,
            expect={_S.ORDERED},
            note="order finished",
            error=None,
            next_check_at=None,
        )
    if redelivery and job.state in _DONE:
        return ctx.store.jobs.transition(
            job.id,
            _S.FINISHED,
            expect=_DONE,
            note="order re-delivered: fetching again",
            next_check_at=None,
        )
    return job


def _overdue_since(ctx: Context, job: JobRecord, info: OrderInfo) -> str | None:
    """The delivery estimate of an unfinished order if it is overdue by more than the grace
    (counted from the estimate, or from when the job last started waiting: a retry), else
    None."""
    ordered_at = max(
        (entry.at for entry in ctx.store.jobs.history(job.id) if entry.state == _S.ORDERED),
        default=job.created_at,
    )
    # ASSUMPTION: without an estimate, no GoTranscript turnaround is longer than two weeks.
    estimate = api_time(info.delivery_estimate) or ordered_at + NO_ESTIMATE
    deadline = max(estimate, ordered_at) + timedelta(seconds=ctx.settings.overdue_grace)
    if ctx.clock() < deadline:
        return None
    return estimate.strftime("%Y-%m-%d %H:%M")


def _schedule(ctx: Context, job: JobRecord, *, error: str | None = None) -> None:
    next_check = ctx.clock() + timedelta(seconds=ctx.settings.poll_interval)
    if error is None:
        ctx.store.jobs.update(job.id, next_check_at=next_check)
    else:
        ctx.store.jobs.update(job.id, next_check_at=next_check, error=error)
