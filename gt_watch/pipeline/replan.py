"""Replanning: a known file's folder rules changed; plan what they ask for now and stop
pursuing what they no longer ask for. Orders nothing itself; never touches a file's bytes.

What the rules ask for is a set of (fingerprint, mode) pairs, chained orders included (a
chained order's fingerprint covers its parent's, so a chain whose parent changed asks for
new children). A delivery whose job is not in that set is given up (`intake.give_up`): a job
whose order was never placed is superseded once no file wants it; one whose order may have
been placed goes on and is delivered (the money is spent), marked as no longer asked for.
A job superseded so comes back when the rules ask for it again.
"""

from __future__ import annotations

from collections.abc import Iterable

from gt_watch.errors import ConfigError
from gt_watch.model import Mode, OrderRule
from gt_watch.pipeline.context import Context
from gt_watch.pipeline.intake import give_up, job_identity, record_job
from gt_watch.pipeline.plan import PlannedJob, plan_file, plan_rule
from gt_watch.pipeline.sources import source_name
from gt_watch.store.rows import DeliveryState, FileRecord, FileState, JobRecord

Wanted = frozenset[tuple[str, Mode]]


def replan(ctx: Context, record: FileRecord) -> None:
    """Given a known file (ready, or gone) whose folder's rules changed, plan for a ready
    file what they ask for now (an order added, a folder switched from test to live), and
    give up what they no longer ask for (an order removed or changed, test mode left, the
    file no longer matched). Broken rules change nothing: the folder is disabled until
    they are fixed (logged where they are loaded), and what it has stays."""
    try:
        rules = ctx.rules.rules_for(record.source)
    except ConfigError:
        return
    if not record.content_hash:
        return
    matched = bool(rules.orders) and ctx.rules.matches(rules, record.source)
    planned = plan_file(rules) if matched else []
    if record.state == FileState.READY:
        for each in planned:
            _plan_chain(ctx, record, record.content_hash, each)
    _give_up_unwanted(ctx, record, wanted_orders(planned))


def wanted_orders(planned: Iterable[PlannedJob]) -> Wanted:
    """Given the planned top-level jobs of a file, return the (fingerprint, mode) of every
    order they stand for, the chained ones below them included."""
    return frozenset(pair for each in planned for pair in _chain_pairs(each.rule))


def _chain_pairs(rule: OrderRule) -> Iterable[tuple[str, Mode]]:
    yield rule.fingerprint, rule.mode
    for child in rule.then:
        yield from _chain_pairs(child)


def _plan_chain(
    ctx: Context,
    record: FileRecord,
    identity: str,
    planned: PlannedJob,
    parent_id: str | None = None,
) -> None:
    """Plan one order for the file (reviving it if it was superseded), take the rules'
    output choices if nothing was fetched yet, and, once its results are in, its chained
    orders (`chain.plan_children` plans them when results first arrive)."""
    content, params = job_identity(ctx, record.source, identity, planned, parent_id)
    job = record_job(
        ctx, record.id, record.source, content, params, planned, parent_id, replanned=True
    )
    if job.revision == 0:
        return
    for child in planned.delivery.then:
        _plan_chain(ctx, record, job.content_hash, plan_rule(planned.delivery, child), job.id)


def _give_up_unwanted(ctx: Context, record: FileRecord, wanted: Wanted) -> None:
    jobs = ctx.store.jobs.owed_to(record.id)
    for delivery in ctx.store.deliveries.for_file(record.id):
        if delivery.state == DeliveryState.SUPERSEDED or delivery.unwanted_since is not None:
            continue
        job = jobs[delivery.job_id]
        if (job.fingerprint, job.mode) not in wanted:
            give_up(ctx, delivery, _reason(record, job, wanted), keep_if_ordered=True)


def _reason(record: FileRecord, job: JobRecord, wanted: Wanted) -> str:
    name = source_name(record.source)
    for mode in Mode:
        if mode is not job.mode and (job.fingerprint, mode) in wanted:
            return f"the rules of {name} now ask for this order in {mode.value} mode"
    return f"the rules of {name} no longer ask for this order"
