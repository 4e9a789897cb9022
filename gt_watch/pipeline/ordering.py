"""Staging and ordering: make the media reachable, then place the order exactly once.

The protocol (DESIGN.md section 3): check the spending guards, commit the intent, POST, record
what the POST did. Only a POST that provably never reached GoTranscript is tried again;
every other failure leaves the job in doubt for `reconcile` to settle.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, timedelta

from gt_watch.errors import (
    ApiError,
    ApiRequestError,
    ApiUnavailableError,
    ConfigError,
    OrderOutcomeUnknown,
    StateError,
    StorageError,
    ValidationError,
)
from gt_watch.failpoints import failpoint
from gt_watch.model import JobState, Mode
from gt_watch.pipeline.context import PRIVATE_PREFIX, SCRIPT_PARAM, Context, log, try_again_later
from gt_watch.pipeline.intake import script_of
from gt_watch.pipeline.requests import (
    CHAIN_INPUT,
    callback_url,
    chained_params,
    order_params,
    order_tag,
    with_format,
)
from gt_watch.pipeline.sources import source_name, source_suffix
from gt_watch.store.rows import DeliveryState, FileRecord, FileState, JobRecord

_S = JobState


class Hold(Exception):
    """A job must wait for a person; the message says why and what to do (`status`)."""


class Wait(Exception):
    """A job cannot go on yet but will by itself (a parent order, an unreachable service)."""


class Unwanted(Exception):
    """No file wants a job's results any more (each changed content, or its rules stopped
    asking for them) before the order."""


def media_key(record: FileRecord) -> str:
    """The storage key of a file's bytes: derived from the content, so a copy is one object."""
    assert record.content_hash
    return content_key(record.content_hash, record.source)


def content_key(content_hash: str, source: str) -> str:
    """Given a media file's content hash and source, return its storage key (what
    `media_key` names, for a file not recorded in the store: `gt-watch quote`)."""
    return f"media/{content_hash[:2]}/{content_hash}{source_suffix(source)}"


def source_file(ctx: Context, job: JobRecord) -> FileRecord:
    """The file whose bytes a job orders: a ready file the job still owes results to, its
    origin first, else a copy. Raise Unwanted if every file it owed results to has changed
    content since (the bytes on disk are no longer the job's), Hold if they are all gone."""
    wanting = [
        delivery.file_id
        for delivery in ctx.store.deliveries.for_job(job.id)
        if delivery.state != DeliveryState.SUPERSEDED
    ]
    if not wanting:
        raise Unwanted(
            "no file wants its results any more (the file changed, or its rules stopped "
            "asking for them) before the order was placed; nothing was paid"
        )
    wanting.sort(key=lambda file_id: file_id != job.origin_file_id)
    for file_id in wanting:
        record = ctx.store.files.get(file_id)
        if record.state == FileState.READY and ctx.sources(record.source).exists(record.source):
            return record
    origin = ctx.store.files.get(job.origin_file_id)
    raise Hold(
        f"the source file {origin.source} is gone and no copy of it is known; put it back, "
        f"then `gt-watch retry {job.id}`"
    )


