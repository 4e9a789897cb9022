"""Chained orders: once a job's results are in, plan the orders its rules put after it
(proofreading of an AI transcript, translation of a transcript, ...). Orders nothing itself."""

from __future__ import annotations

from gt_watch.pipeline.context import Context
from gt_watch.pipeline.intake import plan_job
from gt_watch.pipeline.plan import DeliveryPlan, plan_rule
from gt_watch.store.rows import DeliveryState, JobRecord


def plan_children(ctx: Context, job: JobRecord) -> int:
    """Plan the `then` orders of every file the job delivers to whose rules still ask for
    it; return how many deliveries were added (creating jobs only where the same content and
    chain were not planned)."""
    added = 0
    for delivery in ctx.store.deliveries.for_job(job.id):
        if delivery.state == DeliveryState.SUPERSEDED or delivery.unwanted_since is not None:
            continue
        parent_plan = DeliveryPlan.from_json(delivery.rule)
        source = ctx.store.files.get(delivery.file_id).source
        for child in parent_plan.then:
            planned = plan_rule(parent_plan, child)
            plan_job(ctx, delivery.file_id, source, job.content_hash, planned, job.id)
            added += 1
    return added
