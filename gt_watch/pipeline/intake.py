"""Intake: a stable file arrives; record it, check it, plan its jobs and deliveries.

Never orders anything itself. A file whose content was seen before (a copy, a rename) gets
deliveries on the existing jobs, so it is not paid for again; its sidecars are rendered from
the results already fetched. A file that no longer wants a job's results (its content
changed, or its rules stopped asking: `pipeline.replan`) gives them up, and a job no file
wants whose order was never placed is superseded.
"""

from __future__ import annotations

import hashlib

from gt_watch.errors import ConfigError, MediaError
from gt_watch.model import JobState, OrderKind
from gt_watch.pipeline.context import SCRIPT_PARAM, Context, log
from gt_watch.pipeline.plan import PlannedJob, plan_file
from gt_watch.pipeline.sources import source_name, source_stem
from gt_watch.store.machine import NOT_ORDERED
from gt_watch.store.rows import DeliveryRecord, DeliveryState, FileRecord, FileState, JobRecord

# Files waiting for their folder's rules to be fixed.
HELD = "held"
# Files no rule asks for (kept so rescans need not look at them again).
IGNORED = "ignored"


def file_version(size: int, mtime_ns: int) -> str:
    return f"{size}:{mtime_ns}"


def intake(ctx: Context, source: str, watch_root: str, size: int, version: str) -> None:
    """Given a file that has stopped changing (local: `version` is "size:mtime_ns"; S3: the
    ETag), record it and plan its jobs, once per version."""
    if ctx.store.sidecars.is_sidecar(source):
        return
    previous = ctx.store.files.by_source(source)
    if previous and previous.version != version:
        supersede_deliveries(ctx, previous)
    record = ctx.store.files.observe(source, watch_root, size, version)
    if record.state in (FileState.SEEN, HELD):
        plan(ctx, record)


def plan(ctx: Context, record: FileRecord) -> None:
    """Given a recorded file in `seen` (or `held`), check it against its folder's rules and
    plan its jobs, or record why it is held, ignored or rejected."""
    source = record.source
    try:
        rules = ctx.rules.rules_for(source)
    except ConfigError as error:
        _settle(ctx, record, HELD, f"rules are broken, fix them first: {error}")
        log.warning("holding %s: its rules file is broken", source, extra={"file": source})
        return
    if not rules.orders or not ctx.rules.matches(rules, source):
        _settle(ctx, record, IGNORED, None)
        return
    try:
        facts = ctx.sources(source).examine(source, version=record.version)
    except MediaError as error:
        _settle(ctx, record, FileState.REJECTED, str(error))
        log.warning("not ordering %s: %s", source_name(source), error, extra={"file": source})
        return
    identified = [
        (planned, *job_identity(ctx, source, facts.content_hash, planned))
        for planned in plan_file(rules)
    ]
    # `ready` and the file's jobs commit together: a crash in between would leave a file
    # that counts as handled with no job, never ordered.
    with ctx.store.database.transaction():
        ctx.store.files.checked(
            record.id,
            content_hash=facts.content_hash,
            duration=facts.duration,
            state=FileState.READY,
        )
        for planned, identity, params in identified:
            record_job(ctx, record.id, source, identity, params, planned)


def plan_job(
    ctx: Context,
    file_id: int,
    source: str,
    media_hash: str,
    planned: PlannedJob,
    parent_id: str | None = None,
) -> None:
    """Create (or find) the job for one planned order and owe its results to the file."""
    identity, params = job_identity(ctx, source, media_hash, planned, parent_id)
    record_job(ctx, file_id, source, identity, params, planned, parent_id)


def job_identity(
    ctx: Context, source: str, media_hash: str, planned: PlannedJob, parent_id: str | None = None
) -> tuple[str, dict[str, str]]:
    """The content identity and parameters of a planned job: the media's, or, for a forced
    alignment, the media's and its script's together (reads the script's identity)."""
    params = dict(planned.rule.params)
    identity = media_hash
    if planned.rule.kind is OrderKind.FORCED_ALIGNMENT and planned.rule.script and not parent_id:
        script_hash = ctx.sources(source).content_id(script_of(ctx, source, planned.rule.script))
        params[SCRIPT_PARAM] = planned.rule.script
        identity = hashlib.sha256(f"{media_hash}:{script_hash or 'missing'}".encode()).hexdigest()
    return identity, params


