"""A person's decision about a job that stopped: `gt-watch retry JOB [--order ID]`.

Never posts anything itself: it moves the job back to where the pipeline picks it up. The
one decision that can spend money again (placing an order whose first attempt is in doubt,
or re-ordering a refunded file) is the person's, and the message says so.
"""

from __future__ import annotations

from gt_watch.errors import GtWatchError
from gt_watch.model import JobState
from gt_watch.store import Store
from gt_watch.store.rows import JobRecord

_S = JobState


def retry(store: Store, job_id: str, *, order_id: int | None = None) -> str:
    """Re-queue a stopped job and return what will happen next. With `order_id`, bind the job
    to that existing order instead (a person found it in the dashboard). Raise
    GtWatchError if the job is not stopped, or is unknown."""
    try:
        job = store.jobs.get(job_id)
    except KeyError as error:
        raise GtWatchError(str(error.args[0])) from error
    if order_id is not None:
        return _adopt(store, job, order_id)
    if job.state is _S.NEEDS_ATTENTION:
        return _after_attention(store, job)
    if job.state in (_S.FAILED, _S.REFUNDED, _S.QUOTED):
        store.jobs.transition(
            job.id,
            _S.STABLE,
            expect={job.state},
            error=None,
            note="retry requested",
            next_check_at=None,
        )
        paid = job.mode.value == "live"
        return "queued: a new order will be placed" + (" (and paid)" if paid else "")
    raise GtWatchError(
        f"job {job.id} is {job.state.value}: nothing to retry"
        + ("; it is being reconciled by itself" if job.state is _S.IN_DOUBT else "")
    )


def _after_attention(store: Store, job: JobRecord) -> str:
    if job.revision > 0:
        store.deliveries.reopen(job.id)
        store.jobs.transition(
            job.id,
            _S.FETCHED,
            expect={_S.NEEDS_ATTENTION},
            error=None,
            note="retry requested: writing sidecars again",
        )
        return "queued: the sidecars will be written again"
    if job.order_id is not None:
        store.jobs.transition(
            job.id,
            _S.ORDERED,
            expect={_S.NEEDS_ATTENTION},
            error=None,
            next_check_at=None,
            note="retry requested: checking the order",
        )
        return f"queued: order {job.order_id} will be checked and its results fetched"
    intent = store.intents.get(job.id)
    if intent is not None and intent.outcome is None:
        store.intents.abandon(job.id, "a person decided the order was never placed")
    store.jobs.transition(
        job.id,
        _S.STABLE,
        expect={_S.NEEDS_ATTENTION},
        error=None,
        next_check_at=None,
        note="retry requested",
    )
    paid = job.mode.value == "live"
    return "queued: the order will be placed" + (" (and paid)" if paid else "")


def _adopt(store: Store, job: JobRecord, order_id: int) -> str:
    if job.order_id is not None:
        raise GtWatchError(f"job {job.id} already has order {job.order_id}")
    if order_id in store.intents.claimed_order_ids():
        owner = store.jobs.by_order(order_id)
        raise GtWatchError(f"order {order_id} already belongs to job {owner.id if owner else '?'}")
    if job.state not in (_S.NEEDS_ATTENTION, _S.IN_DOUBT):
        raise GtWatchError(f"job {job.id} is {job.state.value}; only a job in doubt takes an order")
    store.intents.adopted_manually(job.id, order_id)
    return f"job {job.id} now follows order {order_id}; its results will be fetched"
