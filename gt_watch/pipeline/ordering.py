"""Staging and ordering: make the media reachable, then place the order exactly once.

The protocol (DESIGN.md section 3): check the spending guards, commit the intent, POST, record
what the POST did. Only a POST that provably never reached GoTranscript is tried again;
every other failure leaves the job in doubt for `reconcile` to settle.
"""

from __future__ import annotations

from datetime import UTC, timedelta

from gt_watch.catalog import spec_for
from gt_watch.errors import (
    ApiError,
    ApiRequestError,
    ApiUnavailableError,
    OrderOutcomeUnknown,
    StorageError,
    ValidationError,
)
from gt_watch.failpoints import failpoint
from gt_watch.model import JobState, Mode
from gt_watch.pipeline.context import PRIVATE_PREFIX, SCRIPT_PARAM, Context, log
from gt_watch.pipeline.intake import script_of
from gt_watch.pipeline.plan import DeliveryPlan
from gt_watch.pipeline.requests import (
    CHAIN_INPUT,
    callback_url,
    order_params,
    order_tag,
    with_format,
)
from gt_watch.pipeline.sources import source_name, source_suffix
from gt_watch.store.rows import FileRecord, FileState, JobRecord

_S = JobState


class Hold(Exception):
    """A job must wait for a person; the message says why and what to do (`status`)."""


class Wait(Exception):
    """A job cannot go on yet but will by itself (a parent order, an unreachable service)."""


def media_key(record: FileRecord) -> str:
    """The storage key of a file's bytes: derived from the content, so a copy is one object."""
    assert record.content_hash
    suffix = source_suffix(record.source)
    return f"media/{record.content_hash[:2]}/{record.content_hash}{suffix}"


def source_file(ctx: Context, job: JobRecord) -> FileRecord:
    """The file whose bytes a job orders: its origin, or any other ready copy of the same
    content if the origin was moved or deleted. Raise Hold if there is none."""
    origin = ctx.store.files.get(job.origin_file_id)
    candidates = [origin, *ctx.store.files.with_hash(origin.content_hash or "")]
    for record in candidates:
        if record.state == FileState.READY and ctx.sources(record.source).exists(record.source):
            return record
    raise Hold(f"the source file {origin.source} is gone and no copy of it is known")


def stage(ctx: Context, job: JobRecord) -> JobRecord:
    """Upload (or sign) the job's media so GoTranscript can fetch it; `stable` -> `staged`."""
    record = source_file(ctx, job)
    key = media_key(record)
    try:
        ctx.sources(record.source).stage(record.source, key, version=record.version)
    except StorageError as error:
        retry_at = ctx.clock() + timedelta(seconds=ctx.settings.stage_retry)
        ctx.store.jobs.update(job.id, error=str(error), next_check_at=retry_at)
        log.warning("staging failed, will retry: %s", error, extra={"job": job.id})
        return ctx.store.jobs.get(job.id)
    return ctx.store.jobs.transition(
        job.id,
        _S.STAGED,
        expect={_S.STABLE},
        note="media reachable by URL",
        media_key=key,
        error=None,
        next_check_at=None,
    )


def place(ctx: Context, job: JobRecord) -> JobRecord:
    """Place the order of a `staged` job exactly once, or hold it with a reason."""
    try:
        params = _request(ctx, job)
        if job.mode is Mode.LIVE:
            _check_guards(ctx, job, params)
    except Wait as waiting:
        retry_at = ctx.clock() + timedelta(seconds=ctx.settings.stage_retry)
        ctx.store.jobs.update(job.id, error=str(waiting), next_check_at=retry_at)
        return ctx.store.jobs.get(job.id)
    except Hold as held:
        return hold(ctx, job, str(held))
    tag = order_tag(job.id)
    ctx.store.intents.begin(job.id, tag, params)
    failpoint("before-order-post")
    try:
        receipt = ctx.api.place_order(job.kind, params, job.mode)
        failpoint("after-order-post")
    except (ValidationError, ApiRequestError) as refused:
        log.error("order refused: %s", refused, extra={"job": job.id})
        return ctx.store.intents.refused(job.id, str(refused))
    except ApiUnavailableError as unreachable:
        # The client raises this for an order only when nothing reached the server.
        ctx.store.intents.abandon(job.id, f"not sent ({unreachable}); will try again")
        retry_at = ctx.clock() + timedelta(seconds=ctx.settings.stage_retry)
        return ctx.store.jobs.transition(
            job.id,
            _S.STAGED,
            expect={_S.ORDERING},
            note="GoTranscript unreachable",
            error=str(unreachable),
            next_check_at=retry_at,
        )
    except (OrderOutcomeUnknown, ApiError) as unknown:
        log.error("order outcome unknown, will reconcile: %s", unknown, extra={"job": job.id})
        return ctx.store.intents.in_doubt(job.id, str(unknown))
    if receipt.order_id is None:
        return ctx.store.intents.quoted(job.id, receipt)
    log.info(
        "ordered: order %s, %.2f USD",
        receipt.order_id,
        receipt.order_total,
        extra={"job": job.id, "order": str(receipt.order_id)},
    )
    next_poll = ctx.clock() + timedelta(seconds=ctx.settings.poll_interval)
    job = ctx.store.intents.placed(job.id, receipt, note=f"order {receipt.order_id} placed")
    ctx.store.jobs.update(job.id, next_check_at=next_poll)
    return job


