"""Delivery: write each job's sidecars next to every file that wants them.

Never overwrites a file gt-watch did not write (or one edited since) unless the rule says
`overwrite: true`; keeps the previous version of a replaced sidecar in
`<folder>/.gt-watch/backup/<time>/`. Writes are atomic (results.sidecars). The file is written
before its hash is recorded, so a crash in between is recognised on retry as our own write.
"""

from __future__ import annotations

from gt_watch.errors import ResultFormatError, SidecarConflictError, SidecarWriteError
from gt_watch.failpoints import failpoint
from gt_watch.model import JobState
from gt_watch.pipeline.context import Context, log
from gt_watch.pipeline.fetching import revision_folder
from gt_watch.pipeline.ordering import hold
from gt_watch.pipeline.outputs import ResultBundle, load_bundle, render_output
from gt_watch.pipeline.plan import DeliveryPlan
from gt_watch.pipeline.sources import source_name, source_stem
from gt_watch.results.naming import sidecar_name
from gt_watch.results.sidecars import sha256_bytes
from gt_watch.store.rows import DeliveryRecord, DeliveryState, FileRecord, FileState, JobRecord

_S = JobState


def deliver(ctx: Context, job: JobRecord) -> JobRecord:
    """Write the sidecars every pending delivery of a `fetched` job owes; `fetched` ->
    `delivered`, or `needs_attention` saying which file could not be written and why."""
    try:
        bundle = load_bundle(revision_folder(ctx.settings.results_dir, job.id, job.revision))
    except (OSError, ResultFormatError) as error:
        return hold(ctx, job, f"cannot read the fetched results: {error}")
    problems = []
    for delivery in ctx.store.deliveries.pending(job.id):
        record = ctx.store.files.get(delivery.file_id)
        if record.state == FileState.GONE or not ctx.sources(record.source).exists(record.source):
            ctx.store.deliveries.set_state(
                job.id,
                record.id,
                DeliveryState.SUPERSEDED,
                revision=job.revision,
                error="source file gone",
            )
            continue
        try:
            written = write_delivery(ctx, job, record, delivery, bundle)
        except (SidecarConflictError, SidecarWriteError, ResultFormatError) as error:
            ctx.store.deliveries.set_state(
                job.id, record.id, DeliveryState.BLOCKED, revision=job.revision, error=str(error)
            )
            problems.append(str(error))
            continue
        ctx.store.deliveries.set_state(
            job.id, record.id, DeliveryState.DELIVERED, revision=job.revision
        )
        log.info(
            "wrote %s",
            ", ".join(source_name(target) for target in written),
            extra={"job": job.id, "file": record.source},
        )
    if problems:
        return hold(ctx, job, "; ".join(problems))
    return ctx.store.jobs.transition(
        job.id, _S.DELIVERED, expect={_S.FETCHED}, note="sidecars written", error=None
    )


def write_delivery(
    ctx: Context,
    job: JobRecord,
    record: FileRecord,
    delivery: DeliveryRecord,
    bundle: ResultBundle,
) -> list[str]:
    """Render and write the outputs of one delivery; return the written targets. Raise
    SidecarConflictError before writing anything if any target belongs to someone else."""
    plan = DeliveryPlan.from_json(delivery.rule)
    sources = ctx.sources(record.source)
    today = ctx.clock().date()
    name, stem = source_name(record.source), source_stem(record.source)
    rendered = {
        sources.sidecar_target(
            record.source, sidecar_file_name(stem, plan, output, job)
        ): render_output(output, bundle, plan, title=stem, source_name=name, date=today)
        for output in plan.outputs
    }
    existing = {target: sources.sidecar_hash(target) for target in rendered}
    for target, data in rendered.items():
        _check_ownership(ctx, job, target, existing[target], data, plan)
    # The revision that replaces them names the backups too: two re-deliveries within one
    # second must not put two earlier versions in one folder, the later over the earlier.
    stamp = f"{ctx.clock():%Y%m%dT%H%M%S}-r{job.revision}"
    for target, data in rendered.items():
        new_hash = sha256_bytes(data)
        if existing[target] != new_hash:
            ours = existing[target] is not None and ctx.store.sidecars.written_hash(target)
            signature = sources.write_sidecar(target, data, backup_stamp=stamp if ours else None)
            failpoint("after-sidecar-write")
        else:
            signature = sources.sidecar_signature(target)  # these bytes are there already
        ctx.store.sidecars.record(
            target, job_id=job.id, file_id=record.id, sha256=new_hash, signature=signature
        )
    return list(rendered)


def sidecar_file_name(stem: str, plan: DeliveryPlan, output: str, job: JobRecord) -> str:
    """The file name of one output of a delivery, as the folder's rules name it."""
    return sidecar_name(
        plan.naming,
        stem=stem,
        language=plan.language,
        output=output,
        rule=plan.rule_name,
        kind=job.kind.name.lower(),
    )


def _check_ownership(
    ctx: Context,
    job: JobRecord,
    target: str,
    existing: str | None,
    data: bytes,
    plan: DeliveryPlan,
) -> None:
    if existing is None or plan.overwrite or existing == sha256_bytes(data):
        return
    if existing == ctx.store.sidecars.written_hash(target):
        return
    raise SidecarConflictError(
        f"{target} exists and was not written by gt-watch (or was edited since); move it "
        f"away or set `overwrite: true` in the folder's rules, then `gt-watch retry {job.id}`"
    )