def record_job(
    ctx: Context,
    file_id: int,
    source: str,
    identity: str,
    params: dict[str, str],
    planned: PlannedJob,
    parent_id: str | None = None,
    *,
    replanned: bool = False,
) -> JobRecord:
    """Create (or find) the job of a planned order and owe its results to the file, in one
    transaction: a step that sees the job also sees what it owes to which file. Return the
    job as it is then. With `replanned` (the file's rules changed), a delivery owed before
    takes the rules as they read now (`DeliveryRepository.replanned`)."""
    with ctx.store.database.transaction():
        job, created = ctx.store.jobs.create(
            content_hash=identity,
            fingerprint=planned.fingerprint,
            mode=planned.rule.mode,
            kind=planned.rule.kind,
            rule_name=planned.rule.name,
            params=params,
            origin_file_id=file_id,
            parent_id=parent_id,
        )
        delivery = planned.delivery.to_json()
        owed = ctx.store.deliveries.owe(job.id, file_id, delivery)
        if replanned and not owed:
            ctx.store.deliveries.replanned(job.id, file_id, delivery)
        if created:
            log.info(
                "planned %s (%s)",
                planned.rule.name,
                planned.rule.kind.value,
                extra={"job": job.id, "file": source},
            )
        elif job.state is JobState.SUPERSEDED:
            # Never paid for; a file wants it again (touched, changed back, or its rules
            # ask for this order again).
            job = ctx.store.jobs.transition(
                job.id,
                JobState.STABLE,
                expect={JobState.SUPERSEDED},
                note=f"{source_name(source)} wants it again",
                next_check_at=None,
                error=None,
            )
        elif owed and job.state is JobState.DELIVERED:
            # Same content seen before and already delivered: render for this file too.
            job = ctx.store.jobs.transition(
                job.id,
                JobState.FETCHED,
                expect={JobState.DELIVERED},
                note=f"same content as an earlier file; delivering to {source_name(source)} too",
            )
        return job


def script_of(ctx: Context, source: str, template: str) -> str:
    """The alignment script of a media file: `{stem}.txt` next to it by default."""
    name = template.format(stem=source_stem(source), name=source_name(source))
    return ctx.sources(source).sibling(source, name)


def supersede_deliveries(ctx: Context, previous: FileRecord) -> None:
    """The file changed content: it no longer wants the old content's results, paid for or
    not. A job that no other file wants and whose order was never placed is superseded."""
    reason = f"{source_name(previous.source)} changed before the order was placed"
    for delivery in ctx.store.deliveries.for_file(previous.id):
        if delivery.state != DeliveryState.SUPERSEDED:
            give_up(ctx, delivery, reason, keep_if_ordered=False)


def give_up(ctx: Context, delivery: DeliveryRecord, reason: str, *, keep_if_ordered: bool) -> None:
    """A file no longer wants a job's results: its delivery is superseded, and so is the job
    if no file wants it any more and its order was never placed (nothing is paid for it).
    With `keep_if_ordered` (the file's rules stopped asking; its bytes are the job's), a job
    whose order may have been placed keeps delivering to the file: the money is spent.

    One transaction, taken before reading the job: a step placing its order at this moment
    either committed its intent first (the order goes on, and is delivered) or finds the
    job superseded when it tries to, and posts nothing."""
    with ctx.store.database.transaction():
        job = ctx.store.jobs.get(delivery.job_id)
        ordered = may_be_ordered(ctx, job)
        if keep_if_ordered and ordered:
            if ctx.store.deliveries.mark_unwanted(job.id, delivery.file_id):
                ctx.store.jobs.note(job.id, f"{reason}; ordered already, so still delivered")
                log.info("%s; ordered already, so still delivered", reason, extra={"job": job.id})
            return
        ctx.store.deliveries.set_state(
            job.id, delivery.file_id, DeliveryState.SUPERSEDED, revision=delivery.revision
        )
        wanted = any(
            other.state != DeliveryState.SUPERSEDED
            for other in ctx.store.deliveries.for_job(job.id)
        )
        if wanted or ordered or job.state is JobState.SUPERSEDED:
            return
        ctx.store.jobs.transition(
            job.id,
            JobState.SUPERSEDED,
            expect={job.state},
            note=f"{reason}; nothing was paid",
            error=None,
            next_check_at=None,
        )
        log.info("not ordering: %s", reason, extra={"job": job.id})


def may_be_ordered(ctx: Context, job: JobRecord) -> bool:
    """Whether an order of the job may have been placed (money may be spent): it has an
    order id, a state past ordering, or an intent still open (in doubt) or placed."""
    return (
        job.order_id is not None
        or job.state not in NOT_ORDERED
        or ctx.store.intents.committed(job.id)
    )


def _settle(ctx: Context, record: FileRecord, state: str, problem: str | None) -> None:
    ctx.store.files.checked(
        record.id,
        content_hash=record.content_hash,
        duration=record.duration,
        state=state,
        problem=problem,
    )