def stage(ctx: Context, job: JobRecord) -> JobRecord:
    """Upload (or sign) the job's media so GoTranscript can fetch it; `stable` -> `staged`."""
    try:
        record = source_file(ctx, job)
    except Unwanted as unwanted:
        return supersede(ctx, job, str(unwanted))
    except Hold as held:
        return hold(ctx, job, str(held))
    key = media_key(record)
    try:
        with ctx.uploads.track(source_name(record.source), record.size) as progress:
            ctx.sources(record.source).stage(
                record.source, key, version=record.version, progress=progress
            )
    except StorageError as error:
        log.warning("staging failed, will retry: %s", error, extra={"job": job.id})
        return try_again_later(ctx, job.id, str(error))
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
        return try_again_later(ctx, job.id, str(waiting))
    except Unwanted as unwanted:
        return supersede(ctx, job, str(unwanted))
    except Hold as held:
        return hold(ctx, job, str(held))
    tag = order_tag(job.id)
    try:
        ctx.store.intents.begin(job.id, tag, params)
    except StateError:
        # A rules change superseded the job while this step checked it: nothing to place.
        current = _superseded_meanwhile(ctx, job)
        if current is None:
            raise
        return current
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
        return ctx.store.jobs.transition(
            job.id,
            _S.STAGED,
            expect={_S.ORDERING},
            note="GoTranscript unreachable",
            error=str(unreachable),
            next_check_at=ctx.retry_at(),
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
    if job.parent_id:
        parent = ctx.store.jobs.get(job.parent_id)
        rule_params = chained_params(job.kind, rule_params, parent.params.get("language", ""))
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
        raise Hold(
            f"parent order {parent.order_id} has no {' or '.join(fields)}; check it in the "
            f"GoTranscript dashboard, then `gt-watch retry {job.id}` tries again"
        )
    template = job.params.get(SCRIPT_PARAM)
    if template:
        script = script_of(ctx, record.source, template)
        sources = ctx.sources(script)
        if not sources.exists(script):
            raise Hold(
                f"the alignment script {source_name(script)} is missing next to the media; "
                f"add it, then `gt-watch retry {job.id}`"
            )
        key = f"scripts/{job.content_hash}{source_suffix(script)}"
        return sources.stage(script, key).url
    return None


def _check_guards(ctx: Context, job: JobRecord, params: dict[str, str]) -> None:
    """Raise Hold if placing this live order would break a spending guard, Wait while
    ordering pauses."""
    in_doubt = _orders_in_doubt(ctx)
    if in_doubt >= ctx.settings.max_in_doubt:
        raise Wait(
            f"{in_doubt} order(s) in doubt (whether GoTranscript received them is unknown); "
            "ordering pauses until they are settled: see `gt-watch status`"
        )
    per_order, day_caps = _limits(ctx, job)
    if per_order is None and not day_caps:
        return
    try:
        quote = ctx.api.place_order(job.kind, params, Mode.TEST).order_total
    except ApiError as error:
        raise Wait(f"could not get a price before ordering: {error}") from error
    ctx.store.jobs.update(job.id, quote=quote)
    if per_order is not None and quote > per_order:
        raise Hold(
            f"this order would cost {quote:.2f} USD, above max_per_order {per_order:.2f}; "
            "raise `budget.max_per_order` in the folder's rules (or `limits.max_per_order` "
            f"in config.yaml), then `gt-watch retry {job.id}`"
        )
    midnight = ctx.clock().astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    for cap in day_caps:
        spent = ctx.store.intents.spent_since(midnight, under=cap.folder)
        if spent + quote > cap.limit:
            raise Hold(
                f"today's spending{f' in {cap.folder}' if cap.folder else ''} would reach "
                f"{spent + quote:.2f} USD, above max_per_day {cap.limit:.2f} ({cap.setting}); "
                f"raise it or wait until tomorrow (UTC), then `gt-watch retry {job.id}`"
            )


def _orders_in_doubt(ctx: Context) -> int:
    """Live orders that may or may not exist: being reconciled, or waiting for a person's
    decision after reconciliation found nothing (their intent is still open)."""
    return sum(
        1
        for _, job in ctx.store.intents.unresolved()
        if job.mode is Mode.LIVE and job.state in (_S.IN_DOUBT, _S.NEEDS_ATTENTION)
    )


@dataclass(frozen=True, slots=True)
class DayCap:
    """A daily spending cap: the limit, the folder whose files' orders it counts (None: all
    orders), and where a person changes it."""

    limit: float
    folder: str | None
    setting: str


def _limits(ctx: Context, job: JobRecord) -> tuple[float | None, list[DayCap]]:
    """The tightest per-order limit and every daily cap that apply to a job: config.yaml's,
    and those of the rules of every folder it delivers to, as the rules read now (so that a
    person who raised a limit can retry). Raise Wait if those rules are broken."""
    per_order = ctx.settings.max_per_order
    caps = []
    if ctx.settings.max_per_day is not None:
        caps.append(DayCap(ctx.settings.max_per_day, None, "limits.max_per_day in config.yaml"))
    for delivery in ctx.store.deliveries.for_job(job.id):
        if delivery.state == DeliveryState.SUPERSEDED:
            continue
        record = ctx.store.files.get(delivery.file_id)
        try:
            budget = ctx.rules.rules_for(record.source).budget
        except ConfigError as error:
            raise Wait(f"the rules for {record.source} are broken; fix them: {error}") from error
        per_order = _tighter(per_order, budget.max_per_order)
        if budget.max_per_day is not None and budget.scope is not None:
            folder = _scope_folder(record.watch_root, budget.scope)
            setting = f"budget.max_per_day in the rules of {folder}"
            caps.append(DayCap(budget.max_per_day, folder, setting))
    return per_order, list(dict.fromkeys(caps))


def _scope_folder(watch_root: str, scope: str) -> str:
    """The folder a budget's scope (relative to its watch root) names."""
    return f"{watch_root.rstrip('/')}/{scope}" if scope else watch_root


def _tighter(first: float | None, second: float | None) -> float | None:
    if first is None:
        return second
    return first if second is None else min(first, second)


def supersede(ctx: Context, job: JobRecord, reason: str) -> JobRecord:
    """A job not yet ordered that no file wants any more: `superseded`, never paid."""
    already = _superseded_meanwhile(ctx, job)
    if already is not None:
        return already
    log.info("not ordering: %s", reason, extra={"job": job.id})
    return ctx.store.jobs.transition(
        job.id, _S.SUPERSEDED, expect={job.state}, note=reason, next_check_at=None
    )


def _superseded_meanwhile(ctx: Context, job: JobRecord) -> JobRecord | None:
    """Given a job as a step read it, return it as it is now if a rules change superseded it
    since (saying so), else None."""
    current = ctx.store.jobs.get(job.id)
    if current.state is not _S.SUPERSEDED:
        return None
    why = ctx.store.jobs.history(job.id)[-1].note
    log.info("not ordered: the job was superseded (%s)", why, extra={"job": job.id})
    return current


def hold(ctx: Context, job: JobRecord, reason: str) -> JobRecord:
    """Put a job into `needs_attention` with the reason a person reads in `status`."""
    log.warning("needs attention: %s", reason, extra={"job": job.id})
    return ctx.store.jobs.transition(
        job.id, _S.NEEDS_ATTENTION, expect={job.state}, note=reason, error=reason
    )
