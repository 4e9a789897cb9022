"""Intake: a stable file arrives; record it, check it, plan its jobs and deliveries.

Never orders anything itself. A file whose content was seen before (a copy, a rename) gets
deliveries on the existing jobs, so it is not paid for again; its sidecars are rendered from
the results already fetched.
"""

from __future__ import annotations

import contextlib
import hashlib

from gt_watch.errors import ConfigError, MediaError, StateError
from gt_watch.model import JobState, OrderKind
from gt_watch.pipeline.context import SCRIPT_PARAM, Context, log
from gt_watch.pipeline.plan import PlannedJob, plan_file
from gt_watch.pipeline.sources import source_name, source_stem
from gt_watch.store.rows import DeliveryState, FileRecord, FileState

# Files waiting for their folder's rules to be fixed.
HELD = "held"
# Files no rule asks for (kept so rescans need not look at them again).
IGNORED = "ignored"


def file_version(size: int, mtime_ns: int) -> str:
    return f"{size}:{mtime_ns}"


def parse_file_version(version: str) -> tuple[int, int] | None:
    """Given a version, return the (size, mtime_ns) of a local file's, or None for another
    kind (an S3 ETag)."""
    size, colon, mtime_ns = version.partition(":")
    if colon and size.isdigit() and mtime_ns.isdigit():
        return int(size), int(mtime_ns)
    return None


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


def replan(ctx: Context, record: FileRecord) -> None:
    """Given a ready file whose folder's rules changed, plan what they ask for now (an order
    added, a folder switched from test to live). Jobs planned before stay as they are, and a
    file the rules no longer match (or whose rules are broken) keeps what it has."""
    try:
        rules = ctx.rules.rules_for(record.source)
    except ConfigError:
        return  # the folder is disabled until its rules are fixed (logged where loaded)
    if not record.content_hash or not rules.orders or not ctx.rules.matches(rules, record.source):
        return
    for planned in plan_file(rules):
        plan_job(ctx, record.id, record.source, record.content_hash, planned)


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
) -> None:
    """Create (or find) the job of a planned order and owe its results to the file, in one
    transaction: a step that sees the job also sees what it owes to which file."""
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
        owed = ctx.store.deliveries.owe(job.id, file_id, planned.delivery.to_json())
        if created:
            log.info(
                "planned %s (%s)",
                planned.rule.name,
                planned.rule.kind.value,
                extra={"job": job.id, "file": source},
            )
        elif job.state is JobState.SUPERSEDED:
            # Never paid for; a file has these bytes again (touched, or changed back).
            ctx.store.jobs.transition(
                job.id,
                JobState.STABLE,
                expect={JobState.SUPERSEDED},
                note=f"{source_name(source)} has this content again",
                next_check_at=None,
            )
        elif owed and job.state is JobState.DELIVERED:
            # Same content seen before and already delivered: render for this file too.
            ctx.store.jobs.transition(
                job.id,
                JobState.FETCHED,
                expect={JobState.DELIVERED},
                note=f"same content as an earlier file; delivering to {source_name(source)} too",
            )


def script_of(ctx: Context, source: str, template: str) -> str:
    """The alignment script of a media file: `{stem}.txt` next to it by default."""
    name = template.format(stem=source_stem(source), name=source_name(source))
    return ctx.sources(source).sibling(source, name)


def supersede_deliveries(ctx: Context, previous: FileRecord) -> None:
    """The file changed content: it no longer wants the old content's results. A job that no
    other file wants and that has not been ordered yet is superseded (never paid)."""
    for delivery in ctx.store.deliveries.for_file(previous.id):
        ctx.store.deliveries.set_state(
            delivery.job_id, previous.id, DeliveryState.SUPERSEDED, revision=delivery.revision
        )
        job = ctx.store.jobs.get(delivery.job_id)
        still_wanted = any(
            other.state != DeliveryState.SUPERSEDED
            for other in ctx.store.deliveries.for_job(job.id)
        )
        if not still_wanted and job.state in (JobState.STABLE, JobState.STAGED):
            # A step may move the job at this very moment (an order being placed): then
            # that step finds no file wanting it, or the order is placed for bytes it had.
            with contextlib.suppress(StateError):
                ctx.store.jobs.transition(
                    job.id,
                    JobState.SUPERSEDED,
                    expect={job.state},
                    note=f"{source_name(previous.source)} changed before the order was placed",
                )


def _settle(ctx: Context, record: FileRecord, state: str, problem: str | None) -> None:
    ctx.store.files.checked(
        record.id,
        content_hash=record.content_hash,
        duration=record.duration,
        state=state,
        problem=problem,
    )