def _request(ctx: Context, job: JobRecord) -> dict[str, str]:
    """The API parameters of a job's order (fresh URLs; nothing of this is stored raw)."""
    record = source_file(ctx, job)
    sources = ctx.sources(record.source)
    try:
        staged = sources.stage(
            record.source, job.media_key or media_key(record), version=record.version
        )
    except StorageError as error:
        # An object overwritten since it was listed, or storage unreachable: never order
        # other bytes than the job's; the new version supersedes this job or staging heals.
        raise Wait(f"the media cannot be made reachable right now: {error}") from error
    text_url = _text_url(ctx, job, record)
    callback = None
    if ctx.settings.public_url:
        callback = callback_url(ctx.settings.public_url, ctx.settings.callback_secret, job.id)
    rule_params = {k: v for k, v in job.params.items() if not k.startswith(PRIVATE_PREFIX)}
    if job.parent_id and "translate_from" in spec_for(job.kind).param_index:
        parent = ctx.store.jobs.get(job.parent_id)
        rule_params.setdefault("translate_from", parent.params.get("language", ""))
    if job.parent_id and "language" in spec_for(job.kind).param_index:
        parent = ctx.store.jobs.get(job.parent_id)
        rule_params.setdefault("language", parent.params.get("language", ""))
    return order_params(
        job.kind,
        rule_params,
        media_url=staged.url,
        text_url=text_url,
        callback=callback,
        tag=order_tag(job.id),
    )


def _text_url(ctx: Context, job: JobRecord, record: FileRecord) -> str | None:
    """The text a chained order or an alignment works on: the parent's result URL, or the
    staged alignment script next to the media."""
    if job.parent_id:
        fields, fmt = CHAIN_INPUT.get(job.kind, ((), None))
        if not fields:
            return None
        parent = ctx.store.jobs.get(job.parent_id)
        if parent.order_id is None:
            raise Wait(f"waiting for the order of job {parent.id}")
        try:
            info = ctx.api.order(parent.order_id, parent.mode)
        except ApiError as error:
            raise Wait(f"cannot read parent order {parent.order_id} yet: {error}") from error
        for field in fields:
            if field in info.result_urls:
                return with_format(info.result_urls[field], fmt)
        raise Hold(f"parent order {parent.order_id} has no {' or '.join(fields)}")
    template = job.params.get(SCRIPT_PARAM)
    if template:
        script = script_of(ctx, record.source, template)
        sources = ctx.sources(script)
        if not sources.exists(script):
            raise Hold(
                f"the alignment script {source_name(script)} is missing next to the media; "
                "add it, then `gt-watch retry`"
            )
        key = f"scripts/{job.content_hash}{source_suffix(script)}"
        return sources.stage(script, key).url
    return None


def _check_guards(ctx: Context, job: JobRecord, params: dict[str, str]) -> None:
    """Raise Hold if placing this live order would break a spending guard."""
    in_doubt = len(ctx.store.jobs.in_states({_S.IN_DOUBT}))
    if in_doubt >= ctx.settings.max_in_doubt:
        raise Hold(
            f"{in_doubt} orders are in doubt; ordering pauses until they are reconciled "
            "(`gt-watch status`)"
        )
    per_order, per_day = _limits(ctx, job)
    if per_order is None and per_day is None:
        return
    try:
        quote = ctx.api.place_order(job.kind, params, Mode.TEST).order_total
    except ApiError as error:
        raise Wait(f"could not get a price before ordering: {error}") from error
    ctx.store.jobs.update(job.id, quote=quote)
    if per_order is not None and quote > per_order:
        raise Hold(f"this order would cost {quote:.2f} USD, above max_per_order {per_order:.2f}")
    if per_day is not None:
        midnight = ctx.clock().astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
        spent = ctx.store.intents.spent_since(midnight)
        if spent + quote > per_day:
            raise Hold(
                f"today's spending would reach {spent + quote:.2f} USD, above max_per_day "
                f"{per_day:.2f}; raise the budget or wait until tomorrow, then `gt-watch retry`"
            )


def _limits(ctx: Context, job: JobRecord) -> tuple[float | None, float | None]:
    """The tightest per-order and per-day limits among the job's folders and the config."""
    per_order, per_day = ctx.settings.max_per_order, ctx.settings.max_per_day
    for delivery in ctx.store.deliveries.for_job(job.id):
        budget = DeliveryPlan.from_json(delivery.rule).budget
        per_order = _tighter(per_order, budget.max_per_order)
        per_day = _tighter(per_day, budget.max_per_day)
    return per_order, per_day


def _tighter(first: float | None, second: float | None) -> float | None:
    if first is None:
        return second
    return first if second is None else min(first, second)


def hold(ctx: Context, job: JobRecord, reason: str) -> JobRecord:
    """Put a job into `needs_attention` with the reason a person reads in `status`."""
    log.warning("needs attention: %s", reason, extra={"job": job.id})
    return ctx.store.jobs.transition(
        job.id, _S.NEEDS_ATTENTION, expect={job.state}, note=reason, error=reason
    )
